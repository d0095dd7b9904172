"""The JSON API under /api/v1/: same access rules and access log as the HTML pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from vangnet.api.auth import BearerToken
from vangnet.api.schemas import field_errors
from vangnet.core.concurrency import StaleVersionError

api = NinjaAPI(
    title="Vangnet API",
    version="1",
    auth=BearerToken(),
    docs_url=None,  # the schema is at /api/v1/openapi.json; no third-party docs page
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(
        request, {"detail": _("A valid API token is required.")}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": _("You are not allowed to do this.")}, status=403
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": _("The input is not valid."), "errors": errors}, status=422
    )


@api.exception_handler(RequestValidationError)
def invalid_request(request, exc):
    """Malformed parameters or body: the same shape as the 422 above, field by field."""
    return api.create_response(
        request,
        {"detail": _("The input is not valid."), "errors": field_errors(exc.errors)},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    """django-ninja answers a body that is not JSON with 400; here it is invalid input like
    any other (422 with the errors per field), as the schema documents."""
    if exc.status_code == 400:
        return api.create_response(
            request,
            {
                "detail": _("The input is not valid."),
                "errors": {"body": [_("The request body is not valid JSON.")]},
            },
            status=422,
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(StaleVersionError)
def stale(request, exc):
    return api.create_response(
        request,
        {
            "detail": _(
                "This record was changed by someone else; reload it and apply your change again."
            ),
            "current_version": exc.current.version,
            "changed_fields": exc.changed_fields,
        },
        status=409,
    )


from vangnet.api import families, meetings, meldcode, protection, review, safety  # noqa: E402,F401  (routers register themselves)
