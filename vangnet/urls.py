from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path

from vangnet.accounts.admin_site import protect_admin_site
from vangnet.api.api import api

protect_admin_site(admin.site)


def home(request):
    user = request.user
    if user.is_authenticated and user.is_privacy_officer:
        return redirect("audit:log")
    if user.is_authenticated and user.is_functional_admin:
        return redirect("admin:index")
    return redirect("families:list")


urlpatterns = [
    path("", home, name="home"),
    path("account/", include("vangnet.accounts.urls")),
    path("gezinnen/", include("vangnet.families.urls")),
    path("gezinnen/<int:pk>/portaal/", include("vangnet.portal.staff_urls")),
    path("veiligheid/", include("vangnet.safety.urls")),
    path("meldcode/", include("vangnet.meldcode.urls")),
    path("overleg/", include("vangnet.meetings.urls")),
    path("bescherming/", include("vangnet.protection.urls")),
    path("privacy/", include("vangnet.audit.urls")),
    path("portaal/", include("vangnet.portal.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
