from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

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


# The parts of the plan page in order: (anchor, label, element kinds of the review shown in it).
PLAN_PARTS = (
    ("versions", _lazy("Versions"), ()),
    ("mapping", _lazy("Mapping"), ("harm", "mapping")),
    ("danger", _lazy("Danger statements"), ("danger",)),
    ("goal", _lazy("Safety goals"), ("goal",)),
    ("scaling", _lazy("Safety scale"), ()),
    ("safety_person", _lazy("Safety persons"), ("safety-person",)),
    ("bottom_line", _lazy("Bottom lines"), ("bottom",)),
    ("agreement", _lazy("Safety agreements"), ("agreement",)),
    ("warning_sign", _lazy("Warning signs and triggers"), ("sign",)),
    ("step", _lazy("Steps towards safe enough"), ("step",)),
    ("evaluations", _lazy("Evaluations"), ()),
)


def _part(anchor: str, label: str, count: int, *notes: str, attention: bool = False) -> dict:
    state = [str(count) if count else _("none yet"), *(n for n in notes if n)]
    return {"anchor": anchor, "label": label, "state": ", ".join(state), "attention": attention}


@register.simple_tag(takes_context=True)
def plan_contents(context, review=None) -> list[dict]:
    """The table of contents of the plan page: each part with its anchor and its state
    ("Safety agreements (12, 3 with review points)"), counted from what the page already
    holds; no queries. The anchors are the parts' ids: no personal data."""
    by_element = (review or {}).get("by_element", {})
    with_points: dict[str, int] = {}
    for element in by_element:
        kind = element.rsplit("-", 1)[0]
        with_points[kind] = with_points.get(kind, 0) + 1
    persons = context.get("safety_persons") or []
    unconfirmed = sum(1 for sp in persons if not sp.confirmed_on)
    lines = context.get("bottom_lines") or []
    not_met = sum(1 for _line, state in lines if not state.met)
    counts = {
        "versions": len(context.get("versions") or []),
        "mapping": len(context.get("harms") or [])
        + sum(len(c["items"]) for c in context.get("columns") or []),
        "danger": len(context.get("dangers") or []),
        "goal": len(context.get("goals") or []),
        "scaling": sum(len(r["points"]) for r in context.get("score_rows") or []),
        "safety_person": len(persons),
        "bottom_line": len(lines),
        "agreement": len(context.get("agreements") or []),
        "warning_sign": len(context.get("warning_signs") or []),
        "step": len(context.get("steps") or []),
        "evaluations": len(context.get("evaluations") or []),
    }
    extra = {
        "versions": _("new draft") if context.get("draft_changes") else "",
        "safety_person": ngettext("%(n)s not yet confirmed", "%(n)s not yet confirmed", unconfirmed)
        % {"n": unconfirmed}
        if unconfirmed
        else "",
        "bottom_line": ngettext("%(n)s not met", "%(n)s not met", not_met) % {"n": not_met}
        if not_met
        else "",
    }
    parts = []
    for anchor, label, kinds in PLAN_PARTS:
        points = sum(with_points.get(k, 0) for k in kinds)
        remark = _("%(n)s with review points") % {"n": points} if points else ""
        parts.append(
            _part(
                anchor,
                str(label),
                counts[anchor],
                extra.get(anchor, ""),
                remark,
                attention=bool(points or extra.get(anchor)),
            )
        )
    return parts
