"""Pictograms for Words and Pictures stories, drawn for Vangnet as plain SVG.

Simple, friendly shapes on a 100 x 100 canvas in two colours, readable when printed in
black and white. Each has a Dutch/English label that is also the image's text alternative.
Plain Python (no Django import besides lazy translation) so the PDF and the pages share it.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

INK = "#1f3a5f"
FILL = "#f4b942"
SOFT = "#cfe3f5"

# Reusable parts: a head with a face, and a body.
_FACE_HAPPY = '<path d="M-7 4 Q0 11 7 4" fill="none" stroke="{ink}" stroke-width="2.5"/>'
_FACE_SAD = '<path d="M-7 9 Q0 2 7 9" fill="none" stroke="{ink}" stroke-width="2.5"/>'
_FACE_ANGRY = (
    '<path d="M-7 8 L7 8" stroke="{ink}" stroke-width="2.5"/>'
    '<path d="M-10 -8 L-3 -4 M10 -8 L3 -4" stroke="{ink}" stroke-width="2.5"/>'
)
_EYES = '<circle cx="-5" cy="-3" r="2" fill="{ink}"/><circle cx="5" cy="-3" r="2" fill="{ink}"/>'


def _person(x: float, y: float, scale: float, face: str, colour: str = FILL) -> str:
    """A person: round head at (x, y) with a face, and a rounded body below."""
    return (
        f'<g transform="translate({x} {y}) scale({scale})">'
        f'<circle r="14" fill="{colour}" stroke="{{ink}}" stroke-width="2.5"/>'
        f"{_EYES}{face}"
        f'<path d="M-18 50 Q-18 20 0 20 Q18 20 18 50 Z" fill="{{soft}}" '
        f'stroke="{{ink}}" stroke-width="2.5"/></g>'
    )


_SHAPES: dict[str, tuple[object, str]] = {
    "house": (
        _("A house: home"),
        '<path d="M15 50 L50 18 L85 50" fill="none" stroke="{ink}" stroke-width="5" '
        'stroke-linejoin="round"/><rect x="25" y="48" width="50" height="38" fill="{soft}" '
        'stroke="{ink}" stroke-width="4"/><rect x="44" y="62" width="13" height="24" '
        'fill="{fill}" stroke="{ink}" stroke-width="3"/>',
    ),
    "family": (
        _("A family together"),
        _person(30, 30, 1.0, _FACE_HAPPY)
        + _person(70, 30, 1.0, _FACE_HAPPY)
        + _person(50, 58, 0.6, _FACE_HAPPY),
    ),
    "child_happy": (_("A happy child"), _person(50, 35, 1.2, _FACE_HAPPY)),
    "child_sad": (_("A sad child"), _person(50, 35, 1.2, _FACE_SAD, SOFT)),
    "adult_angry": (
        _("An angry grown-up"),
        _person(50, 30, 1.3, _FACE_ANGRY, "#f28b82")
        + '<path d="M82 12 L88 4 M86 20 L95 16 M15 14 L9 6" stroke="{ink}" stroke-width="3"/>',
    ),
    "not_your_fault": (
        _("It is not your fault"),
        _person(40, 38, 1.0, _FACE_HAPPY)
        + '<path d="M72 30 C72 22 84 22 84 30 C84 22 96 22 96 30 C96 42 84 48 84 54 '
        'C84 48 72 42 72 30 Z" fill="#f28b82" stroke="{ink}" stroke-width="2.5"/>',
    ),
    "talking": (
        _("Talking together"),
        '<path d="M10 15 H60 V45 H30 L20 55 V45 H10 Z" fill="{soft}" stroke="{ink}" '
        'stroke-width="3" stroke-linejoin="round"/><path d="M40 50 H90 V80 H80 V90 L70 80 '
        'H40 Z" fill="{fill}" stroke="{ink}" stroke-width="3" stroke-linejoin="round"/>'
        '<circle cx="25" cy="30" r="3" fill="{ink}"/><circle cx="35" cy="30" r="3" '
        'fill="{ink}"/><circle cx="45" cy="30" r="3" fill="{ink}"/>',
    ),
    "helper": (
        _("A helper who is there for you"),
        _person(35, 30, 1.0, _FACE_HAPPY)
        + _person(68, 45, 0.7, _FACE_HAPPY)
        + '<path d="M48 60 Q56 52 60 62" fill="none" stroke="{ink}" stroke-width="3"/>',
    ),
    "phone": (
        _("A phone: call someone"),
        '<rect x="32" y="10" width="36" height="80" rx="7" fill="{soft}" stroke="{ink}" '
        'stroke-width="4"/><rect x="38" y="20" width="24" height="52" fill="#ffffff" '
        'stroke="{ink}" stroke-width="2"/><circle cx="50" cy="81" r="4" fill="{ink}"/>',
    ),
    "school": (
        _("School"),
        '<rect x="15" y="40" width="70" height="48" fill="{soft}" stroke="{ink}" '
        'stroke-width="4"/><path d="M10 42 L50 15 L90 42 Z" fill="{fill}" stroke="{ink}" '
        'stroke-width="4" stroke-linejoin="round"/><rect x="43" y="62" width="14" height="26" '
        'fill="#ffffff" stroke="{ink}" stroke-width="3"/><rect x="22" y="50" width="14" '
        'height="12" fill="#ffffff" stroke="{ink}" stroke-width="2"/><rect x="64" y="50" '
        'width="14" height="12" fill="#ffffff" stroke="{ink}" stroke-width="2"/>',
    ),
    "morning": (
        _("Morning"),
        '<circle cx="50" cy="62" r="20" fill="{fill}" stroke="{ink}" stroke-width="3"/>'
        '<path d="M10 70 H90" stroke="{ink}" stroke-width="4"/><path d="M50 20 V32 '
        'M22 36 L30 44 M78 36 L70 44 M12 58 H24 M76 58 H88" stroke="{ink}" stroke-width="4" '
        'stroke-linecap="round"/>',
    ),
    "evening": (
        _("Evening: the sun goes down"),
        '<rect x="8" y="12" width="84" height="50" rx="4" fill="{soft}"/>'
        '<path d="M26 62 A24 24 0 0 1 74 62 Z" fill="{fill}" stroke="{ink}" stroke-width="3"/>'
        '<path d="M8 62 H92" stroke="{ink}" stroke-width="4"/><path d="M20 72 H80 M32 82 H68" '
        'stroke="{ink}" stroke-width="3" stroke-linecap="round"/><path d="M50 18 V28 M24 30 '
        'L31 37 M76 30 L69 37" stroke="{ink}" stroke-width="3" stroke-linecap="round"/>',
    ),
    "night": (
        _("Night: going to bed"),
        '<path d="M62 12 A30 30 0 1 0 88 52 A24 24 0 1 1 62 12 Z" fill="{fill}" '
        'stroke="{ink}" stroke-width="3"/><rect x="10" y="66" width="60" height="16" '
        'fill="{soft}" stroke="{ink}" stroke-width="3"/><path d="M10 60 V90 M70 74 V90" '
        'stroke="{ink}" stroke-width="4"/><circle cx="22" cy="60" r="7" fill="#ffffff" '
        'stroke="{ink}" stroke-width="2.5"/>',
    ),
    "safe_place": (
        _("A safe place"),
        '<path d="M50 8 L85 22 V48 C85 70 68 84 50 92 C32 84 15 70 15 48 V22 Z" '
        'fill="{soft}" stroke="{ink}" stroke-width="4" stroke-linejoin="round"/>'
        '<path d="M34 50 L46 62 L68 38" fill="none" stroke="{ink}" stroke-width="6" '
        'stroke-linecap="round" stroke-linejoin="round"/>',
    ),
    "plan": (
        _("The plan: what we agreed"),
        '<rect x="20" y="10" width="60" height="80" rx="4" fill="#ffffff" stroke="{ink}" '
        'stroke-width="4"/><path d="M30 30 L35 35 L43 25 M30 52 L35 57 L43 47 M30 74 L35 79 '
        'L43 69" fill="none" stroke="{ink}" stroke-width="3"/><path d="M50 30 H70 M50 52 '
        'H70 M50 74 H70" stroke="{fill}" stroke-width="5" stroke-linecap="round"/>',
    ),
    "doctor": (
        _("A doctor or nurse"),
        _person(50, 32, 1.2, _FACE_HAPPY, "#ffffff")
        + '<rect x="44" y="66" width="12" height="12" fill="#f28b82"/>'
        '<path d="M50 68 V76 M46 72 H54" stroke="#ffffff" stroke-width="3"/>',
    ),
    "calendar": (
        _("A calendar: when"),
        '<rect x="15" y="18" width="70" height="68" rx="5" fill="#ffffff" stroke="{ink}" '
        'stroke-width="4"/><rect x="15" y="18" width="70" height="16" fill="{fill}" '
        'stroke="{ink}" stroke-width="4"/><path d="M32 10 V24 M68 10 V24" stroke="{ink}" '
        'stroke-width="5" stroke-linecap="round"/><circle cx="35" cy="50" r="4" '
        'fill="{ink}"/><circle cx="50" cy="50" r="4" fill="{ink}"/><circle cx="65" cy="50" '
        'r="4" fill="{ink}"/><circle cx="35" cy="68" r="4" fill="{ink}"/><circle cx="50" '
        'cy="68" r="8" fill="#f28b82"/>',
    ),
    "heart": (
        _("Love and care"),
        '<path d="M50 86 C20 64 10 48 10 32 C10 18 22 10 33 10 C42 10 48 16 50 22 '
        'C52 16 58 10 67 10 C78 10 90 18 90 32 C90 48 80 64 50 86 Z" fill="#f28b82" '
        'stroke="{ink}" stroke-width="4"/>',
    ),
    "walk_away": (
        _("Going outside to calm down"),
        _person(38, 28, 0.9, _FACE_SAD, "#ffffff")
        + '<path d="M64 40 H90 M80 30 L90 40 L80 50" fill="none" stroke="{ink}" '
        'stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>'
        '<path d="M60 80 Q75 68 92 80" fill="none" stroke="#6aa84f" stroke-width="5"/>',
    ),
}

PICTOGRAM_CHOICES = [(key, label) for key, (label, _svg) in _SHAPES.items()]

# A pictogram per daily situation of the agreements (safety.models.Situation): the parents'
# version groups its agreements by moment of the day under these.
SITUATION_PICTOGRAMS = {
    "morning": "morning",
    "school": "school",
    "after_school": "house",
    "evening": "evening",
    "night": "night",
    "weekend": "calendar",
    "contact": "family",
    "stress": "walk_away",
    "other": "plan",
}


def situation_pictogram(situation: str, *, size: int = 64) -> SafeString:
    return pictogram_svg(SITUATION_PICTOGRAMS.get(situation, "plan"), size=size)


def pictogram_label(key: str) -> str:
    entry = _SHAPES.get(key)
    return str(entry[0]) if entry else ""


def pictogram_svg(key: str, *, size: int = 160) -> SafeString:
    """The pictogram as inline SVG with its label as accessible name; '' for an unknown key."""
    entry = _SHAPES.get(key)
    if entry is None:
        return SafeString("")
    label, body = entry
    shapes = body.format(ink=INK, fill=FILL, soft=SOFT)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{}" height="{}" '
        'role="img" aria-label="{}" class="pictogram"><title>{}</title>{}</svg>',
        size,
        size,
        label,
        label,
        SafeString(shapes),
    )
