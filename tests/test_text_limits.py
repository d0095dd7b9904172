"""Every free-text field has an upper bound, in the pages and in the API: a clear error that
names the field and the limit, and nothing saved. Real texts of a few thousand characters
fit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.meldcode.helpers import start
from tests.safety.conftest import api  # noqa: F401 - fixture
from tests.test_api import last_event_id, new_events
from vangnet.core.limits import TEXT_MAX
from vangnet.families.models import Family
from vangnet.meldcode.models import Signal
from vangnet.safety.models import MappingItem

TOO_LONG = "woord " * (TEXT_MAX // 6) + "x" * 10  # just over the bound
REAL = ("Oma haalt de kinderen elke dinsdag en donderdag om 15.00 uur uit school. " * 40)[:3000]


def test_every_free_text_field_of_the_apps_has_the_bound():
    from django.apps import apps
    from django.db import models

    unbounded = [
        f"{model._meta.label}.{field.name}"
        for app in ("families", "safety", "meldcode", "meetings")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not field.max_length
    ]
    assert unbounded == []


def test_the_model_refuses_a_longer_text(personas):
    family = Family.objects.get(pk=personas.family.pk)
    family.notes = TOO_LONG
    with pytest.raises(ValidationError) as info:
        family.full_clean()
    assert "notes" in info.value.message_dict
    assert str(TEXT_MAX) in " ".join(info.value.message_dict["notes"]).replace(".", "")


def test_page_form_names_the_field_and_the_limit_and_saves_nothing(personas, as_user):
    client = as_user(personas.case_worker)
    url = reverse("safety:mapping_add", args=[personas.family.pk])
    before = MappingItem.objects.count()
    data = {
        "category": "complicating",
        "contributor_kind": "professional",
        "recorded_on": "2026-11-30",
    }
    response = client.post(url, {**data, "text": TOO_LONG})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'maxlength="{TEXT_MAX}"' in page
    # the error next to the field names the limit and how long the text was
    assert f"{len(TOO_LONG)})" in page.replace(".", "")
    assert MappingItem.objects.count() == before
    # a real text of 3,000 characters is saved
    assert client.post(url, {**data, "text": REAL}).status_code == 302
    assert MappingItem.objects.count() == before + 1


def test_family_notes_in_the_edit_form(personas, as_user):
    client = as_user(personas.case_worker)
    page = client.get(reverse("families:edit", args=[personas.family.pk])).content.decode()
    assert f'maxlength="{TEXT_MAX}"' in page


def test_api_refuses_a_longer_agreement_field_by_field(personas, api):  # noqa: F811
    client = api("case_worker")
    before = last_event_id()
    url = f"/families/{personas.family.pk}/safety/mapping"
    body = {
        "category": "complicating",
        "contributor_kind": "professional",
        "recorded_on": "2026-11-30",
    }
    response = client.post(url, {**body, "text": TOO_LONG})
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert "text" in errors and str(TEXT_MAX) in " ".join(errors["text"])
    assert new_events(before) == []
    assert not MappingItem.objects.filter(plan__family=personas.family).exists()
    assert client.post(url, {**body, "text": REAL}).status_code == 201


def test_api_refuses_a_longer_meldcode_signal(personas, api):  # noqa: F811
    trajectory = start(personas)
    client = api("case_worker")
    before = last_event_id()
    url = f"/families/{personas.family.pk}/meldcode/{trajectory.pk}/signals"
    body = {
        "child_id": personas.child.pk,
        "observed_on": "2026-11-30",
        "observed_by": "Juf Test",
        "category": "physical_abuse",
        "source": "child",
    }
    response = client.post(url, {**body, "description": TOO_LONG})
    assert response.status_code == 422, response.content
    assert "description" in response.json()["errors"]
    assert new_events(before) == []
    assert Signal.objects.filter(trajectory=trajectory).count() == 0
