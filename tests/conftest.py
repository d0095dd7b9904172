import pytest

from tests.personas import build_personas, login


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the real hasher (see test_accounts); tests use a fast one for speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Derived data (draft snapshots, reviews) is cached under ids and versions; a rolled
    # back test database hands out the same ids again, so every test starts empty.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def personas(db):
    return build_personas()


@pytest.fixture
def as_user(client):
    """as_user(user) -> a test client logged in as user (with 2FA), or anonymous for None."""

    def _as(user):
        client.logout()
        if user is not None:
            login(client, user)
        return client

    return _as


def pytest_collection_modifyitems(items):
    # With pytest-xdist (`make test` runs on every core), the browser tests share one
    # worker so that one demo server and one Chromium serve them all.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
