"""Family file pages. URLs carry only numeric ids: never names, birth dates or search terms."""

from django.urls import path

from vangnet.families import views

app_name = "families"

urlpatterns = [
    path("", views.family_list, name="list"),
    path("zoeken/", views.family_search, name="search"),
    path("nieuw/", views.family_create, name="create"),
    path("noodtoegang/", views.emergency_access, name="emergency"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("<int:pk>/bewerken/", views.family_edit, name="edit"),
    path("<int:pk>/afsluiten/", views.family_close, name="close"),
    path("<int:pk>/heropenen/", views.family_reopen, name="reopen"),
    path("<int:pk>/personen/nieuw/", views.person_add, name="person_add"),
    path("<int:pk>/personen/<int:person_pk>/bewerken/", views.person_edit, name="person_edit"),
    path(
        "<int:pk>/personen/<int:person_pk>/verwijderen/",
        views.person_remove,
        name="person_remove",
    ),
    path("<int:pk>/ketenpartners/nieuw/", views.partner_add, name="partner_add"),
    path(
        "<int:pk>/ketenpartners/<int:partner_pk>/bewerken/",
        views.partner_edit,
        name="partner_edit",
    ),
    path(
        "<int:pk>/ketenpartners/<int:partner_pk>/verwijderen/",
        views.partner_remove,
        name="partner_remove",
    ),
    path("<int:pk>/contacten/", views.contact_list, name="contacts"),
    path("<int:pk>/contacten/nieuw/", views.contact_add, name="contact_add"),
    path("<int:pk>/toegang/nieuw/", views.grant_add, name="grant_add"),
    path("<int:pk>/toegang/<int:grant_pk>/intrekken/", views.grant_revoke, name="grant_revoke"),
    path(
        "<int:pk>/vernietiging/nieuw/",
        views.destruction_request_add,
        name="destruction_request_add",
    ),
    path(
        "<int:pk>/vernietiging/<int:request_pk>/besluit/",
        views.destruction_request_decide,
        name="destruction_request_decide",
    ),
]
