"""The family's documents (tracker issue 13): the parents' version in plain language, the
names the family uses, and child and parents' versions frozen with the plan version."""

import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.urls import reverse
from django.utils import timezone, translation

from tests.safety.helpers import build_plan
from tests.safety.test_lifecycle_web import entries, last_id, url
from vangnet.audit.context import Actor
from vangnet.families.access import get_family_for_user
from vangnet.families.models import Person
from vangnet.safety import actions, outputs
from vangnet.safety.child import story_hash
from vangnet.safety.models import (
    Agreement,
    PlanVersion,
    SafetyPerson,
    StoredDocument,
    StoryApproval,
    VersionStatus,
)
from vangnet.safety.snapshot import plan_snapshot

NOT_PLAIN = "nog niet in gewone taal"


def _write(p):
    return get_family_for_user(p.case_worker, p.family.pk, write=True)


def _add(p, kind, **values):
    return actions.do_add_item(
        actor=Actor.cli(p.case_worker), access=_write(p), item_type=kind, **values
    )


def _approve(p, d):
    StoryApproval.objects.create(
        story=d.story,
        person=p.parent,
        name=p.parent.full_name,
        approved_on=timezone.localdate(),
        content_hash=story_hash(d.story),
        recorded_by=p.case_worker,
    )


