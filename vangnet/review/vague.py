"""Vague safety agreements in Dutch: which words make an agreement an aspiration instead of
something a person can do and another person can check. Plain Python, no Django import.

The word lists are linguistic (lemmas and fixed expressions), not sentences from a corpus.
Lemmas come from simplemma (its Dutch data ships with the package; nothing is downloaded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import simplemma

EFFORT = "effort"
INNER_STATE = "inner_state"
PROHIBITION = "prohibition"
NO_PERSON = "no_person"
NO_MEASURE = "no_measure"
NO_ACTION = "no_action"
TRIGGER = "trigger"
KINDS = (EFFORT, INNER_STATE, PROHIBITION, NO_PERSON, NO_MEASURE, NO_ACTION, TRIGGER)

_WORD = re.compile(r"[0-9]+(?:[:.,][0-9]+)?|[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


class Token(NamedTuple):  # a tuple: cheap to make, hashable for the caches
    text: str  # lower case
    lemma: str
    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    words: str


@lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="nl").lower()


def warm_up() -> None:
    """Load the lemma data now (process start-up), not on the first request."""
    text = "Als vader boos wordt, probeert hij niet te schreeuwen; er wordt om 8.00 uur gebeld."
    vague_hits(text)
    says_when(text)


def clear_text_caches() -> None:
    """Forget the texts seen (not the word data): to time a review of texts never seen."""
    _tokens.cache_clear()
    _vague_hits.cache_clear()
    _conditional_flags_cached.cache_clear()


def tokenize(text: str) -> list[Token]:
    return list(_tokens(text or ""))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    result = []
    for m in _WORD.finditer(text):
        word = m.group().lower()
        result.append(Token(word, _lemma(word), m.start(), m.end()))
    return tuple(result)


# --- word lists -------------------------------------------------------------------------

# Verbs of trying and wishing: the agreement says someone will make an effort, not what
# they will do.
EFFORT_LEMMAS = {
    "beloven",
    "proberen",
    "streven",
    "pogen",
    "trachten",
    "nastreven",
    "inspannen",
    "hopen",
    "best",  # zijn/haar best doen
}
# Fixed expressions (sequences of word forms) that hedge or soften an agreement.
EFFORT_PHRASES = [
    "zo veel mogelijk",
    "zoveel mogelijk",
    "zo min mogelijk",
    "zo goed mogelijk",
    "zo snel mogelijk",
    "zo vaak mogelijk",
    "zo weinig mogelijk",
    "waar mogelijk",
    "indien mogelijk",
    "als het kan",
    "als het lukt",
    "indien nodig",
    "zo nodig",
    "waar nodig",
    "als dat nodig is",
    "als het nodig is",
    "in principe",
    "bij voorkeur",
    "het liefst",
    "zo mogelijk",
    "werken aan",
    "op zoek naar",
    "zo spoedig mogelijk",
    "zoveel als mogelijk",
    "zet zich in",
    "zetten zich in",
    "zich inzetten",
    "zolang het nodig is",
    "zolang nodig",
    "aandacht voor",
    "rekening houden",
    "houden rekening",
    "erop letten",
    "letten erop",
    "letten op",
    "in de gaten",
    "de intentie",
    "ernaar",
]
EFFORT_WORDS = {
    "eventueel",
    "mogelijk",
    "liefst",
    "desnoods",
    "ongeveer",
    "wellicht",
    "misschien",
    "hopelijk",
    "waarschijnlijk",
    # abbreviations and common misspellings: evt., z.s.m., mss, mogenlijk, probeerd
    "evt",
    "zsm",
    "mss",
    "wss",
    "mogenlijk",
    "probeerd",
    "probeerdt",
}
# Intention without the act: "vader wil stoppen", "is van plan", "neemt zich voor".
INTENTION_LEMMAS = {"willen", "voornemen", "intentie", "bedoeling", "moeite", "voornemens"}
INTENTION_PHRASES = [
    "van plan",
    "neemt zich voor",
    "nemen zich voor",
    "zich voornemen",
    "moeite doen",
    "doet moeite",
    "doen moeite",
    "z s m",
    "z n",
]
# Process verbs: a change over time (learning, building up, working on oneself), not an act
# on a day; checkable only with a measure or a time ("bouwt elke week een glas af").
PROCESS_LEMMAS = {
    "ontwikkelen",
    "verbeteren",
    "versterken",
    "uitbouwen",
    "opbouwen",
    "afbouwen",
    "vergroten",
    "verminderen",
    "groeien",
    "verwerken",
    "aanpakken",
    "oefenen",
}
PROCESS_SEPARABLE = {("bouwen", "uit"), ("bouwen", "op"), ("bouwen", "af"), ("pakken", "aan")}
PROCESS_PHRASES = [
    "aan de slag",
    "in therapie",
    "in behandeling",
    "hulp zoeken",
    "zoekt hulp",
    "zoeken hulp",
    "hulp zoekt",
    "aan zichzelf",
]
LEARN_FORMS = {"leren", "leert", "leer", "leerde", "leerden", "geleerd"}

# Inner states nobody can observe: feelings, insight, attitude.
INNER_VERB_LEMMAS = {
    "voelen",
    "beseffen",
    "begrijpen",
    "inzien",
    "accepteren",
    "realiseren",
    "respecteren",
    "vertrouwen",
    "waarderen",
    "beheersen",
    "openstaan",
    "motiveren",
    "snappen",
}
INNER_ADJECTIVES = {
    "rustig",
    "kalm",
    "geduldig",
    "ontspannen",
    "veilig",
    "boos",
    "kwaad",
    "bewust",
    "positief",
    "liefdevol",
    "respectvol",
    "betrokken",
    "gemotiveerd",
    "blij",
    "gelukkig",
    "vriendelijk",
    "aardig",
    "geïrriteerd",
    "gespannen",
    "emotioneel",
    "stabiel",
    "voorzichtig",
    "nuchter",
    "aanspreekbaar",
    "alert",
    "oplettend",
    "waakzaam",
    "zorgvuldig",
    "bereid",
    "eerlijk",
    "braaf",
    "flink",
    "content",
    "tevreden",
    "evenwichtig",
}
INNER_PHRASES = [
    "onder controle",
    "op zijn gemak",
    "op haar gemak",
    "in balans",
    "zijn kalmte",
    "haar kalmte",
]
# Attitudes: the manner of acting, not an act ("respectvol omgaan met").
ATTITUDES = {"respectvol", "liefdevol", "geduldig", "vriendelijk", "respectvolle", "liefdevolle"}
# Separable verbs of insight or attitude: "ziet in dat", "staat open voor".
SEPARABLE_INNER = {("zien", "in"), ("staan", "open")}
INNER_NOUNS = {
    "geduld",
    "begrip",
    "inzicht",
    "vertrouwen",
    "respect",
    "zelfbeheersing",
    "verantwoordelijkheid",
    "boosheid",
    "woede",
    "emoties",
    "gevoelens",
    "frustratie",
}
# Linking verbs that turn an inner-state adjective into a goal ("rustig blijven").
LINKING_LEMMAS = {"blijven", "zijn", "worden", "houden", "voelen", "lijken", "verlopen"}
# Who an inner state belongs to: "vader blijft rustig" (a test that "is positief" is not).
PERSON_WORDS = {
    "hij",
    "zij",
    "ze",
    "ik",
    "wij",
    "we",
    "jij",
    "je",
    "zich",
    "papa",
    "mama",
    "pa",
    "ma",
    "ouders",
    "ouder",
    "vader",
    "moeder",
    "stiefvader",
    "stiefmoeder",
    "opa",
    "oma",
    "oom",
    "tante",
    "kinderen",
    "kind",
    "baby",
    "u",
    "ge",
    "gij",
    "mam",
    "pap",
    "mams",
    "paps",
    "nonkel",
    "bomma",
    "bompa",
    "meme",
    "pepe",
    "moemoe",
    "pleegouders",
    "pleegmoeder",
    "pleegvader",
}
# Irregular forms simplemma does not lead back to the verb ("staat" is read as a noun).
VERB_FORMS = {
    "staan": {"sta", "staat", "staan", "stond", "stonden"},
    "zien": {"zie", "ziet", "zien", "zag", "zagen"},
}

NEGATIONS = {"niet", "geen", "nooit", "nergens", "niemand", "niets", "nimmer"}
# After a negation, one of these means the agreement also says what to do instead.
ALTERNATIVE_MARKERS = {
    "maar",
    "wel",
    "plaats",  # in plaats van/daarvan
    "anders",
    "dan",
    "toch",
    "daarna",
    "zodat",
    "eerst",
    "behalve",
    "tenzij",
}
SUBORDINATORS = {
    "als",
    "wanneer",
    "zodra",
    "indien",
    "zolang",
    "voordat",
    "nadat",
    "tot",
    "totdat",
    "zodat",  # the purpose, not the promise: "..., zodat het rustig blijft"
    "omdat",
}

IMPERSONAL_PHRASES = [
    "word er",
    "er word",
    "wordt er",
    "worden er",
    "is er",
    "zijn er",
    "moet er",
    "komt er",
    "er wordt",
    "er worden",
    "er is",
    "er zijn",
    "er moet",
    "er moeten",
    "er komt",
]
# Collective nouns: vague only as the one who acts (the subject, first in the clause).
COLLECTIVE_SUBJECTS = [
    "het netwerk",
    "de omgeving",
    "de familie",
    "de hulpverlening",
    "de hulpverleners",
    "alle betrokkenen",
    "de betrokkenen",
    "het gezin",
    "de instanties",
    "de volwassenen",
    "een volwassene",
    "een familielid",
    "een van de",
    "één van de",
    "de netwerkleden",
    "de buren",
    "een buur",
    "een buurman",
    "een buurvrouw",
    "een vriend",
    "een vriendin",
    "de familieleden",
    "een hulpverlener",
    "de hulpverlener",
    "het vangnet",
]
IMPERSONAL_WORDS = {"men", "iemand", "iedereen", "betrokkenen", "we", "wij"}

COMPARATIVES = {
    "minder",
    "meer",
    "beter",
    "vaker",
    "eerder",
    "sneller",
    "langer",
    "korter",
    "strenger",
    "duidelijker",
    "rustiger",
    "liever",
    "actiever",
    "positiever",
    "consequenter",
    "bewuster",
    "voorzichtiger",
    "geduldiger",
    "kalmer",
    "vriendelijker",
    "zorgvuldiger",
    "veiliger",
    "gezonder",
    "minder vaak",
}
# Words that say "enough" or "often" without saying how much or how often.
UNMEASURED = {
    "voldoende",
    "genoeg",
    "regelmatig",
    "geregeld",
    "vaak",
    "soms",
    "tijdig",
    "adequaat",
    "passend",
    "goed",
    "goede",
    "veel",
    "weinig",
    "normaal",
    "goeie",
    "juiste",
    "gezonde",
    "gezond",
    "normale",
    "matig",
    "dikwijls",  # Flemish: vaak
    "frequent",
    "veelvuldig",
    "meestal",
    "doorgaans",
    "teveel",
    "nodige",
    "redelijk",
    "verstandig",
    "verantwoord",
    "verantwoordelijk",
    "zuinig",
}
UNMEASURED_PHRASES = [
    "af en toe",
    "op tijd",
    "van tijd tot tijd",
    "zo nu en dan",
    "enige regelmaat",
    "een paar keer",
    "een aantal keer",
    "meerdere keren",
    "meerdere keer",
    "nu en dan",
    "met mate",
    "binnen de perken",
    "te veel",
    "een beetje",
    "een tijdje",
    "een poosje",
]
# Frequency without a measure: a frequency or a time elsewhere in the text gives it.
FREQUENCY_PHRASES = {
    "af en toe",
    "van tijd tot tijd",
    "zo nu en dan",
    "nu en dan",
    "enige regelmaat",
    "een paar keer",
    "een aantal keer",
    "meerdere keren",
    "meerdere keer",
}
NUMBER_WORDS = {
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "half",
    "halve",
    "kwartier",
}
MEASURE_WORDS = {"dan", "keer", "per", "uur", "minuten", "minuut", "dagen", "dag", "glazen", "glas"}

# Watching, supporting and consulting without saying what is done: nobody can check
# "opa houdt een oogje in het zeil". (letten op and in de gaten houden are under EFFORT.)
SUPERVISION_PHRASES = [
    "oogje in het zeil",
    "oogje op",
    "toezicht",
    "contact houden",
    "houden contact",
    "in contact",
    "in de buurt",
    "er zijn voor",
    "vinger aan de pols",
    "de vinger aan",
    "houden overzicht",
    "overzicht houden",
    "het overzicht",
    "in beeld",
    "in gesprek",
    "hebben contact",
    "contact hebben",
    "houden afstand",
    "afstand houden",
    "houden zich aan",
    "zich houden aan",
    "nemen de tijd",
    "de tijd nemen",
    "zorg dragen",
    "dragen zorg",
    "zijn er voor",
    "zicht op",
    "in overleg",
    "op de hoogte",
    "buiten bereik",
    "buiten handbereik",
    "uit de buurt",
]
SUPERVISION_LEMMAS = {
    "oppassen",
    "toezien",
    "helpen",
    "steunen",
    "ondersteunen",
    "ondersteuning",
    "bijspringen",
    "bijstaan",
    "overleggen",
    "meekijken",
    "meedenken",
    "begeleiden",
    "zorgen",
    "beschikbaar",
    "aanspreekpunt",
    "meewerken",
    "signaleren",
    "monitoren",
    "bewaken",
    "stimuleren",
    "aanmoedigen",
    "aandacht",
    "bespreekbaar",
    "structuur",
    "duidelijkheid",
    "stabiliteit",
    "ontlasten",
    "inschakelen",
    "steun",
    "vangnet",
    "steunpunt",
    "achtervang",
    "vertrouwenspersoon",
    "maatje",
    "toeverlaat",
    "uitlaatklep",
    "vraagbaak",
    "backup",
    "back-up",
}
# Separable forms: "past op Sem", "springt bij", "kijkt mee", "staat moeder bij".
SEPARABLE_SUPERVISION = {
    ("passen", "op"),
    ("springen", "bij"),
    ("kijken", "mee"),
    ("denken", "mee"),
    ("zien", "toe"),
    ("staan", "bij"),
    ("werken", "mee"),
    ("moedigen", "aan"),
    ("schakelen", "in"),
    ("letten", "op"),
}
# Helping whose object is an act: "helpt Tim met tandenpoetsen", "helpt moeder de kinderen in
# bad te doen" - the act can be checked.
HELP_LEMMAS = {"helpen", "ondersteunen", "steunen", "bijspringen", "begeleiden"}
NOT_INFINITIVES = {"samen", "even", "tegen", "boven", "beneden", "binnen", "buiten", "open"}
# "... door de kinderen op te halen": what the help consists of.
SAYS_HOW = {"door"}
# Fixed in time, these become checkable: babysitting from 12 to 14, a talk at 20.00.
TIMED_IS_CHECKABLE = {
    "oppassen",
    "passen",
    "overleggen",
    "contact",
    "gesprek",
    "hebben",
    "beschikbaar",
    "hoogte",
}

# A moment nobody can recognise: "als het misgaat", "als er iets is".
TRIGGER_PHRASES = [
    "als het misgaat",
    "als het mis gaat",
    "als het thuis misgaat",
    "als het niet goed gaat",
    "als het niet gaat",
    "als het niet lukt",
    "als er iets is",
    "als er iets aan de hand is",
    "als er wat is",
    "mis dreigt",
    "misgaat",
    "uit de hand loopt",
    "uit de hand dreigt",
    "wanneer nodig",
    "bij problemen",
    "bij zorgen",
    "als er iets gebeurt",
    "als er wat gebeurt",
]
# A condition that is a judgement, not an event: "als het thuis onrustig wordt", "wanneer het
# niet goed gaat met moeder", "als dat voor moeder nodig is", "als ze het niet meer trekt".
TRIGGER_OPENERS = {"als", "wanneer", "indien", "zodra", "zolang"}
DUMMY_SUBJECTS = {"het", "dat", "dit", "er"}
JUDGED_STATES = {
    "onrustig",
    "druk",
    "spannend",
    "zwaar",
    "moeilijk",
    "lastig",
    "slecht",
    "mis",
    "fout",
    "heftig",
    "nodig",
    "teveel",
    "onveilig",
    "gespannen",
    "erg",
    "hoog",
    "escaleert",
    "oploopt",
    "misloopt",
    "foutgaat",
}
# "niet (meer) goed gaat / lukt / trekt / aankan / redt": with a negation
FAILING = {"goed", "gaan", "lukken", "trekken", "aankunnen", "redden", "volhouden", "kunnen"}

# --- when: a time, a day, a frequency or a trigger in the text itself ---------------------

WEEKDAYS = {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"}
DAY_PARTS = {"ochtend", "middag", "avond", "nacht", "week", "weekend", "dag", "morgen"}
TIME_WORDS = {
    "dagelijks",
    "wekelijks",
    "maandelijks",
    "direct",
    "meteen",
    "onmiddellijk",
    "bedtijd",
    "ontbijt",
    "avondeten",
    "middageten",
    "lunch",
    "vakantie",
    "vakanties",
    "omgang",
    "overdracht",
    "tijdens",
    "voordat",
    "nadat",
    "zodra",
    "wanneer",
    "als",
    "indien",
}
TIME_UNITS = {"uur", "minuten", "minuut", "kwartier", "seconden", "dagen", "weken", "keer"}
_CLOCK = re.compile(r"[0-9]{1,2}[:.][0-9]{2}")


# --- detection --------------------------------------------------------------------------


_INDEXES: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _by_first_word(phrases: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """The phrases by their first word; built once per word list (the lists are constants)."""
    index = _INDEXES.get(id(phrases))
    if index is None:
        index = {}
        for phrase in phrases:
            words = tuple(phrase.split())
            index.setdefault(words[0], []).append(words)
        _INDEXES[id(phrases)] = index
    return index


_NONE: list[tuple[str, ...]] = []


def _phrase_hits(tokens: list[Token], text: str, phrases, kind: str) -> list[Hit]:
    """Fixed expressions, matched word by word on the word form or its lemma."""
    index = _by_first_word(phrases)
    hits = []
    for i, t in enumerate(tokens):
        candidates = index.get(t.text, _NONE)
        if t.lemma != t.text and t.lemma in index:
            candidates = candidates + index[t.lemma]
        for words in candidates:
            n = len(words)
            window = tokens[i : i + n]
            if len(window) == n and all(
                w in (tok.text, tok.lemma) for w, tok in zip(words, window, strict=True)
            ):
                start, end = window[0].start, window[-1].end
                hits.append(Hit(kind, start, end, text[start:end]))
    return hits


def _hit(kind: str, text: str, first: Token, last: Token | None = None) -> Hit:
    last = last or first
    return Hit(kind, first.start, last.end, text[first.start : last.end])


def _effort(tokens, text, timed_text: bool = False) -> list[Hit]:
    hits = _phrase_hits(tokens, text, EFFORT_PHRASES, EFFORT)
    for t in tokens:
        if t.lemma in EFFORT_LEMMAS or t.text in EFFORT_LEMMAS or t.text in EFFORT_WORDS:
            hits.append(_hit(EFFORT, text, t))
    conditional = _conditional_flags(tokens, text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    # intention: "vader wil stoppen met drinken", "is van plan"; not "als Tim dat wil"
    intention = _phrase_hits(tokens, text, INTENTION_PHRASES, EFFORT) + [
        _hit(EFFORT, text, t)
        for i, t in enumerate(tokens)
        if t.lemma in INTENTION_LEMMAS
        and not (i and text[t.start].isupper())  # "Oma Wil"
        and (t.lemma != "willen" or _infinitive_follows(tokens, i, text))
    ]
    if not timed_text:  # "wil om 8.00 uur vertrekken": when is said
        hits += [h for h in intention if not conditional[starts[h.start]]]
    if timed_text:
        # "z.s.m., uiterlijk vrijdag 12.00 uur": the deadline is given
        hits = [h for h in hits if h.words.lower() not in DEADLINE_HEDGES]
    return hits + _process(tokens, text, timed_text, conditional)


DEADLINE_HEDGES = {"zsm", "z.s.m", "zo snel mogelijk", "zo spoedig mogelijk"}


def _infinitive_follows(tokens, i: int, text: str) -> bool:
    """An infinitive after "wil" in the same clause: "wil stoppen met drinken"; not "als hij
    daarheen wil, brengt ..."."""
    for j in range(i + 1, len(tokens)):
        if _CLAUSE_END.search(text[tokens[j - 1].end : tokens[j].start]):
            return False
        w = tokens[j].text
        if len(w) > 3 and w.endswith("en") and tokens[j].lemma in (w, w.replace("_", "")):
            return True
        if w in ("zijn", "gaan", "doen", "zien", "staan", "slaan"):
            return True
    return False


