"""A filled-in safety plan for the personas' family, written straight to the database
(no actions, so no access-log entries): the matrix builds URLs after counting entries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from vangnet.families.models import Person
from vangnet.safety.models import (
    Agreement,
    BottomLine,
    ChildRule,
    ChildTalk,
    DangerStatement,
    Disagreement,
    Evaluation,
    HarmStatement,
    HouseItem,
    ImmediatePlan,
    MappingItem,
    PlanStep,
    PlanVersion,
    SafetyGoal,
    SafetyPerson,
    SafetyPlan,
    ScalingScore,
    Story,
    StoryImage,
    StoryPage,
    WarningSign,
)
from vangnet.safety.snapshot import plan_snapshot


@dataclass
class PlanData:
    plan: SafetyPlan
    network: Person
    mapping: MappingItem
    danger: DangerStatement
    goal: SafetyGoal
    safety_person: SafetyPerson
    bottom_line: BottomLine
    agreement: Agreement
    step: PlanStep
    score: ScalingScore
    version: PlanVersion
    evaluation: Evaluation
    child_talk: ChildTalk
    house_item: HouseItem
    child_rule: ChildRule
    story: Story
    story_page: StoryPage
    story_image: StoryImage
    harm: HarmStatement
    disagreement: Disagreement
    warning_sign: WarningSign
    immediate: ImmediatePlan | None = None


def build_plan(p, *, with_version: bool = True) -> PlanData:
    existing = SafetyPlan.objects.filter(family=p.family).first()
    if existing is not None:
        return _load(existing)
    today = timezone.localdate()
    plan = SafetyPlan.objects.create(family=p.family)
    network = Person.objects.create(
        family=p.family, kind="network", first_name="Testbuur", relation="buurvrouw"
    )
    mapping = MappingItem.objects.create(
        plan=plan,
        category="exception",
        text="Vorige week bleef het rustig toen vader boos werd.",
        contributor_kind="parent",
        contributor_name="Testouder",
        recorded_on=today,
    )
    danger = DangerStatement.objects.create(
        plan=plan,
        whose="vader",
        behaviour="slaat Testkind met zijn hand",
        situations="hij 's avonds heeft gedronken",
        impact="Testkind is bang en slaapt slecht",
        fear="Testkind ernstig gewond raakt",
        order=1,
    )
    danger.children.set([p.child])
    harm = HarmStatement.objects.create(
        plan=plan,
        whose="vader",
        what="sloeg Testkind op 3 maart met zijn hand in het gezicht",
        how_often="twee keer sinds januari",
        impact="Testkind had een blauwe wang en durfde niet naar huis",
        source="Testkind vertelde het aan de juf",
        order=1,
    )
    harm.children.set([p.child])
    danger.harms.set([harm])
    disagreement = Disagreement.objects.create(
        plan=plan,
        person=p.parent,
        danger=danger,
        text="Het was maar een tik, ik sla mijn kind niet.",
        recorded_on=today,
        order=1,
    )
    goal = SafetyGoal.objects.create(
        plan=plan, danger=danger, text="Testkind is 's avonds veilig.", order=1
    )
    safety_person = SafetyPerson.objects.create(
        plan=plan, person=network, role="Komt als het misgaat.", confirmed_on=today
    )
    bottom_line = BottomLine.objects.create(
        plan=plan, kind="safety_persons", text="Minstens 1 veiligheidspersoon.", number=1, order=1
    )
    agreement = Agreement.objects.create(
        plan=plan,
        what="Vader gaat een blokje om als hij boos wordt.",
        situation="stress",
        how="1. Vader merkt de spanning. 2. Hij loopt naar buiten. 3. Moeder belt de buurvrouw.",
        fallback="De buurvrouw haalt Testkind op.",
        monitor_user=p.case_worker,
        frequency="wekelijks",
        danger=danger,
        order=1,
    )
    agreement.people.set([p.parent])
    warning_sign = WarningSign.objects.create(
        plan=plan,
        agreement=agreement,
        sign="Vader drinkt 's middags al bier.",
        response="De buurvrouw belt vader en haalt Testkind op.",
        child_words="Als papa 's middags bier drinkt, dan haalt de buurvrouw jou op.",
        order=1,
    )
    warning_sign.people.set([network])
    step = PlanStep.objects.create(
        plan=plan, text="Netwerkberaad gehouden.", target_on=today + timedelta(days=14)
    )
    score = ScalingScore.objects.create(
        plan=plan,
        person=p.parent,
        score=5,
        reason="Het gaat beter.",
        scored_on=today,
        recorded_by=p.case_worker,
    )
    version = None
    if with_version:
        version = PlanVersion.objects.create(
            plan=plan,
            number=1,
            snapshot={**plan_snapshot(plan), "number": 1},
            created_by=p.case_worker,
        )
    evaluation = Evaluation.objects.create(plan=plan, scheduled_on=today + timedelta(days=28))
    child_talk = ChildTalk.objects.create(
        plan=plan, child=p.child, held_on=today, interviewer=p.case_worker
    )
    house_item = HouseItem.objects.create(
        plan=plan, talk=child_talk, house="dreams", text="Dat papa niet meer boos wordt.", order=1
    )
    child_rule = ChildRule.objects.create(
        plan=plan, child=p.child, text="Als papa schreeuwt, ga ik naar de buurvrouw.", order=1
    )
    story = Story.objects.create(plan=plan, title="Wat er thuis gebeurde", order=1)
    story.children.set([p.child])
    story_image = StoryImage.objects.create(
        plan=plan,
        description="Tekening van het huis",
        content=TINY_PNG,
        content_type="image/png",
        width=1,
        height=1,
        sha256="0" * 64,
        uploaded_by=p.case_worker,
    )
    story_page = StoryPage.objects.create(
        plan=plan, story=story, text="Het is niet jouw schuld.", pictogram="not_your_fault", order=1
    )
    return PlanData(
        plan,
        network,
        mapping,
        danger,
        goal,
        safety_person,
        bottom_line,
        agreement,
        step,
        score,
        version,
        evaluation,
        child_talk,
        house_item,
        child_rule,
        story,
        story_page,
        story_image,
        harm,
        disagreement,
        warning_sign,
        ImmediatePlan.objects.create(
            family=p.family,
            where="Testkind slaapt vannacht bij Testbuur.",
            with_whom="Testbuur.",
            call="Testbuur 06-12345678; de jeugdbeschermer; 112.",
            review_on=today + timedelta(days=3),
            created_by=p.case_worker,
        ),
    )


def _load(plan) -> PlanData:
    return PlanData(
        plan,
        plan.safety_persons.first().person,
        plan.mapping.first(),
        plan.dangers.first(),
        plan.goals.first(),
        plan.safety_persons.first(),
        plan.bottom_lines.first(),
        plan.agreements.first(),
        plan.steps.first(),
        plan.scores.first(),
        plan.versions.order_by("number").first(),
        plan.evaluations.first(),
        plan.child_talks.first(),
        plan.house_items.first(),
        plan.child_rules.first(),
        plan.stories.first(),
        plan.story_pages.first(),
        plan.story_images.first(),
        plan.harms.first(),
        plan.disagreements.first(),
        plan.warning_signs.first(),
        ImmediatePlan.objects.filter(family=plan.family).order_by("id").first(),
    )


def tiny_png(colour=(200, 30, 30), size=(1, 1), **save) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", **save)
    return out.getvalue()


TINY_PNG = tiny_png()


def day(offset: int = 0) -> date:
    return timezone.localdate() + timedelta(days=offset)
