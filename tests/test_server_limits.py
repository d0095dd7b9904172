"""Server errors and limits (issue 14, item 6): input that once gave a 500 or cost far too
much is refused cleanly - control characters in text, implausible dates, huge pictures,
password spraying from one address."""

import base64
import io
import logging
from datetime import date, timedelta

import pytest
import time_machine
from django import forms
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile

from tests.test_api import api, last_event_id, new_events  # noqa: F401
from tests.test_auth import VERIFY, password_step
from vangnet.core.forms import AccessibleForm
from vangnet.core.inputs import has_forbidden_characters
from vangnet.meetings.models import Meeting
from vangnet.safety.models import StoryImage

NUL = "Voor\x00na"


# Control characters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        ("gewoon", False),
        ("regel 1\nregel 2\r\n\tingesprongen", False),
        ("a\x00b", True),
        ("bel\x07", True),
        ("esc\x1b[31m", True),
        ("del\x7f", True),
        ("c1\x85", True),
    ],
)
def test_control_characters_other_than_tab_and_line_breaks_are_refused(value, bad):
    assert has_forbidden_characters(value) is bad


def _meeting_routes(p, meeting_id, action_id):
    f = p.family.pk
    m = meeting_id
    return [
        ("post", f"/meetings/teams/{p.team_a.pk}/meetings", {
            "starts_at": (timezone.now() + timedelta(days=2)).isoformat(), "location": NUL,
        }, "location"),
        ("post", f"/meetings/{m}/agenda", {"family_id": f, "reason": NUL}, "reason"),
        ("post", f"/meetings/{m}/agenda/remove", {"family_id": f, "reason": NUL}, "reason"),
        ("post", f"/meetings/{m}/finalise", {"version": 1, "reason": NUL}, "reason"),
        ("post", f"/meetings/{m}/addenda", {"text": NUL}, "text"),
        ("post", f"/meetings/{m}/families/{f}/inputs", {"discipline": "coach", "text": NUL},
         "text"),
        ("post", f"/meetings/{m}/families/{f}/decisions", {"kind": "continue", "text": NUL},
         "text"),
        ("post", f"/meetings/{m}/families/{f}/actions", {
            "description": NUL, "owner_id": p.case_worker.pk,
            "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        }, "description"),
        ("post", f"/meetings/actions/{action_id}/done", {"version": 1, "done_note": NUL},
         "done_note"),
        ("post", f"/meetings/families/{f}/cadence", {"interval_days": 28, "reason": NUL},
         "reason"),
        ("patch", f"/meetings/teams/{p.team_a.pk}/series", {"version": 1, "location": NUL},
         "location"),
    ]  # fmt: skip


def test_null_bytes_in_meeting_texts_are_refused_with_422(personas, api):  # noqa: F811
    client = api("case_worker")
    before = last_event_id()
    for method, path, body, field in _meeting_routes(personas, 1, 1):
        response = client.request(method.upper(), path, body)
        assert response.status_code == 422, (path, response.content[:300])
        assert field in response.json()["errors"], (path, response.json())
    assert new_events(before) == []


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/families/{f}/contacts", {"occurred_on": "2026-01-05", "kind": "phone",
                                    "summary": "bel\x07"}, "summary"),
        ("/families/{f}/people", {"kind": "parent", "first_name": "An\x1bna"}, "first_name"),
    ],
)  # fmt: skip
def test_other_control_characters_are_refused_by_every_text_field(personas, api, path, body, field):  # noqa: F811
    response = api("case_worker").post(path.format(f=personas.family.pk), body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_tabs_and_line_breaks_stay_allowed(personas, api):  # noqa: F811
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/contacts",
        {"occurred_on": "2026-01-05", "kind": "phone", "summary": "regel 1\r\n\tregel 2"},
    )
    assert response.status_code == 201, response.content


class _TextForm(AccessibleForm):
    note = forms.CharField(widget=forms.Textarea)
    day = forms.DateField(required=False)


def test_every_form_refuses_control_characters_with_a_clear_message():
    from django.utils import translation

    with translation.override("en"):
        form = _TextForm({"note": "tekst\x1b[2J"})
        assert not form.is_valid()
        assert form.errors["note"] == [
            "Remove the invisible control characters from this text (for example a null byte)."
        ]
    assert not _TextForm({"note": "a\x00b"}).is_valid()  # Django's own check comes first
    assert _TextForm({"note": "regel 1\r\n\tregel 2"}).is_valid()


def test_the_message_is_dutch_in_dutch():
    from django.utils import translation

    with translation.override("nl"):
        form = _TextForm({"note": "a\x07b", "day": "0001-01-01"})
        assert not form.is_valid()
        assert "stuurtekens" in form.errors["note"][0]
        assert "Vul een datum in tussen" in form.errors["day"][0]


# Dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("starts_at", ["9999-12-31T10:00:00+01:00", "0001-01-01T10:00:00"])
def test_meeting_start_out_of_range_is_refused_with_422(personas, api, starts_at):  # noqa: F811
    response = api("case_worker").post(
        f"/meetings/teams/{personas.team_a.pk}/meetings", {"starts_at": starts_at}
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == ["starts_at"]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_meeting_form_day_out_of_range_is_refused(personas, as_user, day):
    response = as_user(personas.case_worker).post(
        reverse("meetings:create", args=[personas.team_a.pk]),
        {"day": day, "start_time": "13:30"},
    )
    assert response.status_code == 200
    assert 'id="id_day_error"' in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("name", ["audit:log", "audit:log_csv"])
@pytest.mark.parametrize(
    "params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_from": "1899-12-31"}]
)
def test_log_filter_dates_out_of_range_are_refused(personas, as_user, name, params):
    client = as_user(personas.privacy)
    response = client.get(reverse(name), params, follow=True)
    assert response.status_code == 200  # the CSV sends the officer back to the page
    field = next(iter(params))
    assert f'id="id_{field}_error"' in response.content.decode()
    assert response.get("Content-Type", "").startswith("text/html")


@pytest.mark.parametrize(
    ("birth_date", "ok"),
    [
        ("1899-12-31", False),
        ("1900-01-01", True),
        ((date.today() + timedelta(days=400)).isoformat(), False),
        ("9999-12-31", False),
    ],
)
def test_birth_dates_are_plausible(personas, api, birth_date, ok):  # noqa: F811
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/people",
        {"kind": "parent", "first_name": "Oma", "birth_date": birth_date},
    )
    assert (response.status_code == 201) is ok, response.content
    if not ok:
        assert list(response.json()["errors"]) == ["birth_date"]


def test_any_api_date_has_a_plausible_range(personas, api):  # noqa: F811
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/contacts", {"occurred_on": "0001-01-01", "kind": "phone"}
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["occurred_on"]


# Pictures ---------------------------------------------------------------------------------------


def _huge_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")  # a few KB on disk
    return out.getvalue()


def test_picture_with_too_many_pixels_is_refused_before_decoding(personas, api, monkeypatch):  # noqa: F811
    data = _huge_png(7300, 5466)  # 39.9 megapixels
    assert len(data) < 100_000

    def no_decoding(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    response = api("case_worker").post(
        f"/families/{personas.family.pk}/safety/story-images",
        {"description": "Groot", "content_base64": base64.b64encode(data).decode("ascii")},
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == ["content_base64"]
    assert not StoryImage.objects.exists()


# Lockout per address ------------------------------------------------------------------------------


def test_password_spraying_from_one_address_is_locked_out(personas, settings, caplog):
    from django.test import Client

    settings.VANGNET_ADDRESS_FAILURE_LIMIT = 8
    usernames = [
        personas.case_worker.username,
        personas.team_member.username,
        personas.other_team.username,
        personas.privacy.username,
    ]
    sprayer = {"REMOTE_ADDR": "203.0.113.7"}
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        with caplog.at_level(logging.WARNING):
            for attempt in range(8):  # two tries per username: each stays below its limit
                response = password_step(
                    Client(), usernames[attempt % 4], "wrong-password-123", **sprayer
                )
        assert any("203.0.113.7" in r.getMessage() for r in caplog.records)
        # Now even the right password of an untouched account is refused from there ...
        response = password_step(Client(), personas.admin.username, **sprayer)
        assert response.status_code == 429
        assert "network address" in response.content.decode() or "netwerkadres" in (
            response.content.decode()
        )
        # ... but not from another address (an office next door), and not a forged one.
        assert password_step(Client(), personas.case_worker.username).url == VERIFY
        forged = password_step(
            Client(), personas.admin.username, HTTP_X_FORWARDED_FOR="198.51.100.1", **sprayer
        )
        assert forged.status_code == 429
        # The window passes: the address may try again.
        traveller.shift(timedelta(minutes=settings.VANGNET_ADDRESS_FAILURE_MINUTES + 1))
        assert password_step(Client(), personas.admin.username, **sprayer).url == VERIFY


def test_an_office_behind_one_address_keeps_working_below_the_limit(personas, settings):
    from django.test import Client

    assert settings.VANGNET_ADDRESS_FAILURE_LIMIT >= 20
    office = {"REMOTE_ADDR": "192.0.2.10"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_step(Client(), personas.team_member.username, "typo-password", **office)
    assert password_step(Client(), personas.case_worker.username, **office).url == VERIFY
