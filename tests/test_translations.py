"""Dutch is the default language: every msgid in the code and templates has a Dutch
translation in locale/nl/parts/*.po (or in Django's own Dutch catalogue)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
TOOLS = ("msgcat", "msgmerge", "msgattrib", "xgettext")


def _run(*args, cwd=None):
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True, timeout=300)


def _msgids(po_text: str) -> list[str]:
    ids, current, collecting = [], None, False
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current, collecting = line[6:].strip().strip('"'), True
        elif collecting and line.startswith('"'):
            current += line.strip().strip('"')
        else:
            if collecting and current:
                ids.append(current)
            collecting = False
    if collecting and current:
        ids.append(current)
    return ids


@pytest.mark.skipif(
    not all(shutil.which(t) for t in TOOLS) and not os.environ.get("CI"),
    reason="GNU gettext tools are not installed",
)
def test_every_string_has_a_dutch_translation(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "vangnet", source / "vangnet", ignore=ignore)
    shutil.copytree(ROOT / "templates", source / "templates", ignore=ignore)
    shutil.copy(ROOT / "manage.py", source / "manage.py")
    (source / "locale").mkdir()
    env = {**os.environ, "VANGNET_VAR_DIR": str(tmp_path / "var"), "VANGNET_ENV": "development"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-location", "-v0"],
        cwd=source,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    extracted = source / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    # makemessages knows gettext_lazy and _, not the _lazy alias the forms use beside _.
    python_files = sorted(str(p) for p in (ROOT / "vangnet").rglob("*.py"))
    _run(
        "xgettext",
        "--language=Python",
        "--from-code=UTF-8",
        "--keyword=_lazy",
        "--no-location",
        "--join-existing",
        "-o",
        str(extracted),
        *python_files,
    )
    merged = tmp_path / "merged.po"
    parts = sorted(str(p) for p in (ROOT / "locale" / "nl" / "parts").glob("*.po"))
    _run("msgcat", "--use-first", "-o", str(merged), *parts)
    combined = tmp_path / "combined.po"
    _run("msgmerge", "-q", "--no-fuzzy-matching", "-o", str(combined), str(merged), str(extracted))
    untranslated = _run("msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(combined))

    missing = []
    with translation.override("nl"):
        for msgid in _msgids(untranslated.stdout):
            # Django's own Dutch catalogue covers its standard messages.
            if translation.gettext(msgid) == msgid:
                missing.append(msgid)
    assert not missing, f"{len(missing)} strings without Dutch: {missing[:20]}"
