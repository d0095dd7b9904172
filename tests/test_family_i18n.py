"""The family pages speak Dutch by default: every string they use has a Dutch translation in
locale/nl/parts/families.po, and with that catalogue compiled the pages come out in Dutch."""

import ast
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation.template import templatize

ROOT = Path(django_settings.BASE_DIR)
PARTS = ROOT / "locale" / "nl" / "parts"
OUR_PART = PARTS / "families.po"
SOURCES = [
    *sorted((ROOT / "templates" / "families").glob("*.html")),
    ROOT / "vangnet" / "families" / "views.py",
    ROOT / "vangnet" / "families" / "forms.py",
]


def parse_po(path: Path) -> list[dict]:
    """A small PO reader: enough for msgid, msgid_plural, msgstr and msgstr[n]."""
    entries, current, key = [], {}, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if current:
                entries.append(current)
                current = {}
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        if key == "msgid" and current:
            entries.append(current)
            current = {}
        current[key] = ast.literal_eval(value)
    if current:
        entries.append(current)
    return entries


def test_po_part_is_well_formed():
    text = OUR_PART.read_text(encoding="utf-8")
    assert "Content-Type: text/plain; charset=UTF-8" in text
    entries = parse_po(OUR_PART)
    ids = [e["msgid"] for e in entries if e["msgid"]]
    assert len(ids) == len(set(ids)), "duplicate msgids"
    for entry in entries:
        if not entry["msgid"]:
            continue
        if "msgid_plural" in entry:
            assert entry["msgstr[0]"] and entry["msgstr[1]"], entry["msgid"]
        else:
            assert entry["msgstr"], entry["msgid"]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (msgfmt) is not installed")
def test_po_part_compiles_with_format_checks(tmp_path):
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(tmp_path / "x.mo"), str(OUR_PART)], check=True
    )


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_string_of_the_family_pages_has_a_dutch_translation(tmp_path):
    files = []
    for source in SOURCES:
        if source.suffix == ".html":
            target = tmp_path / f"{source.name}.py"
            target.write_text(templatize(source.read_text(encoding="utf-8"), origin=str(source)))
            files.append(str(target))
        else:
            files.append(str(source))
    pot = tmp_path / "families.pot"
    keywords = [
        "gettext",
        "gettext_lazy",
        "_lazy",
        "ngettext:1,2",
        "ngettext_lazy:1,2",
        "pgettext:1c,2",
        "pgettext_lazy:1c,2",
        "npgettext:1c,2,3",
    ]
    subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            "--no-location",
            "-o",
            str(pot),
            *[f"--keyword={k}" for k in keywords],
            *files,
        ],
        check=True,
    )
    used = {e["msgid"] for e in parse_po(pot) if e["msgid"]}
    assert len(used) > 150
    translated = {e["msgid"] for e in parse_po(OUR_PART) if e["msgid"]}
    missing = sorted(used - translated)
    assert missing == [], "missing in families.po: " + " | ".join(missing)


@pytest.fixture
def dutch_catalogue(settings, tmp_path):
    """The header part and ours, compiled, as the only project catalogue."""
    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext (msgfmt) is not installed")
    target = tmp_path / "nl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    parts = (
        [PARTS / "000-header.po", OUR_PART] if (PARTS / "000-header.po").exists() else [OUR_PART]
    )
    combined = target / "django.po"
    if len(parts) > 1:
        subprocess.run(["msgcat", "--use-first", "-o", str(combined), *map(str, parts)], check=True)
    else:
        shutil.copy(OUR_PART, combined)
    subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(combined)], check=True)
    settings.LOCALE_PATHS = [str(tmp_path)]
    settings.LANGUAGE_CODE = "nl"


def test_pages_are_dutch_by_default(personas, as_user, dutch_catalogue):
    client = as_user(personas.case_worker)
    body = client.get(reverse("families:list")).content.decode()
    assert '<html lang="nl">' in body
    assert "Gezinnen van mijn teams" in body and "Contact in gevaar" in body

    body = client.get(reverse("families:detail", args=[personas.family.pk])).content.decode()
    assert "Gezinsleden en netwerk" in body and "Heeft gezag" in body and "Huisbezoek" in body


def test_errors_are_dutch_and_next_to_the_field(personas, as_user, dutch_catalogue):
    client = as_user(personas.case_worker)
    edit = reverse("families:edit", args=[personas.family.pk])
    data = {
        "name": "Gezin Nieuw",
        "case_worker": personas.case_worker.pk,
        # In the future but within the plausible range (a date past it has its own message).
        "opened_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "version": 1,
    }
    body = client.post(edit, data).content.decode()
    assert (
        '<p class="error" id="id_opened_on_error">De openingsdatum kan niet in de toekomst '
        "liggen.</p>" in body
    )
    assert 'aria-describedby="id_opened_on_error"' in body

    data["opened_on"] = "2026-01-05"
    assert client.post(edit, data).status_code == 302
    body = client.post(edit, {**data, "name": "Gezin Later"}).content.decode()
    assert "Iemand anders heeft deze gegevens gewijzigd" in body
    assert "Nu opgeslagen" in body
