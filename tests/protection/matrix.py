"""Authorization-matrix entries of the protection app (see tests/matrix_common.py)."""

from tests.matrix_common import READ, WRITE, Check

P = "bescherming/<int:pk>/"

ROUTES: dict = {
    P: [Check("get", READ)],
    P + "fasen/<slug:phase>/": [Check("get", WRITE)],
    P + "maatregelen/nieuw/": [Check("get", WRITE)],
    P + "maatregelen/<int:measure_pk>/bewerken/": [Check("get", WRITE)],
    P + "forensisch-onderzoek/letsel/<int:signal_pk>/": [Check("get", WRITE)],
    P + "forensisch-onderzoek/<int:exam_pk>/bewerken/": [Check("get", WRITE)],
}

F = "/families/{family_id}/protection"
API_PATHS: set = {
    F,
    F + "/phases/{phase}",
    F + "/measures",
    F + "/measures/{item_id}",
    F + "/forensic-examinations",
    F + "/forensic-examinations/{item_id}",
}


def url_values(personas) -> dict:
    from tests.protection.helpers import build

    data = build(personas)
    return {
        "phase": "short_term",
        "measure_pk": data.measure.pk,
        "exam_pk": data.exam.pk,
        "signal_pk": data.open_signal.pk,
    }
