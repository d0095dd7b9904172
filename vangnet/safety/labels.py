"""Names of the plan's sections and snapshot fields, and page titles, for the templates."""

from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "harm_statements": _("Harm statements"),
    "danger_statements": _("Danger statements"),
    "goals": _("Safety goals"),
    "mapping": _("Mapping"),
    "bottom_lines": _("Bottom lines"),
    "safety_persons": _("Safety persons"),
    "agreements": _("Safety agreements"),
    "warning_signs": _("Warning signs and triggers"),
    "steps": _("Steps towards safe enough"),
}

FIELD_LABELS = {
    "sentence": _("Danger statement"),
    # harm statements
    "whose": _("Whose behaviour"),
    "happened": _("What happened"),
    "children": _("Child(ren)"),
    "how_often": _("How often and how long"),
    "impact": _("What it did to the child"),
    "source": _("How we know"),
    # danger statements and goals
    "harms": _("Grows out of"),
    "disagreement": _("Does not agree"),
    # warning signs
    "sign": _("If (what we watch for)"),
    "response": _("Then (what happens)"),
    "belongs_to": _("Belongs to"),
    "child_words": _("In the child's version"),
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
    "plain": _("In plain language"),
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
    "harm": {
        "add": _("Add a harm statement"),
        "edit": _("Change a harm statement"),
        "remove": _("Remove this harm statement?"),
        "intro": _(
            "What actually happened: whose behaviour, to which child, how often or how long, "
            "and what it did to the child. The danger statement says what we fear happens next."
        ),
    },
    "disagreement": {
        "add": _("Write down who does not agree"),
        "edit": _("Change what was said"),
        "remove": _("Remove this disagreement?"),
        "intro": _(
            "When a parent, caregiver or the child does not agree with a danger statement or "
            "a safety goal, the plan says so, in their own words."
        ),
    },
    "warning_sign": {
        "add": _("Add a warning sign"),
        "edit": _("Change a warning sign"),
        "remove": _("Remove this warning sign?"),
        "intro": _(
            "If ... then ...: what the network watches for (an early sign or a trigger), and "
            "what each person does then."
        ),
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

# What goes with an item when it is removed from the draft (said on the confirmation page).
REMOVE_NOTES = {
    "danger": _(
        "Its warning signs, and what the family said when they do not agree with it, are "
        "removed with it."
    ),
    "goal": _("What the family said when they do not agree with it is removed with it."),
    "agreement": _("Its warning signs are removed with it."),
    "harm": _("Danger statements that grow out of it stay; only the link to it goes."),
}
