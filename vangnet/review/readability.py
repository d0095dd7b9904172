"""B1 readability of the plan text parents read: long sentences, long or rare words, and
professional jargon with a plainer alternative. Plain Python, no Django import.

Word frequencies come from wordfreq (its Dutch data ships with the package; nothing is
downloaded). Many parents have a mild intellectual disability (LVB): short sentences and
everyday words matter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import get_frequency_dict, zipf_frequency

from vangnet.review.jargon import JARGON
from vangnet.review.vague import tokenize

# B1 guidance: sentences of about 15 words on average; more than 20 is long.
MAX_SENTENCE_WORDS = 20
# A word of 6 syllables or more is long for a B1 reader (Dutch compounds of everyday words,
# such as "zaterdagochtend", have 5).
MAX_SYLLABLES = 5
# Zipf frequency below this: a word most readers rarely see (3 = once per million words).
RARE_ZIPF = 2.5
MIN_RARE_LENGTH = 6  # short rare words are mostly names or abbreviations

# Professional words and their plain alternative: vangnet/review/jargon.py. A compound with a
# jargon word as its last part ("crisisinterventie") or first part ("traumabehandeling") is
# jargon too: the parts must be at least this long, so that "verborgen" is not "borgen".
MIN_JARGON_PART = 6
MIN_COMPOUND_PART = 4

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ'\"(])")
_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
_DIAERESIS = re.compile(r"(?<=[aeiouyàáâäèéêëìíîïòóôöùúûü])[äëïöü]")

LONG_SENTENCE = "long_sentence"
LONG_WORD = "long_word"
RARE_WORD = "rare_word"
JARGON_WORD = "jargon"


@dataclass(frozen=True)
class ReadHit:
    kind: str
    start: int
    end: int
    words: str
    plain: str = ""  # for jargon: the plainer alternative


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Vowel groups: a fair syllable count for Dutch ("ij", "oe", "eeu" are one group; a
    diaeresis starts a new syllable, as in "geïnd")."""
    word = word.lower()
    return max(1, len(_VOWELS.findall(word)) + len(_DIAERESIS.findall(word)))


_PLAIN_WORD = re.compile(r"[^\W\d_]+")


def _frequencies() -> dict[str, float]:
    # the same arguments as wordfreq's own look-up, so both share one cached table
    return get_frequency_dict("nl", "best")


@lru_cache(maxsize=8192)
def _zipf(word: str) -> float:
    """zipf_frequency(word, "nl"); a plain lower-case word is looked up in the frequency
    table directly (zipf_frequency tokenizes each call: ~40 us a word)."""
    if _PLAIN_WORD.fullmatch(word) and word == word.lower():
        frequency = _frequencies().get(word, 0.0)
        return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0
    return zipf_frequency(word, "nl")


def warm_up() -> None:
    """Load the word-frequency data now (process start-up), not on the first request."""
    _frequencies()
    zipf_frequency("time-out", "nl")
    readability_hits("De gezinsvoogd belt elke zaterdagochtend met de kookwekker.")


@lru_cache(maxsize=8192)
def jargon_alternative(word: str, lemma: str = "") -> str:
    """The plainer alternative of a jargon word (a lower-case word form and its lemma), or
    "" for a word that is not jargon."""
    plain = JARGON.get(word) or JARGON.get(lemma)
    if plain or len(word) < MIN_JARGON_PART + MIN_COMPOUND_PART:
        return plain or ""
    for candidate in dict.fromkeys((word, lemma or word)):
        # "crisisinterventie": the compound means what its last part means
        for i in range(MIN_COMPOUND_PART, len(candidate) - MIN_JARGON_PART + 1):
            head, left = candidate[i:], candidate[:i]
            if head in JARGON and (_is_word(left) or _is_word(left.removesuffix("s"))):
                return JARGON[head]
        # "traumabehandeling": say what the first part means
        for i in range(MIN_JARGON_PART, len(candidate) - MIN_COMPOUND_PART + 1):
            left, right = candidate[:i], candidate[i:]
            if left in JARGON and (_is_word(right) or _is_word(right.removeprefix("s"))):
                return f"leg uit: {left} = {JARGON[left]}"
    return ""


def _is_word(part: str) -> bool:
    """A part of a compound (without its linking s) that is an everyday word of its own."""
    return len(part) >= MIN_COMPOUND_PART and _zipf(part) >= RARE_ZIPF + 0.5


def _known_compound(word: str) -> bool:
    """A compound of two everyday words ("kookwekker", "gezinscoach") is not rare."""
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        lefts = (left, left[:-1]) if left.endswith("s") else (left,)
        if _zipf(right) >= RARE_ZIPF + 0.5 and any(_zipf(x) >= RARE_ZIPF + 0.5 for x in lefts):
            return True
    return False


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def readability_hits(text: str) -> list[ReadHit]:
    text = text or ""
    hits: list[ReadHit] = []
    for start, end in sentences(text):
        words = [t for t in tokenize(text[start:end]) if not t.text[:1].isdigit()]
        if len(words) > MAX_SENTENCE_WORDS:
            hits.append(ReadHit(LONG_SENTENCE, start, end, text[start:end]))
    for i, t in enumerate(tokenize(text)):
        word = text[t.start : t.end]
        plain = jargon_alternative(t.text, t.lemma)
        if plain:
            hits.append(ReadHit(JARGON_WORD, t.start, t.end, word, plain))
            continue
        if t.text[:1].isdigit():
            continue
        is_name = word[:1].isupper() and i > 0 and text[: t.start].rstrip()[-1:] not in ".!?"
        if syllables(t.text) > MAX_SYLLABLES:
            hits.append(ReadHit(LONG_WORD, t.start, t.end, word))
        elif (
            not is_name
            and len(t.text) >= MIN_RARE_LENGTH
            and _zipf(t.text) < RARE_ZIPF
            and _zipf(t.lemma) < RARE_ZIPF
            and not _known_compound(t.text)
        ):
            hits.append(ReadHit(RARE_WORD, t.start, t.end, word))
    return hits
