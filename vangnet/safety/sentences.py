"""Sentences the family documents build from what was typed. Uses gettext only (no database).

What a user types arrives with or without a full stop, with quotes of their own, with
spaces or line breaks at the ends, or empty. Every function here turns that into correct
text: one full stop, exactly one pair of quotes around someone's own words, and a part
that is empty left out instead of leaving ", when ." behind.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# Quote marks a user may type around someone's words (straight, curly, low-9, guillemets).
OPENING = "\"'`\u201e\u201c\u201d\u201a\u2018\u2019\u00ab\u00bb\u2039\u203a"
CLOSING = "\"'`\u201d\u201c\u2019\u2018\u00bb\u00ab\u203a\u2039"
QUOTES = set(OPENING) | set(CLOSING)
END_PUNCTUATION = ".,;:!?\u2026 "


def _names(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _clean(text: str) -> str:
    """One line, no trailing punctuation: a part to put inside a sentence of ours."""
    text = " ".join((text or "").split())
    return text.rstrip(END_PUNCTUATION).strip()


def unquoted(text: str) -> str:
    """The words without the quotes the user typed around them (inner quotes stay)."""
    text = (text or "").strip()
    while len(text) >= 2 and text[0] in OPENING and text[-1] in CLOSING:
        text = text[1:-1].strip()
    inner = sum(ch in QUOTES for ch in text[1:-1])
    if text[:1] in OPENING and not inner:  # a lone opening quote without its partner
        text = text[1:].strip()
    if text[-1:] in CLOSING and not inner:
        text = text[:-1].strip()
    return text


def quoted(text: str) -> str:
    """Someone's own words with exactly one pair of Dutch quotes, whatever was typed;
    nothing at all for nothing said."""
    words = unquoted(text)
    return f"\u201e{words}\u201d" if words else ""


def danger_sentence(whose, behaviour, situations, children, impact, fear) -> str:
    """Up to three sentences: the behaviour and its situations, the impact on the named
    children, and what we fear happens if nothing changes. An empty part is left out."""
    whose, behaviour, situations = _clean(whose), _clean(behaviour), _clean(situations)
    impact, fear = _clean(impact), _clean(fear)
    sentences = []
    if behaviour:
        values = {"whose": whose, "behaviour": behaviour, "situations": situations}
        if whose and situations:
            sentence = _(
                "We are worried about what %(whose)s does: %(behaviour)s, when %(situations)s."
            )
        elif whose:
            sentence = _("We are worried about what %(whose)s does: %(behaviour)s.")
        elif situations:
            sentence = _("We are worried about this: %(behaviour)s, when %(situations)s.")
        else:
            sentence = _("We are worried about this: %(behaviour)s.")
        sentences.append(sentence % values)
    if impact:
        sentences.append(
            _("For %(children)s this means: %(impact)s.")
            % {"children": _names(list(children)) or _("the children"), "impact": impact}
        )
    if fear:
        sentences.append(_("If nothing changes, we fear that %(fear)s.") % {"fear": fear})
    return " ".join(sentences)
