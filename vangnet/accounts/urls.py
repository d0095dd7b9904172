from django.urls import path

from vangnet.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.verify_view, name="verify"),
    path("inloggen/tweestaps/", views.setup_2fa_view, name="setup_2fa"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("profiel/", views.profile_view, name="profile"),
    path("profiel/tokens/<int:pk>/intrekken/", views.revoke_token_view, name="revoke_token"),
    path("goedkeuringen/", views.approvals_view, name="approvals"),
    path("goedkeuringen/<int:pk>/", views.approval_view, name="approval"),
    path("instellen/<str:token>/", views.setup_account_view, name="setup_account"),
]
