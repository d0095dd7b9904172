"""The child's part through the API: Three Houses carried into the mapping, Words and
Pictures with the parents' approval (and its lapse), uploaded pictures (re-encoded, never
with their metadata), the parents' version and the child version as PDF."""

import base64
import io

import pytest
from django.utils.translation import gettext as _
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tests.matrix_common import only_refusals
from tests.personas import make_family
from tests.safety.helpers import build_plan, day, tiny_png
from tests.test_api import last_event_id, new_events
from vangnet.families.models import Person
from vangnet.safety.models import HouseItem, MappingItem, StoryApproval, StoryImage, StoryPage


def _unknown_id() -> str:
    return _("Unknown id: choose one of this family file.")


def _f(p) -> str:
    return f"/families/{p.family.pk}/safety"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _other_family(p):
    return make_family(p.team_b, p.other_team, name="Gezin Anders", reference="VN-TEST02")


def _other_family_child(p) -> Person:
    family = _other_family(p)
    return Person.objects.create(family=family, kind="child", first_name="Anderkind")


def _talk(c, p, **extra):
    body = {
        "child_id": p.child.pk,
        "held_on": day().isoformat(),
        "interviewer_id": p.case_worker.pk,
        "others_present": "juf",
        "note": "Op school, na de gym.",
        **extra,
    }
    return c.post(_f(p) + "/child-talks", body)


def _one_event(before, action, object_type):
    events = new_events(before)
    assert [(e.action, e.object_type) for e in events] == [(action, object_type)]
    return events[0]


# Three Houses -----------------------------------------------------------------------------------


def test_three_houses_carried_into_the_mapping(personas, api):
    p = personas
    f = _f(p)
    c = api("case_worker")

    before = last_event_id()
    r = _talk(c, p)
    assert r.status_code == 201, r.content
    talk = r.json()
    _one_event(before, "create", "child_talk")
    assert talk["child_id"] == p.child.pk and talk["interviewer"] == "Coach Test"

    items = {}
    for house, text in (
        ("worries", "Papa schreeuwt als hij moe is."),
        ("good_things", "Oma leest voor."),
        ("dreams", "Dat we samen naar de dierentuin gaan."),
    ):
        r = c.post(f + "/house-items", {"talk_id": talk["id"], "house": house, "text": text})
        assert r.status_code == 201, r.content
        items[house] = r.json()
        assert items[house]["mapping_item_id"] is None
    assert c.post(
        f + "/house-items", {"talk_id": talk["id"], "house": "attic", "text": "x"}
    ).json()["errors"] == {
        "house": [
            _("Choose one of: %(choices)s.") % {"choices": '"worries", "good_things", "dreams"'}
        ]
    }

    # A kind of another mapping column does not fit the house: 422, nothing written.
    worry = items["worries"]
    carry = f + f"/house-items/{worry['id']}/carry"
    before = last_event_id()
    r = c.post(carry, {"version": worry["version"], "category": "strength"})
    assert r.status_code == 422
    assert r.json()["errors"] == {"category": [_("Choose a kind that fits this house.")]}
    assert new_events(before) == []
    assert MappingItem.objects.filter(contributor_kind="child").count() == 0

    # Carrying a version of the item that is no longer current: a conflict, nothing carried.
    r = c.post(carry, {"version": worry["version"] + 1, "category": "future_danger"})
    assert r.status_code == 409 and r.json()["current_version"] == worry["version"]
    assert new_events(before) == []
    assert MappingItem.objects.filter(contributor_kind="child").count() == 0

    before = last_event_id()
    r = c.post(carry, {"version": worry["version"], "category": "future_danger"})
    assert r.status_code == 201, r.content
    mapping = r.json()
    event = _one_event(before, "create", "mapping_item")
    assert event.person_id == p.child.pk
    assert mapping["contributor_kind"] == "child"
    assert mapping["contributor_name"] == p.child.first_name
    assert mapping["column"] == "worries" and mapping["text"] == worry["text"]
    assert mapping["recorded_on"] == talk["held_on"]
    item = HouseItem.objects.get(pk=worry["id"])
    assert item.mapping_item_id == mapping["id"]

    # Carrying it a second time is refused (with the current version too).
    before = last_event_id()
    r = c.post(carry, {"version": item.version, "category": "future_danger"})
    assert r.status_code == 422
    assert r.json()["errors"] == {"__all__": [_("This is already in the mapping.")]}
    assert new_events(before) == []
    assert MappingItem.objects.filter(contributor_kind="child").count() == 1

    # The child's part as one document: talks with their items, house by house.
    before = last_event_id()
    doc = c.get(f + "/child").json()
    _one_event(before, "read", "child_part")
    (kid,) = doc["children"]
    assert kid["id"] == p.child.pk and kid["old_enough"] and kid["view_recorded"]
    (shown,) = kid["talks"]
    assert shown["id"] == talk["id"]
    assert [(i["house"], i["mapping_item_id"]) for i in shown["items"]] == [
        ("worries", mapping["id"]),
        ("good_things", None),
        ("dreams", None),
    ]


