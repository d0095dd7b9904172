"""Names of the plan's sections and snapshot fields, and page titles, for the templates."""

from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "danger_statements": _("Danger statements"),
    "goals": _("Safety goals"),
    "mapping": _("Mapping"),
    "bottom_lines": _("Bottom lines"),
    "safety_persons": _("Safety persons"),
    "agreements": _("Safety agreements"),
    "steps": _("Steps towards safe enough"),
}

FIELD_LABELS = {
    "sentence": _("Danger statement"),
    "text": _("Text"),
    "danger": _("Danger statement"),
    "parents_agreed_on": _("Parents agreed on"),
    "professionals_agreed_on": _("Professionals agreed on"),
    "gi_agreed_on": _("GI agreed on"),
    "column": _("Kind"),
    "contributor": _("Contributed by"),
    "recorded_on": _("Date"),
    "met": _("Met"),
    "person": _("Person"),
    "role": _("Role"),
    "confirmed_on": _("Confirmed on"),
    "phone": _("Phone"),
    "who": _("Who"),
    "what": _("What"),
    "situation": _("When"),
    "how": _("How"),
    "fallback": _("If it goes wrong anyway"),
    "monitor": _("Checked by"),
    "frequency": _("How often"),
    "handover": _("Checking handed over to"),
    "serves": _("Serves"),
    "target_on": _("Target date"),
    "done_on": _("Reached on"),
}

TITLES = {
    "mapping": {
        "add": _("Add to the mapping"),
        "edit": _("Change a mapping item"),
        "remove": _("Remove this mapping item?"),
        "intro": _("Write down who said it. Ask for exceptions: times it went well under stress."),
    },
    "danger": {
        "add": _("Add a danger statement"),
        "edit": _("Change a danger statement"),
        "remove": _("Remove this danger statement?"),
        "intro": _("Behaviourally specific, and in words the parents and the child understand."),
    },
    "goal": {
        "add": _("Add a safety goal"),
        "edit": _("Change a safety goal"),
        "remove": _("Remove this safety goal?"),
    },
    "safety_person": {
        "add": _("Add a safety person"),
        "edit": _("Change a safety person"),
        "remove": _("Remove this safety person?"),
    },
    "bottom_line": {
        "add": _("Add a bottom line"),
        "edit": _("Change a bottom line"),
        "remove": _("Remove this bottom line?"),
    },
    "agreement": {
        "add": _("Add a safety agreement"),
        "edit": _("Change a safety agreement"),
        "remove": _("Remove this safety agreement?"),
        "intro": _("Who does what, when and how - and who takes over if it goes wrong anyway."),
    },
    "step": {
        "add": _("Add a step towards safe enough"),
        "edit": _("Change a step"),
        "remove": _("Remove this step?"),
    },
}
