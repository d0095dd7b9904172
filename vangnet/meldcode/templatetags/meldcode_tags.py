"""The meldcode section of the family page. It is part of that page's read (already logged
by the family view), so it logs nothing itself."""

from django import template

from vangnet.meldcode.queries import family_summary

register = template.Library()


@register.inclusion_tag("meldcode/_summary.html")
def meldcode_summary(family, access):
    return {**family_summary(family), "access": access}
