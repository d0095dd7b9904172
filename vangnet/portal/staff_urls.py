"""The coach's side of the portal, inside a family file (gezinnen/<pk>/portaal/...)."""

from django.urls import path

from vangnet.portal import staff_views

app_name = "portal_invitations"

urlpatterns = [
    path("", staff_views.invitations, name="list"),
    path("uitnodigen/<int:invitee_pk>/", staff_views.invite, name="invite"),
    path("<int:invitation_pk>/nieuwe-link/", staff_views.new_link, name="new_link"),
    path("<int:invitation_pk>/intrekken/", staff_views.revoke, name="revoke"),
]
