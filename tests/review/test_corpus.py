"""Precision and recall of the vague-agreement detection on a labeled Dutch corpus.

tests/review/agreements_nl.jsonl: one agreement a line, {"text", "label": vague/concrete,
"kind": the vagueness kind or null, "set": "dev" (used while writing the word lists) or
"heldout" (written afterwards, not used to change the lists)}. Run with -s for the figures.
"""

import json
from pathlib import Path

import pytest

from vangnet.review.data import CRITICAL, MAJOR, AgreementData
from vangnet.review.engine import agreement_findings
from vangnet.review.vague import KINDS, vague_hits

CORPUS = Path(__file__).with_name("agreements_nl.jsonl")


def _rows():
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


def _figures(rows):
    tp = fp = fn = tn = 0
    for row in rows:
        flagged = bool(vague_hits(row["text"]))
        if row["label"] == "vague":
            tp, fn = tp + flagged, fn + (not flagged)
        else:
            fp, tn = fp + flagged, tn + (not flagged)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn)
    fpr = fp / (fp + tn)
    return precision, recall, fpr, tp, fp, fn, tn


def test_corpus_is_big_and_balanced():
    rows = _rows()
    assert len(rows) >= 150
    assert len({r["text"] for r in rows}) == len(rows)
    vague = [r for r in rows if r["label"] == "vague"]
    assert {r["kind"] for r in vague} <= set(KINDS)
    assert all(r["kind"] is None for r in rows if r["label"] == "concrete")
    assert len(vague) >= 60 and len(rows) - len(vague) >= 60


def test_precision_and_recall():
    rows = _rows()
    for name, subset in (
        ("all", rows),
        ("dev", [r for r in rows if r["set"] == "dev"]),
        ("heldout", [r for r in rows if r["set"] == "heldout"]),
    ):
        p, r, fpr, tp, fp, fn, tn = _figures(subset)
        print(
            f"\n[{name}] n={len(subset)} precision={p:.3f} recall={r:.3f} "
            f"false-positive rate={fpr:.3f} (tp={tp} fp={fp} fn={fn} tn={tn})"
        )
    _precision, recall, fpr, *_ = _figures(rows)
    assert recall >= 0.90
    assert fpr <= 0.10


def test_each_vague_agreement_is_found_for_its_own_kind():
    rows = [r for r in _rows() if r["label"] == "vague"]
    right = sum(r["kind"] in {h.kind for h in vague_hits(r["text"])} for r in rows)
    print(f"\nkind found for {right} of {len(rows)} vague agreements")
    assert right / len(rows) >= 0.85


# --- the independent corpus ----------------------------------------------------------------
# tests/review/agreements_independent_nl.jsonl was written by another person, without seeing
# the rules or the corpus above ({"text", "label", "why", "set"}). Both its parts have been
# used to tune the rules: "dev" first, then "dev2" (once held out, used for issue 12). They are
# the tuning set now; a fresh held-out set judges the rules. What counts is what a case worker
# sees: a major or critical finding on the agreement's "what".

INDEPENDENT = Path(__file__).with_name("agreements_independent_nl.jsonl")
TARGET_RECALL = 0.90
TARGET_FALSE_POSITIVE_RATE = 0.10


def _agreement(text):
    """The text as the "what" of an agreement whose other fields are all filled in well."""
    return AgreementData(
        id="agreement-1",
        what=text,
        situation="evening",
        when="om 19.00 uur",
        how="Oma belt aan, loopt mee naar binnen en blijft tot de kinderen slapen.",
        fallback="Oom Bas komt als oma ziek is.",
        monitor="Tante Fenna (tante)",
        frequency="elke vrijdag",
        network_people=("Ria (oma)",),
        professionals=(),
    )


def _flagged(text, *, major_only):
    found = [f for f in agreement_findings(_agreement(text)) if f.part == "what"]
    return any(f.severity in (MAJOR, CRITICAL) for f in found) if major_only else bool(found)


def _review_figures(rows, *, major_only):
    vague = [r for r in rows if r["label"] == "vague"]
    concrete = [r for r in rows if r["label"] == "concrete"]
    found = sum(_flagged(r["text"], major_only=major_only) for r in vague)
    false_alarms = sum(_flagged(r["text"], major_only=major_only) for r in concrete)
    return (
        found / len(vague),
        false_alarms / len(concrete),
        found,
        len(vague),
        false_alarms,
        len(concrete),
    )


