"""Whether two-factor authentication is required, and whether a session passed it."""

from django.conf import settings


def demo_without_2fa() -> bool:
    """2FA may be off only when asked for AND the database holds the demo marker."""
    if not settings.VANGNET_DEMO_WITHOUT_2FA:
        return False
    from vangnet.accounts.models import DemoMarker

    return DemoMarker.objects.exists()


def two_factor_required() -> bool:
    return not demo_without_2fa()


def session_is_verified(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not two_factor_required():
        return True
    return bool(getattr(user, "is_verified", lambda: False)())
