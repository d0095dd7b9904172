"""Permission inside the actions: an action called with a read-only access object (a caller
that forgot to ask for write access) changes nothing and logs nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from vangnet.audit.context import Actor
from vangnet.audit.models import AccessEvent
from vangnet.families import actions as family_actions
from vangnet.families.access import get_family_for_user
from vangnet.families.models import Person
from vangnet.safety import actions as safety_actions
from vangnet.safety.models import SafetyPlan


def test_a_read_only_access_object_cannot_add_a_person(personas):
    access = get_family_for_user(personas.read_only, personas.family.pk)
    assert not access.can_write
    before = (Person.objects.count(), AccessEvent.objects.count())
    with pytest.raises(PermissionDenied):
        family_actions.do_add_person(
            actor=Actor.cli(personas.read_only),
            access=access,
            kind="network",
            first_name="Niet",
            last_name="Toegestaan",
        )
    assert (Person.objects.count(), AccessEvent.objects.count()) == before


def test_a_read_only_access_object_cannot_add_to_the_safety_plan(personas):
    # The safeguarding lead reads every file of the organisation but changes none.
    access = get_family_for_user(personas.safeguarding, personas.family.pk)
    assert not access.can_write
    with pytest.raises(PermissionDenied):
        safety_actions.do_add_item(
            actor=Actor.cli(personas.safeguarding),
            access=access,
            item_type="step",
            text="Een stap die niemand mocht toevoegen.",
            target_on=date.today() + timedelta(days=7),
        )
    assert not SafetyPlan.objects.filter(family=personas.family).exists()
