"""The pure parts: version diff, SVG chart, bottom-line rules, the danger sentence."""

from datetime import date

from django.utils import translation

from vangnet.safety import chart, rules
from vangnet.safety.diff import diff_snapshots, same_content
from vangnet.safety.sentences import danger_sentence


def snap(**sections):
    return {"sections": sections}


def item(key, **fields):
    return {"id": key, "title": key, "fields": fields}


def test_diff_finds_added_removed_and_changed_fields():
    old = snap(agreements=[item("a1", what="x", who="oma"), item("a2", what="y")])
    new = snap(agreements=[item("a1", what="x", who="opa"), item("a3", what="z")], steps=[])
    [section] = diff_snapshots(old, new)
    assert section.section == "agreements"
    assert [i["id"] for i in section.added] == ["a3"]
    assert [i["id"] for i in section.removed] == ["a2"]
    assert [(c.id, [(f.field, f.old, f.new) for f in c.fields]) for c in section.changed] == [
        ("a1", [("who", "oma", "opa")])
    ]
    assert same_content(old, old) and not same_content(old, new)
    assert diff_snapshots(None, snap(steps=[item("s")]))[0].added[0]["id"] == "s"


def test_chart_is_accessible_and_readable_without_colour():
    svg = chart.scaling_svg(
        [
            chart.Series("Oma <3", ((date(2026, 1, 1), 3), (date(2026, 2, 1), 6))),
            chart.Series("Coach", ((date(2026, 1, 1), 2),)),
        ],
        title="Schaal",
        description="Laatste scores",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="chart-title">Schaal</title>' in svg and "<desc" in svg
    assert "Oma &lt;3 (6)" in svg and "Coach (2)" in svg  # labels at the line ends
    assert 'stroke-dasharray="6 3"' in svg  # the second line has its own dash pattern
    assert "<rect x=" in svg  # square markers for the second series
    assert chart.style(0)["marker"] != chart.style(1)["marker"]
    assert "<polyline" not in chart.scaling_svg([], title="t", description="d")


def facts(**kw):
    base = dict(has_who=True, has_monitor=True, has_fallback=True, situation="stress")
    return rules.AgreementFacts(**{**base, **kw})


def test_bottom_lines_are_computed_where_data_allows():
    state = rules.bottom_line_state
    common = dict(done_on=None, met_manually=False, agreements=[facts()])
    assert state("safety_persons", number=2, confirmed_safety_persons=2, **common).met
    assert not state("safety_persons", number=3, confirmed_safety_persons=2, **common).met
    assert not state("safety_persons", number=None, confirmed_safety_persons=1, **common).met
    assert not state("words_and_pictures", number=None, confirmed_safety_persons=0, **common).met
    assert state(
        "words_and_pictures",
        number=None,
        confirmed_safety_persons=0,
        done_on=date(2026, 1, 1),
        met_manually=False,
        agreements=[],
    ).met
    simple = dict(number=None, confirmed_safety_persons=0, done_on=None, met_manually=False)
    assert state("simple_plan", agreements=[facts()], **simple).met
    assert not state("simple_plan", agreements=[], **simple).met
    assert not state("simple_plan", agreements=[facts(has_monitor=False)], **simple).met
    assert not state("simple_plan", agreements=[facts(situation="evening")], **simple).met
    other = state(
        "other",
        number=None,
        confirmed_safety_persons=0,
        done_on=None,
        met_manually=True,
        agreements=[],
    )
    assert other.met and not other.computed


def test_danger_sentence_reads_as_dutch():
    with translation.override("nl"):
        text = danger_sentence(
            "vader",
            "slaat Milan",
            "hij 's avonds gedronken heeft.",
            ["Milan", "Noor"],
            "Milan is bang",
            "iemand gewond raakt",
        )
    assert text == (
        "We maken ons zorgen over wat vader doet: slaat Milan, als hij 's avonds gedronken "
        "heeft. Voor Milan en Noor betekent dat: Milan is bang. Als er niets verandert, zijn "
        "we bang dat iemand gewond raakt."
    )