def _process(tokens, text, timed_text, conditional) -> list[Hit]:
    """Learning, building up, working on oneself: a change over time, unless a measure, a
    time or what is done (after a colon) says how."""
    if timed_text or _timed(tokens) or any(t.text[:1].isdigit() for t in tokens):
        return []
    hits = list(_phrase_hits(tokens, text, PROCESS_PHRASES, EFFORT))
    for i, t in enumerate(tokens):
        if conditional[i]:
            continue
        if t.lemma in PROCESS_LEMMAS:
            hits.append(_hit(EFFORT, text, t))
        elif any((_verb_lemma(t), w.text) in PROCESS_SEPARABLE for w in tokens[i + 2 :]):
            hits.append(_hit(EFFORT, text, t))  # "bouwt haar netwerk verder uit"
        elif t.text in LEARN_FORMS and (
            any(w.text in ("hoe", "om", "omgaan", "beter") for w in tokens[i + 1 : i + 4])
            or any(w.lemma in ("gaan", "willen", "moeten") for w in tokens[:i])
        ):
            hits.append(_hit(EFFORT, text, t))  # "gaat leren hoe ze Daan kan kalmeren"
    end = tokens[-1].end
    return [h for h in hits if ":" not in text[h.end : end]]


# Verbs of noticing: what follows "merkt dat" / "voelt dat" is the trigger, not the promise.
NOTICING_LEMMAS = {"merken", "voelen", "zien", "opmerken", "horen"}


