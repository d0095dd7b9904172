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
    path("vier-ogen/", views.access_changes, name="access_changes"),
    path("logcontrole/", views.log_reviews, name="log_reviews"),
    path("logcontrole/<int:pk>/", views.log_review, name="log_review"),
    path("logcontrole/<int:pk>/rapport.pdf", views.log_review_pdf, name="log_review_pdf"),
    path("logcontrole/<int:pk>/rapport.csv", views.log_review_csv, name="log_review_csv"),
]
