"""PDFs of frozen versions are made once and stored; each download is still one export
entry; whatever changes what the document shows makes a new one."""

import hashlib
from unittest import mock

from django.db.models import F

from tests.safety.helpers import build_plan
from tests.safety.test_lifecycle_web import entries, last_id, url
from vangnet.safety import pdf as pdf_module
from vangnet.safety.models import Distribution, PlanVersion, StoredDocument, VersionStatus


def _freeze(version: PlanVersion) -> None:
    PlanVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.DISTRIBUTED, version=F("version") + 1
    )


def _download(client, p, version, name="version_pdf"):
    response = client.get(url(name, p.family.pk, version.pk))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    return response.content


def test_frozen_version_pdf_is_made_once_and_each_download_logged(personas, as_user):
    p = personas
    data = build_plan(p)
    _freeze(data.version)
    client = as_user(p.team_member)
    before = last_id()
    with mock.patch.object(pdf_module, "html_to_pdf", wraps=pdf_module.html_to_pdf) as made:
        first = _download(client, p, data.version)
        second = _download(client, p, data.version)
        parents = [_download(client, p, data.version, "parents_version_pdf") for _ in range(2)]
    assert made.call_count == 2  # the plan once, the parents' version once
    assert first == second and parents[0] == parents[1]
    assert StoredDocument.objects.filter(plan_version=data.version).count() == 2
    assert [e.action for e in entries(before)] == ["export"] * 4


def test_a_new_distribution_makes_a_new_document(personas, as_user):
    p = personas
    data = build_plan(p)
    _freeze(data.version)
    client = as_user(p.team_member)
    first = _download(client, p, data.version)
    Distribution.objects.create(
        plan_version=data.version,
        person=p.parent,
        name="Nieuwe ontvanger",
        received_on=data.version.created_at.date(),
        method="in_person",
        recorded_by=p.case_worker,
    )
    second = _download(client, p, data.version)
    assert first != second
    assert StoredDocument.objects.filter(plan_version=data.version, kind="plan").count() == 2


def test_a_version_that_is_not_frozen_is_made_live(personas, as_user):
    p = personas
    data = build_plan(p)
    assert not data.version.frozen
    client = as_user(p.team_member)
    with mock.patch.object(pdf_module, "html_to_pdf", wraps=pdf_module.html_to_pdf) as made:
        _download(client, p, data.version)
        _download(client, p, data.version)
    assert made.call_count == 2
    assert not StoredDocument.objects.exists()


def test_a_stored_document_that_fails_its_check_is_made_again(personas, as_user):
    p = personas
    data = build_plan(p)
    _freeze(data.version)
    client = as_user(p.team_member)
    _download(client, p, data.version)
    StoredDocument.objects.update(pdf=b"%PDF-broken")
    again = _download(client, p, data.version)
    assert again != b"%PDF-broken" and len(again) > 1000
    stored = StoredDocument.objects.get()
    assert bytes(stored.pdf) == again
    assert hashlib.sha256(again).hexdigest() == stored.sha256
