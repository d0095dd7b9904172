from django.urls import path

from vangnet.families import views

app_name = "families"

urlpatterns = [
    path("", views.family_list, name="list"),
    path("zoeken/", views.family_search, name="search"),
    path("<int:pk>/", views.family_detail, name="detail"),
]
