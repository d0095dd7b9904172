"""One voice: the Dutch texts address the professional with "je", never with "u" or "uw"
(README.md, Style notes). Texts for families use "je" too."""

import re
from pathlib import Path

from django.conf import settings

PARTS = Path(settings.BASE_DIR) / "locale" / "nl" / "parts"
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)

# msgids whose Dutch may keep a formal word, with the reason.
# msgids whose Dutch may say "u" (none today): add one only with the reason beside it.
ALLOWED: set[str] = set()


def _unquote(line: str) -> str:
    text = line.strip()[1:-1]
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def translations(po_text: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) for every msgstr, each plural form on its own."""
    pairs, msgid, field, current = [], "", None, None
    for line in [*po_text.splitlines(), ""]:
        if line.startswith('"') and field:
            current[field] += _unquote(line)
            continue
        if field == "msgstr":
            pairs.append((current["msgid"], current["msgstr"]))
        field = None
        if line.startswith("msgid "):
            msgid = _unquote(line[6:])
            current, field = {"msgid": msgid}, "msgid"
        elif line.startswith("msgid_plural "):
            current, field = {"msgid": current["msgid"], "plural": _unquote(line[13:])}, "plural"
        elif line.startswith("msgstr"):
            current = {"msgid": current["msgid"] if current else msgid}
            current["msgstr"] = _unquote(line.split(" ", 1)[1])
            field = "msgstr"
    return pairs


def test_the_parser_reads_continued_and_plural_msgstrs():
    po = (
        'msgid "A"\nmsgstr ""\n"Wilt u "\n"dit doen?"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "een"\nmsgstr[1] "uw veel"\n'
    )
    assert translations(po) == [("A", "Wilt u dit doen?"), ("one", "een"), ("one", "uw veel")]


def test_no_dutch_text_addresses_the_user_with_u():
    formal = [
        f"{part.name}: {msgstr}"
        for part in sorted(PARTS.glob("*.po"))
        for msgid, msgstr in translations(part.read_text(encoding="utf-8"))
        if msgid and msgid not in ALLOWED and FORMAL.search(msgstr)
    ]
    assert not formal, "Use je/jouw, not u/uw (README.md, Style notes):\n" + "\n".join(formal)


def test_words_with_u_inside_are_not_formal():
    assert not FORMAL.search("uur, uit, nu, duur, Utrecht, uwv-loket")
