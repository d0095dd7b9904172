"""The monthly log review (NEN 7513): a stored, reproducible sample, judged, signed off and
exported; "not justified" on an emergency access ends it and tells the team lead."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.personas import make_user
from vangnet.accounts.models import Membership, Role
from vangnet.audit import log_review, recorder
from vangnet.audit.actions import do_judge_log_item, do_sign_off_log_review, do_start_log_review
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent, LogReview, SampleReason
from vangnet.families.actions import do_break_the_glass
from vangnet.families.models import AccessGrant

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=AMS)  # a Friday
MONTH = NOW.date().replace(day=1)


def read(user, family, when):
    with time_machine.travel(when, tick=False):
        return recorder.record(
            Actor.cli(user),
            "read",
            family=family,
            object_type="family",
            object_id=family.pk,
            basis="team",
        )


@pytest.fixture
def month_of_log(personas):
    """A month with reads in office hours, one at night, one on Saturday, a refusal and an
    emergency access that is still running at NOW."""
    lead = make_user("teamleider", organisation=personas.organisation, email="tl@example.org")
    Membership.objects.create(user=lead, team=personas.team_b, role=Role.TEAM_LEAD)
    for day in range(2, 20):
        read(personas.case_worker, personas.family, datetime(2026, 3, day, 10, tzinfo=AMS))
    night = read(personas.team_member, personas.family, datetime(2026, 3, 10, 23, tzinfo=AMS))
    saturday = read(personas.team_member, personas.family, datetime(2026, 3, 14, 11, tzinfo=AMS))
    with time_machine.travel(datetime(2026, 3, 12, 9, tzinfo=AMS), tick=False):
        denied = recorder.record(
            Actor.cli(personas.other_team),
            "denied",
            object_type="family",
            object_id=personas.family.pk,
            basis="none",
        )
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=AMS), tick=False):
        do_break_the_glass(
            actor=Actor.cli(personas.other_team),
            reference=personas.family.reference,
            reason="Kind niet op school, ouders onbereikbaar",
        )
    emergency = AccessEvent.objects.get(action="emergency")
    # Another month: never in the sample.
    read(personas.case_worker, personas.family, datetime(2026, 2, 27, 23, tzinfo=AMS))
    return {"night": night, "saturday": saturday, "denied": denied, "emergency": emergency}


@pytest.fixture
def review(personas, month_of_log):
    with time_machine.travel(NOW, tick=False):
        return do_start_log_review(actor=Actor.cli(personas.privacy), month=MONTH)


def test_the_sample_takes_risks_first_and_is_reproducible(personas, month_of_log, review):
    reasons = {item.entry_id: item.reason for item in review.items.all()}
    log = month_of_log
    assert reasons[log["emergency"].id] == SampleReason.EMERGENCY
    assert reasons[log["denied"].id] == SampleReason.DENIED
    assert reasons[log["night"].id] == SampleReason.OFF_HOURS
    assert reasons[log["saturday"].id] == SampleReason.OFF_HOURS
    assert SampleReason.RANDOM in reasons.values()
    start, end = log_review.month_bounds(MONTH)
    in_month = AccessEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    assert set(reasons) <= set(in_month.values_list("id", flat=True))
    # Drawn again from the stored seed: the same sample, in the same order.
    again = log_review.draw_sample(review.month, review.seed, review.last_entry_id)
    assert again == [(i.entry_id, i.reason) for i in review.items.order_by("position")]
    # Entries added later do not change it.
    read(personas.case_worker, personas.family, datetime(2026, 3, 20, 23, tzinfo=AMS))
    assert log_review.draw_sample(review.month, review.seed, review.last_entry_id) == again
    created = AccessEvent.objects.get(object_type="log_review", action="create")
    assert created.details["seed"] == review.seed


def test_bulk_reads_are_in_the_sample(personas, settings):
    settings.ALERT_READ_FILES = 2
    from tests.personas import make_family

    families = [personas.family] + [
        make_family(personas.team_a, personas.case_worker, reference=f"VN-BULK{i}")
        for i in range(3)
    ]
    for minute, family in enumerate(families):
        read(personas.case_worker, family, datetime(2026, 3, 9, 10, minute, tzinfo=AMS))
    with time_machine.travel(NOW, tick=False):
        review = do_start_log_review(actor=Actor.cli(personas.privacy), month=MONTH)
    assert {i.reason for i in review.items.all()} == {SampleReason.BULK}


def test_one_review_per_month_and_not_in_the_future(personas, review):
    actor = Actor.cli(personas.privacy)
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(ValidationError):
            do_start_log_review(actor=actor, month=MONTH)
        with pytest.raises(ValidationError):
            do_start_log_review(actor=actor, month=datetime(2026, 4, 1).date())
    with pytest.raises(PermissionDenied):
        do_start_log_review(actor=Actor.cli(personas.admin), month=datetime(2026, 1, 1).date())


def test_not_justified_on_emergency_access_ends_it_and_tells_the_team_lead(
    personas, month_of_log, review, django_capture_on_commit_callbacks
):
    item = review.items.get(entry_id=month_of_log["emergency"].id)
    grant = AccessGrant.objects.get(kind="emergency")
    actor = Actor.cli(personas.privacy)
    with time_machine.travel(NOW, tick=False):
        assert grant.is_current()
        with pytest.raises(ValidationError):  # a note is required
            do_judge_log_item(actor=actor, item=item, judgement="not_justified", note="")
        with django_capture_on_commit_callbacks(execute=True):
            item = do_judge_log_item(
                actor=actor, item=item, judgement="not_justified", note="Geen nood"
            )
        grant.refresh_from_db()
        assert not grant.is_current()
    assert item.access_ended
    assert [m.to for m in mail.outbox] == [["tl@example.org"]]
    assert personas.family.name not in mail.outbox[0].body
    revoked = AccessEvent.objects.get(object_type="access_grant")
    assert revoked.family_ref == personas.family.reference
    assert AccessEvent.objects.filter(object_type="log_review_item").count() == 1


def test_sign_off_needs_every_judgement_and_then_freezes(personas, review):
    actor = Actor.cli(personas.privacy)
    with pytest.raises(ValidationError):
        do_sign_off_log_review(actor=actor, review=review, conclusion="Alles in orde")
    for item in review.items.all():
        do_judge_log_item(actor=actor, item=item, judgement="justified", note="")
    with pytest.raises(ValidationError):
        do_sign_off_log_review(actor=actor, review=review, conclusion="")
    review = do_sign_off_log_review(actor=actor, review=review, conclusion="Alles in orde")
    assert review.is_signed and review.signed_by == personas.privacy
    with pytest.raises(ValidationError):
        do_judge_log_item(
            actor=actor, item=review.items.first(), judgement="not_justified", note="x"
        )


@time_machine.travel(NOW)
def test_the_pages_judge_sign_and_export(personas, month_of_log, as_user):
    client = as_user(personas.privacy)
    response = client.post(reverse("audit:log_reviews"), {"month": "2026-03"})
    assert response.status_code == 302
    review = LogReview.objects.get()
    url = reverse("audit:log_review", kwargs={"pk": review.pk})
    page = client.get(url)
    assert page.status_code == 200 and review.seed in page.content.decode()
    assert "dezelfde steekproef" in client.get(url + "?check=1").content.decode()
    for item in review.items.all():
        response = client.post(
            url,
            {"item": item.pk, f"item-{item.pk}-judgement": "justified", f"item-{item.pk}-note": ""},
        )
        assert response.status_code == 302
    response = client.post(url, {"sign": "1", "conclusion": "Geen bijzonderheden"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_signed

    before = AccessEvent.objects.order_by("-id").first().id
    csv = client.get(reverse("audit:log_review_csv", kwargs={"pk": review.pk}))
    body = b"".join(csv.streaming_content).decode()
    assert csv["Content-Type"].startswith("text/csv") and "terecht" in body.lower()
    pdf = client.get(reverse("audit:log_review_pdf", kwargs={"pk": review.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    exports = AccessEvent.objects.filter(id__gt=before, action="export", object_type="log_review")
    assert sorted(e.details["format"] for e in exports) == ["csv", "pdf"]