_FORM_TO_VERB = {form: lemma for lemma, forms in VERB_FORMS.items() for form in forms}


def _verb_lemma(t: Token) -> str:
    return _FORM_TO_VERB.get(t.text, t.lemma)


def _person(t: Token, text: str) -> bool:
    return t.text in PERSON_WORDS or t.lemma in PERSON_WORDS or text[t.start].isupper()


def _inner(tokens, text) -> list[Hit]:
    conditional = _conditional_flags(tokens, text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    hits = [  # "heeft zichzelf onder controle", "blijft op haar gemak"
        h
        for h in _phrase_hits(tokens, text, INNER_PHRASES, INNER_STATE)
        if not conditional[starts[h.start]]
    ]
    for i, t in enumerate(tokens):
        if conditional[i]:
            # an inner state in a condition ("als vader boos wordt", "als moeder voelt dat")
            # is a trigger, not a goal
            continue
        nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if i and text[t.start].isupper():
            continue  # a name: "Veilig Thuis"
        if t.lemma in INNER_VERB_LEMMAS or t.text in INNER_NOUNS or t.text in ATTITUDES:
            hits.append(_hit(INNER_STATE, text, t))
        elif (_verb_lemma(t), nxt) in SEPARABLE_INNER:
            hits.append(_hit(INNER_STATE, text, t, tokens[i + 1]))
        elif t.lemma in INNER_ADJECTIVES or t.text in INNER_ADJECTIVES:
            window = tokens[max(0, i - 4) : i + 3]
            if any(w.lemma == "verlopen" for w in window) or (
                any(w.lemma in LINKING_LEMMAS for w in window)
                and any(_person(w, text) for w in tokens[max(0, i - 5) : i])
            ):
                hits.append(_hit(INNER_STATE, text, t))
    particles = dict(SEPARABLE_INNER)
    for i, t in enumerate(tokens):
        particle = particles.get(_verb_lemma(t))
        if particle is None or conditional[i]:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].text == particle:
            continue
        rest = tokens[i + 1 :]
        for j, w in enumerate(rest):
            closes = j + 1 == len(rest) or rest[j + 1].text == "dat"
            if w.text == particle and closes:
                hits.append(_hit(INNER_STATE, text, t))
                break
    return hits


