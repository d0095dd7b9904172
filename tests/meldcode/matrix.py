"""Authorization-matrix entries of this app (see tests/matrix_common.py)."""

from tests.matrix_common import POST_WRITE, READ, WRITE, Check

# The aandachtsfunctionaris overview: only safeguarding leads; everyone else 404.
SAFEGUARDING_ONLY = dict(
    case_worker=404,
    team_member=404,
    read_only=404,
    other_team=404,
    safeguarding=200,
    privacy=404,
    admin=404,
    anonymous=302,
)

T = "meldcode/gezin/<int:pk>/traject/<int:trajectory_pk>/"

ROUTES: dict = {
    "meldcode/overzicht/": [Check("get", SAFEGUARDING_ONLY, family_scoped=False)],
    "meldcode/gezin/<int:pk>/": [Check("get", READ)],
    "meldcode/gezin/<int:pk>/starten/": [Check("get", WRITE)],
    "meldcode/gezin/<int:pk>/markering/<int:referral_pk>/afhandelen/": [Check("post", POST_WRITE)],
    T: [Check("get", READ)],
    T + "afsluiten/": [Check("get", WRITE)],
    T + "signaal/nieuw/": [Check("get", WRITE)],
    T + "consultatie/nieuw/": [Check("get", WRITE)],
    T + "gesprek/nieuw/": [Check("get", WRITE)],
    T + "afweging/nieuw/": [Check("get", WRITE)],
    T + "melding/nieuw/": [Check("get", WRITE)],
    T + "melding/<int:report_pk>/terugkoppeling/": [Check("get", WRITE)],
    T + "ace/nieuw/": [Check("get", WRITE)],
    T + "factoren/nieuw/": [Check("get", WRITE)],
    T + "<str:kind>/<int:draft_pk>/bewerken/": [Check("get", WRITE)],
    T + "<str:kind>/<int:draft_pk>/definitief/": [Check("get", WRITE), Check("post", POST_WRITE)],
    T + "<str:kind>/<int:record_pk>/aanvulling/": [Check("get", WRITE)],
}

F = "/families/{family_id}/meldcode"
API_PATHS: set = {
    F,
    F + "/{trajectory_id}",
    F + "/{trajectory_id}/close",
    F + "/{trajectory_id}/signals",
    F + "/{trajectory_id}/consultations",
    F + "/{trajectory_id}/conversations",
    F + "/{trajectory_id}/weighings",
    F + "/{trajectory_id}/reports",
    F + "/{trajectory_id}/reports/{report_id}/feedback",
    F + "/{trajectory_id}/{kind}/{record_id}",
    F + "/{trajectory_id}/{kind}/{record_id}/finalise",
    F + "/{trajectory_id}/{kind}/{record_id}/addenda",
    F + "/{trajectory_id}/ace",
    F + "/{trajectory_id}/factors",
    "/families/{family_id}/meldcode-referrals/{referral_id}/resolve",
    "/meldcode/overview",
}


def url_values(personas) -> dict:
    """Objects the URLs need, made directly (no access-log entries: the matrix counts them)."""
    from datetime import timedelta

    from django.utils import timezone

    from vangnet.meldcode.models import MeetingReferral, Report, Signal, Trajectory

    p = personas
    today = timezone.localdate()
    trajectory = Trajectory.objects.create(
        family=p.family, started_on=today - timedelta(days=3), started_by=p.case_worker
    )
    trajectory.children.set([p.child])
    signal = dict(
        trajectory=trajectory,
        child=p.child,
        observed_on=today,
        observed_by="Juf Test",
        description="Blauwe plek.",
        category="physical_abuse",
        source="school",
        recorded_by=p.case_worker,
    )
    draft = Signal.objects.create(**signal)
    final = Signal.objects.create(**signal, finalised_at=timezone.now(), finalised_by=p.case_worker)
    report = Report.objects.create(
        trajectory=trajectory,
        recorded_by=p.case_worker,
        reported_on=today,
        reported_by=p.case_worker,
        vt_contact="Veilig Thuis Test",
        shared="Signalen.",
        family_informed=True,
        feedback_due_on=today + timedelta(days=7),
    )
    referral = MeetingReferral.objects.create(
        family=p.family,
        trajectory=trajectory,
        reason="acute",
        source="test",
        raised_by=p.case_worker,
    )
    return {
        "referral_pk": referral.pk,
        "trajectory_pk": trajectory.pk,
        "kind": "signal",
        "draft_pk": draft.pk,
        "record_pk": final.pk,
        "report_pk": report.pk,
    }
