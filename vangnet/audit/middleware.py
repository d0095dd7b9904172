"""The request pipeline for family data: one transaction per request, its access-log
entries written as the last statement before the commit.

It takes the place of ATOMIC_REQUESTS. The view (and the rendering of its template) runs
inside the transaction without holding any log lock; recorder.flush() then appends the
request's entries, locking the chain head for that one insert, and the transaction
commits. If the view raised or the response is a server error, everything is rolled back,
the entries with it: no action without its entry, no entry without its action.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from vangnet.audit import denials, recorder
from vangnet.audit.context import Actor, Channel

_FAILED = "_vangnet_request_failed"


class RequestTransactionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.API if request.path.startswith("/api/") else Channel.WEB

        def actor_for(user) -> Actor:
            return replace(Actor.from_request(request, channel), user=user)

        with transaction.atomic(), recorder.collecting(actor_for) as log:
            response = self.get_response(request)
            status = response.status_code
            if getattr(request, _FAILED, False) or status >= 500:
                transaction.set_rollback(True)
            else:
                recorder.flush(log, shown=200 <= status < 300)
        if status in (403, 404):
            # After the request's own transaction: the refusal is logged even though the
            # request's work was rolled back.
            denials.record_denied(request, actor_for(getattr(request, "user", None)), status)
        return response

    def process_exception(self, request, exception):
        # Django turns the exception into a 404/403/500 response before __call__ sees it;
        # like ATOMIC_REQUESTS, an exception in the view means nothing of it is kept.
        setattr(request, _FAILED, True)
