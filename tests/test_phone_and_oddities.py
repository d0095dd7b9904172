"""Issue 16 items 1 and 5: the contact flag counts from the opening of the file, a child under
4 gets no child version of the plan on the child page, and the scaling chart has a narrow
drawing for phones."""

from datetime import date, timedelta

from django.test import override_settings

from vangnet.families.queries import contact_status
from vangnet.safety import chart

TODAY = date(2026, 12, 2)


@override_settings(CONTACT_WARNING_DAYS=21)
def test_a_file_opened_three_days_ago_is_not_flagged():
    status = contact_status(None, TODAY, opened_on=TODAY - timedelta(days=3))
    assert status.warning is False
    assert status.last_contact_on is None


@override_settings(CONTACT_WARNING_DAYS=21)
def test_without_contact_the_days_count_from_the_opening():
    assert contact_status(None, TODAY, opened_on=TODAY - timedelta(days=21)).warning is False
    assert contact_status(None, TODAY, opened_on=TODAY - timedelta(days=22)).warning is True
    assert contact_status(None, TODAY).warning is True  # no date at all: at risk


@override_settings(CONTACT_WARNING_DAYS=21)
def test_after_a_contact_the_last_contact_counts():
    opened = TODAY - timedelta(days=2)
    assert contact_status(TODAY - timedelta(days=22), TODAY, opened_on=opened).warning is True
    assert contact_status(TODAY - timedelta(days=5), TODAY, opened_on=opened).warning is False


def test_the_family_list_does_not_flag_a_new_file(personas, as_user):
    from vangnet.families.models import Family

    family = personas.family
    family.contacts.all().delete()
    Family.objects.filter(pk=family.pk).update(opened_on=date.today() - timedelta(days=3))
    page = as_user(personas.case_worker).get("/gezinnen/").content.decode()
    row = page.split(family.name)[1].split("</tr>")[0]
    assert "Contact in gevaar" not in row
    Family.objects.filter(pk=family.pk).update(opened_on=date.today() - timedelta(days=400))
    page = as_user(personas.case_worker).get("/gezinnen/").content.decode()
    assert "Contact in gevaar" in page.split(family.name)[1].split("</tr>")[0]


def test_the_child_page_says_what_applies_to_a_baby(personas, as_user):
    from tests.safety.helpers import build_plan
    from vangnet.families.models import Person

    build_plan(personas)
    baby = Person.objects.create(
        family=personas.family,
        kind="child",
        first_name="Noor",
        last_name="Test",
        birth_date=date.today() - timedelta(days=330),
    )
    page = as_user(personas.case_worker).get(f"/veiligheid/{personas.family.pk}/kind/")
    assert page.status_code == 200
    html = page.content.decode()
    section = html.split(f'id="child-{baby.pk}"')[1].split("</section>")[0]
    assert "Noor is jonger dan 4 jaar." in section
    assert "geen kindversie van het plan" in section
    assert f"/kind/{baby.pk}/versie/" not in section  # no "Het plan voor Noor"
    talk_add = "/drie-huizen/nieuw/?child={}"
    assert talk_add.format(baby.pk) not in section  # no Three Houses conversation
    older = html.split(f'id="child-{personas.child.pk}"')[1].split("</section>")[0]
    assert f"/kind/{personas.child.pk}/versie/" in older
    assert talk_add.format(personas.child.pk) in older


def test_the_chart_has_a_narrow_drawing_with_a_legend():
    series = [
        chart.Series("Oma", ((date(2026, 1, 1), 3), (date(2026, 2, 1), 6))),
        chart.Series("Coach", ((date(2026, 1, 1), 2),)),
    ]
    svg = chart.compact_scaling_svg(series, title="Schaal", description="Laatste scores")
    assert 'class="scaling-chart scaling-chart-narrow"' in svg
    assert 'viewBox="0 0 340 ' in svg  # about 1:1 on a 375 px phone: 14 units stay legible
    assert '<title id="chart-title-narrow">' in svg and 'font-size="14"' in svg
    assert "Oma (6)" in svg and "Coach (2)" in svg
    assert 'class="scaling-chart scaling-chart-wide"' in chart.scaling_svg(
        series, title="t", description="d"
    )
