"""Vague safety agreements in Dutch: which words make an agreement an aspiration instead of
something a person can do and another person can check. Plain Python, no Django import.

The word lists are linguistic (lemmas and fixed expressions), not sentences from a corpus.
Lemmas come from simplemma (its Dutch data ships with the package; nothing is downloaded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

EFFORT = "effort"
INNER_STATE = "inner_state"
PROHIBITION = "prohibition"
NO_PERSON = "no_person"
NO_MEASURE = "no_measure"
KINDS = (EFFORT, INNER_STATE, PROHIBITION, NO_PERSON, NO_MEASURE)

_WORD = re.compile(r"[0-9]+(?:[:.,][0-9]+)?|[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Token:
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


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group().lower(), _lemma(m.group().lower()), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


# --- word lists -------------------------------------------------------------------------

# Verbs of trying and wishing: the agreement says someone will make an effort, not what
# they will do.
EFFORT_LEMMAS = {
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
    "aandacht voor",
    "rekening houden",
    "houden rekening",
    "erop letten",
    "letten erop",
    "letten op",
    "in de gaten",
    "zorg dragen",
    "de intentie",
    "ernaar",
]
EFFORT_WORDS = {"eventueel", "mogelijk", "liefst", "desnoods", "ongeveer", "wellicht"}

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
}
# Attitudes: the manner of acting, not an act ("respectvol omgaan met").
ATTITUDES = {"respectvol", "liefdevol", "geduldig", "vriendelijk", "respectvolle", "liefdevolle"}
# Separable verbs of insight or attitude: "ziet in dat", "staat open voor".
SEPARABLE_INNER = {("zien", "in"), ("staan", "open")}
INNER_NOUNS = {"geduld", "begrip", "inzicht", "vertrouwen", "respect", "zelfbeheersing"}
# Linking verbs that turn an inner-state adjective into a goal ("rustig blijven").
LINKING_LEMMAS = {"blijven", "zijn", "worden", "houden", "voelen", "lijken"}

NEGATIONS = {"niet", "geen", "nooit", "nergens", "niemand", "niets", "nimmer"}
# After a negation, one of these means the agreement also says what to do instead.
ALTERNATIVE_MARKERS = {
    "maar",
    "wel",
    "plaats",  # in plaats van/daarvan
    "anders",
    "dan",
    "toch",
    "en",
    "daarna",
    "zodat",
    "eerst",
    "behalve",
    "tenzij",
}
SUBORDINATORS = {"als", "wanneer", "zodra", "indien", "zolang", "voordat", "nadat", "tot", "totdat"}

IMPERSONAL_PHRASES = [
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
]
IMPERSONAL_WORDS = {"men", "iemand", "iedereen", "betrokkenen"}

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
}
UNMEASURED_PHRASES = ["af en toe", "op tijd", "van tijd tot tijd", "zo nu en dan"]
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


# --- detection --------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    return index


def _phrase_hits(tokens: list[Token], text: str, phrases, kind: str) -> list[Hit]:
    """Fixed expressions, matched word by word on the word form or its lemma."""
    index = _by_first_word(tuple(phrases))
    hits = []
    for i, t in enumerate(tokens):
        candidates = index.get(t.text, []) + (index.get(t.lemma, []) if t.lemma != t.text else [])
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


def _effort(tokens, text) -> list[Hit]:
    hits = _phrase_hits(tokens, text, EFFORT_PHRASES, EFFORT)
    for t in tokens:
        if t.lemma in EFFORT_LEMMAS or t.text in EFFORT_LEMMAS or t.text in EFFORT_WORDS:
            hits.append(_hit(EFFORT, text, t))
    return hits


def _inner(tokens, text) -> list[Hit]:
    hits = []
    conditional = _conditional_flags(tokens, text)
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if t.lemma in INNER_VERB_LEMMAS or t.text in INNER_NOUNS or t.text in ATTITUDES:
            hits.append(_hit(INNER_STATE, text, t))
        elif (t.lemma, nxt) in SEPARABLE_INNER:
            hits.append(_hit(INNER_STATE, text, t, tokens[i + 1]))
        elif (t.lemma in INNER_ADJECTIVES or t.text in INNER_ADJECTIVES) and not conditional[i]:
            # an inner state in a condition ("als vader boos wordt") is a trigger, not a goal
            window = tokens[max(0, i - 4) : i + 3]
            if any(w.lemma in LINKING_LEMMAS for w in window):
                hits.append(_hit(INNER_STATE, text, t))
    particles = dict(SEPARABLE_INNER)
    for i, t in enumerate(tokens):
        particle = particles.get(t.lemma)
        if particle is None or (i + 1 < len(tokens) and tokens[i + 1].text == particle):
            continue
        rest = tokens[i + 1 :]
        for j, w in enumerate(rest):
            closes = j + 1 == len(rest) or rest[j + 1].text == "dat"
            if w.text == particle and closes:
                hits.append(_hit(INNER_STATE, text, t))
                break
    return hits


def _clauses(tokens: list[Token], text: str) -> list[list[Token]]:
    """Split at punctuation (, ; : .) between tokens."""
    clauses, current = [], []
    for i, t in enumerate(tokens):
        if current and re.search(r"[,;:.!?]", text[tokens[i - 1].end : t.start]):
            clauses.append(current)
            current = []
        current.append(t)
    if current:
        clauses.append(current)
    return clauses


def _conditional_flags(tokens: list[Token], text: str) -> list[bool]:
    """For each token: does it stand in a subordinate clause (after als, wanneer ...)?"""
    flags = []
    for clause in _clauses(tokens, text):
        inside = False
        for t in clause:
            inside = inside or t.text in SUBORDINATORS
            flags.append(inside)
    return flags


def _prohibition(tokens, text) -> list[Hit]:
    clauses = _clauses(tokens, text)
    last_negation: Token | None = None
    after: list[Token] = []
    for clause in clauses:
        conditional = False
        for t in clause:
            conditional = conditional or t.text in SUBORDINATORS
            if t.text in NEGATIONS and not conditional:
                last_negation, after = t, []
            elif last_negation is not None:
                after.append(t)
    if last_negation is None:
        return []
    if any(t.text in ALTERNATIVE_MARKERS for t in after):
        return []
    return [_hit(PROHIBITION, text, last_negation)]


def _participle(word: str) -> bool:
    return bool(re.fullmatch(r"[a-zë]*ge[a-zë]{2,}(?:d|t|en)", word)) or bool(
        re.fullmatch(r"(?:be|ver|ont|her)[a-zë]{2,}(?:d|t)", word)
    )


def _no_person(tokens, text) -> list[Hit]:
    hits = _phrase_hits(tokens, text, IMPERSONAL_PHRASES, NO_PERSON)
    clause_starts = {clause[0].start for clause in _clauses(tokens, text)}
    hits += [
        h
        for h in _phrase_hits(tokens, text, COLLECTIVE_SUBJECTS, NO_PERSON)
        if h.start in clause_starts
    ]
    forms = {t.text for t in tokens}
    for t in tokens:
        if t.text in IMPERSONAL_WORDS:
            hits.append(_hit(NO_PERSON, text, t))
    if "door" not in forms and not hits:
        for i, t in enumerate(tokens):
            if t.lemma == "worden" and any(_participle(w.text) for w in tokens[i + 1 :]):
                hits.append(_hit(NO_PERSON, text, t))
                break
    return hits


def _no_measure(tokens, text) -> list[Hit]:
    hits = _phrase_hits(tokens, text, UNMEASURED_PHRASES, NO_MEASURE)
    for i, t in enumerate(tokens):
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
        elif t.text in UNMEASURED and not measured:
            if t.text == "goed" and i + 1 < len(tokens) and tokens[i + 1].lemma == "gaan":
                continue  # "goed gaan": how it went, not a standard

            hits.append(_hit(NO_MEASURE, text, t))
    return hits


def _dedupe(hits: list[Hit]) -> list[Hit]:
    seen, result = set(), []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if any(s <= h.start and h.end <= e and k == h.kind for k, s, e in seen):
            continue
        seen.add((h.kind, h.start, h.end))
        result.append(h)
    return result


def vague_hits(text: str) -> list[Hit]:
    """Every vague phrase in one agreement text, each with its kind and character span."""
    tokens = tokenize(text or "")
    if not tokens:
        return []
    hits = (
        _effort(tokens, text)
        + _inner(tokens, text)
        + _prohibition(tokens, text)
        + _no_person(tokens, text)
        + _no_measure(tokens, text)
    )
    return _dedupe(hits)
