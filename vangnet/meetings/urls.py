"""Safety-meeting pages under /overleg/. URLs carry only numeric ids (and the feed secret)."""

from django.urls import path

from vangnet.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("team/<int:team_pk>/instellingen/", views.series_edit, name="series"),
    path("team/<int:team_pk>/nieuw/", views.meeting_create, name="create"),
    path("team/<int:team_pk>/acties/", views.team_actions, name="team_actions"),
    path("<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("<int:meeting_pk>/agenda/toevoegen/", views.agenda_add, name="agenda_add"),
    path("<int:meeting_pk>/agenda/verwijderen/", views.agenda_remove, name="agenda_remove"),
    path("<int:meeting_pk>/agenda/vernieuwen/", views.agenda_refresh, name="agenda_refresh"),
    path("<int:meeting_pk>/aanwezigen/", views.meeting_attendees, name="attendees"),
    path("<int:meeting_pk>/starten/", views.meeting_start, name="start"),
    path("<int:meeting_pk>/afronden/", views.meeting_finalise, name="finalise"),
    path("<int:meeting_pk>/addendum/", views.meeting_addendum, name="addendum"),
    path("<int:meeting_pk>/gezin/<int:pk>/", views.meeting_family, name="family"),
    path("<int:meeting_pk>/notulen/", views.minutes, name="minutes"),
    path("<int:meeting_pk>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("acties/", views.my_actions, name="my_actions"),
    path("acties/<int:action_pk>/gedaan/", views.action_done, name="action_done"),
    path("gezin/<int:pk>/tijdlijn/", views.family_timeline, name="timeline"),
    path("gezin/<int:pk>/ritme/", views.family_cadence, name="cadence"),
    path("agenda/", views.calendar_settings, name="calendar"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="feed"),
]
