import pytest
from django.test import Client

from tests.test_api import ApiClient
from vangnet.accounts.actions import do_create_api_token


@pytest.fixture
def api(personas):
    """api(persona) -> ApiClient with a fresh token for that persona ("anonymous": none)."""

    def _api(who):
        user = personas.user(who) if isinstance(who, str) else who
        raw = None
        if user is not None:
            _token, raw = do_create_api_token(user=user, name="tests")
        return ApiClient(Client(), raw)

    return _api
