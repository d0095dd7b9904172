"""Logging filter that keeps personal data out of application logs."""

import logging


class StripRequestDetails(logging.Filter):
    """Drop request objects and query strings that Django attaches to log records.

    Error reports would otherwise carry POST bodies (names, birth dates) and the
    request repr; the method and path without query string are enough to find a bug.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server":
            # runserver's access line: keep it, minus any query string.
            if record.args:
                record.args = (_without_query(str(record.args[0])), *record.args[1:])
            return True
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            record.request = None
            path = getattr(request, "path", "")
            record.msg = f"{record.levelname} on {request.method} {path}"
            record.args = ()
        return True


def _without_query(request_line: str) -> str:
    """'GET /a/?naam=X HTTP/1.1' -> 'GET /a/ HTTP/1.1'."""
    if "?" not in request_line:
        return request_line
    method_path, _, rest = request_line.partition("?")
    protocol = rest.rsplit(" ", 1)[-1] if " " in rest else ""
    return f"{method_path} {protocol}".strip()
