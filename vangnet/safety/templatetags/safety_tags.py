from django import template
from django.utils import timezone

from vangnet.safety.queries import current_immediate_plan, family_summary

register = template.Library()


@register.inclusion_tag("safety/_summary.html")
def safety_summary(family, access=None):
    """The safety-plan block of the family page (the family page logged its read)."""
    immediate = current_immediate_plan(family)
    return {
        "family": family,
        "access": access,
        "summary": family_summary(family),
        "immediate": immediate,
        "immediate_overdue": immediate.overdue_on(timezone.localdate()) if immediate else False,
    }


@register.filter
def lookup(mapping, key):
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key
