"""Plan-review routes of the JSON API:
/api/v1/families/{family_id}/safety/draft/review and .../safety/versions/{version_id}/review.

Reads only: safety.queries.open_plan checks access and writes the one access-log entry
(part "safety_plan"); outsiders get 404. A distributed version answers with the review it
was distributed with.
"""

from datetime import datetime

from django.db import transaction
from ninja import Router, Schema

from vangnet.api import schemas as s
from vangnet.api.api import api
from vangnet.audit.context import Actor, Channel
from vangnet.review.adapter import element_titles, review_draft, version_review
from vangnet.review.data import PlanData
from vangnet.review.engine import review
from vangnet.review.texts import present
from vangnet.safety import queries

router = Router(tags=["plan review"])

READ_ERRORS = {401: s.Error, 404: s.Error, 422: s.InvalidInput}


class SpanOut(Schema):
    start: int
    end: int
    words: str


class FindingOut(Schema):
    code: str
    severity: str
    severity_label: str
    element: str
    field: str
    where: str
    spans: list[SpanOut]
    what: str
    why: str
    how_to_fix: str


class ReviewOut(Schema):
    status: str
    status_label: str
    counts: dict[str, int]
    stored_at: datetime | None = None
    findings: list[FindingOut]


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=Channel.API)


@router.get(
    "/{family_id}/safety/draft/review",
    response={200: ReviewOut, **READ_ERRORS},
    summary="Review of the draft safety plan (warnings, not blocking)",
)
def draft_review(request, family_id: s.DbId):
    access = queries.open_plan(_actor(request), family_id)
    plan = queries.plan_of(access)
    if plan is None:
        return present(review(PlanData()), {})
    from vangnet.safety.snapshot import draft_snapshot

    return present(review_draft(plan), element_titles(draft_snapshot(plan)))


@router.get(
    "/{family_id}/safety/versions/{version_id}/review",
    response={200: ReviewOut, **READ_ERRORS},
    summary="Review of a plan version; a distributed version keeps the review it went out with",
)
def version_review_route(request, family_id: s.DbId, version_id: s.DbId):
    with transaction.atomic():
        access = queries.open_plan(
            _actor(request), family_id, object_type="plan_version", object_id=version_id
        )
        pv = queries.version_of(access, version_id)
        result, stored = version_review(pv)
        return {
            **present(result, element_titles(pv.snapshot)),
            "stored_at": stored.created_at if stored else None,
        }


api.add_router("/families", router)
