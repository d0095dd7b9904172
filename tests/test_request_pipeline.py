"""The request pipeline: one transaction per request, the access-log entries written as
its last statements (no log lock held while a page renders), exactly one entry per
request about a family, nothing kept when the view fails."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessEvent
from vangnet.audit.verification import verify_access_log
from vangnet.families.access import get_family_for_user
from vangnet.families.models import Family
from vangnet.urls import urlpatterns as app_urlpatterns


def _entries_after(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def _last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# Views only for these tests: a forgotten log call, a redirect, a failure after a write.


def checks_access_and_logs_nothing(request, pk):
    get_family_for_user(request.user, pk)
    return HttpResponse("shown")


def checks_access_and_redirects(request, pk):
    get_family_for_user(request.user, pk)
    return HttpResponse(status=302, headers={"Location": "/"})


def writes_then_fails(request, pk):
    access = get_family_for_user(request.user, pk, write=True)
    Family.objects.filter(pk=access.family.pk).update(notes="changed by a failing view")
    recorder.record(
        Actor.from_request(request), AccessAction.UPDATE, object_type="family", family=access.family
    )
    raise RuntimeError("the view fails after its write")


def server_error_after_write(request, pk):
    access = get_family_for_user(request.user, pk, write=True)
    Family.objects.filter(pk=access.family.pk).update(notes="changed before a 500")
    return HttpResponse(status=500)


urlpatterns = [
    path("t/shown/<int:pk>/", checks_access_and_logs_nothing),
    path("t/redirect/<int:pk>/", checks_access_and_redirects),
    path("t/fails/<int:pk>/", writes_then_fails),
    path("t/500/<int:pk>/", server_error_after_write),
    *app_urlpatterns,
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_family_page_writes_its_entry_last(personas, as_user):
    """The head lock and the insert are the last statements of the request's transaction:
    nothing of the page (queries, rendering) runs while the chain head is locked."""
    client = as_user(personas.case_worker)
    url = reverse("families:detail", args=[personas.family.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    audit = [i for i, s in enumerate(sql) if "audit_access" in s]
    assert audit, "the read was not logged"
    first_audit = audit[0]
    assert audit == list(range(first_audit, first_audit + len(audit)))  # one block
    after = [s for s in sql[audit[-1] + 1 :] if "SAVEPOINT" not in s.upper()]
    # after the log write only the session is saved (outside the request's transaction)
    assert all("django_session" in s for s in after), after
    assert len(_entries_after(0)) >= 1


def test_one_entry_per_request_and_chain_verifies(personas, as_user):
    client = as_user(personas.case_worker)
    before = _last_id()
    for _ in range(3):
        assert client.get(reverse("families:detail", args=[personas.family.pk])).status_code == 200
    entries = _entries_after(before)
    assert [e.action for e in entries] == ["read"] * 3
    assert verify_access_log()[1] is None


def test_a_forgotten_log_call_still_logs_a_read(personas, as_user, test_urls):
    client = as_user(personas.case_worker)
    before = _last_id()
    assert client.get(f"/t/shown/{personas.family.pk}/").status_code == 200
    (entry,) = _entries_after(before)
    assert entry.action == "read"
    assert entry.family_id == personas.family.pk
    assert entry.username == personas.case_worker.username
    assert entry.channel == "web"


def test_a_redirect_without_family_data_logs_nothing(personas, as_user, test_urls):
    client = as_user(personas.case_worker)
    before = _last_id()
    assert client.get(f"/t/redirect/{personas.family.pk}/").status_code == 302
    assert _entries_after(before) == []


def test_outsider_gets_404_and_no_entry(personas, as_user, test_urls):
    client = as_user(personas.other_team)
    before = _last_id()
    assert client.get(f"/t/shown/{personas.family.pk}/").status_code == 404
    assert _entries_after(before) == []


def test_a_failing_view_keeps_neither_its_write_nor_its_entry(personas, as_user, test_urls):
    client = as_user(personas.case_worker)
    client.raise_request_exception = False
    before = _last_id()
    notes = Family.objects.get(pk=personas.family.pk).notes
    assert client.get(f"/t/fails/{personas.family.pk}/").status_code == 500
    assert Family.objects.get(pk=personas.family.pk).notes == notes
    assert _entries_after(before) == []


def test_a_server_error_response_rolls_back(personas, as_user, test_urls):
    client = as_user(personas.case_worker)
    before = _last_id()
    notes = Family.objects.get(pk=personas.family.pk).notes
    assert client.get(f"/t/500/{personas.family.pk}/").status_code == 500
    assert Family.objects.get(pk=personas.family.pk).notes == notes
    assert _entries_after(before) == []


# The recorder on its own ---------------------------------------------------------------------


def _actor(personas):
    return Actor(user=personas.case_worker)


def test_outside_a_request_an_entry_is_written_at_once(personas):
    before = _last_id()
    recorder.record(_actor(personas), AccessAction.READ, object_type="family")
    assert len(_entries_after(before)) == 1


def test_entries_wait_for_the_flush(personas):
    before = _last_id()
    with recorder.collecting(lambda user: _actor(personas)) as log:
        recorder.record(_actor(personas), AccessAction.READ, object_type="family")
        assert _entries_after(before) == []
        assert recorder.flush(log) == 1
    assert len(_entries_after(before)) == 1


def test_an_entry_in_a_rolled_back_savepoint_is_dropped(personas):
    """An action that logged and then failed (and was caught) did not happen."""
    before = _last_id()
    with transaction.atomic(), recorder.collecting(lambda user: _actor(personas)) as log:
        recorder.record(_actor(personas), AccessAction.READ, object_type="kept")
        try:
            with transaction.atomic():
                recorder.record(_actor(personas), AccessAction.UPDATE, object_type="dropped")
                raise ValueError
        except ValueError:
            pass
        recorder.flush(log)
    assert [e.object_type for e in _entries_after(before)] == ["kept"]


def test_an_explicit_entry_replaces_the_page_read(personas):
    """A POST that saves logs its action only; the read of its page is not logged too."""
    family = personas.family
    before = _last_id()
    with transaction.atomic(), recorder.collecting(lambda user: _actor(personas)) as log:
        recorder.record_read(_actor(personas), object_type="family", family=family)
        recorder.touch(personas.case_worker, object_type="family", family=family)
        recorder.record(_actor(personas), AccessAction.UPDATE, object_type="x", family=family)
        recorder.flush(log)
    assert [e.action for e in _entries_after(before)] == ["update"]


def test_the_page_read_wins_over_a_mere_access_check(personas):
    family = personas.family
    before = _last_id()
    with transaction.atomic(), recorder.collecting(lambda user: _actor(personas)) as log:
        recorder.touch(personas.case_worker, object_type="family", family=family)
        recorder.record_read(_actor(personas), object_type="plan", part="p", family=family)
        recorder.flush(log)
    (entry,) = _entries_after(before)
    assert (entry.object_type, entry.part) == ("plan", "p")
