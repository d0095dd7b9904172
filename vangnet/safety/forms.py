"""Forms of the safety-plan pages. They parse and check input; actions do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.core.forms import AccessibleForm, AccessibleModelForm
from vangnet.families.forms import EMPTY, DateInput, VersionMixin, _display
from vangnet.families.models import Person
from vangnet.safety.actions import KINDS, professionals_for
from vangnet.safety.models import (
    CATEGORY_COLUMN,
    DISAGREEING_KINDS,
    HOUSE_COLUMN,
    Agreement,
    BottomLine,
    ChildRule,
    ChildTalk,
    DangerStatement,
    Decision,
    Disagreement,
    DistributionMethod,
    HarmStatement,
    HouseItem,
    MappingCategory,
    MappingItem,
    Outcome,
    PlanStep,
    SafetyGoal,
    SafetyPerson,
    SignOffMethod,
    Story,
    StoryImage,
    StoryPage,
    WarningSign,
)
from vangnet.safety.pictograms import PICTOGRAM_CHOICES


def _person_label(person) -> str:
    label = person.full_name
    if person.relation:
        label += f" ({person.relation})"
    return label


def _user_label(user) -> str:
    return user.get_full_name() or user.username


# Choices of other items of the plan, numbered as the plan page and the documents number them.
NUMBERED = {
    "harms": _lazy("Harm statement"),
    "danger": _lazy("Danger statement"),
    "goal": _lazy("Safety goal"),
    "agreement": _lazy("Safety agreement"),
}


def _numbered(queryset, label):
    numbers = {pk: n for n, pk in enumerate(queryset.values_list("pk", flat=True), start=1)}

    def label_from_instance(item) -> str:
        return f"{label} {numbers.get(item.pk, '')}: {_short(item)}"

    return label_from_instance


def _short(item) -> str:
    if isinstance(item, DangerStatement):
        text = f"{item.whose} - {item.behaviour}"
    elif isinstance(item, HarmStatement):
        text = f"{item.whose} - {item.what}"
    elif hasattr(item, "what"):
        text = item.what
    else:
        text = item.text
    return text if len(text) <= 70 else text[:69] + "\u2026"


PLAIN_HELP = _lazy(
    "Optional. The same in the family's own, everyday words, written together with them. "
    "The parents' version shows this text; when it is empty, it shows the text above, "
    "marked 'not yet in plain language'."
)


class _PlanItemForm(AccessibleModelForm):
    """Never bound to an instance: the action writes, the form only checks."""

    kind = ""

    def __init__(self, *args, family, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        people = Person.objects.filter(family=family).order_by("kind", "first_name", "id")
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                if model is Person:
                    field.queryset = people
                    field.label_from_instance = _person_label
                elif model._meta.model_name == "user":
                    field.queryset = professionals_for(family)
                    field.label_from_instance = _user_label
                elif plan is not None:
                    field.queryset = model.objects.filter(plan=plan)
                else:
                    field.queryset = model.objects.none()
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        if "order" in self.fields:  # empty: at the end
            self.fields["order"].required = False
        if "plain" in self.fields:  # the same words for every element that reaches the parents
            self.fields["plain"].label = _("In plain language (written with the family)")
            self.fields["plain"].help_text = PLAIN_HELP
            self.fields["plain"].widget = forms.Textarea(attrs={"rows": 3})
        for name in ("children", "child"):
            if name in self.fields:
                self.fields[name].queryset = people.filter(kind="child")
        if "image" in self.fields:
            self.fields["image"].queryset = StoryImage.objects.filter(plan=plan).defer("content")
            self.fields["image"].label_from_instance = lambda image: image.description
        for name, label in NUMBERED.items():
            if name in self.fields:
                self.fields[name].label_from_instance = _numbered(self.fields[name].queryset, label)

    def values(self) -> dict:
        spec = KINDS[self.kind]
        values = {k: self.cleaned_data[k] for k in (*spec.fields, *spec.m2m) if k in self.fields}
        if "order" in values and values["order"] is None:
            values["order"] = 0
        return values


class MappingForm(_PlanItemForm):
    kind = "mapping"

    class Meta:
        model = MappingItem
        fields = ("category", "text", "contributor_kind", "contributor_name", "recorded_on")
        labels = {
            "category": _lazy("Kind"),
            "text": _lazy("What was said"),
            "contributor_kind": _lazy("Who brought this in"),
            "contributor_name": _lazy("Name of the contributor"),
            "recorded_on": _lazy("Date"),
        }
        help_texts = {
            "category": _lazy(
                "Worries: past harm, future danger, complicating factors. What works well: "
                "strengths, existing safety, exceptions (times it went well under stress). "
                "What needs to happen: next steps."
            ),
            "text": _lazy("Concrete: who saw or heard what, when."),
        }
        widgets = {"recorded_on": DateInput, "text": forms.Textarea(attrs={"rows": 3})}


class HarmForm(_PlanItemForm):
    kind = "harm"

    class Meta:
        model = HarmStatement
        fields = ("whose", "what", "children", "how_often", "impact", "source", "plain")
        labels = {
            "whose": _lazy("Whose behaviour"),
            "what": _lazy("What happened"),
            "children": _lazy("To which child or children"),
            "how_often": _lazy("How often, since when, how long"),
            "impact": _lazy("What it did to the child(ren)"),
            "source": _lazy("How we know"),
        }
        help_texts = {
            "whose": _lazy("For example: father, mother."),
            "what": _lazy(
                "What actually happened, as concretely as possible. For example: hit Milan "
                "in the face with his flat hand, so that Milan had a bruise on his cheek."
            ),
            "how_often": _lazy("For example: three times since January; the last time on 3 March."),
            "impact": _lazy("What the child went through, and what it did to the child."),
            "source": _lazy(
                "Who saw, heard or told it, and when. For example: Milan told his teacher."
            ),
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "how_often": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"children": {"required": _lazy("Choose the child or children.")}}


class DangerForm(_PlanItemForm):
    kind = "danger"

    class Meta:
        model = DangerStatement
        fields = (
            "harms",
            "whose",
            "behaviour",
            "situations",
            "children",
            "impact",
            "fear",
            "plain",
        )
        labels = {
            "harms": _lazy("Grows out of which harm statement(s)"),
            "whose": _lazy("Whose behaviour"),
            "behaviour": _lazy("What behaviour"),
            "situations": _lazy("In which situations"),
            "children": _lazy("Which child or children"),
            "impact": _lazy("What it does to the child(ren)"),
            "fear": _lazy("What we fear happens if nothing changes"),
        }
        help_texts = {
            "whose": _lazy("For example: father, mother."),
            "behaviour": _lazy("Behaviour you can see, for example: hits Milan with his hand."),
            "situations": _lazy("For example: in the evening, after he has been drinking."),
            "harms": _lazy(
                "What happened is in the harm statements; the danger statement says what can "
                "happen next if nothing changes."
            ),
            "fear": _lazy(
                "What we fear happens in the future, not what happened. Written so that "
                "parents, and even the child, can understand it."
            ),
        }
        widgets = {
            "behaviour": forms.Textarea(attrs={"rows": 2}),
            "situations": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.Textarea(attrs={"rows": 2}),
            "fear": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"children": {"required": _lazy("Choose the child or children.")}}


class GoalForm(_PlanItemForm):
    kind = "goal"

    class Meta:
        model = SafetyGoal
        fields = (
            "danger",
            "text",
            "plain",
            "parents_agreed_on",
            "professionals_agreed_on",
            "gi_agreed_on",
        )
        labels = {
            "danger": _lazy("Danger statement this goal answers"),
            "text": _lazy("Safety goal"),
            "parents_agreed_on": _lazy("Parents agreed on"),
            "professionals_agreed_on": _lazy("Professionals agreed on"),
            "gi_agreed_on": _lazy("Child protection agency (GI) agreed on"),
        }
        help_texts = {
            "text": _lazy(
                "What the caregivers will be doing to show the child is safe enough to close "
                "the case."
            ),
            "gi_agreed_on": _lazy("Leave empty when no GI is involved."),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "parents_agreed_on": DateInput,
            "professionals_agreed_on": DateInput,
            "gi_agreed_on": DateInput,
        }


class DisagreementForm(_PlanItemForm):
    kind = "disagreement"

    class Meta:
        model = Disagreement
        fields = ("person", "danger", "goal", "text", "recorded_on", "parents_see")
        labels = {
            "parents_see": _lazy("Show this in the parents' version"),
            "person": _lazy("Who does not agree"),
            "danger": _lazy("With the danger statement"),
            "goal": _lazy("Or with the safety goal"),
            "text": _lazy("What they say, in their own words"),
            "recorded_on": _lazy("Said on"),
        }
        help_texts = {
            "person": _lazy("A parent or caregiver, or the child."),
            "danger": _lazy("Choose a danger statement or a safety goal, not both."),
            "text": _lazy(
                "Write it down as they said it, also when you see it differently. The plan "
                "says so honestly, and the work goes on."
            ),
            "parents_see": _lazy(
                "What a parent or caregiver says is always shown. Untick it only for what the "
                "child said, when the parents reading it could put the child at risk."
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "recorded_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = self.fields["person"].queryset.filter(
            kind__in=DISAGREEING_KINDS
        )


class SafetyPersonForm(_PlanItemForm):
    kind = "safety_person"

    class Meta:
        model = SafetyPerson
        fields = ("person", "role", "plain", "confirmed_on")
        labels = {
            "person": _lazy("Person from the network"),
            "role": _lazy("Role in the plan"),
            "confirmed_on": _lazy("Confirmed their commitment on"),
        }
        help_texts = {
            "person": _lazy("Add the person to the family file first if they are not listed."),
            "confirmed_on": _lazy("Leave empty until the person has said yes."),
        }
        widgets = {"role": forms.Textarea(attrs={"rows": 2}), "confirmed_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = self.fields["person"].queryset.filter(
            kind__in=["network", "other", "caregiver"]
        )


class BottomLineForm(_PlanItemForm):
    kind = "bottom_line"

    class Meta:
        model = BottomLine
        fields = ("kind", "text", "plain", "number", "done_on", "met_manually")
        labels = {
            "kind": _lazy("Kind"),
            "text": _lazy("Bottom line"),
            "number": _lazy("Minimum number of safety persons"),
            "done_on": _lazy("Words and pictures explanation done on"),
            "met_manually": _lazy("Met (only for other bottom lines)"),
        }
        help_texts = {
            "number": _lazy("Only for the bottom line about safety persons."),
            "met_manually": _lazy(
                "The other kinds are computed: from confirmed safety persons, the date of the "
                "explanation, and the agreements."
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "done_on": DateInput}


class AgreementForm(_PlanItemForm):
    kind = "agreement"

    class Meta:
        model = Agreement
        fields = (
            "people",
            "professionals",
            "what",
            "situation",
            "when",
            "how",
            "fallback",
            "plain",
            "monitor_person",
            "monitor_user",
            "frequency",
            "handover_to",
            "handover_on",
            "danger",
            "goal",
            "order",
        )
        labels = {
            "people": _lazy("Who: family and network"),
            "professionals": _lazy("Who: professionals"),
            "what": _lazy("What"),
            "situation": _lazy("When: daily situation"),
            "when": _lazy("When, in your own words"),
            "how": _lazy("How: the steps"),
            "fallback": _lazy("If it goes wrong anyway: who takes over?"),
            "monitor_person": _lazy("Checked by (family or network)"),
            "monitor_user": _lazy("Checked by (professional)"),
            "frequency": _lazy("How often checked"),
            "handover_to": _lazy("Checking handed over to (network)"),
            "handover_on": _lazy("Handed over from"),
            "danger": _lazy("Serves danger statement"),
            "goal": _lazy("Serves safety goal"),
            "order": _lazy("Order"),
        }
        help_texts = {
            "what": _lazy(
                "A concrete action, not a wish. Not: 'parents do not fight'. But: 'when father "
                "gets angry, he goes for a walk and mother calls grandmother'."
            ),
            "when": _lazy("For example: every school day from 8:00 to 8:30."),
            "how": _lazy("Step by step: early signs, what to do, who helps."),
            "monitor_user": _lazy(
                "Choose one: a person from the family or network, or a professional."
            ),
            "handover_to": _lazy(
                "Over time the network takes over the checking from the professionals."
            ),
            "order": _lazy("Lower numbers come first. Leave 0 to add at the end."),
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "how": forms.Textarea(attrs={"rows": 3}),
            "fallback": forms.Textarea(attrs={"rows": 2}),
            "handover_on": DateInput,
        }


class WarningSignForm(_PlanItemForm):
    kind = "warning_sign"

    class Meta:
        model = WarningSign
        fields = (
            "danger",
            "agreement",
            "sign",
            "response",
            "plain",
            "people",
            "professionals",
            "child_words",
        )
        labels = {
            "danger": _lazy("Belongs to the danger statement"),
            "agreement": _lazy("Or to the safety agreement"),
            "sign": _lazy("If: what we watch for"),
            "response": _lazy("Then: what happens"),
            "people": _lazy("Who acts: family and network"),
            "professionals": _lazy("Who acts: professionals"),
            "child_words": _lazy("In the child's version (optional)"),
        }
        help_texts = {
            "danger": _lazy("Choose a danger statement or a safety agreement, not both."),
            "sign": _lazy(
                "An early sign or a trigger the network can see or hear. For example: father "
                "starts drinking beer in the afternoon; mother stops answering the phone."
            ),
            "response": _lazy(
                "What each person then does, step by step. For example: grandmother calls "
                "father and comes over; the children sleep at her house."
            ),
            "child_words": _lazy(
                "In words the child understands, as 'if ... then ...'. For example: 'If daddy "
                "talks very loudly, then grandma comes to get you.' Leave empty to keep this "
                "out of the child's version."
            ),
        }
        widgets = {
            "sign": forms.Textarea(attrs={"rows": 2}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "child_words": forms.Textarea(attrs={"rows": 2}),
        }


class StepForm(_PlanItemForm):
    kind = "step"

    class Meta:
        model = PlanStep
        fields = ("text", "plain", "target_on", "done_on")
        labels = {
            "text": _lazy("Step towards 'safe enough'"),
            "target_on": _lazy("Target date"),
            "done_on": _lazy("Reached on"),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "target_on": DateInput,
            "done_on": DateInput,
        }


# The child's part -----------------------------------------------------------------------------


class ChildTalkForm(_PlanItemForm):
    kind = "child_talk"

    class Meta:
        model = ChildTalk
        fields = ("child", "held_on", "interviewer", "others_present", "note")
        labels = {
            "child": _lazy("Child"),
            "held_on": _lazy("Date of the conversation"),
            "interviewer": _lazy("Who talked with the child"),
            "others_present": _lazy("Also present"),
            "note": _lazy("How the conversation went"),
        }
        help_texts = {
            "others_present": _lazy("For example: the teacher, or nobody."),
            "note": _lazy(
                "Where you talked, how the child was. Not what the child said: "
                "that goes in the houses."
            ),
        }
        widgets = {"held_on": DateInput, "note": forms.Textarea(attrs={"rows": 2})}


class HouseItemForm(_PlanItemForm):
    kind = "house_item"

    class Meta:
        model = HouseItem
        fields = ("talk", "house", "text", "order")
        labels = {
            "talk": _lazy("Conversation"),
            "house": _lazy("House"),
            "text": _lazy("What the child said, in the child's own words"),
            "order": _lazy("Order"),
        }
        help_texts = {
            "text": _lazy(
                "Write it down as the child said it; do not translate it into "
                "professional language."
            ),
            "order": _lazy("Lower numbers come first. Leave 0 to add at the end."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talk"].queryset = self.fields["talk"].queryset.select_related("child")
        self.fields["talk"].label_from_instance = lambda t: (
            f"{t.child.first_name}, {t.held_on:%d-%m-%Y}"
        )


class ChildRuleForm(_PlanItemForm):
    kind = "child_rule"

    class Meta:
        model = ChildRule
        fields = ("child", "text", "order")
        labels = {
            "child": _lazy("Child"),
            "text": _lazy("The safety rule, in the child's words"),
            "order": _lazy("Order"),
        }
        help_texts = {
            "text": _lazy(
                "What the child does when it is not safe. For example: 'If daddy "
                "shouts, I go to my room and call grandma.'"
            ),
            "order": _lazy("Lower numbers come first. Leave 0 to add at the end."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class StoryForm(_PlanItemForm):
    kind = "story"

    class Meta:
        model = Story
        fields = ("title", "children", "made_with")
        labels = {
            "title": _lazy("Title"),
            "children": _lazy("For which child or children"),
            "made_with": _lazy("Made together with"),
        }
        help_texts = {
            "title": _lazy("For example: 'What happened at our home, and what we do now'."),
            "made_with": _lazy("The parents, and who else helped."),
        }
        error_messages = {"children": {"required": _lazy("Choose the child or children.")}}


class StoryPageForm(_PlanItemForm):
    kind = "story_page"
    pictogram = forms.ChoiceField(
        label=_lazy("Pictogram"),
        required=False,
        choices=[("", _lazy("No pictogram")), *PICTOGRAM_CHOICES],
        help_text=_lazy("Or choose an uploaded picture below, not both."),
    )

    class Meta:
        model = StoryPage
        fields = ("story", "text", "pictogram", "image", "order")
        labels = {
            "story": _lazy("Story"),
            "text": _lazy("Text of the page"),
            "image": _lazy("Uploaded picture"),
            "order": _lazy("Page number"),
        }
        help_texts = {
            "text": _lazy(
                "Short sentences the child understands. Tell what happened, that it "
                "is not the child's fault, what the plan is and who helps."
            ),
            "order": _lazy("Lower numbers come first. Leave 0 to add at the end."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class StoryImageForm(_PlanItemForm):
    """Changes the description of an uploaded picture (uploading is StoryImageUploadForm)."""

    kind = "story_image"

    class Meta:
        model = StoryImage
        fields = ("description",)
        labels = {"description": _lazy("What the picture shows")}


class StoryImageUploadForm(AccessibleForm):
    image = forms.FileField(
        label=_lazy("Picture (PNG or JPEG, at most 5 MB)"),
        error_messages={"required": _lazy("Choose a picture to upload.")},
        help_text=_lazy(
            "A drawing by the child or the parents, or a photo of a place. Location "
            "and camera data are removed."
        ),
    )
    description = forms.CharField(
        label=_lazy("What the picture shows"),
        max_length=300,
        help_text=_lazy("Read aloud to people who cannot see the picture."),
        error_messages={
            "required": _lazy(
                "Say in a few words what the picture shows (read aloud to people "
                "who cannot see it)."
            )
        },
    )

    def data_bytes(self) -> bytes:
        """At most one byte more than allowed: enough for the action to refuse it."""
        from vangnet.safety.images import MAX_UPLOAD_BYTES

        return self.cleaned_data["image"].read(MAX_UPLOAD_BYTES + 1)


class CarryForm(VersionMixin, AccessibleForm):
    category = forms.ChoiceField(
        label=_lazy("Kind in the mapping"),
        error_messages={"required": _lazy("Choose a kind that fits this house.")},
    )

    def __init__(self, *args, house: str, **kwargs):
        super().__init__(*args, **kwargs)
        column = HOUSE_COLUMN[house]
        self.fields["category"].choices = [
            (key, label) for key, label in MappingCategory.choices if CATEGORY_COLUMN[key] == column
        ]


class ApproveStoryForm(VersionMixin, AccessibleForm):
    person = forms.ModelChoiceField(
        label=_lazy("Which parent or caregiver approves"),
        queryset=Person.objects.none(),
        error_messages={"required": _lazy("Choose a parent or caregiver of this family.")},
    )
    approved_on = forms.DateField(label=_lazy("Approved on"), widget=DateInput)
    # The story as shown on the page: a page changed meanwhile is not approved unseen.
    content = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            family=family, kind__in=("parent", "caregiver")
        ).order_by("first_name", "id")
        self.fields["person"].label_from_instance = _person_label
        if not self.is_bound:
            self.initial.setdefault("approved_on", timezone.localdate())


def edit_form(form_class):
    return type(form_class.__name__.replace("Form", "EditForm"), (VersionMixin, form_class), {})


ITEM_FORMS = {
    "mapping": MappingForm,
    "harm": HarmForm,
    "danger": DangerForm,
    "disagreement": DisagreementForm,
    "warning_sign": WarningSignForm,
    "goal": GoalForm,
    "safety_person": SafetyPersonForm,
    "bottom_line": BottomLineForm,
    "agreement": AgreementForm,
    "step": StepForm,
    "child_talk": ChildTalkForm,
    "house_item": HouseItemForm,
    "child_rule": ChildRuleForm,
    "story": StoryForm,
    "story_page": StoryPageForm,
}
ITEM_EDIT_FORMS = {kind: edit_form(cls) for kind, cls in ITEM_FORMS.items()}
ITEM_EDIT_FORMS["story_image"] = edit_form(StoryImageForm)


def initial_of(kind: str, item) -> dict:
    spec = KINDS[kind]
    data = {name: getattr(item, item._meta.get_field(name).attname) for name in spec.fields}
    for name in spec.m2m:
        data[name] = list(getattr(item, name).values_list("pk", flat=True))
    data["version"] = item.version
    return data


# Participants (a person of the family or network, or a professional) --------------------------


def participant_choices(family) -> list:
    people = Person.objects.filter(family=family).order_by("kind", "first_name", "id")
    users = professionals_for(family)
    return [
        ("", "---------"),
        (_("Family and network"), [(f"person-{p.pk}", _person_label(p)) for p in people]),
        (_("Professionals"), [(f"user-{u.pk}", _user_label(u)) for u in users]),
    ]


def resolve_participant(family, key: str) -> dict:
    """'person-12' / 'user-3' -> {"person": ..., "user": ...}; unknown keys -> both None."""

    kind, _sep, pk = (key or "").partition("-")
    if not pk.isdigit():
        return {"person": None, "user": None}
    if kind == "person":
        return {"person": Person.objects.filter(pk=int(pk), family=family).first(), "user": None}
    if kind == "user":
        return {"person": None, "user": professionals_for(family).filter(pk=int(pk)).first()}
    return {"person": None, "user": None}


class ScoreForm(AccessibleForm):
    participant = forms.ChoiceField(label=_lazy("Who gives the score"))
    score = forms.IntegerField(
        label=_lazy("Score"),
        min_value=0,
        max_value=10,
        help_text=_lazy(
            "0 = so unsafe that the child cannot stay; 10 = everyone knows the child is safe "
            "enough to close the case."
        ),
        error_messages={
            "required": _lazy("Give a score from 0 to 10."),
            "min_value": _lazy("Give a score from 0 to 10."),
            "max_value": _lazy("Give a score from 0 to 10."),
            "invalid": _lazy("Give a score from 0 to 10."),
        },
    )
    reason = forms.CharField(
        label=_lazy("Why this score?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _lazy("Say why: the reason matters more than the number.")},
    )
    scored_on = forms.DateField(label=_lazy("Date"), widget=DateInput)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["participant"].choices = participant_choices(family)
        self.fields["participant"].error_messages["required"] = _("Choose who gave this score.")
        if not self.is_bound:
            self.initial.setdefault("scored_on", timezone.localdate())

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **resolve_participant(self.family, data["participant"]),
            "score": data["score"],
            "reason": data["reason"],
            "scored_on": data["scored_on"],
        }


# Versions ----------------------------------------------------------------------------------


class SignOffForm(VersionMixin, AccessibleForm):
    signer = forms.ChoiceField(label=_lazy("Who signs"))
    signed_on = forms.DateField(label=_lazy("Date"), widget=DateInput)
    method = forms.ChoiceField(label=_lazy("How"), choices=SignOffMethod.choices)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["signer"].choices = participant_choices(family)
        self.fields["signer"].error_messages["required"] = _("Choose who signs.")
        if not self.is_bound:
            self.initial.setdefault("signed_on", timezone.localdate())

    def values(self) -> dict:
        return {
            **resolve_participant(self.family, self.cleaned_data["signer"]),
            "signed_on": self.cleaned_data["signed_on"],
            "method": self.cleaned_data["method"],
        }


class SignOffRowForm(AccessibleForm):
    """One row of the multiple sign-off: one required signer, saved only when ticked."""

    signed = forms.BooleanField(label=_lazy("Signed"), required=False)
    signed_on = forms.DateField(label=_lazy("Date"), widget=DateInput, required=False)
    method = forms.ChoiceField(label=_lazy("How"), choices=SignOffMethod.choices)

    def __init__(self, *args, signer: dict, **kwargs):
        super().__init__(*args, prefix=signer["key"], **kwargs)
        self.signer = signer
        if not self.is_bound:
            self.initial.setdefault("signed_on", timezone.localdate())

    @property
    def ticked(self) -> bool:
        return bool(self.is_bound and self["signed"].data)

    def clean(self):
        data = super().clean()
        if data.get("signed") and not data.get("signed_on") and "signed_on" not in self.errors:
            self.add_error("signed_on", _("Give the date of the sign-off."))
        return data


class MultiSignOffForm(VersionMixin, AccessibleForm):
    """The sign-offs of several required signers at once: a row per signer still missing."""

    agree = forms.BooleanField(
        label=_lazy("Everyone has signed then: mark the version as agreed"),
        required=False,
        initial=True,
    )

    def __init__(self, data=None, *, family, signers, **kwargs):
        super().__init__(data, **kwargs)
        self.family = family
        self.rows = [SignOffRowForm(data, signer=s) for s in signers]
        self.saved_rows: list[SignOffRowForm] = []

    def is_valid(self) -> bool:
        valid = super().is_valid()
        self.saved_rows = [row for row in self.rows if row.ticked]
        rows_valid = all([row.is_valid() for row in self.saved_rows])
        if valid and not self.saved_rows:
            self.add_error(None, _("Tick who signed."))
            return False
        return valid and rows_valid

    def values(self) -> list[dict]:
        return [
            {
                **resolve_participant(self.family, row.signer["key"]),
                "signed_on": row.cleaned_data["signed_on"],
                "method": row.cleaned_data["method"],
            }
            for row in self.saved_rows
        ]


class DistributeForm(VersionMixin, AccessibleForm):
    recipients = forms.MultipleChoiceField(
        label=_lazy("Who received this version"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _lazy("Choose who received the plan.")},
    )
    received_on = forms.DateField(label=_lazy("Received on"), widget=DateInput)
    method = forms.ChoiceField(label=_lazy("How"), choices=DistributionMethod.choices)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        choices = participant_choices(family)[1:]
        self.fields["recipients"].choices = choices
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def recipient_objects(self) -> list:
        result = []
        for key in self.cleaned_data["recipients"]:
            found = resolve_participant(self.family, key)
            result.append(found["person"] or found["user"])
        return [r for r in result if r is not None]


class DistributeToSignersForm(VersionMixin, AccessibleForm):
    """One step: everyone who signed received this version (and it may become active)."""

    received_on = forms.DateField(label=_lazy("Received on"), widget=DateInput)
    method = forms.ChoiceField(label=_lazy("How"), choices=DistributionMethod.choices)
    activate = forms.BooleanField(
        label=_lazy("Also make this the active plan from that date"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


class ActivateForm(VersionMixin, AccessibleForm):
    active_from = forms.DateField(label=_lazy("Active from"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("active_from", timezone.localdate())


class PlanVersionForm(VersionMixin, AccessibleForm):
    """Only the plan's version: freeze the draft the user saw."""


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1, required=False)


