"""B1 readability of the parents' text: long sentences, long and rare words, jargon."""

from dataclasses import replace

import pytest

from tests.review.test_engine import GOOD_PLAN, agreement
from vangnet.review.data import MAJOR, MINOR
from vangnet.review.engine import parent_text_findings, review
from vangnet.review.readability import JARGON, readability_hits, sentences, syllables


def kinds(text):
    return [(h.kind, h.words) for h in readability_hits(text)]


@pytest.mark.parametrize(
    ("word", "count"),
    [("kind", 1), ("kinderen", 3), ("ijs", 1), ("geïnventariseerd", 6), ("zaterdagochtend", 5)],
)
def test_syllables(word, count):
    assert syllables(word) == count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De gezinsvoogd komt.", [("jargon", "gezinsvoogd")]),
        ("Bij de ondertoezichtstelling.", [("jargon", "ondertoezichtstelling")]),
        (
            "De bodemeisen en de ketenpartners.",
            [("jargon", "bodemeisen"), ("jargon", "ketenpartners")],
        ),
        ("We gaan de-escaleren.", [("jargon", "de-escaleren")]),
        (
            "De verantwoordelijkheidsverdeling is helder.",
            [("long_word", "verantwoordelijkheidsverdeling")],
        ),
        ("Er was gebonk.", [("rare_word", "gebonk")]),
    ],
)
def test_words(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Oma Ria haalt de kinderen op dinsdag om 15.00 uur op van school.",
        "Vader gaat een blokje om als hij boos wordt.",
        "Moeder zet de kookwekker op tien minuten.",  # a compound of everyday words
        "Op zaterdagochtend komt oom Bas.",  # five syllables: not long
        "Tante Fenna belt Sem.",  # names are not rare words
        "",
    ],
)
def test_plain_text_has_no_hits(text):
    assert readability_hits(text) == []


def test_long_sentence_span():
    long = "Woord " + " ".join(["woord"] * 20) + "."
    text = f"Vader belt oma. {long} Oma komt."
    hits = [h for h in readability_hits(text) if h.kind == "long_sentence"]
    assert len(hits) == 1
    assert text[hits[0].start : hits[0].end] == long
    assert readability_hits(" ".join(["woord"] * 20) + ".") == []


def test_numbers_do_not_count_as_words():
    text = (
        "Om 7.00, 11.00, 15.00, 19.00 en 23.00 uur geeft moeder de baby een fles van 150 ml melk."
    )
    assert [h for h in readability_hits(text) if h.kind == "long_sentence"] == []


def test_sentences():
    assert sentences("Een. Twee! Drie") == [(0, 4), (5, 10), (11, 15)]


def test_every_jargon_word_has_a_plain_alternative():
    for word, plain in JARGON.items():
        assert word == word.lower() and plain and word not in plain.split()


def test_findings_on_parent_texts():
    a = agreement(
        how="De gezinsvoogd en de ketenpartner bespreken het.",
        fallback="Oom Bas komt met de verantwoordelijkheidsverdeling.",
    )
    plan = replace(GOOD_PLAN, agreements=(a,))
    found = {(f.code, f.part): f for f in parent_text_findings(plan)}
    jargon = found[("b1_jargon", "how")]
    assert jargon.severity == MAJOR
    assert [w for _, _, w in jargon.spans] == ["gezinsvoogd", "ketenpartner"]
    assert "gezinsvoogd: de hulpverlener" in jargon.params["alternatives"]
    assert found[("b1_long_word", "fallback")].severity == MINOR
    assert {f.code for f in review(plan).findings} >= {"b1_jargon", "b1_long_word"}


def test_good_plan_reads_well():
    assert parent_text_findings(GOOD_PLAN) == []


def test_the_b1_check_reads_the_plain_text_where_the_family_wrote_one():
    def findings(plain):
        jargon = agreement(what="Bij een psychose van moeder belt oma het netwerkberaad.")
        return parent_text_findings(replace(GOOD_PLAN, agreements=(replace(jargon, plain=plain),)))

    professional = findings("")
    assert "b1_jargon" in {f.code for f in professional}
    assert {f.part for f in professional if f.code == "b1_jargon"} == {"what"}
    assert findings("Is mama heel erg in de war? Dan belt oma Ria.") == []
    in_plain = findings("Heeft mama een psychose? Dan belt oma Ria.")
    assert [(f.code, f.part) for f in in_plain] == [("b1_jargon", "plain")]