def test_house_item_of_another_family_is_not_found(personas, api):
    p = personas
    data = build_plan(p)
    other = _other_family(p)
    c = api("case_worker")
    before = last_event_id()
    r = c.post(
        f"/families/{other.pk}/safety/house-items/{data.house_item.pk}/carry",
        {"version": 1, "category": "next_step"},
    )
    assert r.status_code == 404
    # Its own family, an id that is not a house item of it: also 404.
    r = c.post(
        _f(p) + f"/house-items/{data.house_item.pk + 1000}/carry",
        {"version": 1, "category": "next_step"},
    )
    assert r.status_code == 404
    assert set(only_refusals(new_events(before))) == {"denied"}


def test_people_of_another_family_are_unknown_ids(personas, api):
    p = personas
    f = _f(p)
    c = api("case_worker")
    stranger = _other_family_child(p)
    before = last_event_id()

    r = _talk(c, p, child_id=stranger.pk)
    assert r.status_code == 422
    assert r.json()["errors"] == {"child_id": [_unknown_id()]}
    r = c.post(f + "/child-rules", {"child_id": stranger.pk, "text": "Ik bel oma."})
    assert r.json()["errors"] == {"child_id": [_unknown_id()]}
    r = c.post(f + "/stories", {"title": "Ons verhaal", "children_ids": [p.child.pk, stranger.pk]})
    assert r.json()["errors"] == {"children_ids": [_unknown_id()]}
    # A person of this family who is not a child: the action's message, under the API name.
    r = _talk(c, p, child_id=p.parent.pk)
    assert r.json()["errors"] == {"child_id": [_("Choose a child of this family.")]}
    r = _talk(c, p, held_on=day(1).isoformat())
    assert r.json()["errors"] == {"held_on": [_("This date cannot be in the future.")]}
    r = c.post(f + "/house-items", {"talk_id": 10**9, "house": "dreams", "text": "Een hond."})
    assert r.json()["errors"] == {"talk_id": [_unknown_id()]}
    assert new_events(before) == []


def test_child_rules(personas, api):
    p = personas
    f = _f(p)
    c = api("case_worker")
    first = c.post(f + "/child-rules", {"child_id": p.child.pk, "text": "Ik bel oma."}).json()
    second = c.post(f + "/child-rules", {"child_id": p.child.pk, "text": "Ik ga naar buren."})
    assert (first["order"], second.json()["order"]) == (1, 2)
    r = c.patch(f + f"/child-rules/{first['id']}", {"version": 1, "text": "Ik bel oma Ria."})
    assert r.status_code == 200 and r.json()["version"] == 2
    rules = c.get(f + "/child").json()["children"][0]["rules"]
    assert [rule["text"] for rule in rules] == ["Ik bel oma Ria.", "Ik ga naar buren."]


