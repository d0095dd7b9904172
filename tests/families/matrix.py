"""Authorization-matrix entries of the family file's retention pages (tests/matrix_common.py).

Recording a request for destruction is a write (read-only members and the safeguarding lead
403); deciding on it is for writing members of the file's own team, which the personas'
writers are (the same statuses).
"""

from django.utils import timezone

from tests.matrix_common import WRITE, Check
from vangnet.families.models import DestructionRequest, DestructionScope, RequesterCapacity

ROUTES = {
    "gezinnen/<int:pk>/vernietiging/nieuw/": [Check("get", WRITE)],
    "gezinnen/<int:pk>/vernietiging/<int:request_pk>/besluit/": [Check("get", WRITE)],
}
API_PATHS: set = {
    "/families/{family_id}/destruction-requests",
    "/families/{family_id}/destruction-requests/{request_id}/decision",
}  # covered by tests/families/test_api_retention.py


def make_request(personas, **extra) -> DestructionRequest:
    values = {
        "family": personas.family,
        "requester": personas.parent,
        "capacity": RequesterCapacity.PARENT,
        "received_on": timezone.localdate(),
        "scope": DestructionScope.WHOLE_FILE,
        "what": "Het hele dossier: de melding bleek onterecht.",
        "recorded_by": personas.case_worker,
        **extra,
    }
    return DestructionRequest.objects.create(**values)


def url_values(personas) -> dict:
    """An undecided request by the parent of the personas' family."""
    return {"request_pk": make_request(personas).pk}