_CLAUSE_END = re.compile(r"[,;:.!?\n]")
_SENTENCE_END = re.compile(r"[!?;\n]")


def _split(tokens: list[Token], text: str, boundary: re.Pattern) -> list[list[Token]]:
    parts, current = [], []
    for i, t in enumerate(tokens):
        gap = text[tokens[i - 1].end : t.start] if current else ""
        # a full stop ends a sentence before a capital or a digit, not in "d.w.z. elke"
        if current and (
            boundary.search(gap)
            or (boundary is _SENTENCE_END and "." in gap and not text[t.start].islower())
        ):
            parts.append(current)
            current = []
        current.append(t)
    if current:
        parts.append(current)
    return parts


def _clauses(tokens: list[Token], text: str) -> list[list[Token]]:
    """Split at punctuation (, ; : . ! ?) between tokens."""
    return _split(tokens, text, _CLAUSE_END)


def sentences(tokens: list[Token], text: str) -> list[list[Token]]:
    """Split at sentence ends (. ! ? ; and line breaks) between tokens: no pattern crosses one."""
    return _split(tokens, text, _SENTENCE_END)


def _conditional_flags(tokens, text: str) -> tuple[bool, ...]:
    return _conditional_flags_cached(tuple(tokens), text)


@lru_cache(maxsize=1024)
def _conditional_flags_cached(tokens: tuple[Token, ...], text: str) -> tuple[bool, ...]:
    """For each token: does it stand in a subordinate clause (after als, wanneer ...) or in
    what someone notices ("merkt dat ...")?"""
    flags = []
    clauses = _clauses(tokens, text)
    for n, clause in enumerate(clauses):
        # "Is er om 21.30 uur geen foto, dan ...", "(en) wordt er niet opgenomen dan gaat ze
        # erheen": a condition without "als", its finite verb first, "dan" after it
        k = 1 if len(clause) > 2 and clause[0].text in ("en", "of", "maar") else 0
        first = clause[k]
        verb_first = _verb(first) or first.text in _V1_FORMS or first.text in _FORM_TO_VERB
        dan_at = next((i for i in range(k + 2, len(clause)) if clause[i].text == "dan"), None)
        verb_first = verb_first and (
            dan_at is not None or (n + 1 < len(clauses) and clauses[n + 1][0].text == "dan")
        )
        inside = False
        for i, t in enumerate(clause):
            if verb_first and i == k:
                inside = True
            if inside and t.text == "dan" and i and _verb_like(clause[i - 1]):
                inside = False  # "als oma niet opneemt dan belt moeder opa"
            elif inside and i >= 1 and _main_clause_starts(clause, i, text):
                inside = False  # "Als vader boos wordt blijft hij ...": no comma
            inside = inside or t.text in SUBORDINATORS
            if t.text == "dat" and any(w.lemma in NOTICING_LEMMAS for w in clause[:i]):
                inside = True
            flags.append(inside)
    return tuple(flags)


