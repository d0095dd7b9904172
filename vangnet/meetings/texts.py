"""What the agenda reasons say, in the user's language."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vangnet.meetings import engine


def has_control_characters(text: str) -> bool:
    """Line breaks, tabs and other control characters (Unicode category Cc)."""
    return any(unicodedata.category(ch) == "Cc" for ch in text or "")


def _day(value) -> str:
    try:
        return formats.date_format(date.fromisoformat(value))
    except (TypeError, ValueError):
        return "-"


def _measure_label(kind) -> str:
    """The kind of a protective measure in words (vangnet.protection), without importing it."""
    labels = {
        "restraining_order": _("A temporary restraining order"),
        "provisional_supervision": _("A provisional supervision order"),
        "supervision": _("A supervision order"),
        "guardianship": _("Guardianship"),
    }
    return labels.get(kind, _("A protective measure"))


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
    if code == engine.IMMEDIATE_PLAN_OVERDUE:
        return _("Immediate safety plan past its review date (%(day)s)") % {
            "day": _day(params.get("due"))
        }
    if code == engine.MEASURE_ENDING:
        return _("%(measure)s ends on %(day)s: discuss what comes after") % {
            "measure": _measure_label(params.get("kind")),
            "day": _day(params.get("ends")),
        }
    if code == engine.NETWORK_CONCERN:
        return _("Concerns reported by the network (since %(day)s)") % {
            "day": _day(params.get("since"))
        }
    if code == engine.OVERDUE_ACTIONS:
        count = params.get("count", 0)
        return ngettext("%(count)d action overdue", "%(count)d actions overdue", count) % {
            "count": count
        }
    if code == engine.NOT_DISCUSSED:
        return _("Not discussed in the meeting of %(day)s") % {"day": _day(params.get("meeting"))}
    if code == engine.CHAIR:
        return _("Added by the chair")
    return str(code)


# How often a family is discussed, in words ("elke twee weken", not "elke 14 dagen") ---------

_WEEKS = {
    2: gettext_lazy("every two weeks"),
    3: gettext_lazy("every three weeks"),
    4: gettext_lazy("every four weeks"),
    5: gettext_lazy("every five weeks"),
    6: gettext_lazy("every six weeks"),
    7: gettext_lazy("every seven weeks"),
    8: gettext_lazy("every eight weeks"),
    9: gettext_lazy("every nine weeks"),
    10: gettext_lazy("every ten weeks"),
    11: gettext_lazy("every eleven weeks"),
    12: gettext_lazy("every twelve weeks"),
}
_TIMES = {
    1: gettext_lazy("one"),
    2: gettext_lazy("two"),
    3: gettext_lazy("three"),
    4: gettext_lazy("four"),
    5: gettext_lazy("five"),
    6: gettext_lazy("six"),
    7: gettext_lazy("seven"),
    8: gettext_lazy("eight"),
    9: gettext_lazy("nine"),
    10: gettext_lazy("ten"),
    11: gettext_lazy("eleven"),
    12: gettext_lazy("twelve"),
}


def cadence_text(days: int | None) -> str:
    """THE wording of a review cadence: "every week", "every two weeks", ..., whole weeks in
    words, otherwise "every N days"; None: no longer discussed by cadence."""
    if days is None:
        return _("no longer discussed by cadence")
    days = int(days)
    if days > 0 and days % 7 == 0:
        weeks = days // 7
        if weeks == 1:
            return _("every week")
        if weeks in _WEEKS:
            return str(_WEEKS[weeks])
        return _("every %(weeks)d weeks") % {"weeks": weeks}
    return ngettext("every day", "every %(days)d days", days) % {"days": days}


def cadence_plan_text(
    days: int | None, later_after: int | None = None, later_days: int | None = None
) -> str:
    """A cadence with its later phase: "every two weeks; after six discussions every four
    weeks". Without a later phase, just cadence_text(days)."""
    text = cadence_text(days)
    if days is None or not later_after or not later_days:
        return text
    times = str(_TIMES[later_after]) if later_after in _TIMES else str(later_after)
    return ngettext(
        "%(cadence)s; after %(times)s discussion %(later)s",
        "%(cadence)s; after %(times)s discussions %(later)s",
        later_after,
    ) % {"cadence": text, "times": times, "later": cadence_text(later_days)}


def cadence_row_text(row) -> str:
    """The cadence a ReviewCadence row sets, in words (with its later phase)."""
    return cadence_plan_text(row.interval_days, row.later_after, row.later_interval_days)
