"""The meldcode section of the family page. It is part of that page's read (already logged
by the family view), so it logs nothing itself."""

from django import template
from django.urls import reverse

from vangnet.meldcode.models import Trajectory, TrajectoryStatus
from vangnet.meldcode.queries import family_summary

register = template.Library()


@register.inclusion_tag("meldcode/_summary.html")
def meldcode_summary(family, access):
    return {**family_summary(family), "access": access}


@register.simple_tag
def new_signal_url(family) -> str:
    """Where "New signal" on the family page leads: the signal form of the open trajectory,
    else starting a trajectory, which then goes on to the signal form."""
    open_pk = (
        Trajectory.objects.filter(family=family, status=TrajectoryStatus.OPEN)
        .values_list("pk", flat=True)
        .first()
    )
    if open_pk is not None:
        return reverse("meldcode:add_signal", args=[family.pk, open_pk])
    return reverse("meldcode:start", args=[family.pk]) + "?then=signal"
