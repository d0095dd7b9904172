from django.urls import path

from vangnet.audit import views

app_name = "audit"

# File numbers may appear in these URLs (they are not personal data); names never do.
urlpatterns = [
    path("logboek/", views.access_log, name="log"),
    path("logboek/export.csv", views.access_log_csv, name="log_csv"),
    path("gezin/", views.family_lookup, name="family_lookup"),
    path("gezin/<str:reference>/", views.family_overview, name="family_overview"),
    path("gezin/<str:reference>/export.csv", views.family_overview_csv, name="family_overview_csv"),
    path("signalen/", views.alerts, name="alerts"),
    path("noodtoegang/", views.emergency_reviews, name="emergency_reviews"),
    path("noodtoegang/<int:pk>/", views.emergency_review, name="emergency_review"),
]
