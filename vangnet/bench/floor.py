"""The load benchmark's floor: the same stack and middleware as every page, doing nothing
but authenticate and render the base template (and, for the API, authenticate the token).

Only mounted by vangnet.bench.settings, which the benchmark's gunicorn uses; the
application's own URLs never include it.
"""

from django.shortcuts import render
from django.urls import path
from ninja import NinjaAPI

from vangnet.accounts.decorators import case_content_required
from vangnet.api.auth import BearerToken
from vangnet.urls import urlpatterns as app_urlpatterns

floor_api = NinjaAPI(auth=BearerToken(), urls_namespace="bench_floor", docs_url=None)


@floor_api.get("/floor")
def api_floor(request):
    return {"user": request.user.pk}


@case_content_required
def page_floor(request):
    return render(request, "bench/floor.html")


urlpatterns = [
    path("bench/floor/", page_floor),
    path("api/bench/", floor_api.urls),
    *app_urlpatterns,
]
