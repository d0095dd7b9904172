"""The safety-meeting section of the family page, and filters of the meeting pages.

The section renders inside the family page, whose read is already logged by the family
view, so it logs nothing itself.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from vangnet.meetings import signals, texts
from vangnet.meetings.models import Discussion, MeetingAction, MeetingStatus

register = template.Library()


@register.filter
def cadence(days):
    """A review cadence in words: "every two weeks" (see texts.cadence_text)."""
    if days in (None, ""):
        return texts.cadence_text(None)
    try:
        return texts.cadence_text(int(days))
    except (TypeError, ValueError):
        return ""


@register.filter
def cadence_row(row):
    """A ReviewCadence row in words, with its later phase."""
    return texts.cadence_row_text(row) if row is not None else ""


@register.filter
def person_name(user):
    """A user's full name, else the username; "-" for nobody (a meeting without a chair)."""
    if user is None:
        return "-"
    return user.get_full_name() or user.username


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
            "due": signals.due_now([family.pk], cadences=cadences).get(family.pk),
            # On a planned agenda: that meeting is the next review, whatever the cadence says.
            "upcoming": signals.upcoming_agenda([family.pk], today).get(family.pk),
            "today": today,
            "last": Discussion.objects.filter(
                family=family,
                not_discussed=False,
                meeting__status__in=[MeetingStatus.STARTED, MeetingStatus.FINALISED],
            )
            .select_related("meeting")
            .order_by("-meeting__starts_at")
            .first(),
            "open_actions": open_actions,
        },
        request=context.get("request"),
    )
