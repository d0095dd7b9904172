"""Is a Dutch text about the past only? Plain Python, no Django import.

A danger statement says what we fear happens in the future if nothing changes; a harm
statement says what happened. "If nothing changes, we fear that father hit Sem with a belt"
retells the harm instead of naming the danger. past_only_hits() finds such a text: it has
verbs in a past tense (simple past, or a perfect: "heeft ... geslagen", "is ... geraakt") and
no verb in the present or the future ("raakt", "wordt", "zal", "kan").

The word lists are grammatical (auxiliaries, strong past forms), not sentences from a corpus;
lemmas come from simplemma (vangnet.review.vague.tokenize). When in doubt the text counts as
not past: a missed finding costs less than telling a professional a good statement is wrong.
"""

from __future__ import annotations

from vangnet.review.vague import Hit, Token, tokenize

PAST = "past"

# Future, modal and passive auxiliaries: the text looks ahead (or is not about a past event).
AHEAD = {
    "zal",
    "zullen",
    "zult",
    "zou",
    "zouden",
    "wordt",
    "word",
    "worden",
    "gaat",
    "gaan",
    "kan",
    "kun",
    "kunt",
    "kunnen",
    "moet",
    "moeten",
    "mag",
    "mogen",
    "blijft",
    "blijven",
    "wil",
    "wilt",
    "willen",
}
# Auxiliaries of the perfect ("heeft geslagen", "is gevallen", "had gedronken").
PERFECT_AUX = {
    "heeft",
    "hebben",
    "heb",
    "hebt",
    "had",
    "hadden",
    "is",
    "ben",
    "bent",
    "was",
    "waren",
}
# Present forms a lemma test would take for something else.
PRESENT_FORMS = {"is", "ben", "bent", "heb", "ga", "doe", "sta", "zie", "weet", "kom"}
# Simple past forms of common strong and irregular verbs (closed class).
STRONG_PAST = {
    "was",
    "waren",
    "had",
    "hadden",
    "werd",
    "werden",
    "kon",
    "konden",
    "moest",
    "moesten",
    "mocht",
    "mochten",
    "wilde",
    "wilden",
    "wou",
    "deed",
    "deden",
    "zei",
    "zeiden",
    "ging",
    "gingen",
    "kwam",
    "kwamen",
    "sloeg",
    "sloegen",
    "kneep",
    "knepen",
    "trok",
    "trokken",
    "viel",
    "vielen",
    "liep",
    "liepen",
    "zat",
    "zaten",
    "bleef",
    "bleven",
    "lag",
    "stond",
    "stonden",
    "zag",
    "zagen",
    "gaf",
    "gaven",
    "nam",
    "namen",
    "riep",
    "riepen",
    "schold",
    "scholden",
    "vocht",
    "vochten",
    "stak",
    "brak",
    "braken",
    "greep",
    "grepen",
    "schoot",
    "beet",
    "sliep",
    "sliepen",
    "dronk",
    "at",
    "wist",
    "wisten",
    "dacht",
    "dachten",
    "bracht",
    "brachten",
    "zocht",
    "vond",
    "vonden",
    "hield",
    "hielden",
    "sprak",
    "vergat",
    "verloor",
    "liet",
    "lieten",
    "hing",
    "kreeg",
    "kregen",
    "begon",
    "begonnen",
    "klom",
    "sloot",
    "schreef",
    "reed",
    "verliet",
    "verdween",
    "smeet",
    "wierp",
    "dwong",
    "ontstond",
    "sneed",
    "schrok",
    "schrokken",
    "loog",
    "vloog",
}
# Prefixes of verbs whose participle has no ge- (be-sproken, ver-geten, ont-snapt).
UNSTRESSED = ("be", "ver", "ont", "her", "er", "mis")
WEAK_PAST_ENDINGS = ("de", "te", "den", "ten")


def _verb_lemma(token: Token) -> bool:
    lemma = token.lemma
    return (len(lemma) > 2 and lemma.endswith("n") and lemma.isalpha()) or "_" in lemma


