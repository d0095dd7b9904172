"""Issue 12, item 4: the B1 check finds real jargon in a parents' text, each word with a plain
alternative; judged on a held-out set of parent-facing sentences; and the app's own default
texts pass its own check.

tests/review/b1_jargon_heldout_nl.jsonl: {"text", "jargon": the words a parent would stumble
on, "set"}. Set "a" was written before the jargon list (vangnet/review/jargon.py) and was
at hand while the list was written; set "b" was written after the list was frozen. Neither
was used to change the list afterwards. Run with -s for the figures.
"""

import json
from pathlib import Path

import pytest
from django.utils.translation import gettext as _

from vangnet.review.jargon import JARGON
from vangnet.review.readability import JARGON_WORD, jargon_alternative, readability_hits

HELD_OUT = Path(__file__).with_name("b1_jargon_heldout_nl.jsonl")


def jargon(text):
    return [(h.words, h.plain) for h in readability_hits(text) if h.kind == JARGON_WORD]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Moeder had vorig jaar een psychose.", "psychose"),
        ("Vader is onvoorspelbare momenten aan het voorkomen.", "onvoorspelbare"),
        ("De voogd komt op dinsdag.", "voogd"),
        ("Bij een trigger belt moeder oma.", "trigger"),
        ("Het netwerkberaad is op maandag.", "netwerkberaad"),
        ("Dit is een bodemeis van het team.", "bodemeis"),
        ("De ondertoezichtstelling loopt tot mei.", "ondertoezichtstelling"),
        ("Oma belt de crisisdienst.", "crisisdienst"),
        ("Er komt een evaluatie.", "evaluatie"),
    ],
)
def test_real_jargon_is_found_with_a_plain_alternative(text, word):
    found = jargon(text)
    assert [w for w, _plain in found] == [word]
    assert found[0][1]


def test_psychosis_is_explained_in_plain_words():
    assert jargon("Moeder heeft een psychose.") == [
        ("psychose", "heel erg in de war zijn, dingen zien of horen die er niet zijn")
    ]


@pytest.mark.parametrize(
    ("word", "plain"),
    [
        ("crisisinterventie", JARGON["interventie"]),  # last part
        ("hulpverleningstraject", JARGON["traject"]),  # with the linking s
        ("traumabehandeling", "leg uit: trauma = " + JARGON["trauma"]),  # first part
        ("verborgen", ""),  # "ver" is no word of its own: not "borgen"
        ("verplaatsing", ""),
        ("kookwekker", ""),
    ],
)
def test_compounds_of_jargon(word, plain):
    assert jargon_alternative(word, word) == plain


def _held_out(which):
    tp = fp = fn = flagged = 0
    for line in HELD_OUT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["set"] != which:
            continue
        hits = readability_hits(row["text"])
        found = {h.words.lower() for h in hits if h.kind == JARGON_WORD}
        any_hit = {h.words.lower() for h in hits if h.kind != "long_sentence"}
        gold = set(row["jargon"])
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
        flagged += len(any_hit & gold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn)
    any_recall = flagged / (tp + fn)
    print(
        f"\nB1 jargon, held-out set {which}: precision {precision:.2f}, recall {recall:.2f} "
        f"(tp {tp}, fp {fp}, fn {fn}); flagged by any B1 word check: {any_recall:.2f}"
    )
    return precision, recall, any_recall


def test_held_out_set_written_before_the_list():
    precision, recall, _any = _held_out("a")
    assert precision >= 0.9
    assert recall >= 0.85


def test_held_out_set_written_after_the_list_was_frozen():
    precision, recall, any_recall = _held_out("b")
    assert precision >= 0.9
    assert recall >= 0.5  # jargon with a plain alternative
    assert any_recall >= 0.75  # the rest is mostly flagged as a long or rare word


def test_plain_held_out_sentences_have_no_jargon():
    for line in HELD_OUT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row["jargon"]:
            assert jargon(row["text"]) == [], row["text"]


# --- the app's own texts pass its own check ---------------------------------------------


def _no_hits(texts):
    failing = {t: [(h.kind, h.words) for h in readability_hits(t)] for t in texts}
    return {t: hits for t, hits in failing.items() if hits}


@pytest.mark.django_db
def test_default_bottom_lines_pass_the_b1_check():
    from vangnet.safety.actions import default_bottom_lines

    texts = [line["text"] for line in default_bottom_lines(None)]
    assert len(texts) == 3
    assert _no_hits(texts) == {}


def test_danger_sentence_frames_pass_the_b1_check():
    from vangnet.safety.sentences import danger_sentence

    sentences = [
        danger_sentence("vader", "hij slaat", "hij gedronken heeft", ["Sem"], "Sem is bang", ""),
        danger_sentence("", "hij slaat", "", [], "Sem is bang", "Sem gewond raakt"),
        danger_sentence("vader", "hij slaat", "", [], "", "Sem gewond raakt"),
    ]
    assert _no_hits(sentences) == {}


@pytest.mark.django_db
def test_parents_version_headings_and_labels_pass_the_b1_check(personas):
    from tests.safety.helpers import build_plan
    from vangnet.safety.outputs import PARENT_LABELS, parents_version
    from vangnet.safety.snapshot import plan_snapshot

    data = build_plan(personas)
    content = parents_version(plan_snapshot(data.plan))
    texts = {str(heading) for heading, _items in content["parts"]}
    assert str(_("What have we agreed?")) in texts
    for _heading, items in content["parts"]:
        for item in items:
            texts |= {str(line[0]) for line in item.lines if line[0]}
    texts |= {str(label) for label in PARENT_LABELS.values()}
    assert len(texts) > 10
    assert _no_hits(texts) == {}
