"""Logging filter that keeps personal data out of application logs."""

import logging


class StripRequestDetails(logging.Filter):
    """Drop request objects and query strings that Django attaches to log records.

    Error reports would otherwise carry POST bodies (names, birth dates) and the
    request repr; the path without query string is enough to find a bug.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            record.request = None
            path = getattr(request, "path", "")
            record.msg = f"{record.levelname} on {getattr(request, 'method', '?')} {path}"
            record.args = ()
        if getattr(record, "name", "") == "django.server" and record.args:
            # runserver logs the request line; cut the query string off it.
            first = str(record.args[0])
            if "?" in first:
                method_path, _, rest = first.partition("?")
                proto = rest.rsplit(" ", 1)[-1] if " " in rest else ""
                record.args = (f"{method_path} {proto}".strip(), *record.args[1:])
        return True