# Evaluations -------------------------------------------------------------------------------


class ScheduleEvaluationForm(AccessibleForm):
    scheduled_on = forms.DateField(
        label=_lazy("Date of the evaluation"),
        widget=DateInput,
        error_messages={"required": _lazy("Give the date of the evaluation.")},
    )


SCORE_ROWS = 3


class EvaluationForm(VersionMixin, AccessibleForm):
    held_on = forms.DateField(label=_lazy("Held on"), widget=DateInput)
    decision = forms.ChoiceField(
        label=_lazy("Decision"),
        choices=[("", "---------"), *Decision.choices],
        error_messages={"required": _lazy("Choose a decision.")},
    )
    decision_note = forms.CharField(
        label=_lazy("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_lazy("Required when the plan is adjusted or you escalate."),
    )
    next_on = forms.DateField(label=_lazy("Next evaluation"), widget=DateInput, required=False)

    def __init__(self, *args, family, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.agreements = agreements
        for a in agreements:
            self.fields[f"outcome_{a.pk}"] = forms.ChoiceField(
                label=a.what,
                choices=Outcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether this agreement was kept.")},
            )
            self.fields[f"note_{a.pk}"] = forms.CharField(
                label=_("Note on: %(what)s") % {"what": a.what[:60]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
        for i in range(SCORE_ROWS):
            self.fields[f"score_{i}_participant"] = forms.ChoiceField(
                label=_("Scaling %(n)d: who") % {"n": i + 1},
                choices=participant_choices(family),
                required=False,
            )
            self.fields[f"score_{i}_score"] = forms.IntegerField(
                label=_("Scaling %(n)d: score (0-10)") % {"n": i + 1},
                min_value=0,
                max_value=10,
                required=False,
            )
            self.fields[f"score_{i}_reason"] = forms.CharField(
                label=_("Scaling %(n)d: why") % {"n": i + 1},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    def agreement_fields(self):
        return [(a, self[f"outcome_{a.pk}"], self[f"note_{a.pk}"]) for a in self.agreements]

    def score_fields(self):
        return [
            (self[f"score_{i}_participant"], self[f"score_{i}_score"], self[f"score_{i}_reason"])
            for i in range(SCORE_ROWS)
        ]

    def clean(self):
        cleaned = super().clean()
        for i in range(SCORE_ROWS):
            who = cleaned.get(f"score_{i}_participant")
            score = cleaned.get(f"score_{i}_score")
            reason = (cleaned.get(f"score_{i}_reason") or "").strip()
            if not who and score is None and not reason:
                continue
            if not who:
                self.add_error(f"score_{i}_participant", _("Choose who gave this score."))
            if score is None:
                self.add_error(f"score_{i}_score", _("Give a score from 0 to 10."))
            if not reason:
                self.add_error(
                    f"score_{i}_reason", _("Say why: the reason matters more than the number.")
                )
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        scores = []
        for i in range(SCORE_ROWS):
            if data.get(f"score_{i}_participant"):
                scores.append(
                    {
                        **resolve_participant(self.family, data[f"score_{i}_participant"]),
                        "score": data[f"score_{i}_score"],
                        "reason": data[f"score_{i}_reason"],
                        "scored_on": data["held_on"],
                    }
                )
        return {
            "held_on": data["held_on"],
            "decision": data["decision"],
            "decision_note": data["decision_note"],
            "next_on": data["next_on"],
            "reviews": {
                a.pk: {"outcome": data[f"outcome_{a.pk}"], "note": data[f"note_{a.pk}"]}
                for a in self.agreements
            },
            "scores": scores,
        }


# Optimistic-lock conflicts ---------------------------------------------------------------------


def conflict_rows(form, current) -> list[dict]:
    """Fields whose saved value differs from the user's input, m2m fields included."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        entered = form.cleaned_data[name]
        saved = getattr(current, name)
        if isinstance(field, forms.ModelMultipleChoiceField):
            saved_rows = list(saved.all())
            if sorted(r.pk for r in saved_rows) == sorted(r.pk for r in entered):
                continue
            label = field.label_from_instance
            rows.append(
                {
                    "label": field.label,
                    "saved": ", ".join(label(r) for r in saved_rows) or EMPTY,
                    "entered": ", ".join(label(r) for r in entered) or EMPTY,
                }
            )
            continue
        saved_cmp = saved.pk if hasattr(saved, "pk") else saved
        entered_cmp = entered.pk if hasattr(entered, "pk") else entered
        if saved_cmp == entered_cmp:
            continue
        if isinstance(field, forms.ModelChoiceField):
            label = field.label_from_instance
            saved_text = label(saved) if saved is not None else EMPTY
            entered_text = label(entered) if entered is not None else EMPTY
        elif hasattr(field, "choices"):
            labels = {str(k): v for k, v in field.choices if not isinstance(v, list | tuple)}
            saved_text = str(labels.get(str(saved), _display(saved)))
            entered_text = str(labels.get(str(entered), _display(entered)))
        else:
            saved_text, entered_text = _display(saved), _display(entered)
        rows.append({"label": field.label, "saved": saved_text, "entered": entered_text})
    return rows


# The immediate safety plan -----------------------------------------------------------------------


def _short_text(label, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImmediatePlanForm(AccessibleForm):
    """Short, for a phone at the kitchen table: three fields are required."""

    where = _short_text(
        _lazy("Where is the child tonight and the coming days?"),
        required=True,
        help_text=_lazy("For each child: the address or the person's home."),
    )
    with_whom = _short_text(_lazy("Who is with the child?"), required=True)
    call = _short_text(
        _lazy("Whom to call (names and phone numbers)"),
        required=True,
        help_text=_lazy("Who the family and the network call when it goes wrong, and 112."),
    )
    checks = _short_text(_lazy("Who checks, and when?"))
    if_wrong = _short_text(_lazy("What if it goes wrong?"))
    other = _short_text(_lazy("Other agreements"))
    review_on = forms.DateField(
        label=_lazy("Review on"),
        widget=DateInput,
        required=False,
        help_text=_lazy("Within 14 days. Empty: in 3 days."),
    )


class ImmediatePlanEditForm(VersionMixin, ImmediatePlanForm):
    pass


class ImmediatePlanRenewForm(VersionMixin, ImmediatePlanForm):
    reason = forms.CharField(
        label=_lazy("Why is the immediate plan renewed?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _lazy("Say why the immediate plan is renewed.")},
    )
    field_order = ["reason"]


class ImmediatePlanEndForm(VersionMixin, AccessibleForm):
    reason = forms.CharField(
        label=_lazy("Why does the immediate plan end?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _lazy("Say why the immediate plan ends.")},
    )