_SUBJECTS = {"hij", "zij", "ze", "ik", "wij", "we", "jij", "je", "u"} | {
    "vader",
    "moeder",
    "ouders",
    "opa",
    "oma",
    "oom",
    "tante",
}


def _verb(t: Token) -> bool:
    return t.lemma != t.text and t.lemma.endswith("en") and not t.text.endswith("en")


def _main_clause_starts(clause: list[Token], i: int, text: str) -> bool:
    """A finite verb right after the verb that ends the condition, then its subject: the
    inverted main clause ("... boos wordt | blijft hij rustig")."""
    return (
        i + 1 < len(clause)
        and _verb_like(clause[i - 1])
        and _verb_like(clause[i])
        and (
            _verb(clause[i - 1])
            or _verb(clause[i])
            or clause[i].lemma in _COMMON_VERBS
            or clause[i].text in _COMMON_VERBS
            or clause[i - 1].text in _COMMON_VERBS
        )
        and (
            clause[i + 1].text in _SUBJECTS
            or clause[i + 1].text in KIN_WORDS
            or clause[i + 1].text in _SUBJECT_STARTS  # "... zorgt het netwerk voor"
            or text[clause[i + 1].start].isupper()
        )
    )


_SUBJECT_STARTS = {"het", "de", "een", "iemand", "men", "iedereen"}
_V1_FORMS = {
    "is",
    "zijn",
    "heeft",
    "hebben",
    "wordt",
    "worden",
    "komt",
    "gaat",
    "lukt",
    "blijft",
    "neemt",
    "krijgt",
    "ziet",
    "hoort",
    "merkt",
    "zit",
    "ligt",
}
_COMMON_VERBS = {"gaan", "zitten", "blijven", "komen", "staan", "liggen", "hebben", "zijn"}


