"""The iCalendar feed of a user's team meetings (RFC 5545, written by hand).

The feed carries dates, times, places and the team name only: never a family.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vangnet.accounts.models import Membership
from vangnet.meetings.actions import token_hash
from vangnet.meetings.models import CalendarFeed, Meeting

PAST_DAYS = 90


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11).

    Every line break (CRLF, a lone CR or LF) becomes the escaped "\\n"; every other control
    character is dropped, so a value can never end its line and start a property of its own.
    """
    text = (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")
    return text.replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF + space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    limit = 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode())
        start = end
        limit = 74
    return "\r\n ".join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def render_ics(meetings, now: datetime | None = None, host: str = "vangnet") -> str:
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Vangnet//Veiligheidsoverleg//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(_('Safety meetings'))}",
    ]
    for meeting in meetings:
        end = meeting.starts_at + timedelta(minutes=meeting.series.duration_minutes)
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:{escape(_('Safety meeting %(team)s') % {'team': meeting.team.name})}",
        ]
        if meeting.location:
            lines.append(f"LOCATION:{escape(meeting.location)}")
        lines += ["END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def feed_for_token(token: str) -> str | None:
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.filter(token_hash=token_hash(token)).select_related("user").first()
    if feed is None or not feed.user.is_active or not feed.user.may_see_case_content:
        return None
    team_ids = Membership.objects.filter(user=feed.user).values("team_id")
    meetings = (
        Meeting.objects.filter(
            team_id__in=team_ids, starts_at__gte=timezone.now() - timedelta(days=PAST_DAYS)
        )
        .select_related("team", "series")
        .order_by("starts_at")
    )
    host = (settings.ALLOWED_HOSTS or ["vangnet"])[0].lstrip(".") or "vangnet"
    if host == "*":
        host = "vangnet"
    with translation.override(settings.LANGUAGE_CODE):  # calendars have no language setting
        return render_ics(meetings, host=host)
