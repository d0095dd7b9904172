"""Four eyes on access rights: an admin asks, a second person approves; the requester and
the user concerned never approve; a reset second factor is set up again through a
one-time link that only the approver sees."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import make_user
from vangnet.accounts import actions
from vangnet.accounts.models import (
    AccessChangeRequest,
    AccountSetupToken,
    ChangeKind,
    ChangeStatus,
    Discipline,
    Membership,
    OrganisationRole,
    Role,
    User,
)
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent
from vangnet.families.models import AccessGrant

APPROVALS = reverse("accounts:approvals")
NEW_PASSWORD = "Eigen-wachtwoord-2026!"


@pytest.fixture
def team_lead(personas):
    lead = make_user("teamleider", organisation=personas.organisation, email="tl@example.org")
    Membership.objects.create(user=lead, team=personas.team_a, role=Role.TEAM_LEAD)
    return lead


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def ask(personas, user, kind=ChangeKind.MEMBERSHIP, **values):
    if kind == ChangeKind.MEMBERSHIP:
        values = {"team": personas.team_a, "role": Role.PROFESSIONAL} | values
    return actions.do_request_access_change(
        actor=Actor.cli(personas.admin), user=user, kind=kind, reason="Nieuwe collega", **values
    )


def form_errors(response) -> list[str]:
    return re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)


def entries(object_type="access_change_request"):
    return list(AccessEvent.objects.filter(object_type=object_type).order_by("id"))


# The admin site no longer gives access by itself -----------------------------------------------


def test_a_new_user_with_a_role_gets_no_role_and_no_password_until_approved(personas, as_user):
    client = as_user(personas.admin)
    response = client.post(
        "/beheer/accounts/user/add/",
        {
            "username": "nieuw",
            "first_name": "Nieuw",
            "last_name": "Lid",
            "email": "",
            "discipline": Discipline.SAFEGUARDING_LEAD,
            "organisation": personas.organisation.pk,
            "organisation_role": OrganisationRole.SAFEGUARDING_LEAD,
            "reason": "Nieuwe aandachtsfunctionaris",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, form_errors(response)
    user = User.objects.get(username="nieuw")
    assert user.organisation_role == ""
    assert not user.has_usable_password()
    change = AccessChangeRequest.objects.get(user=user)
    assert change.kind == ChangeKind.ORGANISATION_ROLE and change.is_pending
    assert change.requested_by == personas.admin
    assert [e.action for e in entries()] == ["create"]


def test_the_admin_cannot_set_a_password(personas, as_user):
    client = as_user(personas.admin)
    url = f"/beheer/accounts/user/{personas.case_worker.pk}/password/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403


def test_the_admin_cannot_change_a_role_on_the_user_form(personas, as_user):
    client = as_user(personas.admin)
    user = personas.other_team
    response = client.post(
        f"/beheer/accounts/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": "Ander",
            "last_name": user.last_name,
            "email": "",
            "discipline": user.discipline,
            "organisation_role": OrganisationRole.SAFEGUARDING_LEAD,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": user.memberships.get().pk,
            "memberships-0-user": user.pk,
            "memberships-0-team": personas.team_a.pk,
            "memberships-0-role": Role.TEAM_LEAD,
        },
    )
    assert response.status_code == 302, form_errors(response)
    user.refresh_from_db()
    assert user.first_name == "Ander"  # plain fields save at once ...
    assert user.organisation_role == ""  # ... a role does not
    membership = user.memberships.get()
    assert (membership.team, membership.role) == (personas.team_b, Role.PROFESSIONAL)


def test_a_membership_is_asked_for_in_the_admin_and_waits(personas, as_user):
    client = as_user(personas.admin)
    response = client.post(
        "/beheer/accounts/accesschangerequest/add/",
        {
            "kind": ChangeKind.MEMBERSHIP,
            "user": personas.other_team.pk,
            "team": personas.team_a.pk,
            "role": Role.PROFESSIONAL,
            "reason": "Invaller",
        },
    )
    assert response.status_code == 302, form_errors(response)
    assert not Membership.objects.filter(user=personas.other_team, team=personas.team_a).exists()
    assert AccessChangeRequest.objects.get().is_pending
    # The same again is refused, on the form.
    response = client.post(
        "/beheer/accounts/accesschangerequest/add/",
        {
            "kind": ChangeKind.MEMBERSHIP,
            "user": personas.other_team.pk,
            "team": personas.team_a.pk,
            "role": Role.PROFESSIONAL,
            "reason": "Invaller",
        },
    )
    assert response.status_code == 200
    assert AccessChangeRequest.objects.count() == 1


def test_reset_two_factor_in_the_admin_only_asks(personas, as_user):
    client = as_user(personas.admin)
    response = client.post(
        "/beheer/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [personas.case_worker.pk]},
    )
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=personas.case_worker).exists()
    personas.case_worker.refresh_from_db()
    assert personas.case_worker.has_usable_password()
    change = AccessChangeRequest.objects.get()
    assert change.kind == ChangeKind.RESET_TWO_FACTOR


# Who may approve -------------------------------------------------------------------------------


def test_the_requester_and_the_user_concerned_never_approve(personas, team_lead):
    second_admin = make_user(
        "beheer2",
        organisation=personas.organisation,
        role=OrganisationRole.FUNCTIONAL_ADMIN,
        is_staff=True,
    )
    change = ask(personas, team_lead, kind=ChangeKind.RESET_TWO_FACTOR)
    for who in (personas.admin, team_lead):
        with pytest.raises(PermissionDenied):
            actions.do_decide_access_change(actor=Actor.cli(who), change=change, approve=True)
    # Outsiders to the request cannot decide either.
    for who in (personas.case_worker, personas.privacy, personas.safeguarding):
        with pytest.raises(PermissionDenied):
            actions.do_decide_access_change(actor=Actor.cli(who), change=change, approve=True)
    actions.do_decide_access_change(actor=Actor.cli(second_admin), change=change, approve=True)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.decided_by == second_admin


def test_the_database_refuses_a_decision_by_the_requester(personas):
    change = ask(personas, personas.other_team)
    change.decided_by = personas.admin
    with pytest.raises(IntegrityError), transaction.atomic():
        change.save()


def test_the_setting_chooses_who_approves(personas, team_lead, settings):
    director = make_user(
        "directeur",
        organisation=personas.organisation,
        discipline=Discipline.DIRECTOR,
        role=OrganisationRole.DIRECTOR,
    )
    change = ask(personas, personas.other_team)
    settings.FOUR_EYES_APPROVERS = ["director"]
    with pytest.raises(PermissionDenied):
        actions.do_decide_access_change(actor=Actor.cli(team_lead), change=change, approve=True)
    actions.do_decide_access_change(actor=Actor.cli(director), change=change, approve=True)
    assert Membership.objects.filter(user=personas.other_team, team=personas.team_a).exists()


def test_a_job_title_of_director_does_not_make_an_approver(personas, settings):
    # The discipline is edited freely in user management; only the organisation role
    # (itself given with four eyes) lets someone approve.
    titled = make_user("titel", organisation=personas.organisation, discipline=Discipline.DIRECTOR)
    change = ask(personas, personas.other_team)
    settings.FOUR_EYES_APPROVERS = ["director"]
    with pytest.raises(PermissionDenied):
        actions.do_decide_access_change(actor=Actor.cli(titled), change=change, approve=True)
    assert not Membership.objects.filter(user=personas.other_team, team=personas.team_a).exists()


def test_a_team_lead_approves_only_for_their_own_team(personas, team_lead):
    change = ask(personas, personas.case_worker, team=personas.team_b)
    with pytest.raises(PermissionDenied):
        actions.do_decide_access_change(actor=Actor.cli(team_lead), change=change, approve=True)


def test_rejecting_needs_a_reason_and_changes_nothing(personas, team_lead):
    change = ask(personas, personas.other_team)
    with pytest.raises(ValidationError):
        actions.do_decide_access_change(actor=Actor.cli(team_lead), change=change, approve=False)
    actions.do_decide_access_change(
        actor=Actor.cli(team_lead), change=change, approve=False, note="Niet bekend"
    )
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED
    assert not Membership.objects.filter(user=personas.other_team, team=personas.team_a).exists()
    assert [e.action for e in entries()] == ["create", "update"]
    assert entries()[1].details["status"] == "rejected"


def test_approval_pages_answer_404_to_who_has_nothing_to_do_there(personas, team_lead, as_user):
    change = ask(personas, personas.other_team)
    url = reverse("accounts:approval", kwargs={"pk": change.pk})
    for who in (personas.case_worker, personas.privacy, personas.other_team):
        client = as_user(who)
        assert client.get(APPROVALS).status_code == 404
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "approve"}).status_code == 404
    client = as_user(personas.admin)  # the requester sees it, but cannot decide
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert AccessChangeRequest.objects.get().is_pending


def test_the_requester_may_withdraw(personas, as_user):
    change = ask(personas, personas.other_team)
    client = as_user(personas.admin)
    url = reverse("accounts:approval", kwargs={"pk": change.pk})
    assert client.post(url, {"withdraw": "1"}).status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.WITHDRAWN


# Carrying out what was approved ----------------------------------------------------------------


def test_a_team_lead_approves_a_membership_on_the_page(
    personas, team_lead, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change = ask(personas, personas.other_team)
    assert mail.outbox and "tl@example.org" in mail.outbox[0].to
    client = as_user(team_lead)
    assert change.summary in client.get(APPROVALS).content.decode()
    url = reverse("accounts:approval", kwargs={"pk": change.pk})
    response = client.post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    membership = Membership.objects.get(user=personas.other_team, team=personas.team_a)
    assert membership.role == Role.PROFESSIONAL
    approved = entries()[-1]
    assert approved.action == "update" and approved.username == team_lead.username
    assert approved.details["status"] == "approved"
    assert not AccountSetupToken.objects.exists()  # an existing account keeps its login


def test_an_organisation_role_takes_effect_after_approval(personas, team_lead):
    director = make_user(
        "directeur",
        organisation=personas.organisation,
        discipline=Discipline.DIRECTOR,
        role=OrganisationRole.DIRECTOR,
    )
    change = ask(
        personas,
        personas.case_worker,
        kind=ChangeKind.ORGANISATION_ROLE,
        organisation_role=OrganisationRole.SAFEGUARDING_LEAD,
    )
    personas.case_worker.refresh_from_db()
    assert not personas.case_worker.is_safeguarding_lead
    actions.do_decide_access_change(actor=Actor.cli(director), change=change, approve=True)
    personas.case_worker.refresh_from_db()
    assert personas.case_worker.is_safeguarding_lead


def test_an_access_grant_by_an_admin_takes_effect_after_approval(personas, team_lead):
    change = ask(
        personas,
        personas.other_team,
        kind=ChangeKind.ACCESS_GRANT,
        family_reference=personas.family.reference,
        grant_ends_at=timezone.now() + timedelta(days=30),
    )
    assert not AccessGrant.objects.exists()
    actions.do_decide_access_change(actor=Actor.cli(team_lead), change=change, approve=True)
    grant = AccessGrant.objects.get()
    assert grant.user == personas.other_team and grant.granted_by == personas.admin
    assert not grant.can_write
    assert entries()[-1].family_ref == personas.family.reference


def test_reset_then_the_user_sets_up_through_the_one_time_link(personas, team_lead, client):
    user = personas.case_worker
    change = ask(personas, user, kind=ChangeKind.RESET_TWO_FACTOR)
    _change, raw = actions.do_decide_access_change(
        actor=Actor.cli(team_lead), change=change, approve=True
    )
    assert raw and not TOTPDevice.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert not user.has_usable_password()
    stored = AccountSetupToken.objects.get(user=user)
    assert stored.token_hash != raw and raw not in str(entries()[-1].details)
    # The old password no longer logs in (it became unusable).
    assert client.post(reverse("accounts:login"), {"username": user.username, "password": "x"})

    url = reverse("accounts:setup_account", kwargs={"token": raw})
    assert client.get(url).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "code": "000000"}
    )
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(confirmed=True, user=user)
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next try down (django-otp)
    response = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "code": code(device)}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert TOTPDevice.objects.get(user=user).confirmed
    # Single use.
    assert client.get(url).status_code == 404
    assert AccessEvent.objects.filter(object_type="user_account", object_id=str(user.pk)).exists()


def test_the_link_is_shown_to_the_approver_only(personas, as_user):
    second_admin = make_user(
        "beheer2",
        organisation=personas.organisation,
        role=OrganisationRole.FUNCTIONAL_ADMIN,
        is_staff=True,
    )
    change = ask(personas, personas.case_worker, kind=ChangeKind.RESET_TWO_FACTOR)
    client = as_user(second_admin)
    response = client.post(
        reverse("accounts:approval", kwargs={"pk": change.pk}), {"decision": "approve"}
    )
    assert response.status_code == 200
    match = re.search(r"/account/instellen/([\w-]+)/", response.content.decode())
    assert match
    client = as_user(personas.admin)
    page = client.get(reverse("accounts:approval", kwargs={"pk": change.pk})).content.decode()
    assert match.group(1) not in page
    assert match.group(1) not in client.get(APPROVALS).content.decode()


def test_a_new_account_gets_its_link_with_its_first_approved_right(personas, team_lead):
    user = actions.do_create_user(
        actor=Actor.cli(personas.admin),
        user=User(username="nieuw", organisation=personas.organisation),
    )
    change = ask(personas, user)
    _change, raw = actions.do_decide_access_change(
        actor=Actor.cli(team_lead), change=change, approve=True
    )
    assert raw and actions.setup_token(raw).user == user


def test_an_expired_link_does_not_work(personas, team_lead, client):
    change = ask(personas, personas.case_worker, kind=ChangeKind.RESET_TWO_FACTOR)
    _change, raw = actions.do_decide_access_change(
        actor=Actor.cli(team_lead), change=change, approve=True
    )
    AccountSetupToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("accounts:setup_account", kwargs={"token": raw})).status_code == 404
    assert (
        client.get(reverse("accounts:setup_account", kwargs={"token": "x" * 43})).status_code == 404
    )


# The privacy officer sees both steps -----------------------------------------------------------


def test_the_privacy_officer_lists_requests_and_decisions(personas, team_lead, as_user):
    change = ask(personas, personas.other_team)
    actions.do_decide_access_change(actor=Actor.cli(team_lead), change=change, approve=True)
    client = as_user(personas.privacy)
    page = client.get(reverse("audit:access_changes")).content.decode()
    assert personas.other_team.username in page and team_lead.username in page
    for who in (personas.admin, team_lead, personas.case_worker):
        assert as_user(who).get(reverse("audit:access_changes")).status_code == 404


def test_the_admin_pages_render(personas, as_user):
    client = as_user(personas.admin)
    ask(personas, personas.other_team)
    for url in (
        "/beheer/accounts/user/add/",
        f"/beheer/accounts/user/{personas.case_worker.pk}/change/",
        "/beheer/accounts/accesschangerequest/",
        "/beheer/accounts/accesschangerequest/add/?kind=membership",
        f"/beheer/accounts/accesschangerequest/{AccessChangeRequest.objects.get().pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_ending_a_membership_needs_no_second_person(personas, as_user):
    client = as_user(personas.admin)
    user = personas.other_team
    response = client.post(
        f"/beheer/accounts/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": "",
            "discipline": user.discipline,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": user.memberships.get().pk,
            "memberships-0-user": user.pk,
            "memberships-0-DELETE": "on",
        },
    )
    assert response.status_code == 302, form_errors(response)
    assert not user.memberships.exists()
    entry = AccessEvent.objects.filter(object_type="user_account").order_by("id").last()
    assert entry.details["fields"] == ["memberships"]


def test_teams_are_saved_through_the_action(personas, as_user):
    client = as_user(personas.admin)
    response = client.post(
        "/beheer/accounts/team/add/",
        {"organisation": personas.organisation.pk, "name": "Team C", "is_active": "on"},
    )
    assert response.status_code == 302, form_errors(response)
    entry = AccessEvent.objects.get(object_type="team")
    assert entry.action == "create" and entry.details["team"] == "Team C"
