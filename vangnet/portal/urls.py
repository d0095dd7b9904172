"""The portal for parents and the network. URLs carry only the opaque one-time token."""

from django.urls import path

from vangnet.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("weekcheck/", views.checkin, name="checkin"),
    path("uitloggen/", views.logout, name="logout"),
    path("l/<str:token>/", views.link, name="link"),
    path("l/<str:token>/code/", views.code, name="code"),
]
