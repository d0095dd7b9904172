"""The privacy officer reads words, not internal codes: every object type and part of the
file that the application writes to the access log has a label."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from vangnet.audit import labels
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.meldcode.models import RecordKind
from vangnet.safety.actions import KINDS

SOURCE = Path(settings.BASE_DIR) / "vangnet"
OBJECT = re.compile(r"""object_type(?:\s*=\s*|"\s*:\s*|: str(?: \| None)? = )"([a-z_]+)\"""")
PART = re.compile(r"""\bpart\s*=\s*"([a-z_]+)"|PART\s*=\s*"([a-z_]+)"$""", re.M)


def _sources():
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts and "bench" not in path.parts:
            yield path.read_text()


def _written_object_types() -> set[str]:
    found = set()
    for text in _sources():
        found |= set(OBJECT.findall(text))
    found |= {f"meldcode_{kind}" for kind in RecordKind.values}  # f"meldcode_{kind}"
    found |= {kind.name for kind in KINDS.values()}  # the safety plan's generic actions
    return found


def _written_parts() -> set[str]:
    found = set()
    for text in _sources():
        found |= {a or b for a, b in PART.findall(text)}
    return found


def test_the_scan_finds_what_it_should():
    # A guard against a pattern that silently matches nothing.
    assert {"family", "plan_version", "meldcode_weighing", "agreement"} <= _written_object_types()
    assert {"dossier", "meldcode", "safety_plan", "contacts"} <= _written_parts()


def test_every_object_type_has_a_label():
    assert sorted(_written_object_types() - set(labels.OBJECT_LABELS)) == []


def test_every_part_has_a_label():
    assert sorted(_written_parts() - set(labels.PART_LABELS)) == []


@pytest.mark.parametrize("code", ["plan_version", "meldcode_trajectory", "agreement_list"])
def test_labels_are_dutch_words(code):
    with translation.override("nl"):
        label = labels.object_label(code)
    assert "_" not in label and label != labels.object_label.__name__
    assert label != code


def test_an_unknown_code_is_shown_without_underscores():
    assert labels.object_label("old_kind_of_thing") == "old kind of thing"


def test_actions_and_bases_have_dutch_labels():
    with translation.override("nl"):
        assert str(AccessAction("denied").label) == "geweigerd"
        assert str(AccessBasis("none").label) == "geen toegang"


@pytest.mark.django_db
def test_the_log_page_shows_labels(personas, as_user):
    from vangnet.audit import recorder
    from vangnet.audit.context import Actor

    recorder.record(
        Actor.cli(personas.case_worker),
        "read",
        object_type="plan_version",
        object_id=1,
        family=personas.family,
        part="safety_plan",
    )
    html = as_user(personas.privacy).get("/privacy/logboek/?action=read").content.decode()
    assert "versie van het veiligheidsplan" in html and "plan_version" not in html
    assert ">veiligheidsplan<" in html and "safety_plan" not in html
