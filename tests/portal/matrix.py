"""Authorization-matrix entries of the portal (see tests/matrix_common.py).

The coach's pages inside the file follow the file's rules. The portal's own pages answer
every professional persona (and anonymous visitors) with 404: a professional session gives
nothing in the portal. The portal's own personas are in tests/portal/test_portal_matrix.py.
"""

from tests.matrix_common import POST_WRITE, READ, WRITE, Check
from vangnet.portal.models import Invitation

NOBODY = {k: 404 for k in READ}
ANYONE = {k: 200 for k in READ}

ROUTES = {
    "gezinnen/<int:pk>/portaal/": [Check("get", READ)],
    "gezinnen/<int:pk>/portaal/uitnodigen/<int:invitee_pk>/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/portaal/<int:invitation_pk>/nieuwe-link/": [Check("post", POST_WRITE)],
    "gezinnen/<int:pk>/portaal/<int:invitation_pk>/intrekken/": [Check("post", POST_WRITE)],
    "portaal/": [Check("get", NOBODY, family_scoped=False)],
    "portaal/weekcheck/": [
        Check("get", NOBODY, family_scoped=False),
        Check("post", NOBODY, family_scoped=False),
    ],
    # Without a portal session logging out only shows the "logged out" page.
    "portaal/uitloggen/": [Check("post", ANYONE, family_scoped=False)],
    "portaal/l/<str:token>/": [
        Check("get", NOBODY, family_scoped=False),
        Check("post", NOBODY, family_scoped=False),
    ],
    "portaal/l/<str:token>/code/": [
        Check("get", NOBODY, family_scoped=False),
        Check("post", NOBODY, family_scoped=False),
    ],
}
API_PATHS: set = set()


def url_values(p) -> dict:
    invitation = Invitation.objects.create(
        family=p.family,
        person=p.parent,
        channel="email",
        address="ouder@example.org",
        created_by=p.case_worker,
    )
    return {
        "invitee_pk": p.parent.pk,
        "invitation_pk": invitation.pk,
        "token": "onbekend-" + "x" * 30,
    }
