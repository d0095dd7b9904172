"""Portal sessions and professional sessions are kept strictly apart."""

import re

import pytest

from tests.portal.conftest import invite, log_in
from tests.test_authorization_matrix import all_routes

pytestmark = pytest.mark.django_db


def _path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", "1", route)


def test_a_portal_visitor_gets_404_on_every_professional_route(world, client):
    log_in(client, invite(world.oma, world.p.case_worker))
    routes = sorted(r for r in set(all_routes()) if not r.startswith("portaal/") and "(?P" not in r)
    assert len(routes) > 50 and "gezinnen/" in routes and "beheer/" in routes
    wrong = {}
    for route in routes:
        for method in ("get", "post"):
            status = getattr(client, method)(_path(route)).status_code
            if status != 404:
                wrong[f"{method} {route}"] = status
    assert wrong == {}
    # The portal itself still works with the same session.
    assert client.get("/portaal/").status_code == 200


def test_the_portal_visitor_is_not_logged_in_as_anyone(world, client):
    log_in(client, invite(world.oma, world.p.case_worker))
    response = client.get("/portaal/")
    assert not response.wsgi_request.user.is_authenticated


def test_a_professional_session_gives_nothing_in_the_portal(world, as_user):
    coach = as_user(world.p.case_worker)
    for path in ("/portaal/", "/portaal/weekcheck/"):
        response = coach.get(path)
        assert response.status_code == 404
        assert not response.wsgi_request.user.is_authenticated
    # And the professional routes still work for the professional.
    assert coach.get(f"/gezinnen/{world.p.family.pk}/").status_code == 200


def test_an_ended_portal_session_does_not_block_professional_routes(world, as_user, client):
    coach = as_user(world.p.case_worker)
    session = log_in(coach, invite(world.oma, world.p.case_worker))
    assert coach.get(f"/gezinnen/{world.p.family.pk}/").status_code == 404
    session.delete()
    assert coach.get(f"/gezinnen/{world.p.family.pk}/").status_code == 200
