"""The danger statement as one readable sentence. Uses gettext only (no database)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def _names(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _clean(text: str) -> str:
    return " ".join((text or "").split()).rstrip(".")


def danger_sentence(whose, behaviour, situations, children, impact, fear) -> str:
    """Three sentences: the behaviour and its situations, the impact on the named
    children, and what we fear happens if nothing changes."""
    return " ".join(
        [
            _("We are worried about what %(whose)s does: %(behaviour)s, when %(situations)s.")
            % {
                "whose": _clean(whose),
                "behaviour": _clean(behaviour),
                "situations": _clean(situations),
            },
            _("For %(children)s this means: %(impact)s.")
            % {"children": _names(list(children)) or _("the children"), "impact": _clean(impact)},
            _("If nothing changes, we fear that %(fear)s.") % {"fear": _clean(fear)},
        ]
    )
