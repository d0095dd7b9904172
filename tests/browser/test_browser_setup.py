"""The browser-test machinery itself: TOTP codes, and skip-or-fail when Chromium is missing."""

import pytest

from tests.browser import conftest


def test_totp_matches_rfc_6238_test_vectors():
    # RFC 6238 appendix B, SHA-1 key "12345678901234567890", 8 digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert conftest.totp(secret, at=59, digits=8) == "94287082"
    assert conftest.totp(secret, at=1111111109, digits=8) == "07081804"
    assert conftest.totp(secret, at=20000000000, digits=8) == "65353130"
    # The key as a page may show it: grouped, lower case, padded.
    assert conftest.totp("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", at=59) == "287082"


def test_missing_chromium_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="No browser"):
        conftest.unavailable("No browser here")


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_chromium_fails_in_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        conftest.unavailable("No browser here")


def test_ci_false_counts_as_not_ci(monkeypatch):
    monkeypatch.setenv("CI", "false")
    assert not conftest.in_ci()
