"""The portal section of the family page: concerns the network reported, and who is invited.

It renders inside the family page, whose read is already logged by the family view, so it
logs nothing itself.
"""

from datetime import timedelta

from django import template
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from vangnet.portal.models import CONCERN_MOODS, CheckIn, Invitation

register = template.Library()

CONCERN_DAYS = 30


@register.simple_tag(takes_context=True)
def portal_family_section(context, family, access=None):
    if family is None or not getattr(family, "pk", None):
        return ""
    since = timezone.now() - timedelta(days=CONCERN_DAYS)
    concerns = list(
        CheckIn.objects.filter(family=family, created_at__gte=since)
        .filter(Q(mood__in=CONCERN_MOODS) | Q(warning_sign=True))
        .select_related("invitation__person")[:10]
    )
    invited = Invitation.objects.filter(family=family, revoked_at__isnull=True).count()
    return render_to_string(
        "portal/_family_section_body.html",
        {"family": family, "access": access, "checkins": concerns, "invited": invited},
        request=context.get("request"),
    )
