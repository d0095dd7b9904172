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


def test_chain_survives_a_database_round_trip(personas):
    """Values read back (IPv6, JSON, microseconds) hash the same as when they were written."""
    from vangnet.audit import recorder
    from vangnet.audit.context import Actor

    for ip in ("2001:0db8:0000:0000:0000:0000:0000:0001", "192.0.2.10", None, "not-an-ip"):
        actor = Actor(user=personas.case_worker, ip_address=ip, user_agent="Test/1.0 ‘quotes’")
        recorder.record(
            actor,
            "read",
            object_type="family",
            family=personas.family,
            details={"b": [1, 2], "a": "é"},
        )
    count, problem = verify_access_log()
    assert problem is None and count == AccessEvent.objects.count()
