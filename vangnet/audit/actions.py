"""Writes of the privacy officer's own records (alerts). Each action logs one entry in the
same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis, PrivacyAlert


@transaction.atomic
def do_handle_alert(*, actor: Actor, alert: PrivacyAlert, note: str) -> PrivacyAlert:
    """Close an alert with what was found and done."""
    user = actor.user
    if not (user and user.is_authenticated and user.is_active and user.is_privacy_officer):
        raise PermissionDenied
    alert = PrivacyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.handled_at is not None:
        raise ValidationError(_("This alert has already been handled."))
    if not note.strip():
        raise ValidationError({"note": _("Write down what you found and did.")})
    alert.handled_at = timezone.now()
    alert.handled_by = user
    alert.note = note.strip()
    alert.save(update_fields=["handled_at", "handled_by", "note"])
    recorder.record(
        actor,
        AccessAction.UPDATE,
        object_type="privacy_alert",
        object_id=alert.pk,
        basis=AccessBasis.ORGANISATION,
        purpose="toezicht privacy",
        details={"handled": True, "user": alert.username, "kind": alert.kind},
    )
    return alert