def _verb_like(t: Token) -> bool:
    """An infinitive-shaped lemma or plural (gaan, zorgen, doen) or a common finite form."""
    return (
        (t.lemma.endswith("n") and len(t.lemma) > 3)
        or (t.text.endswith("en") and len(t.text) > 3)
        or t.text in {"is", "was", "heeft", "had", "wil", "kan", "mag", "moet"}
    )


# Words that do not make a part of the agreement an act of its own ("Oma Ria en ...").
_FILLER = {"de", "het", "een", "ook", "zeker", "en", "of", "maar", "dus", "zo", "dan"}
KIN_WORDS = {
    "vader",
    "moeder",
    "ouders",
    "ouder",
    "opa",
    "oma",
    "oom",
    "tante",
    "broer",
    "zus",
    "buurman",
    "buurvrouw",
    "kinderen",
    "kind",
}
# A relative or reason clause says nothing the person does instead.
_NOT_AN_ACT = {"die", "wat", "waar", "omdat", "want", "zodat"}


def _segments(tokens: list[Token], text: str) -> list[tuple[list[Token], bool]]:
    """The coordinated parts of the agreement: split at clause punctuation and at en/maar/of;
    tokens in a condition or a relative clause left out."""
    conditional = _conditional_flags(tokens, text)
    segments: list[tuple[list[Token], bool]] = []
    index = {id(t): i for i, t in enumerate(tokens)}
    for clause in _clauses(tokens, text):
        current: list[Token] = []
        skipping = negated = False
        for j, t in enumerate(clause):
            between_people = (
                0 < j < len(clause) - 1
                and _person(clause[j - 1], text)
                and _person(clause[j + 1], text)
            )
            if t.text in ("en", "maar", "of") and not between_people:
                segments.append((current, negated))
                current, skipping, negated = [], False, False
                continue
            skipping = skipping or t.text in _NOT_AN_ACT
            in_condition = conditional[index[id(t)]]
            # "als Youssef niet luistert neemt vader ...": the condition's negation is not
            # the act's
            negated = negated or (t.text in NEGATIONS and not in_condition)
            if not in_condition and not skipping:
                current.append(t)
        segments.append((current, negated))
    return [(seg, negated) for seg, negated in segments if seg]


def _is_act(segment: list[Token], text: str) -> bool:
    """Two or more words besides names, kinship words and fillers: something is done."""
    words = [
        t
        for t in segment
        if t.text not in _FILLER
        and t.text not in KIN_WORDS
        and not (text[t.start : t.start + 1].isupper() and t is not segment[0])
    ]
    return len(words) >= 2


def _prohibition(tokens, text) -> list[Hit]:
    """Only what is forbidden: a negation (outside a condition) and nowhere in the agreement,
    before or after it, an act that is not negated."""
    conditional = _conditional_flags(tokens, text)
    negations = [t for i, t in enumerate(tokens) if t.text in NEGATIONS and not conditional[i]]
    if not negations:
        return []
    last = negations[-1]
    after = [t for t in tokens if t.start > last.start]
    if any(t.text in ALTERNATIVE_MARKERS for t in after):
        return []
    for segment, negated in _segments(tokens, text):
        if not negated and _is_act(segment, text):
            return []
    return [_hit(PROHIBITION, text, last)]


def _participle(word: str) -> bool:
    return bool(re.fullmatch(r"[a-zë]*ge[a-zë]{2,}(?:d|t|en)", word)) or bool(
        re.fullmatch(r"(?:be|ver|ont|her)[a-zë]{2,}(?:d|t)", word)
    )


