from django.urls import path

from vangnet.protection import views

app_name = "protection"

urlpatterns = [
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/fasen/<slug:phase>/", views.phase_set, name="phase"),
    path("<int:pk>/maatregelen/nieuw/", views.measure_add, name="measure_add"),
    path(
        "<int:pk>/maatregelen/<int:measure_pk>/bewerken/",
        views.measure_edit,
        name="measure_edit",
    ),
    path(
        "<int:pk>/forensisch-onderzoek/letsel/<int:signal_pk>/",
        views.forensic_add,
        name="forensic_add",
    ),
    path(
        "<int:pk>/forensisch-onderzoek/<int:exam_pk>/bewerken/",
        views.forensic_edit,
        name="forensic_edit",
    ),
]
