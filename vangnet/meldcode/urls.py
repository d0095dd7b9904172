from django.urls import path

from vangnet.meldcode import views

app_name = "meldcode"

T = "gezin/<int:pk>/traject/<int:trajectory_pk>/"

urlpatterns = [
    path("overzicht/", views.overview, name="overview"),
    path("gezin/<int:pk>/", views.family_meldcode, name="family"),
    path("gezin/<int:pk>/starten/", views.start, name="start"),
    path(
        "gezin/<int:pk>/markering/<int:referral_pk>/afhandelen/",
        views.resolve_referral,
        name="resolve_referral",
    ),
    path(T, views.trajectory_detail, name="trajectory"),
    path(T + "afsluiten/", views.close, name="close"),
    path(T + "signaal/nieuw/", views.add_signal, name="add_signal"),
    path(T + "consultatie/nieuw/", views.add_consultation, name="add_consultation"),
    path(T + "gesprek/nieuw/", views.add_conversation, name="add_conversation"),
    path(T + "afweging/nieuw/", views.add_weighing, name="add_weighing"),
    path(T + "melding/nieuw/", views.add_report, name="add_report"),
    path(T + "melding/<int:report_pk>/terugkoppeling/", views.feedback, name="feedback"),
    path(T + "ace/nieuw/", views.add_ace, name="add_ace"),
    path(T + "factoren/nieuw/", views.add_factors, name="add_factors"),
    path(T + "<str:kind>/<int:draft_pk>/bewerken/", views.edit_record, name="edit"),
    path(T + "<str:kind>/<int:draft_pk>/definitief/", views.finalise_record, name="finalise"),
    path(T + "<str:kind>/<int:record_pk>/aanvulling/", views.add_addendum, name="addendum"),
]