def _distributed_version(p, d, number=1) -> PlanVersion:
    """The draft frozen as it is now, signed and distributed."""
    return PlanVersion.objects.create(
        plan=d.plan,
        number=number,
        snapshot={**plan_snapshot(d.plan), "number": number},
        created_by=p.case_worker,
        status=VersionStatus.DISTRIBUTED,
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# 4. Versions for the family are frozen with the plan version -----------------------------------


def test_child_version_of_a_signed_version_does_not_change_with_the_draft(personas, as_user):
    p = personas
    d = build_plan(p, with_version=False)
    _approve(p, d)
    version = _distributed_version(p, d)
    client = as_user(p.case_worker)
    fid = p.family.pk
    pdf_url = url("version_child_version_pdf", fid, version.pk, p.child.pk)
    page_url = url("version_child_version", fid, version.pk, p.child.pk)

    before = last_id()
    first = client.get(pdf_url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    [entry] = entries(before)
    assert (entry.action, entry.object_type, entry.details["version"]) == (
        "export",
        "child_version",
        1,
    )
    page = client.get(page_url).content.decode()
    assert "Het is niet jouw schuld." in page and "Testbuur" in page
    assert "Concept" not in _text(page.split('class="family-version', 1)[1])

    # After distribution the draft gets a new helper and a new rule for the child.
    helper = Person.objects.create(
        family=p.family, kind="network", first_name="Nieuwehelper", called_by_child="Ome Kees"
    )
    _add(p, "safety_person", person=helper, role="Haalt op.", confirmed_on=timezone.localdate())
    _add(p, "child_rule", child=p.child, text="Ik bel Ome Kees.", order=0)

    second = client.get(pdf_url)
    assert second.content == first.content  # the stored PDF, byte for byte
    assert StoredDocument.objects.filter(plan_version=version, kind="child").count() == 1
    page = client.get(page_url).content.decode()
    assert "Ome Kees" not in page and "Nieuwehelper" not in page

    # The draft's print preview shows it, marked as a concept.
    preview = client.get(url("child_version", fid, p.child.pk)).content.decode()
    assert "Ome Kees" in preview and "Concept" in preview


def test_child_version_shows_the_stories_approved_when_the_version_was_made(personas, as_user):
    p = personas
    d = build_plan(p, with_version=False)  # the story is not approved yet
    version = _distributed_version(p, d)
    _approve(p, d)  # approved after the version was made: not in that version
    client = as_user(p.case_worker)
    page = client.get(url("version_child_version", p.family.pk, version.pk, p.child.pk))
    document = page.context["cv"]
    assert document.stories == [] and document.pending == [d.story.title]
    assert d.child_rule.text in page.content.decode()
    # The draft's preview shows every story, approved or not.
    preview = client.get(url("child_version", p.family.pk, p.child.pk)).context["cv"]
    assert [title for title, _ok, _pages in preview.stories] == [d.story.title]


def test_parents_version_pdf_of_a_distributed_version_never_changes(personas, as_user):
    p = personas
    d = build_plan(p, with_version=False)
    version = _distributed_version(p, d)
    client = as_user(p.case_worker)
    pdf_url = url("parents_version_pdf", p.family.pk, version.pk)
    first = client.get(pdf_url).content
    Agreement.objects.filter(pk=d.agreement.pk).update(plain="Iets heel anders.")
    Person.objects.filter(pk=d.network.pk).update(phone="06-99999999")
    assert client.get(pdf_url).content == first
    html = client.get(url("parents_version", p.family.pk, version.pk)).content.decode()
    assert "Iets heel anders." not in html and "06-99999999" not in html


def test_the_drafts_parents_preview_is_marked_concept(personas, as_user):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    before = last_id()
    page = client.get(url("parents_preview", p.family.pk))
    assert page.status_code == 200
    printed = page.content.decode().split('class="family-version"', 1)[1]
    assert "Concept" in printed and d.agreement.what in printed
    [entry] = entries(before)
    assert (entry.action, entry.details["version"]) == ("print", "draft")
    pdf = client.get(url("parents_preview_pdf", p.family.pk))
    assert pdf.content.startswith(b"%PDF")
    assert not StoredDocument.objects.exists()  # a draft is never stored


def test_an_old_snapshot_still_renders(personas, as_user):
    """Format 2: no plain texts, no names, no child's part. The parents' version shows the
    professional texts, marked, and the names without the role in brackets."""
    p = personas
    d = build_plan(p)
    snapshot = d.version.snapshot
    for key in ("names", "children"):
        snapshot.pop(key)
    snapshot["format"] = 2
    for items in snapshot["sections"].values():
        for item in items:
            item["fields"].pop("plain", None)
            for key in ("person", "who", "monitor", "handover", "handover_on", "when"):
                item.pop(key, None)
    PlanVersion.objects.filter(pk=d.version.pk).update(snapshot=snapshot)
    client = as_user(p.case_worker)
    html = client.get(url("parents_version", p.family.pk, d.version.pk)).content.decode()
    printed = html.split('class="family-version"', 1)[1]
    assert NOT_PLAIN in printed and d.agreement.what in printed
    assert "(buurvrouw)" not in printed and "Testbuur" in printed
    child = client.get(url("version_child_version", p.family.pk, d.version.pk, p.child.pk))
    assert child.status_code == 200 and not child.context["cv"].kept
    assert "Testbuur" in child.content.decode()


# 2. The parents' version in the family's own words -------------------------------------------


def test_plain_text_replaces_the_professional_one_and_the_rest_is_marked(personas):
    p = personas
    d = build_plan(p, with_version=False)
    Agreement.objects.filter(pk=d.agreement.pk).update(
        plain="Wordt papa boos? Dan gaat hij een stukje lopen."
    )
    with translation.override("nl"):
        content = outputs.parents_version(plan_snapshot(d.plan))
        parts = {str(h): items for h, items in content["parts"]}
        [agreement] = parts["Wat hebben we afgesproken?"]
        texts = [t for _l, t, _p in agreement.lines]
        assert "Wordt papa boos? Dan gaat hij een stukje lopen." in texts
        assert d.agreement.what not in [*texts, agreement.title] and not agreement.not_plain
        assert d.agreement.how not in texts
        [goal] = parts["Wat willen we bereiken?"]
        assert goal.not_plain  # no plain text yet: the professional text, marked
        html = outputs.render_to_string(
            "safety/parents_pdf.html", {"family": p.family, "pv": None, **content}
        )
    assert NOT_PLAIN in html
    # the moment of the day is a group with its pictogram
    assert agreement.situation_label and 'class="pictogram"' in agreement.pictogram


def test_plain_text_through_the_form_and_the_api(personas, as_user, api):
    p = personas
    d = build_plan(p)
    client = as_user(p.case_worker)
    response = client.get(url("goal_edit", p.family.pk, d.goal.pk))
    assert 'name="plain"' in response.content.decode()
    c = api("case_worker")
    base = f"/families/{p.family.pk}/safety"
    r = c.patch(
        f"{base}/goals/{d.goal.pk}", {"version": d.goal.version, "plain": "Testkind is veilig."}
    )
    assert r.status_code == 200, r.content
    assert r.json()["plain"] == "Testkind is veilig."
    r = c.post(
        f"{base}/steps",
        {"text": "Netwerkberaad.", "plain": "We praten samen.", "target_on": "2030-01-01"},
    )
    assert r.status_code == 201 and r.json()["plain"] == "We praten samen."


def test_parents_pdf_type_is_at_least_14_pt(personas):
    p = personas
    d = build_plan(p)
    with translation.override("nl"):
        pdf = outputs.parents_pdf(p.family, d.version)
    doc = pdfium.PdfDocument(pdf)
    sizes = set()
    for i in range(len(doc)):
        textpage = doc[i].get_textpage()
        for index in range(textpage.count_chars()):
            if textpage.get_text_range(index, 1).strip():
                sizes.add(round(pdfium_c.FPDFText_GetFontSize(textpage, index), 1))
    assert sizes and min(sizes) >= 14


# 3. How a person is called -------------------------------------------------------------------


def test_family_documents_use_the_names_the_family_uses(personas, as_user):
    p = personas
    d = build_plan(p, with_version=False)
    Person.objects.filter(pk=d.network.pk).update(
        last_name="Appelboom",
        relation="oma (moederszijde), voogd",
        called_by_child="Oma",
        called_by_parents="Mam",
        phone="06-00000999",
    )
    other = Person.objects.create(family=p.family, kind="network", first_name="Ria", relation="zus")
    SafetyPerson.objects.create(
        plan=d.plan, person=other, role="Komt.", confirmed_on=timezone.localdate()
    )
    _approve(p, d)
    version = _distributed_version(p, d)
    client = as_user(p.case_worker)
    child = client.get(url("version_child_version", p.family.pk, version.pk, p.child.pk))
    child_page = _text(child.content.decode().split("child-version", 1)[1])
    assert "Oma" in child_page and "Ria" in child_page  # empty: the first name
    parents = client.get(url("parents_version", p.family.pk, version.pk)).content.decode()
    printed = _text(parents.split('class="family-version"', 1)[1])
    assert "Mam" in printed and "06-00000999" in printed
    for page in (child_page, printed):
        assert "Appelboom" not in page and "(" not in page.replace("(B1", "")
        assert "voogd" not in page and "(zus)" not in page


def test_person_names_in_the_form_and_the_api(personas, as_user, api):
    p = personas
    response = as_user(p.case_worker).get(reverse("families:person_add", args=[p.family.pk]))
    html = response.content.decode()
    assert 'name="called_by_child"' in html and 'name="called_by_parents"' in html
    c = api("case_worker")
    r = c.post(
        f"/families/{p.family.pk}/people",
        {"kind": "network", "first_name": "Ria", "called_by_child": "Tante Ria"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["called_by_child"], body["called_by_parents"]) == ("Tante Ria", "")
    person = Person.objects.get(pk=body["id"])
    assert (person.child_name, person.parents_name) == ("Tante Ria", "Ria")
    r = c.patch(
        f"/families/{p.family.pk}/people/{person.pk}",
        {"version": person.version, "called_by_parents": "Ria"},
    )
    assert r.status_code == 200 and r.json()["called_by_parents"] == "Ria"
