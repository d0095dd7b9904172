"""Authorization-matrix entries of this app (see tests/matrix_common.py)."""

ROUTES: dict = {}
API_PATHS: set = set()


def url_values(personas) -> dict:
    return {}