def _independent(*parts):
    if not INDEPENDENT.exists():
        pytest.skip("the independent corpus is not there")
    rows = [json.loads(line) for line in INDEPENDENT.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r.get("set") in parts]
    assert rows and {r["label"] for r in rows} == {"vague", "concrete"}
    return rows


def test_independent_parts_are_all_tuning():
    rows = [json.loads(line) for line in INDEPENDENT.read_text(encoding="utf-8").splitlines()]
    assert {r["set"] for r in rows} == {"dev", "dev2"}


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("own dev", lambda: [r for r in _rows() if r["set"] == "dev"]),
        ("own heldout", lambda: [r for r in _rows() if r["set"] == "heldout"]),
        ("independent dev", lambda: _independent("dev")),
        ("independent dev2", lambda: _independent("dev2")),
        ("independent tuning (dev + dev2)", lambda: _independent("dev", "dev2")),
    ],
)
def test_review_figures(name, rows):
    """Printed with -s: recall and false-positive rate, major+ and any severity."""
    rows = rows()
    for major_only in (True, False):
        recall, fpr, tp, nv, fp, nc = _review_figures(rows, major_only=major_only)
        print(
            f"\n[{name}, {'major+' if major_only else 'any severity'}] "
            f"recall={recall:.3f} ({tp}/{nv}) false-positive rate={fpr:.3f} ({fp}/{nc})"
        )


# Reached on the tuning set (the independent corpus, dev + dev2) when the rules were last
# tuned for issue 12, major and critical findings only: recall 203/203, false-positive rate
# 0/178. Floors that guard against going back; the targets are TARGET_RECALL and
# TARGET_FALSE_POSITIVE_RATE on a held-out set the rules have never seen.
TUNING_RECALL_REACHED = 0.99
TUNING_FALSE_POSITIVE_RATE_REACHED = 0.0


def test_independent_tuning_holds_what_was_reached():
    """Issue 12: on the tuning set, major and critical findings only."""
    recall, fpr, tp, nv, fp, nc = _review_figures(_independent("dev", "dev2"), major_only=True)
    assert recall >= TUNING_RECALL_REACHED, f"recall {recall:.3f} ({tp}/{nv})"
    assert fpr <= TUNING_FALSE_POSITIVE_RATE_REACHED, f"false-positive rate {fpr:.3f} ({fp}/{nc})"
    assert recall >= TARGET_RECALL and fpr <= TARGET_FALSE_POSITIVE_RATE


@pytest.mark.parametrize("part", ["dev", "dev2"])
def test_independent_part_figures(part):
    recall, fpr, tp, nv, fp, nc = _review_figures(_independent(part), major_only=True)
    assert recall >= 0.95, f"recall {recall:.3f} ({tp}/{nv})"
    assert fpr <= 0.05, f"false-positive rate {fpr:.3f} ({fp}/{nc})"


# --- the second held-out corpus -----------------------------------------------------------
# tests/review/agreements_heldout2_nl.jsonl was written (2026-12-02) by someone who saw only
# DOMAIN.md, the seeds and the label definitions - not the rules, the word lists or the
# other corpora - while the rules were being tuned by someone who never opened it. It is
# the only honest measure of text the rules have never seen: never tune on it. About a
# quarter of its lines are hard cases (vague text with times and names, concrete text with
# "let op", "helpt", "beter"). Measured once, after tuning: recall 116/130 = 0.892 and
# false-positive rate 11/129 = 0.085 (the rules before tuning: 109/130 = 0.838, 12/129).
# The target recall of 0.90 is one agreement away; the floor guards what was reached.
HELDOUT2 = Path(__file__).with_name("agreements_heldout2_nl.jsonl")
HELDOUT2_RECALL_REACHED = 0.89
HELDOUT2_FALSE_POSITIVE_RATE_REACHED = 0.09


def test_second_heldout_holds_what_was_reached():
    rows = [json.loads(line) for line in HELDOUT2.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 220 and {r["set"] for r in rows} == {"heldout2"}
    recall, fpr, tp, nv, fp, nc = _review_figures(rows, major_only=True)
    print(f"\n[heldout2, major+] recall={recall:.3f} ({tp}/{nv}) fpr={fpr:.3f} ({fp}/{nc})")
    assert recall >= HELDOUT2_RECALL_REACHED, f"recall {recall:.3f} ({tp}/{nv})"
    assert fpr <= HELDOUT2_FALSE_POSITIVE_RATE_REACHED, f"false-positive rate {fpr:.3f}"
