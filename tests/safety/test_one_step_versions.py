"""Fewer clicks on the version page: the sign-offs of several people in one form (all or
nothing, errors per row) and the distribution to everyone who signed in one step, with
"make this the active plan" in the same step."""

from django.urls import reverse

from tests.safety.helpers import build_plan, day
from vangnet.audit.models import AccessEvent
from vangnet.safety.models import Distribution, PlanVersion, SignOff


def last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def url(name, *args):
    return reverse(f"safety:{name}", args=args)


def rows(version, **overrides):
    """A ticked row per required signer: signed today, in person."""
    data = {"version": version.version, "agree": "on"}
    for signer in version.snapshot["signers"]:
        key = signer["key"]
        data |= {f"{key}-signed": "on", f"{key}-signed_on": day(), f"{key}-method": "in_person"}
    data |= overrides
    return data


def test_the_version_page_has_a_row_per_missing_signer(personas, as_user):
    data = build_plan(personas)
    v = data.version
    page = as_user(personas.case_worker).get(url("version", personas.family.pk, v.pk))
    body = page.content.decode()
    assert url("version_sign_many", personas.family.pk, v.pk) in body
    for signer in v.snapshot["signers"]:
        assert f'name="{signer["key"]}-signed"' in body
    # A reader sees the sign-offs, not the form.
    page = as_user(personas.read_only).get(url("version", personas.family.pk, v.pk))
    assert url("version_sign_many", personas.family.pk, v.pk) not in page.content.decode()


def test_mark_as_agreed_is_offered_only_when_nobody_is_missing(personas, as_user):
    data = build_plan(personas)
    v = data.version
    client = as_user(personas.case_worker)
    agree = url("version_agree", personas.family.pk, v.pk)
    assert agree not in client.get(url("version", personas.family.pk, v.pk)).content.decode()
    rows_without_agreeing = {k: val for k, val in rows(v).items() if k != "agree"}
    client.post(url("version_sign_many", personas.family.pk, v.pk), rows_without_agreeing)
    v.refresh_from_db()
    assert v.status == "draft"
    assert agree in client.get(url("version", personas.family.pk, v.pk)).content.decode()


def test_several_sign_offs_in_one_post_and_agreed(personas, as_user):
    data = build_plan(personas)
    v = data.version
    signers = v.snapshot["signers"]
    assert len(signers) >= 2
    client = as_user(personas.case_worker)
    before = last_id()
    response = client.post(url("version_sign_many", personas.family.pk, v.pk), rows(v))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SignOff.objects.filter(plan_version=v).count() == len(signers)
    v.refresh_from_db()
    assert v.status == "agreed"
    written = entries(before)
    # One entry per sign-off, one for "agreed".
    assert [e.object_type for e in written] == ["plan_signoff"] * len(signers) + ["plan_version"]


def test_only_the_ticked_rows_are_saved_and_agreed_waits(personas, as_user):
    data = build_plan(personas)
    v = data.version
    first = v.snapshot["signers"][0]["key"]
    post = {"version": v.version, "agree": "on"}
    post |= {f"{first}-signed": "on", f"{first}-signed_on": day(), f"{first}-method": "phone"}
    response = as_user(personas.case_worker).post(
        url("version_sign_many", personas.family.pk, v.pk), post
    )
    assert response.status_code == 302
    assert SignOff.objects.filter(plan_version=v).get().method == "phone"
    v.refresh_from_db()
    assert v.status == "draft"  # not everyone signed yet


