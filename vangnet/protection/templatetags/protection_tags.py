"""The phases-and-measures section of the family page. It renders inside the family page,
whose read is already logged by the family view, so it logs nothing itself."""

from django import template

from vangnet.protection import queries

register = template.Library()


@register.inclusion_tag("protection/_family_section.html")
def protection_section(family, access=None):
    if family is None or not getattr(family, "pk", None):
        return {"family": None}
    context = queries.overview(family)
    context.update(family=family, access=access)
    context["running"] = [m for m in context["measures"] if m.active]
    return context
