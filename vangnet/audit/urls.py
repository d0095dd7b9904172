from django.urls import path

from vangnet.audit import views

app_name = "audit"

urlpatterns = [
    path("logboek/", views.access_log, name="log"),
    path("noodtoegang/", views.emergency_reviews, name="emergency_reviews"),
]
