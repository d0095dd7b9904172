"""Fixtures of the meetings tests: a meeting of team A with the personas' family on it."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.utils import timezone

from vangnet.audit.context import Actor
from vangnet.families.access import get_family_for_user
from vangnet.meetings import actions
from vangnet.meetings.access import get_meeting_for_user, get_team_for_user


def at(day, hour=13, minute=30):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class Runner:
    """Drives meetings through the actions, as the pages do, for one user."""

    def __init__(self, user, team):
        self.user = user
        self.team = team
        self.actor = Actor(user=user)

    def create(self, day, **kwargs):
        access = get_team_for_user(self.user, self.team.pk, write=True)
        kwargs.setdefault("chair", self.user)
        return actions.do_create_meeting(
            actor=self.actor, access=access, starts_at=at(day), **kwargs
        )

    def access(self, meeting):
        return get_meeting_for_user(self.user, meeting.pk, write=True)

    def family(self, family):
        return get_family_for_user(self.user, family.pk, write=True)

    def start(self, meeting):
        meeting.refresh_from_db()
        return actions.do_start_meeting(
            actor=self.actor, access=self.access(meeting), version=meeting.version
        )

    def decide(self, meeting, family, kind="continue", text="Doorgaan.", **kwargs):
        return actions.do_add_decision(
            actor=self.actor,
            access=self.access(meeting),
            family_access=self.family(family),
            kind=kind,
            text=text,
            **kwargs,
        )

    def next_review(self, meeting, family, day):
        return actions.do_set_next_review(
            actor=self.actor,
            access=self.access(meeting),
            family_access=self.family(family),
            next_review_on=day,
        )

    def add_action(self, meeting, family, description, owner, due_on):
        return actions.do_add_action(
            actor=self.actor,
            access=self.access(meeting),
            family_access=self.family(family),
            description=description,
            owner=owner,
            due_on=due_on,
        )

    def finalise(self, meeting):
        meeting.refresh_from_db()
        return actions.do_finalise(
            actor=self.actor, access=self.access(meeting), version=meeting.version
        )

    def discuss_all(self, meeting):
        """Record a 'continue' decision for every family on the agenda and finalise."""
        for item in meeting.items.filter(removed=False):
            self.decide(meeting, item.family)


@pytest.fixture
def runner(personas):
    return Runner(personas.case_worker, personas.team_a)


@pytest.fixture
def planned_meeting(personas, runner):
    """A planned meeting of team A; the personas' family is on it (no recent contact)."""
    meeting = runner.create(
        timezone.localdate(), attendees=[personas.case_worker, personas.team_member]
    )
    assert meeting.items.filter(family=personas.family).exists()
    return meeting


@pytest.fixture
def started_meeting(runner, planned_meeting):
    runner.start(planned_meeting)
    planned_meeting.refresh_from_db()
    return planned_meeting
