"""Sentences the family documents build from what was typed read as correct Dutch: someone's
own words in exactly one pair of quotes, no glued sentences, no stray punctuation - for
short, long, empty and punctuated input alike."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from vangnet.safety.outputs import _disagreement_lines, parents_readability, parents_version
from vangnet.safety.sentences import danger_sentence, quoted, unquoted

OPEN, CLOSE = "\u201e", "\u201d"
LONG = (
    "hij zegt dat hij niet meer naar huis wil omdat papa dan weer gaat schreeuwen en met de "
    "deuren gaat slaan en dan weet ik niet wat ik moet doen"
)
SAID = [
    "Ik wil naar huis",
    '"Ik wil naar huis"',
    "'Ik wil naar huis'",
    "\u201eIk wil naar huis\u201d",
    "\u201cIk wil naar huis\u201d",
    '  ""Ik wil naar huis""  ',
    "\u00abIk wil naar huis\u00bb",
    '"Ik wil naar huis',
    'Ik wil naar huis"',
]
# Punctuation that never follows other punctuation in a sentence of ours.
STRAY = re.compile(r"[.!?:;,]\s*[.:;,]|\s[.,:;!?]|\s{2,}|\(\s*\)|:\s*$|,\s*$")


def _quotes(text: str) -> int:
    return sum(text.count(q) for q in "\"'\u201e\u201c\u201d\u00ab\u00bb")


@pytest.mark.parametrize("typed", SAID)
def test_the_words_get_exactly_one_pair_of_quotes(typed):
    assert quoted(typed) == f"{OPEN}Ik wil naar huis{CLOSE}"
    assert _quotes(quoted(typed)) == 2


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ""),
        ("   ", ""),
        ('""', ""),
        (LONG, f"{OPEN}{LONG}{CLOSE}"),
        ("Mama zei 'ga weg' en ik ging.", f"{OPEN}Mama zei 'ga weg' en ik ging.{CLOSE}"),
        ("\"Hij zei 'nee'\"", f"{OPEN}Hij zei 'nee'{CLOSE}"),
        ("Nee!", f"{OPEN}Nee!{CLOSE}"),
        ("Waarom?", f"{OPEN}Waarom?{CLOSE}"),
    ],
)
def test_inner_quotes_and_punctuation_stay(typed, expected):
    assert quoted(typed) == expected
    assert unquoted(quoted(typed)) == unquoted(typed)


VARIANTS = {
    "short": ("vader", "slaat", "hij drinkt", ["Milan"], "Milan is bang", "Milan gewond raakt"),
    "long": ("vader", LONG, LONG, ["Milan", "Noor", "Sem"], LONG, LONG),
    "punctuated": (
        " vader. ",
        "slaat Milan.",
        "hij 's avonds gedronken heeft...",
        ["Milan", ""],
        "Donovan is.",
        "iemand gewond raakt!",
    ),
    "trailing commas": (
        "vader,",
        "slaat Milan;",
        "hij drinkt,",
        [],
        "Milan is bang:",
        "het erger wordt?",
    ),
    "empty whose": (
        "",
        "slaat Milan",
        "hij drinkt",
        ["Milan"],
        "Milan is bang",
        "hij gewond raakt",
    ),
    "empty situations": (
        "vader",
        "slaat Milan",
        "",
        ["Milan"],
        "Milan is bang",
        "hij gewond raakt",
    ),
    "empty impact": ("vader", "slaat Milan", "hij drinkt", ["Milan"], "", "hij gewond raakt"),
    "empty fear": ("vader", "slaat Milan", "hij drinkt", ["Milan"], "Donovan is.", ""),
    "all empty": ("", "", "", [], "", ""),
    "line breaks": (
        "vader\n",
        "slaat\nMilan\n",
        "hij\r\ndrinkt.\n",
        ["Milan"],
        "bang.\n\n",
        "pijn.\n",
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", list(VARIANTS))
def test_the_danger_sentence_reads_as_sentences(name, language):
    with translation.override(language):
        text = danger_sentence(*VARIANTS[name])
    if name == "all empty":
        assert text == ""
        return
    assert not STRAY.search(text), text
    assert text.endswith(".") and text[0].isupper(), text
    for sentence in re.split(r"(?<=\.) (?=[A-Z])", text):
        # Each sentence of ours starts with a capital and ends with exactly one full stop.
        assert sentence[0].isupper() and sentence.endswith(".") and not sentence.endswith(".."), (
            text
        )
    assert ".," not in text and "?." not in text and "!." not in text


def test_the_danger_sentence_of_the_issue_reads_as_dutch():
    with translation.override("nl"):
        text = danger_sentence(
            "moeder",
            "raakt in een psychose",
            "zonder afspraak bij Donovan is.",
            ["Donovan"],
            "Donovan is.",
            "",
        )
    assert text == (
        "We maken ons zorgen over wat moeder doet: raakt in een psychose, als zonder afspraak "
        "bij Donovan is. Voor Donovan betekent dat: Donovan is."
    )


@pytest.mark.parametrize("typed", [*SAID, LONG, "", "Nee!"])
def test_the_parents_version_quotes_what_was_said_once(typed):
    rows = [{"name": "Donovan Appelboom (kind)", "text": typed, "parents_see": True}]
    lines = _disagreement_lines({"disagreements": rows})
    if not unquoted(typed):
        assert lines == []  # nothing said: no "Donovan:" with nothing after it
        return
    [(_label, text, _part)] = lines
    # an older snapshot: the name without the role in brackets
    assert text.startswith(f"Donovan Appelboom: {OPEN}") and text.endswith(CLOSE)
    assert _quotes(text) - _quotes(unquoted(typed)) == 2


def _snapshot(what: str) -> dict:
    fields = {"who": "Oma", "what": what, "situation": "School: elke dag", "how": "Zo."}
    return {
        "sections": {
            "danger_statements": [
                {
                    "id": "danger-1",
                    "fields": {
                        "sentence": "We maken ons zorgen over wat moeder doet: raakt in een "
                        "psychose en doet dan onvoorspelbare en gevaarlijke dingen die niemand "
                        "kan voorspellen, als ze niet in behandeling is en zonder afspraak bij "
                        "Donovan is. Als er niets verandert, zijn we bang dat Donovan iets "
                        "ernstigs overkomt als hij alleen is met moeder tijdens een psychose en "
                        "er niemand anders in huis is die kan helpen."
                    },
                }
            ],
            "agreements": [{"id": "agreement-1", "fields": fields}],
        }
    }


@pytest.mark.parametrize("what", ["Wie haalt Donovan op?", "Donovan is nooit alleen thuis.", ""])
def test_the_b1_box_shows_no_stray_punctuation(what, rf):
    with translation.override("nl"):
        content = parents_version(_snapshot(what))
        b1 = parents_readability(content)
        html = render_to_string(
            "safety/parents_version.html",
            {"b1": b1, "family": _Family(), "pv": _Version(), **content},
            request=rf.get("/"),
        )
    box = html.split('id="b1"', 1)[1].split("</section>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", "", box).split())
    assert b1["findings"], "the long sentences should give a finding to show"
    for bad in ("?:", ".:", "., ", "?, ", "!:"):
        assert bad not in text, (bad, text)


class _Family:
    pk = 1
    name = "Gezin Test"


class _Version:
    pk = 1
    number = 1
    created_at = None