# Separable particles: a strong past in a subclause is written as one word ("opsloot").
PARTICLES = (
    "op",
    "af",
    "aan",
    "uit",
    "in",
    "weg",
    "mee",
    "terug",
    "thuis",
    "dicht",
    "open",
    "door",
    "over",
    "mis",
    "om",
    "neer",
    "toe",
    "na",
    "bij",
    "vast",
    "los",
    "kapot",
    "tegen",
)


def _participle(token: Token) -> bool:
    text = token.text
    if text == token.lemma or not _verb_lemma(token) or not text.endswith(("d", "t", "en")):
        return False
    # Spelling tells a present "gebeurt" from a participle "gebeurd": a participle ends in -t
    # only after t, k, f, s, ch or p ('t kofschip); -dt is always a present form.
    if text.endswith("dt") or (text.endswith("t") and text[-2] not in "tkfsph"):
        return False
    if text.startswith("ge") or "ge" in text[2:6]:  # ge-slagen, op-ge-sloten, uit-ge-scholden
        return True
    return text.startswith(UNSTRESSED) and token.lemma.replace("_", "").startswith(text[:3])


def _simple_past(token: Token) -> bool:
    text = token.text
    if text in STRONG_PAST:
        return True
    for particle in PARTICLES:
        if text.startswith(particle) and text[len(particle) :] in STRONG_PAST:
            return True
    if text == token.lemma or text in AHEAD or text in PRESENT_FORMS or not _verb_lemma(token):
        return False
    return text.endswith(WEAK_PAST_ENDINGS) and not text.startswith("ge")


def _present(token: Token) -> bool:
    text = token.text
    if text in PRESENT_FORMS:
        return True
    return text != token.lemma and _verb_lemma(token) and text.endswith("t")


def past_only_hits(text: str) -> list[Hit]:
    """The past-tense verbs of a text that has no verb in the present or future; else []."""
    tokens = tokenize(text)
    participles = [t for t in tokens if _participle(t)]
    aux = [
        t
        for i, t in enumerate(tokens)
        if t.text in PERFECT_AUX
        or (
            t.text == "zijn"
            and any(_participle(n) for n in tokens[max(i - 1, 0) : i + 2] if n is not t)
        )
    ]
    ahead = [t for t in tokens if t.text in AHEAD]
    perfect = participles if aux and participles and not ahead else []
    past = [t for t in tokens if _simple_past(t)]
    if perfect:
        past += [t for t in aux if t.text not in STRONG_PAST] + perfect
    passed = {id(t) for t in past} | {id(t) for t in participles}
    present = [
        t
        for t in tokens
        if id(t) not in passed and _present(t) and not (perfect and t.text in PERFECT_AUX)
    ]
    if not past or present or ahead:
        return []
    return [Hit(PAST, t.start, t.end, text[t.start : t.end]) for t in sorted(past, key=_start)]


def _start(token: Token) -> int:
    return token.start


def content_lemmas(text: str) -> set[str]:
    """The words that carry meaning (no function words, no short words), as lemmas."""
    return {t.lemma for t in tokenize(text) if len(t.text) > 2 and t.lemma not in FUNCTION_WORDS}


FUNCTION_WORDS = {
    "de",
    "het",
    "een",
    "dat",
    "die",
    "dit",
    "deze",
    "en",
    "of",
    "maar",
    "als",
    "dan",
    "met",
    "van",
    "voor",
    "naar",
    "bij",
    "op",
    "in",
    "aan",
    "uit",
    "door",
    "over",
    "om",
    "tot",
    "zijn",
    "hebben",
    "worden",
    "zullen",
    "kunnen",
    "hij",
    "zij",
    "ze",
    "haar",
    "hem",
    "hun",
    "niet",
    "geen",
    "weer",
    "nog",
    "ook",
    "wel",
    "er",
    "zich",
    "wat",
    "wie",
    "waar",
    "toen",
    "omdat",
    "terwijl",
}