# Words and Pictures -----------------------------------------------------------------------------


def _story_states(c, p) -> dict:
    return {s["id"]: s for s in c.get(_f(p) + "/child").json()["stories"]}


def test_story_pages_and_the_parents_approval(personas, api):
    p = personas
    f = _f(p)
    c = api("case_worker")

    r = c.post(
        f + "/stories",
        {"title": "Waarom oma vaker komt", "children_ids": [p.child.pk], "made_with": "moeder"},
    )
    assert r.status_code == 201, r.content
    story = r.json()
    assert story["state"] == "empty" and story["page_ids"] == [] and story["approved_by"] == []
    sid = story["id"]
    approvals = f + f"/stories/{sid}/approvals"
    approve = {"version": story["version"], "person_id": p.parent.pk}
    approve["approved_on"] = day().isoformat()
    approve["content_hash"] = c.get(f + "/child").json()["stories"][0]["content_hash"]
    assert c.post(approvals, approve).json()["errors"] == {
        "person_id": [_("The story has no pages yet: there is nothing to approve.")]
    }

    r = c.post(f + "/story-pages", {"story_id": sid, "text": "Het is niet jouw schuld."})
    assert r.status_code == 201, r.content
    page = r.json()
    assert page["pictogram"] == "" and page["image_id"] is None
    r = c.post(f + "/story-pages", {"story_id": sid, "text": "x", "pictogram": "dragon"})
    assert r.status_code == 422 and list(r.json()["errors"]) == ["pictogram"]
    r = c.patch(f + f"/story-pages/{page['id']}", {"version": 1, "pictogram": "house"})
    assert r.status_code == 200 and r.json()["pictogram"] == "house"
    page = r.json()

    # The parent sees the story with its pages; without the hash of what they saw: 422.
    approve["content_hash"] = c.get(f + "/child").json()["stories"][0]["content_hash"]
    r = c.post(approvals, {k: v for k, v in approve.items() if k != "content_hash"})
    assert r.status_code == 422 and "content_hash" in r.json()["errors"]
    # Who approves: a parent of this family, not someone of another family, not the child.
    before = last_event_id()
    stranger = _other_family_child(p)
    r = c.post(approvals, {**approve, "person_id": stranger.pk})
    assert r.status_code == 422 and r.json()["errors"] == {"person_id": [_unknown_id()]}
    r = c.post(approvals, {**approve, "person_id": p.child.pk})
    assert r.json()["errors"] == {"person_id": [_("The parents or caregivers approve the story.")]}
    r = c.post(approvals, {**approve, "approved_on": day(1).isoformat()})
    assert r.json()["errors"] == {"approved_on": [_("This date cannot be in the future.")]}
    assert new_events(before) == []

    before = last_event_id()
    r = c.post(approvals, approve)
    assert r.status_code == 201, r.content
    approval = r.json()
    event = _one_event(before, "create", "story_approval")
    assert event.person_id == p.parent.pk
    assert approval["name"] == "Testouder Fictief" and approval["approved_on"] == day().isoformat()
    assert len(approval["content_hash"]) == 64
    shown = _story_states(c, p)[sid]
    assert shown["state"] == "approved" and shown["approved_by"] == ["Testouder Fictief"]
    assert shown["pages"] == [
        {
            "id": page["id"],
            "story_id": sid,
            "text": "Het is niet jouw schuld.",
            "pictogram": "house",
            "image_id": None,
            "order": 1,
            "version": 2,
        }
    ]
    child_stories = c.get(f + "/child").json()["children"][0]["stories"]
    assert child_stories == [{"id": sid, "title": "Waarom oma vaker komt", "state": "approved"}]
    # The same parent approving the same content twice is refused.
    r = c.post(approvals, approve)
    assert r.json()["errors"] == {
        "person_id": [_("This parent has already approved the story as it is now.")]
    }

    seen = shown["content_hash"]
    assert seen == approval["content_hash"]

    # A page edited afterwards: the approval lapses.
    r = c.patch(
        f + f"/story-pages/{page['id']}", {"version": 2, "text": "Jij kunt er niets aan doen."}
    )
    assert r.status_code == 200
    shown = _story_states(c, p)[sid]
    assert shown["state"] == "changed" and shown["approved_by"] == []
    assert shown["content_hash"] != seen
    # Approving with the content the parent saw before that edit: a conflict, even though
    # the story's own version did not change.
    before = last_event_id()
    r = c.post(approvals, {**approve, "content_hash": seen})
    assert r.status_code == 409 and r.json()["current_version"] == 1
    assert new_events(before) == []

    # The story changed since it was read (title): approving the old version is a conflict.
    r = c.patch(f + f"/stories/{sid}", {"version": 1, "title": "Waarom oma nu vaker komt"})
    assert r.status_code == 200 and r.json()["version"] == 2
    before = last_event_id()
    r = c.post(approvals, approve)
    assert r.status_code == 409, r.content
    assert r.json()["current_version"] == 2
    assert new_events(before) == []
    current = c.get(f + "/child").json()["stories"][0]["content_hash"]
    r = c.post(approvals, {**approve, "version": 2, "content_hash": current})
    assert r.status_code == 201 and r.json()["content_hash"] == current
    assert _story_states(c, p)[sid]["state"] == "approved"
    assert StoryApproval.objects.filter(story_id=sid).count() == 2

    # An edit of a page with a stale version is a conflict too.
    r = c.patch(f + f"/story-pages/{page['id']}", {"version": 2, "text": "Oud."})
    assert r.status_code == 409


