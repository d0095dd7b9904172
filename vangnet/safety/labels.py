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

TITLES.update(
    {
        "child_talk": {
            "add": _("Record a Three Houses conversation"),
            "edit": _("Change the conversation"),
            "remove": _("Remove this conversation and everything the child said in it?"),
            "intro": _(
                "Three Houses: ask the child about the house of worries, the house of good "
                "things and the house of dreams. First record the conversation, then what the "
                "child said in each house."
            ),
        },
        "house_item": {
            "add": _("Add what the child said"),
            "edit": _("Change what the child said"),
            "remove": _("Remove what the child said?"),
            "intro": _("In the child's own words. Use the child's drawing or words, not ours."),
        },
        "child_rule": {
            "add": _("Add a safety rule of the child"),
            "edit": _("Change the child's safety rule"),
            "remove": _("Remove this safety rule of the child?"),
            "intro": _("The child's own rules: what I do when I do not feel safe, who I call."),
        },
        "story": {
            "add": _("Start a Words and Pictures story"),
            "edit": _("Change the story"),
            "remove": _("Remove this story and all its pages?"),
            "intro": _(
                "Made with the parents: what happened, that it is not the child's fault, what "
                "the plan is and who helps. The parents approve it before the child gets it."
            ),
        },
        "story_page": {
            "add": _("Add a page to the story"),
            "edit": _("Change a page of the story"),
            "remove": _("Remove this page?"),
            "intro": _("A short text and a picture: a pictogram or an uploaded drawing or photo."),
        },
        "story_image": {
            "edit": _("Change the description of the picture"),
            "remove": _("Remove this picture?"),
        },
    }
)