def test_one_invalid_row_saves_nothing_and_says_which_row(personas, as_user):
    data = build_plan(personas)
    v = data.version
    signers = v.snapshot["signers"]
    bad = signers[-1]["key"]
    client = as_user(personas.case_worker)
    before = last_id()
    # The action refuses the row (a date in the future): the rows before it are rolled back.
    response = client.post(
        url("version_sign_many", personas.family.pk, v.pk), rows(v, **{f"{bad}-signed_on": day(1)})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{bad}-signed_on_error"' in body
    assert body.count('class="error" id="id_') == 1  # only that row
    assert SignOff.objects.filter(plan_version=v).count() == 0
    assert PlanVersion.objects.get(pk=v.pk).status == "draft"
    assert [e.action for e in entries(before)] == ["read"]  # the page shown again
    # The form's own check (a ticked row without a date): nothing saved either.
    response = client.post(
        url("version_sign_many", personas.family.pk, v.pk), rows(v, **{f"{bad}-signed_on": ""})
    )
    assert response.status_code == 200
    assert f'id="id_{bad}-signed_on_error"' in response.content.decode()
    assert SignOff.objects.filter(plan_version=v).count() == 0
    # Nobody ticked.
    response = client.post(
        url("version_sign_many", personas.family.pk, v.pk), {"version": v.version}
    )
    assert response.status_code == 200
    assert SignOff.objects.filter(plan_version=v).count() == 0


def test_distribute_to_everyone_who_signed_and_make_active(personas, as_user):
    data = build_plan(personas)
    v = data.version
    client = as_user(personas.case_worker)
    fid = personas.family.pk
    client.post(url("version_sign_many", fid, v.pk), rows(v))
    v.refresh_from_db()
    assert v.status == "agreed"
    body = client.get(url("version", fid, v.pk)).content.decode()
    assert url("version_distribute_signers", fid, v.pk) in body
    before = last_id()
    response = client.post(
        url("version_distribute_signers", fid, v.pk),
        {"version": v.version, "received_on": day(), "method": "in_person", "activate": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    v.refresh_from_db()
    assert v.status == "active" and v.active_from == day()
    signed = SignOff.objects.filter(plan_version=v).count()
    assert Distribution.objects.filter(plan_version=v).count() == signed
    # One entry for the distribution, one for making it active.
    assert [e.object_type for e in entries(before)] == ["plan_version", "plan_version"]
    # Nobody left: the step is not offered, and a stale second POST changes nothing.
    body = client.get(url("version", fid, v.pk)).content.decode()
    assert url("version_distribute_signers", fid, v.pk) not in body
    response = client.post(
        url("version_distribute_signers", fid, v.pk),
        {"version": v.version, "received_on": day(), "method": "in_person"},
    )
    assert response.status_code == 200
    assert Distribution.objects.filter(plan_version=v).count() == signed


def test_distribute_only_to_signers_not_yet_recorded(personas, as_user):
    data = build_plan(personas)
    v = data.version
    client = as_user(personas.case_worker)
    fid = personas.family.pk
    client.post(url("version_sign_many", fid, v.pk), rows(v))
    v.refresh_from_db()
    first = SignOff.objects.filter(plan_version=v).first()
    key = f"person-{first.person_id}" if first.person_id else f"user-{first.user_id}"
    client.post(
        url("version_distribute", fid, v.pk),
        {"version": v.version, "recipients": [key], "received_on": day(), "method": "post"},
    )
    v.refresh_from_db()
    assert v.status == "distributed"
    response = client.post(
        url("version_distribute_signers", fid, v.pk),
        {"version": v.version, "received_on": day(), "method": "email"},
    )
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.status == "distributed"  # not made active without asking
    signed = SignOff.objects.filter(plan_version=v).count()
    assert v.distributions.count() == signed
    assert v.distributions.filter(method="email").count() == signed - 1


def test_outsiders_get_404_and_readers_403(personas, as_user):
    data = build_plan(personas)
    v = data.version
    fid = personas.family.pk
    for name in ("version_sign_many", "version_distribute_signers"):
        path = url(name, fid, v.pk)
        assert as_user(personas.other_team).post(path, rows(v)).status_code == 404
        assert as_user(personas.read_only).post(path, rows(v)).status_code == 403
    assert SignOff.objects.filter(plan_version=v).count() == 0
