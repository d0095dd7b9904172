"""The functional admin works in Django's admin, behind Vangnet's own two-factor login."""

from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import reverse

from vangnet.accounts.twofactor import session_is_verified


def _unregister_secrets(site: AdminSite) -> None:
    """Nobody manages TOTP secrets or permission groups through the admin."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, Group):
        if site.is_registered(model):
            site.unregister(model)


def protect_admin_site(site: AdminSite) -> None:
    _unregister_secrets(site)

    def has_permission(request):
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and (user.is_functional_admin or user.is_superuser)
            and session_is_verified(request)
        )

    def login(request, extra_context=None):
        return redirect(f"{reverse('accounts:login')}?next={reverse('admin:index')}")

    site.has_permission = has_permission
    site.login = login
    site.site_header = "Vangnet beheer"
    site.site_title = "Vangnet beheer"
    site.index_title = "Gebruikers en teams"