def _no_person(tokens, text) -> list[Hit]:
    clause_starts = {clause[0].start for clause in _clauses(tokens, text)}
    flags = _conditional_flags(tokens, text)
    conditional = {t.start for t, c in zip(tokens, flags, strict=True) if c}
    # "er is" / "wordt er" with nobody acting; not "als er ruzie is", "wie er is"
    before = {t.start: tokens[i - 1] for i, t in enumerate(tokens) if i}
    hits = [
        h
        for h in _phrase_hits(tokens, text, IMPERSONAL_PHRASES, NO_PERSON)
        if h.start not in conditional
        and (h.start in clause_starts or h.words.lower().split()[-1] == "er")
        # "Tante Ilona is er om 15.00 uur": someone is there
        and not (
            h.words.lower().split()[0] in ("is", "zijn")
            and h.start in before
            and _person(before[h.start], text)
        )
    ]
    # the subject: first in a clause, or right after the verb that follows a condition
    # ("Wanneer het niet goed gaat met moeder zorgt het netwerk voor ...")
    after_condition = {
        tokens[i + 1].start
        for i in range(len(tokens) - 1)
        if i and flags[i - 1] and not flags[i] and _verb_like(tokens[i])
    }
    hits += [
        h
        for h in _phrase_hits(tokens, text, COLLECTIVE_SUBJECTS, NO_PERSON)
        if h.start in clause_starts or h.start in after_condition
    ]
    forms = {t.text for t in tokens}
    for t in tokens:
        if t.text in IMPERSONAL_WORDS and t.start not in conditional:
            hits.append(_hit(NO_PERSON, text, t))
    if "door" not in forms and not hits:
        for i, t in enumerate(tokens):
            if t.start in conditional:
                continue  # "als moeder wordt opgenomen": the trigger
            if t.lemma == "worden" and any(_participle(w.text) for w in tokens[i + 1 :]):
                hits.append(_hit(NO_PERSON, text, t))
                break
    return hits


FREQUENCY_WORDS = {
    "regelmatig",
    "geregeld",
    "vaak",
    "soms",
    "dikwijls",
    "frequent",
    "veelvuldig",
    "meestal",
    "doorgaans",
}


def _timed(tokens) -> bool:
    """A frequency or a time: "elke woensdag", "om 19.00 uur", "van 14.00 tot 17.00 uur"."""
    return any(
        t.text in ("elke", "iedere", "ieder", "elk") or t.text.startswith(tuple(WEEKDAYS))
        for t in tokens
    ) or _measured(tokens)


def _purpose(tokens) -> set[int]:
    """Indexes inside "om ... te" (a purpose, not the promise): "om Tim beter te laten slapen";
    not "om 19.00 uur"."""
    inside, result = False, set()
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if t.text == "om" and not (nxt[:1].isdigit() or nxt in NUMBER_WORDS or nxt == "de"):
            inside = any(w.text == "te" for w in tokens[i + 1 :])
        elif inside and t.text == "te":
            inside = False
        if inside:
            result.add(i)
    return result


def _no_measure(tokens, text, timed_text: bool = False) -> list[Hit]:
    # "af en toe, namelijk elke woensdag": a frequency anywhere in the text gives it
    timed = timed_text or _timed(tokens)
    conditional = _conditional_flags(tokens, text)
    hits = [
        h
        for h in _phrase_hits(tokens, text, UNMEASURED_PHRASES, NO_MEASURE)
        if not (timed and h.words.lower() in FREQUENCY_PHRASES)
    ]
    for i, t in enumerate(tokens):  # "op een normale manier", "op een goede manier"
        if t.text == "manier" and i >= 3 and tokens[i - 3].text == "op":
            hits.append(_hit(NO_MEASURE, text, tokens[i - 3], t))
    # the purpose of an act fixed in time is not the promise
    purpose = _purpose(tokens) if timed else set()
    for i, t in enumerate(tokens):
        if t.text not in COMPARATIVES and t.text not in UNMEASURED:
            continue
        if conditional[i] or i in purpose:
            continue  # "als vader meer drinkt", "om Tim beter te laten slapen"
        before = tokens[i - 1].text if i else ""
        following = tokens[i + 1 : i + 5]
        measured = any(
            w.text in MEASURE_WORDS or w.text in NUMBER_WORDS or w.text[:1].isdigit()
            for w in following
        )
        if t.text in COMPARATIVES:
            if t.text == "meer" and (before in NEGATIONS or "geen" in {w.text for w in tokens}):
                continue  # "niet meer" / "geen ... meer": no longer, a prohibition
            if not measured:
                hits.append(_hit(NO_MEASURE, text, t))
        elif t.text in UNMEASURED and not measured and not (t.text in FREQUENCY_WORDS and timed):
            if t.text == "goed" and i + 1 < len(tokens) and tokens[i + 1].lemma == "gaan":
                continue  # "goed gaan": how it went, not a standard

            hits.append(_hit(NO_MEASURE, text, t))
    return hits


def _dedupe(hits: list[Hit]) -> list[Hit]:
    seen, result = set(), []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if any(h.start < e and s < h.end and k == h.kind for k, s, e in seen):
            continue
        seen.add((h.kind, h.start, h.end))
        result.append(h)
    return result


def _measured(tokens: list[Token]) -> bool:
    """A clock time, a number with a unit or a range: "om 19.00 uur", "van 12 tot 14"."""
    return any(
        _CLOCK.fullmatch(t.text) or (t.text[:1].isdigit() or t.text in NUMBER_WORDS) for t in tokens
    ) and any(t.text in TIME_UNITS or _CLOCK.fullmatch(t.text) for t in tokens)