# Pictures ---------------------------------------------------------------------------------------


SECRET = "GPS 52.0907 5.1214 bij oma thuis"


def _png_with_metadata() -> bytes:
    image = Image.new("RGB", (40, 30), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = SECRET  # ImageDescription
    exif[0x0110] = "Testcamera"  # Model
    info = PngInfo()
    info.add_text("Comment", SECRET)
    info.add_itxt("Location", SECRET)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def test_uploaded_picture_is_stored_re_encoded_without_metadata(personas, api):
    p = personas
    f = _f(p)
    c = api("case_worker")
    original = _png_with_metadata()
    assert b"eXIf" in original and b"tEXt" in original and SECRET.encode() in original

    before = last_event_id()
    r = c.post(
        f + "/story-images", {"description": "Tekening van oma", "content_base64": _b64(original)}
    )
    assert r.status_code == 201, r.content
    meta = r.json()
    event = _one_event(before, "create", "story_image")
    assert event.object_id == str(meta["id"])
    assert meta == {
        "id": meta["id"],
        "description": "Tekening van oma",
        "width": 40,
        "height": 30,
        "content_type": "image/png",
        "version": 1,
    }
    stored = bytes(StoryImage.objects.get(pk=meta["id"]).content)
    assert stored != original
    for chunk in (b"eXIf", b"tEXt", b"iTXt", b"zTXt", SECRET.encode(), b"Testcamera"):
        assert chunk not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30) and not image.getexif()

    # The picture itself only through its own (logged) read; the document has metadata only.
    before = last_event_id()
    r = c.get(f + f"/story-images/{meta['id']}")
    assert r.status_code == 200
    event = _one_event(before, "read", "story_image")
    assert event.object_id == str(meta["id"])
    assert base64.b64decode(r.json()["content_base64"]) == stored
    doc = c.get(f + "/child").json()
    assert doc["images"] == [meta]
    assert "content_base64" not in str(doc)


