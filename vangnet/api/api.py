"""The JSON API under /api/v1/: same access rules and access log as the HTML pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI

from vangnet.api.auth import BearerToken
from vangnet.core.concurrency import StaleVersionError

api = NinjaAPI(
    title="Vangnet API",
    version="1",
    auth=BearerToken(),
    docs_url=None,  # the schema is at /api/v1/openapi.json; no third-party docs page
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "Forbidden"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Invalid input", "errors": errors}, status=422)


@api.exception_handler(StaleVersionError)
def stale(request, exc):
    return api.create_response(
        request,
        {
            "detail": "This record was changed by someone else; reload it and apply your change again.",
            "current_version": exc.current.version,
            "changed_fields": exc.changed_fields,
        },
        status=409,
    )


from vangnet.api import families  # noqa: E402,F401  (routers register themselves)
