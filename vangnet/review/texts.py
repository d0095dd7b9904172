"""What each review finding means, for people: what, why it matters, how to fix it.

English msgids; the Dutch is in locale/nl/parts/review.po."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from vangnet.review.data import CRITICAL, GOOD, INSUFFICIENT, MAJOR, MINOR, NEEDS_WORK, Finding

# code: (what, why, fix)
TEXTS = {
    "vague_effort": (
        _("The agreement describes an effort or a wish, not an act."),
        _('"Trying" cannot be checked: nobody can tell afterwards whether the agreement was kept.'),
        _('Write what the person will do, when, and how: not "tries to", but the act itself.'),
    ),
    "vague_inner_state": (
        _("The agreement asks for a feeling or an inner state nobody can see."),
        _("Feelings cannot be observed or checked; the child needs behaviour others can see."),
        _("Describe the behaviour that shows it: what does the person do when the tension rises?"),
    ),
    "vague_prohibition": (
        _("The agreement only says what must not happen."),
        _("A ban without an alternative leaves the person without a plan at the difficult moment."),
        _("Add what the person does instead, and who helps."),
    ),
    "vague_no_person": (
        _("The agreement does not name who does it."),
        _("If nobody in particular is responsible, nobody acts."),
        _("Name the person (first name and role) who does it."),
    ),
    "vague_no_measure": (
        _("The agreement uses more, less, better or often without a measure."),
        _("Without a measure nobody can tell whether the agreement was kept."),
        _(
            'Give a number, a time or a frequency (for example "at most two glasses, only after 20:00").'  # noqa: E501
        ),
    ),
    "vague_no_action": (
        _("The agreement names watching or helping, not what the person does."),
        _(
            '"Keeping an eye on" or "helping" cannot be checked: nobody can see afterwards '
            "whether it was done."
        ),
        _(
            'Write what the person does that others can see: not "grandpa keeps an eye on '
            'things", but "grandpa rings the bell at 18:00 and stays until bedtime".'
        ),
    ),
    "vague_trigger": (
        _('The agreement starts at a vague moment ("if things go wrong").'),
        _("Nobody can tell when the moment has come, so nobody knows when to act."),
        _(
            "Name the sign everyone can see or hear (for example: father shouts, mother "
            "does not answer the phone by 21:00) and what happens then."
        ),
    ),
    "agreement_no_who": (
        _("Nobody is named who carries out the agreement."),
        _("An agreement without a person is a wish."),
        _("Choose who from the family, the network or the professionals does it."),
    ),
    "agreement_no_when": (
        _("The agreement does not say when."),
        _("Without a moment, the agreement is easily forgotten or postponed."),
        _("Add the moment: a time, a day or the situation that starts it."),
    ),
    "agreement_no_how": (
        _("The agreement does not say how."),
        _("Without steps, the person does not know what to do at the moment itself."),
        _("Write the steps, in the order they happen."),
    ),
    "agreement_no_fallback": (
        _("The agreement has no fallback."),
        _("If it goes wrong anyway, the children need someone who takes over."),
        _("Name who takes care of the children if it goes wrong anyway, and how to reach them."),
    ),
    "fallback_vague": (
        _("The fallback does not name a person who takes over."),
        _("In a crisis there is no time to find out who should act."),
        _("Name the person who takes over, and how to reach them."),
    ),
    "agreement_no_monitor": (
        _("Nobody checks this agreement."),
        _("Without someone who checks, nobody notices when the agreement is not kept."),
        _("Name who checks the agreement and how often."),
    ),
    "agreement_no_frequency": (
        _("It is not said how often the agreement is checked."),
        _("Checking once is not monitoring."),
        _("Add how often it is checked (for example every Friday)."),
    ),
    "danger_label_not_behaviour": (
        _("The danger statement names a label, not a behaviour."),
        _("If we do not say which behaviour harms the child, nobody knows what has to change."),
        _("Describe what the person does, in words the parents and the child understand."),
    ),
    "danger_labels": (
        _("The danger statement uses labels next to the behaviour."),
        _('Labels such as "domestic violence" are hard for parents to recognise themselves in.'),
        _("Replace the label by what happened."),
    ),
    "danger_no_person": (
        _("The danger statement does not name whose behaviour it is."),
        _("The statement must say whose behaviour has to change."),
        _('Name the person (for example "father" or a first name).'),
    ),
    "danger_no_child": (
        _("The danger statement does not name the child."),
        _("The statement is about the impact on a particular child."),
        _("Choose the child or children it is about."),
    ),
    "danger_no_impact": (
        _("The danger statement hardly says what it does to the child."),
        _("The impact on the child is why the plan is needed."),
        _("Describe what the child experiences and what it does to the child."),
    ),
    "danger_restates_harm": (
        _("The danger statement retells what happened instead of what we fear will happen."),
        _(
            "A danger statement looks ahead: what can happen to the child if nothing changes. "
            "What happened belongs in the harm statement."
        ),
        _(
            'Write the feared consequence for the child in the future, for example "that Sem '
            'gets seriously hurt", and keep the incidents in the harm statement.'
        ),
    ),
    "danger_repeats_harm": (
        _("The feared consequence only repeats what happened."),
        _("The danger statement must say what we fear for the child, not the harm again."),
        _("Say what it will do to the child if it goes on: the consequence we fear."),
    ),
    "danger_behaviour_past": (
        _("The behaviour in the danger statement is written as a past event."),
        _("The danger statement is about a pattern that can happen again, not one incident."),
        _(
            "Describe the behaviour in the present tense, as it happens; the incidents belong "
            "in the harm statement."
        ),
    ),
    "danger_no_harm": (
        _("The danger statement is not linked to a harm statement."),
        _("A danger statement grows out of what happened; the link shows why we are worried."),
        _("Choose the harm statement(s) this danger statement grows out of."),
    ),
    "harm_label_not_behaviour": (
        _("The harm statement names a label, not what happened."),
        _("Parents and network must know concretely what happened, to be able to act on it."),
        _("Describe what the person did, to which child, and when."),
    ),
    "goal_agreed_but_disputed": (
        _("The plan says the parents agreed to this goal, but %(names)s does not agree."),
        _("A signed plan must not say the parents agree when one of them does not."),
        _(
            "Check with the parents: correct the date the parents agreed, or remove the "
            "disagreement when it is resolved."
        ),
    ),
    "danger_no_warning_sign": (
        _("The network does not know what to watch for with this danger statement."),
        _("Early signs give the network time to act before the child gets hurt."),
        _(
            "Add a warning sign: what the network watches for, and who does what then "
            "(to this danger statement or to an agreement that serves it)."
        ),
    ),
    "no_danger_statement": (
        _("The plan has no danger statement."),
        _("Without a sharp statement of the danger, nobody knows what has to change."),
        _(
            "Write a danger statement: whose behaviour, in which situation, what it does to the child."  # noqa: E501
        ),
    ),
    "no_safety_goal": (
        _("The plan has no safety goal."),
        _("Parents and professionals need a shared goal to know when it is safe enough."),
        _("Write with the parents what they will do to show the child is safe enough."),
    ),
    "goal_not_agreed": (
        _("Not everyone has agreed to this safety goal."),
        _("A goal the parents or professionals do not share does not lead to a joint plan."),
        _("Discuss the goal and record when the parents and the professionals agreed."),
    ),
    "too_few_safety_persons": (
        _("Too few confirmed safety persons from the own network: %(confirmed)s of %(required)s."),
        _("Lasting safety needs people around the family, not only professionals."),
        _("Look with the family for people from their own network and confirm their role."),
    ),
    "no_agreements": (
        _("The plan has no safety agreements."),
        _("Without agreements there is nothing the family and network can do or check."),
        _("Make agreements with the family and network: who does what, when and how."),
    ),
    "institution_plan": (
        _("Only professionals carry out the agreements."),
        _("A plan that only uses professionals is an institution's plan, not a safety plan."),
        _("Involve the parents and people from the network in the agreements."),
    ),
    "mostly_professionals": (
        _(
            "Most agreements are carried out by professionals only (%(network)s of %(total)s by family or network)."  # noqa: E501
        ),
        _("Professionals leave; the network stays."),
        _("Let the family and network carry more of the agreements."),
    ),
    "situations_not_covered": (
        _("Not every daily situation has an agreement."),
        _("The danger can arise at any moment of the day."),
        _("Check with the family the morning, after school, evening, night and weekend."),
    ),
    "no_stress_agreement": (
        _("There is no agreement for stress or trigger moments."),
        _("Things go wrong when tension rises; that is when a plan is needed most."),
        _("Agree on the early signs, what the parent does then, who helps, and who takes over."),
    ),
    "no_timeline": (
        _("The plan has no timeline of steps."),
        _("Without steps and dates, nobody knows when the plan is safe enough."),
        _('Add steps towards "safe enough", each with a target date.'),
    ),
    "no_next_evaluation": (
        _("No next evaluation is planned."),
        _("A plan that is not evaluated is not adjusted when it does not work."),
        _("Plan the next evaluation."),
    ),
    "child_view_missing": (
        _("The child's view is not recorded."),
        _("Children often know what would make them safer."),
        _("Talk with the child (for example with Three Houses) and record what the child says."),
    ),
    "child_version_not_recorded": (
        _("Whether the child has a version of the plan is not recorded."),
        _("The child must understand the plan too."),
        _("Make a version for the child (words and pictures) and record that it was given."),
    ),
    "no_child_version": (
        _("The child has no version of the plan."),
        _("The child must understand the plan too."),
        _("Make a version for the child with words and pictures."),
    ),
    "children_not_heard": (
        _("Not every child has been heard: %(children)s."),
        _("Children often know what would make them safer."),
        _("Talk with the child with Three Houses and record what the child says, in its words."),
    ),
    "children_without_version": (
        _("No Words and Pictures story yet for: %(children)s."),
        _("The child must understand what happened, that it is not their fault, and the plan."),
        _("Make a Words and Pictures story with the parents for this child."),
    ),
    "child_version_not_approved": (
        _("The parents have not approved the Words and Pictures story for: %(children)s."),
        _("The story is made with the parents; they stand behind what the child is told."),
        _("Go through the story with the parents and record their approval."),
    ),
    "child_version_changed": (
        _("The Words and Pictures story for %(children)s changed after the parents approved it."),
        _("The parents approved another text than the child will get."),
        _("Show the parents the changes and record their approval again."),
    ),
    "professionals_not_signed": (
        _("Not every involved professional has signed this version."),
        _("All professionals must agree and do their part."),
        _("Ask the missing professionals to sign."),
    ),
    "no_strengths": (
        _("The mapping has no strengths or existing safety."),
        _("A plan builds on what already works."),
        _("Record with the family what is going well and who already helps."),
    ),
    "no_exceptions": (
        _("The mapping has no exceptions."),
        _("Times when it could have gone wrong and did not show what works."),
        _("Ask the family about times the danger could have happened and did not."),
    ),
    "b1_jargon": (
        _("Professional words parents may not know: %(alternatives)s."),
        _("Many parents read with difficulty; a word they do not know hides what is agreed."),
        _("Use the plainer words suggested, or explain the word in one short sentence."),
    ),
    "b1_long_sentence": (
        _("A sentence is longer than 20 words."),
        _("Long sentences are hard to follow for parents who read with difficulty."),
        _("Split it into short sentences, one step in each."),
    ),
    "b1_long_word": (
        _("Long words that are hard to read."),
        _("Long words slow down reading and are easily misunderstood."),
        _("Use shorter, everyday words, or split the word."),
    ),
    "b1_rare_word": (
        _("Words that are not used much in everyday Dutch."),
        _("Parents may not know these words."),
        _("Use a word that people use every day."),
    ),
}

SEVERITY_LABELS = {
    CRITICAL: _("Critical"),
    MAJOR: _("Important"),
    MINOR: _("Minor"),
}
STATUS_LABELS = {
    INSUFFICIENT: _("Not yet a safety plan"),
    NEEDS_WORK: _("Needs work"),
    GOOD: _("No important points"),
}


# The words that caused a finding have their own explanation when the finding's code covers
# words of different kinds: "zo vaak mogelijk" leaves open how often, it is not "trying".
# code: [(words that mark the group, why, fix)]; the first group with a word in common with
# the span applies; a span of no group gets the finding's own texts. %(words)s: the span.
WORD_TEXTS = {
    "vague_effort": [
        (
            {"vaak", "veel", "zoveel", "min", "weinig", "goed", "snel", "spoedig"},
            _('"%(words)s" does not say how often or how much: nobody can check it afterwards.'),
            _(
                'Give a number or a moment: not "as often as possible", but for example '
                '"every Monday and Thursday at 19:00".'
            ),
        ),
        (
            {"nodig", "kan", "lukt", "mogelijk", "eventueel", "desnoods", "wellicht"},
            _(
                '"%(words)s" leaves open whether it happens at all: who decides that it is '
                "needed or possible?"
            ),
            _("Say in which situation it always happens, and who decides that."),
        ),
        (
            {"principe", "voorkeur", "liefst", "ongeveer"},
            _('"%(words)s" leaves a way out: the agreement can be skipped without breaking it.'),
            _(
                "Write the agreement without a way out, or name the exception and what "
                "happens then."
            ),
        ),
        (
            {"let", "letten", "gaten", "aandacht", "rekening"},
            _('"%(words)s" is watching, not an act others can see afterwards.'),
            _(
                "Write what the person does when they notice something: whom they call, "
                "what they do."
            ),
        ),
        (
            {"werken", "zoek", "zet", "zetten", "inzetten", "intentie", "ernaar"},
            _('"%(words)s" is an intention, not what the person will actually do.'),
            _("Write the act itself: who does what, and when."),
        ),
    ],
}


def word_texts(code: str, words: str) -> tuple[str, str] | None:
    """(why, fix) that belong to the words of a span, or None: the finding's own texts."""
    tokens = set(words.lower().split())
    for marks, why, fix in WORD_TEXTS.get(code, ()):
        if tokens & marks:
            return str(why) % {"words": words}, str(fix)
    return None


