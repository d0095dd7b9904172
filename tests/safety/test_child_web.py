"""The child's part through the HTML pages: Three Houses with carrying into the mapping, the
child's safety rules, Words and Pictures with the parents' approval, uploaded pictures, the
child version and the parents' version - one access-log entry per request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from PIL import Image

from tests.safety.helpers import build_plan, day, tiny_png
from tests.safety.test_lifecycle_web import entries, last_id, post_one, url
from vangnet.families.models import Person
from vangnet.review.adapter import review_draft
from vangnet.safety.models import (
    ChildRule,
    ChildTalk,
    HouseItem,
    MappingItem,
    SafetyPlan,
    Story,
    StoryApproval,
    StoryImage,
    StoryPage,
)


def test_three_houses_and_carrying_into_the_mapping(personas, as_user):
    p = personas
    fid = p.family.pk
    client = as_user(p.case_worker)

    response = client.get(url("child", fid))
    assert response.status_code == 200
    assert p.child.first_name in response.content.decode()

    post_one(
        client,
        url("child_talk_add", fid),
        {
            "child": p.child.pk,
            "held_on": day().isoformat(),
            "interviewer": p.case_worker.pk,
            "others_present": "juf",
            "note": "Op school, na de gym.",
        },
    )
    talk = ChildTalk.objects.get(plan__family=p.family)
    assert talk.interviewer == p.case_worker
    for house, text in (
        ("worries", "Papa schreeuwt als hij moe is."),
        ("good_things", "Oma leest voor."),
        ("dreams", "Dat we samen naar de dierentuin gaan."),
    ):
        post_one(
            client, url("house_item_add", fid), {"talk": talk.pk, "house": house, "text": text}
        )
    page = client.get(url("child", fid)).content.decode()
    for text in ("Papa schreeuwt", "Oma leest voor", "dierentuin"):
        assert text in page

    worry = HouseItem.objects.get(house="worries")
    # A kind of another column does not fit this house: the form is shown again (one read).
    response = post_one(
        client,
        url("house_item_carry", fid, worry.pk),
        {"version": worry.version, "category": "strength"},
        status=200,
    )
    assert "category" in response.context["form"].errors
    post_one(
        client,
        url("house_item_carry", fid, worry.pk),
        {"version": worry.version, "category": "future_danger"},
    )
    worry.refresh_from_db()
    mapping = MappingItem.objects.get(pk=worry.mapping_item_id)
    assert (mapping.contributor_kind, mapping.contributor_name) == ("child", p.child.first_name)
    assert mapping.text == worry.text and mapping.recorded_on == talk.held_on
    # Carrying twice is refused with a message, nothing new in the mapping.
    response = post_one(
        client,
        url("house_item_carry", fid, worry.pk),
        {"version": worry.version, "category": "future_danger"},
        status=200,
    )
    assert MappingItem.objects.filter(plan__family=p.family, contributor_kind="child").count() == 1


def test_a_child_of_another_family_or_a_parent_is_refused(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    from vangnet.families.models import Family

    elsewhere = Family.objects.create(
        team=p.team_b,
        name="Gezin Elders",
        reference="T-ELDERS",
        opened_on=day(-10),
        retention_until=day(3650),
        case_worker=p.other_team,
    )
    other_child = Person.objects.create(family=elsewhere, kind="child", first_name="Elders")
    for bad in (other_child.pk, p.parent.pk):
        response = post_one(
            client,
            url("child_rule_add", p.family.pk),
            {"child": bad, "text": "Ik bel oma."},
            status=200,
        )
        assert "child" in response.context["form"].errors
    assert not ChildRule.objects.exists()


def test_future_conversation_date_is_refused(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    response = post_one(
        client,
        url("child_talk_add", p.family.pk),
        {"child": p.child.pk, "held_on": day(3).isoformat(), "interviewer": p.case_worker.pk},
        status=200,
    )
    assert "held_on" in response.context["form"].errors
    assert not ChildTalk.objects.exists()


def _story_with_page(client, p):
    fid = p.family.pk
    post_one(
        client,
        url("story_add", fid),
        {"title": "Wat er thuis gebeurde", "children": [p.child.pk], "made_with": "moeder"},
    )
    story = Story.objects.get(plan__family=p.family)
    post_one(
        client,
        url("story_page_add", fid),
        {"story": story.pk, "text": "Het is niet jouw schuld.", "pictogram": "not_your_fault"},
    )
    return story


def _approval(story, person) -> dict:
    from vangnet.safety.child import story_hash

    story.refresh_from_db()
    return {
        "version": story.version,
        "person": person.pk,
        "approved_on": day().isoformat(),
        "content": story_hash(story),
    }


def test_a_page_changed_while_the_parent_looked_is_not_approved(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    story = _story_with_page(client, p)
    shown = _approval(story, p.parent)
    StoryPage.objects.filter(story=story).update(text="Een andere tekst.")
    response = post_one(client, url("story_approve", p.family.pk, story.pk), shown, status=200)
    assert response.context["form"].non_field_errors()
    assert not StoryApproval.objects.exists()


def test_story_approval_lapses_when_the_story_changes(personas, as_user):
    p = personas
    fid = p.family.pk
    client = as_user(p.case_worker)
    story = _story_with_page(client, p)

    page = client.get(url("story", fid, story.pk)).content.decode()
    assert "Het is niet jouw schuld." in page and "<svg" in page
    assert "Not yet approved" in page or "Nog niet goedgekeurd" in page

    # Only a parent or caregiver approves.
    response = post_one(
        client,
        url("story_approve", fid, story.pk),
        _approval(story, p.child),
        status=200,
    )
    assert "person" in response.context["form"].errors
    post_one(
        client,
        url("story_approve", fid, story.pk),
        _approval(story, p.parent),
    )
    assert StoryApproval.objects.get().name == p.parent.full_name
    cv = client.get(url("child_version", fid, p.child.pk))
    assert cv.context["cv"].approved

    # A page changes: the approval no longer covers the story.
    page_row = StoryPage.objects.get()
    post_one(
        client,
        url("story_page_edit", fid, page_row.pk),
        {
            "version": page_row.version,
            "story": story.pk,
            "text": "Het is nooit jouw schuld.",
            "pictogram": "not_your_fault",
            "order": page_row.order,
        },
    )
    cv = client.get(url("child_version", fid, p.child.pk))
    assert not cv.context["cv"].approved
    assert "Draft" in cv.content.decode() or "Concept" in cv.content.decode()
    # The parent approves again.
    post_one(
        client,
        url("story_approve", fid, story.pk),
        _approval(story, p.parent),
    )
    assert client.get(url("child_version", fid, p.child.pk)).context["cv"].approved


def test_approving_a_story_someone_just_changed_is_refused(personas, as_user):
    p = personas
    client = as_user(p.case_worker)
    story = _story_with_page(client, p)
    seen = story.version
    Story.objects.filter(pk=story.pk).update(title="Nieuwe titel", version=seen + 1)
    response = post_one(
        client,
        url("story_approve", p.family.pk, story.pk),
        {**_approval(story, p.parent), "version": seen},
        status=200,
    )
    assert response.context["form"].non_field_errors()
    assert not StoryApproval.objects.exists()


def test_page_with_both_pictogram_and_picture_or_unknown_pictogram(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    for data, field in (
        ({"pictogram": "house", "image": d.story_image.pk}, "image"),
        ({"pictogram": "<script>"}, "pictogram"),
    ):
        response = post_one(
            client,
            url("story_page_add", p.family.pk),
            {"story": d.story.pk, "text": "Tekst", **data},
            status=200,
        )
        assert field in response.context["form"].errors
    assert StoryPage.objects.count() == 1


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (2400, 1600), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    exif[0x9003] = "2026:01:01 10:00:00"  # DateTimeOriginal
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_upload_is_re_encoded_without_metadata_and_scaled_down(personas, as_user):
    p = personas
    fid = p.family.pk
    client = as_user(p.case_worker)
    raw = _jpeg_with_exif()
    assert b"TestCamera" in raw
    upload = SimpleUploadedFile("tekening.jpg", raw, content_type="image/jpeg")
    post_one(client, url("story_image_add", fid), {"image": upload, "description": "Ons huis"})
    image = StoryImage.objects.get()
    content = bytes(image.content)
    assert b"TestCamera" not in content and b"Exif" not in content
    assert max(image.width, image.height) == 1200 and image.content_type == "image/jpeg"

    # Use it on a page: the story page and the child version embed it (no extra request).
    story = Story.objects.create(plan=image.plan, title="Verhaal", order=1)
    story.children.set([p.child])
    post_one(
        client,
        url("story_page_add", fid),
        {"story": story.pk, "text": "Dit is ons huis.", "image": image.pk},
    )
    before = last_id()
    page = client.get(url("story", fid, story.pk)).content.decode()
    assert 'src="data:image/jpeg;base64,' in page and 'alt="Ons huis"' in page
    assert len(entries(before)) == 1
    # A picture in use is not removed.
    response = client.post(url("story_image_remove", fid, image.pk), {"version": image.version})
    assert response.status_code == 302
    assert StoryImage.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize(
    "content, name",
    [(b"%PDF-1.4 not a picture", "x.png"), (tiny_png(), "")],
)
def test_upload_refuses_non_pictures_and_asks_for_a_description(personas, as_user, content, name):
    p = personas
    client = as_user(p.case_worker)
    data = {"image": SimpleUploadedFile(name or "ok.png", content, content_type="image/png")}
    data["description"] = "Een tekening" if name else ""
    response = post_one(client, url("story_image_add", p.family.pk), data, status=200)
    assert response.context["form"].errors
    assert not StoryImage.objects.exists()


def test_too_large_upload_is_refused(personas, as_user, monkeypatch):
    from vangnet.safety import images

    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 100)
    p = personas
    client = as_user(p.case_worker)
    data = {
        "image": SimpleUploadedFile("big.png", tiny_png(size=(200, 200)), "image/png"),
        "description": "Groot",
    }
    response = post_one(client, url("story_image_add", p.family.pk), data, status=200)
    assert "image" in response.context["form"].errors


def test_child_version_print_and_pdf_are_logged(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    fid = p.family.pk
    before = last_id()
    response = client.get(url("child_version", fid, p.child.pk))
    html = response.content.decode()
    assert d.child_rule.text in html and "Het is niet jouw schuld." in html
    assert d.safety_person.person.full_name in html  # a confirmed safety person helps
    [entry] = entries(before)
    assert (entry.action, entry.object_type, entry.person_id) == (
        "print",
        "child_version",
        p.child.pk,
    )

    before = last_id()
    response = client.get(url("child_version_pdf", fid, p.child.pk))
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"
    [entry] = entries(before)
    assert (entry.action, entry.object_type) == ("export", "child_version")
    # A parent is not a child: no child version for them.
    assert client.get(url("child_version", fid, p.parent.pk)).status_code == 404


def test_parents_version_print_and_pdf(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    fid = p.family.pk
    before = last_id()
    response = client.get(url("parents_version", fid, d.version.pk))
    html = response.content.decode()
    assert d.agreement.what in html and d.agreement.fallback in html
    assert "<mark>" not in html.split('class="family-version"')[1]  # the check is not printed
    [entry] = entries(before)
    assert entry.action == "print" and entry.details["edition"] == "parents"

    before = last_id()
    response = client.get(url("parents_version_pdf", fid, d.version.pk))
    assert response.content[:4] == b"%PDF"
    [entry] = entries(before)
    assert entry.action == "export" and entry.details["edition"] == "parents"


def test_parents_version_page_shows_the_b1_points_on_screen(personas, as_user):
    from vangnet.safety.models import PlanVersion

    p = personas
    d = build_plan(p)
    snapshot = d.version.snapshot
    snapshot["sections"]["agreements"][0]["fields"]["how"] = "De gezinsvoogd gaat monitoren."
    PlanVersion.objects.filter(pk=d.version.pk).update(snapshot=snapshot)
    response = as_user(p.case_worker).get(url("parents_version", p.family.pk, d.version.pk))
    html = response.content.decode()
    screen_only, printed = html.split('class="family-version"', 1)
    assert "<mark>gezinsvoogd</mark>" in screen_only and "<mark>monitoren</mark>" in screen_only
    assert "De gezinsvoogd gaat monitoren." in printed and "<mark>" not in printed


def test_parents_version_flags_jargon(personas, as_user):
    from vangnet.safety.outputs import parents_readability, parents_version

    snapshot = {
        "sections": {
            "agreements": [
                {
                    "id": "agreement-1",
                    "situation": "stress",
                    "fields": {
                        "what": "De gezinsvoogd gaat monitoren of de bodemeisen gehaald worden.",
                        "who": "Testouder",
                    },
                }
            ]
        }
    }
    b1 = parents_readability(parents_version(snapshot))
    words = {s["words"].lower() for f in b1["findings"] for s in f["spans"]}
    assert {"gezinsvoogd", "monitoren", "bodemeisen"} <= words


def test_review_uses_the_childs_part(personas):
    p = personas
    d = build_plan(p)
    codes = {f.code for f in review_draft(d.plan).findings}
    # build_plan has a Three Houses talk with the child and a story not yet approved.
    assert "children_not_heard" not in codes
    assert "child_version_not_approved" in codes
    StoryApproval.objects.create(
        story=d.story,
        person=p.parent,
        name=p.parent.full_name,
        approved_on=day(),
        content_hash=__import__("vangnet.safety.child", fromlist=["x"]).story_hash(d.story),
        recorded_by=p.case_worker,
    )
    codes = {f.code for f in review_draft(d.plan).findings}
    assert not codes & {"child_version_not_approved", "children_without_version"}
    # Removed behind the actions' back, so the plan's version does not move: bump it as
    # every action does, or the review kept for this version is (rightly) reused.
    ChildTalk.objects.all().delete()
    MappingItem.objects.filter(contributor_kind="child").delete()
    SafetyPlan.objects.filter(pk=d.plan.pk).update(version=F("version") + 1)
    d.plan.refresh_from_db()
    codes = {f.code for f in review_draft(d.plan).findings}
    assert "children_not_heard" in codes


def test_read_only_member_sees_the_child_page_without_edit_links(personas, as_user):
    p = personas
    build_plan(p)
    response = as_user(p.read_only).get(url("child", p.family.pk))
    assert response.status_code == 200
    assert url("child_talk_add", p.family.pk) not in response.content.decode()


def test_picture_description_can_change_on_its_page(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    image = d.story_image
    post_one(
        client,
        url("story_image_edit", p.family.pk, image.pk),
        {"version": image.version, "description": "Tekening van ons huis met de tuin"},
    )
    image.refresh_from_db()
    assert image.description == "Tekening van ons huis met de tuin"
    assert bytes(image.content) == bytes(d.story_image.content)