def _no_action(tokens, text) -> list[Hit]:
    """Watching over, helping, consulting: no act another person could see or check, unless
    the agreement says how ("door ...") or fixes it in time ("van 12.00 tot 14.00 uur")."""
    if any(t.text in SAYS_HOW for t in tokens):
        return []
    timed = _measured(tokens)
    conditional = _conditional_flags(tokens, text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    hits = [
        h
        for h in _phrase_hits(tokens, text, SUPERVISION_PHRASES, NO_ACTION)
        if not conditional[starts[h.start]]
    ]
    for i, t in enumerate(tokens):
        if conditional[i]:
            continue
        if t.lemma in SUPERVISION_LEMMAS or t.text in SUPERVISION_LEMMAS:
            clock = any(_CLOCK.fullmatch(w.text) for w in tokens)  # not "6 weken"
            if not (t.lemma in HELP_LEMMAS and _object_act(tokens, i, text, clock)):
                hits.append(_hit(NO_ACTION, text, t))
            continue
        particle = _SUPERVISION_PARTICLE.get(_verb_lemma(t))
        if particle and any(w.text == particle for w in tokens[i + 1 :]):
            hits.append(_hit(NO_ACTION, text, t))
        # "oma is er op maandag voor Emma"
        if (
            t.lemma == "zijn"
            and tokens[i + 1 : i + 2]
            and tokens[i + 1].text == "er"
            and any(w.text == "voor" for w in tokens[i + 2 : i + 6])
        ):
            hits.append(_hit(NO_ACTION, text, t, tokens[i + 1]))
    # "Moeder houdt toezicht op de tablet: ..." - what is done follows the colon
    end = tokens[-1].end
    hits = [h for h in hits if ":" not in text[h.end : end]]
    if timed:
        # babysitting from 12 to 14 or a talk at 20.00 can be checked; keeping an eye on
        # homework from 18 to 20 still cannot
        hits = [
            h
            for h in hits
            if not any(
                w.lemma in TIMED_IS_CHECKABLE or w.text in TIMED_IS_CHECKABLE
                for w in tokenize(h.words)
            )
        ]
    return hits


_SUPERVISION_PARTICLE = dict(SEPARABLE_SUPERVISION)


def _object_act(tokens, i: int, text: str, timed: bool = False) -> bool:
    """What the help consists of, as a verb after it in the same clause: "helpt Tim met
    tandenpoetsen", "helpt bij het aankleden", "helpt moeder de kinderen in bad te doen";
    or help with a named task in a fixed time ("van 19.00 tot 20.00 uur met zijn huiswerk")."""
    for j in range(i + 1, len(tokens)):
        if _CLAUSE_END.search(text[tokens[j - 1].end : tokens[j].start]):
            return False
        w = tokens[j]
        if timed and w.text in ("met", "bij"):
            return True
        if w.text == "te" and j + 1 < len(tokens) and _verb_like(tokens[j + 1]):
            return True
        if (
            tokens[j - 1].text in ("met", "bij", "het")
            and len(w.text) > 4
            and w.text.endswith("en")
            and w.lemma.replace("_", "") == w.text
            and w.text not in NOT_INFINITIVES
        ):
            return True
    return False


def _trigger(tokens, text) -> list[Hit]:
    return _phrase_hits(tokens, text, TRIGGER_PHRASES, TRIGGER) + _judged_condition(tokens, text)


def _judged_condition(tokens, text) -> list[Hit]:
    """A condition that someone has to judge, not an event anyone can see: "als het thuis
    onrustig wordt", "wanneer het niet goed gaat met moeder", "als dat voor moeder nodig
    is", "als ze het niet meer trekt". A time or a number makes it an event."""
    conditional = _conditional_flags(tokens, text)
    hits, i = [], 0
    while i < len(tokens):
        if not (conditional[i] and tokens[i].text in TRIGGER_OPENERS):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and conditional[j] and tokens[j].text not in TRIGGER_OPENERS:
            j += 1
        clause = tokens[i:j]
        words = {t.text for t in clause} | {t.lemma for t in clause}
        # the dummy subject right after the opener: "als het ...", "als dat ..."; not "als
        # moeder voelt dat ..." nor "als ze het niet meer trekt" (a person judges herself)
        dummy = len(clause) > 2 and clause[1].text in DUMMY_SUBJECTS
        negated = bool(words & {"niet", "geen"})
        judged = dummy and (bool(words & JUDGED_STATES) or (negated and bool(words & FAILING)))
        if judged and not _timed(clause) and not any(t.text[:1].isdigit() for t in clause):
            hits.append(_hit(TRIGGER, text, clause[0], clause[-1]))
        i = j
    return hits


_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<!\w)'(?!s\s)[^']+'(?!\w)")


def _outside_quotes(hits: list[Hit], text: str) -> list[Hit]:
    """What someone is to say ("ik ben nu boos, ik ga even weg") is not the promise."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    return [h for h in hits if not any(s <= h.start and h.end <= e for s, e in quoted)]


def vague_hits(text: str) -> list[Hit]:
    """Every vague phrase in one agreement text, each with its kind and character span.
    Every pattern stays within one sentence; "says only what is forbidden" reads the whole
    agreement (an alternative may stand anywhere)."""
    return list(_vague_hits(text or ""))


@lru_cache(maxsize=4096)
def _vague_hits(text: str) -> tuple[Hit, ...]:
    tokens = _tokens(text)
    if not tokens:
        return ()
    hits = _prohibition(tokens, text)
    timed = _timed(tokens)
    for sentence in sentences(tokens, text):
        hits += (
            _effort(sentence, text, timed)
            + _inner(sentence, text)
            + _no_person(sentence, text)
            + _no_measure(sentence, text, timed)
            + _no_action(sentence, text)
            + _trigger(sentence, text)
        )
    return tuple(_dedupe(_outside_quotes(hits, text)))


_DAY_PART_ADVERBS = {"ochtends", "middags", "avonds", "nachts", "morgens"}


def says_when(text: str) -> bool:
    """Does the text itself say when: a time, a day, a frequency, a part of the day, or the
    situation that starts it ("als vader boos wordt", "binnen 30 minuten")?"""
    for t in tokenize(text or ""):
        w = t.text
        if (
            _CLOCK.fullmatch(w)
            or w in TIME_WORDS
            or w in TIME_UNITS
            or w in _DAY_PART_ADVERBS
            or w.startswith(tuple(WEEKDAYS))
            or w.endswith(tuple(DAY_PARTS))
            or t.lemma in DAY_PARTS
        ):
            return True
    return False
