"""The plan PDF is right by construction: read back with positions (pypdfium2), every label
of every agreement of a big plan stands on the baseline of its own value, a heading is
printed in full (never cut in a word) and once, and the sign-offs heading stays with its
table."""

import re

import pypdfium2 as pdfium
import pytest
from django.utils import translation

from tests.safety.helpers import build_plan
from vangnet.safety.labels import FIELD_LABELS
from vangnet.safety.models import Agreement, PlanVersion, SignOff
from vangnet.safety.pdf import pdf_sections, render_pdf
from vangnet.safety.snapshot import plan_snapshot

LONG = (
    "en daarna blijft hij in de buurt tot de situatie rustig is, ook als dat langer duurt dan "
    "een uur, zodat iedereen in huis weet waar hij aan toe is en niemand alleen staat"
)
# Each field's value starts with a word used nowhere else: its occurrences are its own.
FIELDS = {
    "how": "Stappenplan",
    "fallback": "Noodplan",
    "frequency": "Wekelijks",
}
N = 8


def _big_plan(p):
    data = build_plan(p, with_version=False)
    plan = data.plan
    for n in range(1, N + 1):
        a = Agreement.objects.create(
            plan=plan,
            what=f"Afspraak{n} vader gaat een blokje om als hij boos wordt {LONG}.",
            situation="stress",
            when=f"Wanneer{n} de spanning oploopt {LONG}",
            how=f"Stappenplan {n}: vader merkt de spanning {LONG}.\n2. Hij loopt naar buiten.",
            fallback=f"Noodplan {n}: de buurvrouw haalt Testkind op {LONG}.",
            monitor_person=data.network,
            frequency=f"Wekelijks {n} op vrijdag {LONG}",
            danger=data.danger,
            goal=data.goal,
            order=n + 1,
        )
        a.people.set([p.parent])
    version = PlanVersion.objects.create(
        plan=plan, number=1, snapshot={**plan_snapshot(plan), "number": 1}, created_by=p.case_worker
    )
    for n in range(1, 6):  # enough rows that the table may meet a page end
        SignOff.objects.create(
            plan_version=version,
            person=p.parent,
            name=f"Ondertekenaar {n} met een heel lange naam {LONG[:60]}",
            role="Ouder",
            signed_on=version.created_at.date(),
            method="in_person",
            recorded_by=p.case_worker,
        )
    return version


def _pages(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    return [doc[i] for i in range(len(doc))]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _occurrences(page, word: str):
    """(left, bottom, right, top) of the first character of each whole-word occurrence."""
    textpage = page.get_textpage()
    searcher = textpage.search(word, match_case=True, match_whole_word=True)
    boxes = []
    while (found := searcher.get_next()) is not None:
        index, _count = found
        boxes.append(textpage.get_charbox(index, loose=False))
    return textpage, boxes


@pytest.fixture
def big_pdf(personas):
    with translation.override("nl"):
        version = _big_plan(personas)
        return version, render_pdf(personas.family, version)


def test_every_label_stands_on_the_baseline_of_its_own_value(big_pdf):
    _version, pdf = big_pdf
    with translation.override("nl"):
        labels = {name: str(FIELD_LABELS[name]) for name in FIELDS}
    found = dict.fromkeys(FIELDS, 0)
    for page in _pages(pdf):
        for name, word in FIELDS.items():
            textpage, boxes = _occurrences(page, word)
            for left, bottom, _right, top in boxes:
                if left < 100:  # the start of a heading or a wrapped line: not a value
                    continue
                middle = (bottom + top) / 2
                # The text to the left of the value on the value's own line is its label
                # (its first line, when a long label wraps).
                beside = _flat(textpage.get_text_bounded(0, middle - 1, left - 1, middle + 1))
                assert beside, f"no label beside {word!r}"
                assert labels[name].startswith(beside), (
                    f"{beside!r} stands beside the value of {labels[name]!r}"
                )
                # Same baseline: the label's first character sits on the value's line.
                label_box = _occurrences(page, beside.split()[0])[1]
                assert any(abs(b[1] - bottom) < 1.5 for b in label_box)
                found[name] += 1
    assert all(count >= N for count in found.values()), found  # every agreement checked


def test_headings_are_printed_in_full_and_once(big_pdf):
    _version, pdf = big_pdf
    text = _flat(" ".join(page.get_textpage().get_text_range() for page in _pages(pdf)))
    for n in range(1, N + 1):
        what = f"Afspraak{n} vader gaat een blokje om als hij boos wordt {LONG}."
        assert len(what) > 80
        assert text.count(what) == 1, what  # in full: not cut at 80 characters
        assert text.count(what[:40]) == 1, what  # once: not repeated as a row under it
    assert not re.search(r"\w-\s", text.replace(" - ", " "))  # no word hyphenated apart


def test_the_sign_off_heading_stays_with_its_table(big_pdf):
    _version, pdf = big_pdf
    with translation.override("nl"):
        from django.utils.translation import gettext

        heading, caption = gettext("Sign-offs and distribution"), gettext("Sign-offs")
    pages = [_flat(page.get_textpage().get_text_range()) for page in _pages(pdf)]
    where = [i for i, t in enumerate(pages) if heading in t]
    assert where and caption in pages[where[0]].split(heading, 1)[1]


def test_pdf_sections_write_a_cut_title_out_in_full():
    what = "Vader gaat een blokje om als hij boos wordt " + LONG
    snapshot = {
        "sections": {
            "agreements": [
                {"id": "agreement-1", "title": what[:80], "fields": {"what": what, "who": "Ria"}}
            ],
            "mapping": [{"id": "mapping-1", "title": what[:80], "fields": {"text": what}}],
            "warning_signs": [
                {
                    "id": "sign-1",
                    "title": "Vader drinkt",
                    "belongs_to": "agreement-1",
                    "fields": {
                        "belongs_to": f"Veiligheidsafspraak 1: {what[:80]}",
                        "sign": "Vader drinkt",
                    },
                }
            ],
            "goals": [
                {
                    "id": "goal-1",
                    "title": "Veiligheidsdoel 1",
                    "disagreements": [
                        {"name": "Kind", "said_on": "1 mei", "text": '"Nee!"'},
                        {
                            "name": "Kind",
                            "said_on": "",
                            "text": "\u201eNooit\u201d",
                            "parents_see": False,
                        },
                        {"name": "Oma", "said_on": "2 mei", "text": '""'},
                    ],
                    "fields": {"text": "Veilig.", "disagreement": 'Kind (1 mei): ""Nee!""'},
                }
            ],
        }
    }
    sections = {s["name"]: s["items"] for s in pdf_sections(snapshot)}
    assert sections["agreements"][0]["heading"] == f"1. {what}"
    assert [label for label, _v in sections["agreements"][0]["rows"]] == [FIELD_LABELS["who"]]
    assert sections["mapping"][0] == {"heading": what, "rows": []}
    assert sections["warning_signs"][0]["rows"] == [
        (FIELD_LABELS["belongs_to"], f"Veiligheidsafspraak 1: {what}"),
        (FIELD_LABELS["sign"], "Vader drinkt"),
    ]
    with translation.override("nl"):
        hidden = "(niet in de versie voor de ouders)"
        sections = {s["name"]: s["items"] for s in pdf_sections(snapshot)}
    assert sections["goals"][0]["rows"][1][1] == (
        f"Kind (1 mei): \u201eNee!\u201d\nKind: \u201eNooit\u201d {hidden}"
    )
