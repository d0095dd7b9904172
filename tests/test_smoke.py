from vangnet.audit.models import AccessEvent
from vangnet.audit.verification import verify_access_log


def test_family_page_logs_one_entry(personas, as_user):
    client = as_user(personas.case_worker)
    before = AccessEvent.objects.count()
    response = client.get(f"/gezinnen/{personas.family.pk}/")
    assert response.status_code == 200
    assert b"Testkind" in response.content
    assert AccessEvent.objects.count() == before + 1
    assert verify_access_log() == (before + 1, None)


def test_outsider_gets_404(personas, as_user):
    client = as_user(personas.other_team)
    assert client.get(f"/gezinnen/{personas.family.pk}/").status_code == 404
