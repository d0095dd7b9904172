from django import template

from vangnet.safety.queries import family_summary

register = template.Library()


@register.inclusion_tag("safety/_summary.html")
def safety_summary(family, access=None):
    """The safety-plan block of the family page (the family page logged its read)."""
    return {"family": family, "access": access, "summary": family_summary(family)}


@register.filter
def lookup(mapping, key):
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key
