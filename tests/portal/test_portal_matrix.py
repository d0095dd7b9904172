"""The portal's own authorization matrix, over its personas.

parent        - a parent of the family, logged in through their invitation
safety_person - Oma, safety person of the family, logged in
other_family  - the safety person of another family, logged in (sees only that family)
revoked       - Oma's session after the coach revoked her invitation
expired_link  - a visitor with an expired one-time link and no session
professional  - the family's own coach, logged in as a professional
anonymous     - nobody
"""

import pytest
from django.utils import timezone

from tests.personas import login
from tests.portal.conftest import invite, link_for, log_in
from vangnet.audit.models import AccessEvent

PERSONAS = (
    "parent",
    "safety_person",
    "other_family",
    "revoked",
    "expired_link",
    "professional",
    "anonymous",
)
SEES = {"parent": "VN-TEST01", "safety_person": "VN-TEST01", "other_family": "VN-ANDER1"}
ROUTES = {
    "/portaal/": dict.fromkeys(PERSONAS, 404) | dict.fromkeys(SEES, 200),
    "/portaal/weekcheck/": dict.fromkeys(PERSONAS, 404) | dict.fromkeys(SEES, 200),
    # The link of the persona itself (the ones with a session have used theirs). The
    # professional holds the parent's fresh link: its page greets and shows nothing else,
    # and the code goes only to the parent's number - the professional login counts for nothing.
    "link": dict.fromkeys(PERSONAS, 404) | {"professional": 200},
}
CASES = [(route, who) for route in ROUTES for who in PERSONAS]


def _as(who, world, client):
    p = world.p
    if who == "professional":
        login(client, p.case_worker)
        return link_for(invite(p.parent, p.case_worker))  # a link that is not theirs
    if who == "anonymous":
        return "onbekend-" + "x" * 30
    person = {
        "parent": p.parent,
        "safety_person": world.oma,
        "other_family": world.other_safety,
        "revoked": world.oma,
        "expired_link": world.neighbour,
    }[who]
    invitation = invite(person, p.case_worker)
    if who == "expired_link":
        return link_for(invitation, days=-1)
    token = link_for(invitation)
    invitation.links.update(used_at=timezone.now())
    log_in(client, invitation)
    if who == "revoked":
        invitation.revoked_at = timezone.now()
        invitation.save()
    return token


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "who"), CASES, ids=[f"{r} {w}" for r, w in CASES])
def test_portal_matrix(world, client, route, who):
    token = _as(who, world, client)
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    url = f"/portaal/l/{token}/" if route == "link" else route
    response = client.get(url, REMOTE_ADDR="192.0.2.5")
    assert response.status_code == ROUTES[route][who], f"{url} as {who}"
    events = list(AccessEvent.objects.filter(id__gt=before))
    if response.status_code == 404:
        assert not response.wsgi_request.user.is_authenticated
        # Only a known link that may not be used any more leaves a refusal.
        assert all(e.action == "denied" and e.channel == "portal" for e in events)
        assert len(events) <= 1
        return
    html = response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    if route == "link":
        assert events == [] and "Testouder" not in html and "Testfamilie" not in html
    if route == "/portaal/":
        assert ("Gezin Ander" in html) == (who == "other_family")
        (event,) = events
        assert event.channel == "portal" and event.family_ref == SEES[who]
        assert event.user_id is None and event.username.startswith("portaal:")
