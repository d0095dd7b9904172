"""The safety-meeting section of the family page.

It renders inside the family page, whose read is already logged by the family view, so it
logs nothing itself.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from vangnet.meetings import signals
from vangnet.meetings.models import Discussion, MeetingAction, MeetingStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def meetings_family_section(context, family, access=None):
    if family is None or not getattr(family, "pk", None):
        return ""
    today = timezone.localdate()
    open_actions = list(
        MeetingAction.objects.filter(family=family, done_on__isnull=True).select_related("owner")
    )
    for action in open_actions:
        action.overdue = action.is_overdue(today)
    cadences = signals.current_cadences([family.pk])
    return render_to_string(
        "meetings/_family_section_body.html",
        {
            "family": family,
            "access": access,
            "cadence": cadences.get(family.pk),
            "due": signals.cadence_due([family.pk], today, cadences=cadences).get(family.pk),
            "last": Discussion.objects.filter(
                family=family,
                meeting__status__in=[MeetingStatus.STARTED, MeetingStatus.FINALISED],
            )
            .select_related("meeting")
            .order_by("-meeting__starts_at")
            .first(),
            "open_actions": open_actions,
        },
        request=context.get("request"),
    )
