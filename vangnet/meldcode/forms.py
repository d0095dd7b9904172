"""Forms of the meldcode pages. They parse and check input; the actions do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vangnet.core.forms import AccessibleForm
from vangnet.core.limits import TEXT_MAX
from vangnet.families.forms import EMPTY, DateInput
from vangnet.families.models import Person, PersonKind
from vangnet.meldcode import afwegingskader as ak
from vangnet.meldcode.factors import ACE_ITEMS, DOMAINS, FACTORS
from vangnet.meldcode.models import (
    Category,
    ConsultationKind,
    Report,
    SignalSource,
    SkipReason,
    Unsafety,
    VtDecision,
    WeighingStage,
)

YES_NO = [("yes", _lazy("Yes")), ("no", _lazy("No"))]
REQUIRED = _lazy("This field is required.")


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput,
        help_text=help_text,
        error_messages={
            "required": _lazy("Give a date."),
            "invalid": _lazy("Give a valid date."),
        },
    )


def _text(label, required=True, rows=3, max_length=TEXT_MAX, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={"required": REQUIRED},
    )


def _yes_no(label, required=True, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        empty_value=None,
        error_messages={"required": _lazy("Choose yes or no.")},
    )


def _choice(label, choices, required=True, message=None):
    return forms.ChoiceField(
        label=label,
        choices=[("", "---------"), *list(choices)],
        required=required,
        error_messages={"required": message or _lazy("Make a choice.")},
    )


class FinaliseMixin(forms.Form):
    """Finalising is the second button next to "Save" (name="finalise"); it needs the
    confirm_final box ticked, so that a record is never finalised by a slip of the mouse."""

    finalise = forms.BooleanField(
        label=_lazy("Finalise now"),
        required=False,
        help_text=_lazy(
            "A finalised record cannot be changed any more; it can only be supplemented."
        ),
    )
    confirm_final = forms.BooleanField(
        label=_lazy("I know that I cannot change this afterwards"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("finalise") and not cleaned.get("confirm_final"):
            self.add_error(
                "confirm_final",
                _("Tick that you know this cannot be changed afterwards, or save it as a draft."),
            )
        return cleaned


OUT_OF_DATE = _lazy("This page is out of date. Open it again and redo your change.")


def add_version_field(form: forms.BaseForm) -> forms.BaseForm:
    """Editing a draft: the hidden version the user started from (optimistic locking)."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )
    original_clean = form.clean

    def clean():
        cleaned = original_clean()
        if "version" in form._errors:
            # A hidden field has no place to show its error: say it above the form.
            form.add_error(None, OUT_OF_DATE)
        return cleaned

    form.clean = clean
    return form


def conflict_rows(form: forms.BaseForm, current) -> list[dict]:
    """After a conflict: the fields where what is saved now differs from the user's input
    (label, saved value, the user's value). Fields that are not part of the record (finalise,
    version) are left out."""
    rows = []
    for name, field in form.fields.items():
        if name in ("version", "finalise", "confirm_final") or name not in form.cleaned_data:
            continue
        if not hasattr(current, name):
            continue
        saved, entered = getattr(current, name), form.cleaned_data[name]
        saved_cmp = saved.pk if hasattr(saved, "pk") else saved
        entered_cmp = entered.pk if hasattr(entered, "pk") else entered
        if saved_cmp == entered_cmp or (saved_cmp in (None, "") and entered_cmp in (None, "")):
            continue
        rows.append(
            {"label": field.label, "saved": _shown(field, saved), "entered": _shown(field, entered)}
        )
    return rows


