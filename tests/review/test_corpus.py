"""Precision and recall of the vague-agreement detection on a labeled Dutch corpus.

tests/review/agreements_nl.jsonl: one agreement a line, {"text", "label": vague/concrete,
"kind": the vagueness kind or null, "set": "dev" (used while writing the word lists) or
"heldout" (written afterwards, not used to change the lists)}. Run with -s for the figures.
"""

import json
from pathlib import Path

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
    assert {r["kind"] for r in vague} == set(KINDS)
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
