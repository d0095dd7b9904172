"""What the agenda reasons say, in the user's language."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vangnet.meetings import engine


def has_control_characters(text: str) -> bool:
    """Line breaks, tabs and other control characters (Unicode category Cc)."""
    return any(unicodedata.category(ch) == "Cc" for ch in text or "")


def _day(value) -> str:
    try:
        return formats.date_format(date.fromisoformat(value))
    except (TypeError, ValueError):
        return "-"


def reason_text(reason: dict) -> str:
    code = reason.get("code")
    params = reason.get("params") or {}
    if code == engine.ACUTE:
        return _("Acute unsafety reported (since %(day)s)") % {"day": _day(params.get("since"))}
    if code == engine.DISCLOSURE:
        return _("A child disclosed abuse (since %(day)s)") % {"day": _day(params.get("since"))}
    if code == engine.VT_CLOSED:
        return _("Veilig Thuis closed the report")
    if code == engine.VT_FEEDBACK_OVERDUE:
        return _("Feedback from Veilig Thuis overdue (expected by %(day)s)") % {
            "day": _day(params.get("since"))
        }
    if code == engine.SCALING_DROP:
        return _("Scaling dropped from %(from)s to %(to)s") % {
            "from": params.get("from"),
            "to": params.get("to"),
        }
    if code == engine.SCALING_STUCK:
        return _("Scaling has not improved: %(scores)s") % {
            "scores": ", ".join(str(s) for s in params.get("scores", []))
        }
    if code == engine.NO_CONTACT:
        if params.get("days") is None:
            return _("No contact with the family has been recorded (drop-out risk)")
        days = params["days"]
        return ngettext(
            "No contact for %(days)d day (drop-out risk)",
            "No contact for %(days)d days (drop-out risk)",
            days,
        ) % {"days": days}
    if code == engine.DUE:
        return _("Due for review (since %(day)s)") % {"day": _day(params.get("due"))}
    if code == engine.PLAN_EVALUATION_OVERDUE:
        return _("Safety-plan evaluation overdue (planned for %(day)s)") % {
            "day": _day(params.get("due"))
        }
    if code == engine.OVERDUE_ACTIONS:
        count = params.get("count", 0)
        return ngettext("%(count)d action overdue", "%(count)d actions overdue", count) % {
            "count": count
        }
    if code == engine.CHAIR:
        return _("Added by the chair")
    return str(code)