def _shown(field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(field, forms.ModelChoiceField):
        return str(field.label_from_instance(value))
    if value is True or value is False:
        return str(_lazy("Yes") if value else _lazy("No"))
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    labels = {
        str(k): v for k, v in getattr(field, "choices", []) if not isinstance(v, list | tuple)
    }
    return str(labels.get(str(value), value))


def _children(family):
    return Person.objects.filter(family=family, kind=PersonKind.CHILD).order_by(
        "birth_date", "first_name"
    )


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name if hasattr(obj, "full_name") else f"{obj.first_name} {obj.last_name}"


class StartForm(AccessibleForm):
    children = forms.ModelMultipleChoiceField(
        label=_lazy("Child or children concerned"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _lazy("Choose the child or children concerned."),
            "invalid_choice": _lazy("Choose children of this family."),
            "invalid_pk_value": _lazy("Choose children of this family."),
        },
    )
    started_on = _date(_lazy("Started on"))
    reason = _text(_lazy("Why the meldcode is started"), required=False)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = _children(family)
        self.fields["children"].label_from_instance = lambda p: (
            f"{p.first_name} {p.last_name}".strip()
        )
        if not self.is_bound:
            self.initial.setdefault("started_on", timezone.localdate())


class CloseForm(AccessibleForm):
    closed_on = _date(_lazy("Closed on"))
    reason = _text(_lazy("Reason for closing"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("closed_on", timezone.localdate())


class SignalForm(FinaliseMixin, AccessibleForm):
    child = _PersonChoice(
        label=_lazy("About which child"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _lazy("Choose a child of this family."),
            "invalid_choice": _lazy("Choose a child of this family."),
        },
    )
    observed_on = _date(_lazy("Date of the observation"))
    observed_by = _text(
        _lazy("Who saw or heard it"), rows=0, max_length=200, help_text=_lazy("Name and role.")
    )
    description = _text(
        _lazy("What was seen or heard"),
        rows=5,
        help_text=_lazy("As concretely as possible: facts, not interpretations."),
    )
    category = _choice(_lazy("Category"), Category.choices)
    source = _choice(_lazy("Source"), SignalSource.choices)
    child_words = _text(
        _lazy("The child's own words (verbatim)"),
        required=False,
        help_text=_lazy("Write down literally what the child said, in quotes."),
    )
    injury = forms.BooleanField(
        label=_lazy("There is an injury"),
        required=False,
        help_text=_lazy("An injury calls for a consultation with a letselduiding expert."),
    )
    disclosure = forms.BooleanField(
        label=_lazy("Disclosure: the child or an adult told about it on their own initiative"),
        required=False,
        help_text=_lazy("A disclosure counts as acute unsafety."),
    )
    acute = forms.BooleanField(
        label=_lazy("Acute danger: safety in the coming hours or days is not guaranteed"),
        required=False,
    )
    field_order = ["child", "observed_on", "observed_by", "description", "category", "source"]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _children(family)
        self.fields["child"].label_from_instance = lambda p: f"{p.first_name} {p.last_name}".strip()


class ConsultationForm(FinaliseMixin, AccessibleForm):
    kind = _choice(_lazy("Consulted"), ConsultationKind.choices)
    consulted_on = _date(_lazy("Date"))
    with_whom = _text(_lazy("With whom"), rows=0, max_length=200)
    advice = _text(_lazy("Advice"), rows=4)
    field_order = ["kind", "consulted_on", "with_whom", "advice"]

    def __init__(self, *args, family=None, **kwargs):
        super().__init__(*args, **kwargs)


class ConversationForm(FinaliseMixin, AccessibleForm):
    held = _yes_no(_lazy("Did the conversation with the client(s) take place?"))
    held_on = _date(_lazy("Date of the conversation"), required=False)
    with_whom = _text(_lazy("With whom"), rows=0, max_length=300, required=False)
    reaction = _text(_lazy("Their reaction"), required=False, rows=4)
    skip_reason = _choice(_lazy("If not: the reason"), SkipReason.choices, required=False)
    skip_explanation = _text(_lazy("Explanation"), required=False)
    field_order = ["held", "held_on", "with_whom", "reaction", "skip_reason", "skip_explanation"]

    def __init__(self, *args, family=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReportForm(FinaliseMixin, AccessibleForm):
    reported_on = _date(_lazy("Date of the report"))
    vt_contact = _text(_lazy("Contact person at Veilig Thuis"), rows=0, max_length=200)
    vt_reference = _text(_lazy("Veilig Thuis reference"), rows=0, max_length=60, required=False)
    shared = _text(_lazy("What was shared with Veilig Thuis"), rows=5)
    family_informed = _yes_no(_lazy("Was the family told about the report?"))
    not_informed_reason = _text(_lazy("If not: why not"), required=False)
    previous = forms.ModelChoiceField(
        label=_lazy("Re-report: the earlier report"),
        queryset=Report.objects.none(),
        required=False,
        help_text=_lazy("Only for a new report after an earlier one."),
    )
    field_order = [
        "reported_on",
        "vt_contact",
        "vt_reference",
        "shared",
        "family_informed",
        "not_informed_reason",
        "previous",
    ]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous"].queryset = Report.objects.filter(
            trajectory__family=family
        ).order_by("-reported_on")
        self.fields["previous"].label_from_instance = lambda r: (
            _("Report of %(date)s") % {"date": r.reported_on.strftime("%d-%m-%Y")}
        )


class FeedbackForm(AccessibleForm):
    feedback_on = _date(_lazy("Feedback received on"))
    decision = _choice(
        _lazy("Decision of Veilig Thuis"),
        VtDecision.choices,
        message=_lazy("Choose the decision of Veilig Thuis."),
    )
    summary = _text(_lazy("What Veilig Thuis said"), rows=4)


class AddendumForm(AccessibleForm):
    reason = _text(_lazy("Why this addendum"), rows=0, max_length=300)
    text = _text(_lazy("Addendum"), rows=5)


class AceForm(AccessibleForm):
    subject = _PersonChoice(
        label=_lazy("About whom"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _lazy("Choose someone of this family."),
            "invalid_choice": _lazy("Choose someone of this family."),
        },
    )
    answered_by = _text(
        _lazy("Answered by"),
        rows=0,
        max_length=200,
        help_text=_lazy("Who gave the answers, for example the young person or a parent."),
    )
    answered_on = _date(_lazy("Answered on"))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Person.objects.filter(family=family).order_by(
            "kind", "first_name"
        )
        self.fields["subject"].label_from_instance = lambda p: (
            f"{p.first_name} {p.last_name}".strip()
        )
        for number, item in enumerate(ACE_ITEMS, start=1):
            self.fields[f"item_{number}"] = _yes_no(f"{number}. {item}")

    def answers(self) -> list[bool]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(ACE_ITEMS) + 1)]


class FactorsForm(AccessibleForm):
    """The fixed checklist: one group of checkboxes per domain, each with its own notes."""

    assessed_on = _date(_lazy("Date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for domain, label in DOMAINS:
            self.fields[f"factors_{domain}"] = forms.MultipleChoiceField(
                label=label,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (code, f"{_('Risk') if kind == 'risk' else _('Protective')}: {text}")
                    for code, d, kind, text in FACTORS
                    if d == domain
                ],
                error_messages={"invalid_choice": _lazy("Choose factors from the list.")},
            )
            self.fields[f"notes_{domain}"] = _text(NOTE_LABELS[domain], required=False)
        self.initial.setdefault("assessed_on", timezone.localdate())

    def values(self) -> dict:
        data = self.cleaned_data
        values = {"assessed_on": data["assessed_on"], "factors": []}
        for domain, _label in DOMAINS:
            values["factors"] += list(data.get(f"factors_{domain}", []))
            values[f"notes_{domain}"] = data.get(f"notes_{domain}", "")
        return values


NOTE_LABELS = {
    "child": _lazy("Notes on the child"),
    "parents": _lazy("Notes on the parents"),
    "family": _lazy("Notes on the family"),
    "environment": _lazy("Notes on the environment"),
}


# The weighing ------------------------------------------------------------------------------------

QUESTION_TEXT = {
    1: _lazy(
        "Question 1. Do I, on the basis of steps 1 to 3, suspect domestic violence or child abuse?"
    ),
    2: _lazy("Question 2. Is there acute and/or structural unsafety?"),
    3: _lazy(
        "Question 3. Am I able to provide or organise effective help against the (future) threat?"
    ),
    4: _lazy("Question 4. Do those involved accept that help and commit to it?"),
    5: _lazy(
        "Question 5. Does the help lead, within the intended period, to the necessary "
        "results for the safety and wellbeing of everyone involved?"
    ),
}
Q2_HELP = _lazy(
    "Acute unsafety: someone is in direct physical danger; safety in the coming hours or "
    "days is not guaranteed. A disclosure (a child or adult tells on their own initiative) "
    "also counts as acute. Structural unsafety: unsafe situations or violence that repeat "
    "or continue and threaten the child's health, wellbeing or development."
)


def _raw_answers(data) -> dict[int, bool | None]:
    """The answers as posted, for deciding which questions to show."""

    def yes_no(name):
        value = (data or {}).get(name)
        return {"yes": True, "no": False}.get(value)

    q2 = (data or {}).get("q2")
    return {
        1: yes_no("q1"),
        2: None if q2 not in Unsafety.values else q2 != Unsafety.NONE,
        3: yes_no("q3"),
        4: yes_no("q4"),
        5: yes_no("q5"),
    }


RATIONALE_HELP = {
    ak.FIRST: _lazy("What in steps 1 to 3 leads to this answer?"),
    ak.WITH_VEILIG_THUIS: _lazy("What did you and Veilig Thuis weigh for this answer?"),
    ak.EVALUATION: _lazy("What did the help achieve, measured against what was needed?"),
}


class WeighingForm(FinaliseMixin, AccessibleForm):
    """Asks only the questions of this kind of weighing that the earlier answers make
    relevant. context (actions.weighing_context) says which kinds the trajectory allows."""

    weighed_on = _date(_lazy("Date of the weighing"))

    def __init__(self, data=None, *args, context=None, **kwargs):
        kwargs.pop("family", None)
        super().__init__(data, *args, **kwargs)
        self.context = context
        stages = context.stages if context is not None else (ak.FIRST,)
        source = data if data is not None else self.initial
        chosen = (source or {}).get("stage")
        self.weighing_stage = chosen if chosen in stages else stages[0]
        stage_field = forms.ChoiceField(
            label=_lazy("Kind of weighing"),
            choices=[(s, WeighingStage(s).label) for s in stages],
            widget=forms.RadioSelect if len(stages) > 1 else forms.HiddenInput,
            initial=self.weighing_stage,
            required=False,  # not posted: the kind the method expects now
            help_text=_lazy('After choosing another kind, press "Update the questions".'),
        )
        self.fields = {"stage": stage_field, **self.fields}
        self.result = ak.evaluate(
            ak.prune(_raw_answers(source), self.weighing_stage), self.weighing_stage
        )
        self.questions = self.result.relevant
        if self.weighing_stage == ak.WITH_VEILIG_THUIS:
            self.fields["vt_contact"] = forms.CharField(
                label=_lazy("With whom at Veilig Thuis"),
                max_length=200,
                error_messages={"required": REQUIRED},
            )
        for question in self.questions:
            if question == 2:
                field = _choice(QUESTION_TEXT[2], Unsafety.choices)
                field.help_text = Q2_HELP
                field.widget = forms.RadioSelect(choices=Unsafety.choices)
                field.choices = Unsafety.choices
            else:
                field = _yes_no(QUESTION_TEXT[question])
            self.fields[f"q{question}"] = field
            self.fields[f"q{question}_rationale"] = _text(
                _lazy("Reasons for this answer"),
                required=False,
                help_text=RATIONALE_HELP[self.weighing_stage],
            )
            if question == 2 and self.disclosure:
                self.fields["disclosure_reason"] = _text(
                    _lazy('Only when you answer "no acute or structural unsafety": why?'),
                    required=False,
                    help_text=_lazy(
                        "A disclosure counts as acute unsafety. Answering otherwise needs an "
                        "explicit reason."
                    ),
                )
        if self.weighing_stage == ak.EVALUATION and self.evaluate_on:
            self.fields["early_reason"] = _text(
                _lazy("Only when you evaluate before %(date)s: why earlier?")
                % {"date": self.evaluate_on.strftime("%d-%m-%Y")},
                required=False,
            )
        if self.result.help:
            self.fields["help_evaluate_on"] = _date(
                _lazy("Evaluate the help (question 5) on"), required=False
            )
        # Keep the finalise box last.
        self.fields["finalise"] = self.fields.pop("finalise")
        self.fields["confirm_final"] = self.fields.pop("confirm_final")
        if not self.is_bound:
            self.initial.setdefault("weighed_on", timezone.localdate())

    @property
    def disclosure(self) -> bool:
        return bool(self.context and self.context.disclosure) and self.weighing_stage == ak.FIRST

    @property
    def report(self):
        return self.context.report if self.context else None

    @property
    def evaluate_on(self):
        last = self.context.last if self.context else None
        return last.help_evaluate_on if last is not None else None

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            answer = cleaned.get(f"q{question}")
            if (
                answer not in (None, "")
                and not (cleaned.get(f"q{question}_rationale") or "").strip()
            ):
                self.add_error(f"q{question}_rationale", _("Explain the reasons for this answer."))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        values = {"stage": self.weighing_stage, "weighed_on": data["weighed_on"]}
        for question in self.questions:
            values[f"q{question}"] = data.get(f"q{question}")
            values[f"q{question}_rationale"] = data.get(f"q{question}_rationale", "")
        for name in ("vt_contact", "disclosure_reason", "early_reason", "help_evaluate_on"):
            if name in self.fields:
                values[name] = data.get(name)
        return values

    @property
    def outcome_label(self):
        from vangnet.meldcode.models import Outcome

        return Outcome(self.result.outcome).label if self.result.outcome else None


class OverviewFilterForm(AccessibleForm):
    period_from = _date(_lazy("Reports from"), required=False)
    period_to = _date(_lazy("Reports up to and including"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The end of the period cannot be before its start."))
        return cleaned
