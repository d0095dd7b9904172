"""The monthly log review (NEN 7513): which entries are in the sample, reproducibly.

The sample of a month is drawn from the entries of that month (Europe/Amsterdam) up to
the last entry that existed when the review started, with a random generator seeded by
the review's stored seed: the same seed, month and log give the same sample
(`draw_sample`), and the sample is also stored (LogReviewItem).

Per reason, in this order (an entry counts for the first reason that picks it):
- emergency: entries under emergency access (break the glass);
- denied: refused requests;
- bulk: reads by a user who read more than VANGNET_ALERT_READ_FILES files within an hour;
- off_hours: reads, prints and exports before 7:00, from 19:00, or at the weekend;
- random: any entry about a family file.

Every query filters on occurred_at of the month, so PostgreSQL reads only that month's
partition (vangnet.audit.partitions); the functions used (ExtractHour, ExtractIsoWeekDay,
TruncHour) exist on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncHour

from vangnet.audit.models import AccessAction, AccessEvent, SampleReason
from vangnet.audit.partitions import next_month

# How many entries each reason adds at most.
SAMPLE_SIZES = {
    SampleReason.EMERGENCY: 25,
    SampleReason.DENIED: 10,
    SampleReason.BULK: 10,
    SampleReason.OFF_HOURS: 10,
    SampleReason.RANDOM: 25,
}
OFFICE_HOURS = (7, 19)  # from 7:00 up to 19:00, Monday to Friday
BULK_GROUPS_MAX = 50


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = datetime.combine(month.replace(day=1), time.min, tzinfo=zone())
    end = datetime.combine(next_month(month), time.min, tzinfo=zone())
    return start, end


def month_entries(month: date, last_entry_id: int) -> QuerySet[AccessEvent]:
    start, end = month_bounds(month)
    return AccessEvent.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end, id__lte=last_entry_id
    )


def _emergency(entries):
    return entries.filter(Q(emergency=True) | Q(action=AccessAction.EMERGENCY))


def _bulk(entries, month: date) -> list[int]:
    reads = entries.filter(action=AccessAction.READ, family_id__isnull=False, user_id__isnull=False)
    groups = (
        reads.annotate(hour=TruncHour("occurred_at", tzinfo=zone()))
        .values("user_id", "hour")
        .annotate(files=Count("family_id", distinct=True))
        .filter(files__gt=settings.ALERT_READ_FILES)
        .order_by("user_id", "hour")[:BULK_GROUPS_MAX]
    )
    ids: list[int] = []
    for group in groups:
        hour = group["hour"]
        ids += reads.filter(
            user_id=group["user_id"],
            occurred_at__gte=hour,
            occurred_at__lt=hour + timedelta(hours=1),
        ).values_list("id", flat=True)
    return ids


def _off_hours(entries):
    first, last = OFFICE_HOURS
    return (
        entries.filter(action__in=[AccessAction.READ, AccessAction.PRINT, AccessAction.EXPORT])
        .annotate(
            local_hour=ExtractHour("occurred_at", tzinfo=zone()),
            local_day=ExtractIsoWeekDay("occurred_at", tzinfo=zone()),
        )
        .filter(Q(local_hour__lt=first) | Q(local_hour__gte=last) | Q(local_day__gte=6))
    )


def _ids(queryset) -> list[int]:
    return list(queryset.order_by("id").values_list("id", flat=True))


def draw_sample(month: date, seed: str, last_entry_id: int) -> list[tuple[int, str]]:
    """The sample as (entry id, reason), in a fixed order; the same for the same input."""
    # Reproducible on purpose (the seed is stored); the seed itself comes from secrets.
    rnd = random.Random(f"{seed}:{month:%Y-%m}")  # noqa: S311
    entries = month_entries(month, last_entry_id)
    chosen: dict[int, str] = {}

    def pick(reason: str, ids) -> None:
        candidates = sorted(set(ids) - chosen.keys())
        size = min(SAMPLE_SIZES[reason], len(candidates))
        for entry_id in sorted(rnd.sample(candidates, size)):
            chosen[entry_id] = reason

    pick(SampleReason.EMERGENCY, _ids(_emergency(entries)))
    pick(SampleReason.DENIED, _ids(entries.filter(action=AccessAction.DENIED)))
    pick(SampleReason.BULK, _bulk(entries, month))
    pick(SampleReason.OFF_HOURS, _ids(_off_hours(entries)))
    _pick_random(rnd, entries, chosen)
    return list(chosen.items())


def _pick_random(rnd: random.Random, entries, chosen: dict[int, str]) -> None:
    """Random entries about a family file. Ids are drawn from the month's id range and
    looked up (the chain numbers entries without gaps), so a month of millions of entries
    is never read as a whole."""
    wanted = SAMPLE_SIZES[SampleReason.RANDOM]
    about_family = entries.filter(family_id__isnull=False)
    bounds = about_family.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return
    population = range(bounds["low"], bounds["high"] + 1)
    tries = rnd.sample(population, min(len(population), wanted * 8))
    found = set(about_family.filter(id__in=tries).values_list("id", flat=True))
    added = 0
    for entry_id in tries:
        if added == wanted:
            break
        if entry_id in found and entry_id not in chosen:
            chosen[entry_id] = SampleReason.RANDOM
            added += 1


def is_emergency(entry: AccessEvent) -> bool:
    return entry.emergency or entry.action == AccessAction.EMERGENCY