# The "what" of a finding with a count, in its singular and plural form ("1 ontbreekt",
# "2 ontbreken"); without the count the finding's own "what" above.
COUNTED = {
    "professionals_not_signed": ngettext_lazy(
        "Not every involved professional has signed this version (%(count)s missing).",
        "Not every involved professional has signed this version (%(count)s missing).",
        "count",
    ),
}


def describe(finding: Finding) -> dict:
    """The finding as a dict with its texts in the active language. Each span has the
    explanation of its own words; when all spans share one, it is the finding's."""
    what, why, fix = TEXTS[finding.code]
    params = {k: v for k, v in finding.params.items() if isinstance(v, int | str)}
    if finding.code in COUNTED and isinstance(params.get("count"), int):
        what = COUNTED[finding.code]
    data = finding.as_dict()
    for span in data["spans"]:
        span["why"], span["how_to_fix"] = word_texts(finding.code, span["words"]) or (
            str(why),
            str(fix),
        )
    per_span = {(span["why"], span["how_to_fix"]) for span in data["spans"]}
    if len(per_span) == 1:
        why, fix = per_span.pop()
    return {
        **data,
        "severity_label": str(SEVERITY_LABELS[finding.severity]),
        "what": what % params if params else str(what),
        "why": str(why),
        "how_to_fix": str(fix),
        # the spans have explanations of their own: show them with each span
        "explained_per_span": len(per_span) > 1,
    }


ELEMENT_KINDS = {
    "agreement": _("Safety agreement"),
    "danger": _("Danger statement"),
    "goal": _("Safety goal"),
    "harm": _("Harm statement"),
    "sign": _("Warning sign"),
}


def where(finding: Finding, titles: dict[str, str]) -> str:
    if finding.element == "plan":
        return str(_("The whole plan"))
    title = titles.get(finding.element, "")
    kind = ELEMENT_KINDS.get(finding.element.split("-", 1)[0])
    if kind and not title.startswith(str(kind)):
        return f"{kind}: {title}" if title else str(kind)
    return title or finding.element


def present(review, titles: dict[str, str]) -> dict:
    """A review for a page or the API, in the active language."""
    return {
        "status": review.status,
        "status_label": str(STATUS_LABELS[review.status]),
        "counts": review.counts(),
        "findings": [{**describe(f), "where": where(f, titles)} for f in review.findings],
    }