@pytest.mark.parametrize(
    "content, field",
    [
        (_b64(b"GIF89a not really a picture"), "content_base64"),
        (_b64(b"%PDF-1.4 a document"), "content_base64"),
        ("this is not base64 !!", "content_base64"),
        ("", "content_base64"),
    ],
)
def test_upload_refuses_what_is_not_a_picture(personas, api, content, field):
    p = personas
    c = api("case_worker")
    before = last_event_id()
    r = c.post(_f(p) + "/story-images", {"description": "Een tekening", "content_base64": content})
    assert r.status_code == 422, r.content
    assert list(r.json()["errors"]) == [field]
    assert new_events(before) == []
    assert not StoryImage.objects.exists()


def test_upload_needs_a_description(personas, api):
    p = personas
    c = api("case_worker")
    r = c.post(_f(p) + "/story-images", {"description": " ", "content_base64": _b64(tiny_png())})
    assert r.status_code == 422 and list(r.json()["errors"]) == ["description"]


def test_picture_used_on_a_page_cannot_be_removed(personas, api):
    p = personas
    f = _f(p)
    c = api("case_worker")
    image = c.post(
        f + "/story-images", {"description": "Ons huis", "content_base64": _b64(tiny_png())}
    ).json()
    story = c.post(f + "/stories", {"title": "Thuis", "children_ids": [p.child.pk]}).json()
    r = c.post(
        f + "/story-pages",
        {"story_id": story["id"], "text": "Dit is ons huis.", "image_id": image["id"]},
    )
    assert r.status_code == 201, r.content
    page = r.json()
    assert page["image_id"] == image["id"]
    # A pictogram and a picture on one page: the action's message, under the API name.
    r = c.post(
        f + "/story-pages",
        {"story_id": story["id"], "text": "x", "image_id": image["id"], "pictogram": "house"},
    )
    assert r.json()["errors"] == {
        "image_id": [_("Choose a pictogram or an uploaded picture, not both.")]
    }

    before = last_event_id()
    r = c.delete(f + f"/story-images/{image['id']}?version=1")
    assert r.status_code == 422
    assert r.json()["errors"] == {
        "__all__": [
            _("This picture is used on a page of a story. Choose another picture there first.")
        ]
    }
    assert new_events(before) == [] and StoryImage.objects.filter(pk=image["id"]).exists()

    assert c.delete(f + f"/story-pages/{page['id']}?version=1").status_code == 204
    assert not StoryPage.objects.filter(pk=page["id"]).exists()
    before = last_event_id()
    assert c.delete(f + f"/story-images/{image['id']}?version=1").status_code == 204
    _one_event(before, "delete", "story_image")
    assert not StoryImage.objects.filter(pk=image["id"]).exists()


def test_picture_description_can_change(personas, api):
    p = personas
    f = _f(p)
    c = api("case_worker")
    image = c.post(
        f + "/story-images", {"description": "Ons huis", "content_base64": _b64(tiny_png())}
    ).json()
    r = c.patch(f + f"/story-images/{image['id']}", {"version": 1, "description": "Het huis"})
    assert r.status_code == 200, r.content
    assert r.json()["description"] == "Het huis" and r.json()["version"] == 2


# The versions for the family --------------------------------------------------------------------


def test_parents_and_child_version_as_pdf(personas, api):
    p = personas
    data = build_plan(p)
    f = _f(p)
    c = api("case_worker")

    before = last_event_id()
    r = c.get(f + f"/versions/{data.version.pk}/parents-pdf")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    event = _one_event(before, "export", "plan_version")
    assert event.details["edition"] == "parents"

    before = last_event_id()
    r = c.get(f + f"/children/{p.child.pk}/child-version-pdf")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    event = _one_event(before, "export", "child_version")
    assert event.person_id == p.child.pk

    # Not a child of this family: 404, nothing logged.
    before = last_event_id()
    stranger = _other_family_child(p)
    for person_id in (p.parent.pk, stranger.pk, 10**9):
        assert c.get(f + f"/children/{person_id}/child-version-pdf").status_code == 404
    assert c.get(f + f"/versions/{10**9}/parents-pdf").status_code == 404
    assert only_refusals(new_events(before)) == ["denied"] * 4
