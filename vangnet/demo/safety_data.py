"""Demo safety plans for `manage.py seed_demo`. Fictional, relative to the day of seeding.

Donovan's plan (seed 000) has a history: version 1 made after the contact was restored
("Donovan is never alone at home with his mother"), agreed, distributed and active until
version 2 after the network meeting; scaling went up over time; monitoring of the main
agreement was handed over from the coach to Ria, grandmother's sister. The plan of Gezin
Zonnebloem (seed 002) is an early draft.

Idempotent: a family that already has a plan is left alone. Each plan that is created gets
one access-log entry (channel cli, basis system, in the name of the seed user).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vangnet.audit import recorder
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction, AccessBasis
from vangnet.demo import data
from vangnet.families.models import Family, Person
from vangnet.safety.actions import default_bottom_lines
from vangnet.safety.models import (
    Agreement,
    AgreementReview,
    BottomLine,
    ChildRule,
    ChildTalk,
    DangerStatement,
    Disagreement,
    Distribution,
    Evaluation,
    HarmStatement,
    HouseItem,
    MappingItem,
    PlanStep,
    PlanVersion,
    SafetyGoal,
    SafetyPerson,
    SafetyPlan,
    ScalingScore,
    SignOff,
    Story,
    StoryApproval,
    StoryPage,
    WarningSign,
)
from vangnet.safety.snapshot import plan_snapshot


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def seed_safety_plans(users: dict, today: date | None = None) -> list[str]:
    """Create the demo plans that do not exist yet; returns the names of their families."""
    today = today or timezone.localdate()
    created = []
    for name, build in ((data.DONOVAN_FAMILY, _donovan), (data.SEED_002_FAMILY, _zonnebloem)):
        family = Family.objects.filter(name=name).first()
        if family is None or SafetyPlan.objects.filter(family=family).exists():
            continue
        plan = build(family, users, today)
        recorder.record(
            Actor.cli(users[data.SEED_USER]),
            AccessAction.CREATE,
            object_type="safety_plan",
            object_id=plan.pk,
            family=family,
            part="safety_plan",
            basis=AccessBasis.SYSTEM,
            purpose="demogegevens",
            details={"versions": plan.versions.count(), "agreements": plan.agreements.count()},
        )
        created.append(name)
    return created


def _person(family, first_name) -> Person:
    return Person.objects.get(family=family, first_name=first_name)


# The bottom lines as the coach wrote them down with the family (Donovan's plan).
PLAIN_BOTTOM_LINES = {
    "safety_persons": "Minstens {n} mensen uit de familie of de buurt helpen mee. Ze hebben "
    "gezegd dat ze dat echt doen.",
    "words_and_pictures": "Donovan en de helpers weten wat er is gebeurd. Ze kregen het "
    "uitgelegd met woorden en tekeningen. Ze weten ook waarom we dit plan maken.",
    "simple_plan": "Oma en de helpers maken samen een kort en duidelijk plan. Daarin staat "
    "hoe Donovan veilig is, ook als het thuis spannend wordt.",
}


def _new_plan(family, started: date, plain_bottom_lines: bool = False) -> SafetyPlan:
    plan = SafetyPlan.objects.create(family=family, created_at=_at(started))
    for order, line in enumerate(default_bottom_lines(family.team), start=1):
        plain = PLAIN_BOTTOM_LINES.get(line["kind"], "") if plain_bottom_lines else ""
        plain = plain.format(n=line.get("number") or 3)
        BottomLine.objects.create(plan=plan, order=order, plain=plain, **line)
    return plan


def _version(plan, number, made: date, by, signers, distributed_to, active_from, status):
    snapshot = {**plan_snapshot(plan), "number": number, "made_on": made.isoformat()}
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        snapshot=snapshot,
        created_at=_at(made),
        created_by=by,
        status=status,
        agreed_on=made + timedelta(days=2),
        distributed_on=made + timedelta(days=3),
        active_from=active_from,
    )
    roles = {s["key"]: s["role"] for s in snapshot["signers"]}
    for offset, signer in enumerate(signers):
        is_person = isinstance(signer, Person)
        key = f"person-{signer.pk}" if is_person else f"user-{signer.pk}"
        SignOff.objects.create(
            plan_version=version,
            person=signer if is_person else None,
            user=None if is_person else signer,
            name=signer.full_name if is_person else signer.get_full_name(),
            role=roles.get(key, ""),
            signed_on=made + timedelta(days=min(offset, 2)),
            method="in_person" if offset % 2 == 0 else "phone",
            recorded_by=by,
        )
    for recipient, method in distributed_to:
        is_person = isinstance(recipient, Person)
        Distribution.objects.create(
            plan_version=version,
            person=recipient if is_person else None,
            user=None if is_person else recipient,
            name=recipient.full_name if is_person else recipient.get_full_name(),
            received_on=made + timedelta(days=3),
            method=method,
            recorded_by=by,
        )
    return version


def _donovan(family, users, today) -> SafetyPlan:
    coach = users["coach"]
    psychiater = users["psychiater"]
    donovan = _person(family, "Donovan")
    oma = _person(family, "Wilhelmina")
    ria = _person(family, "Ria")
    henk = _person(family, "Henk")
    start = today - timedelta(days=132)
    plan = _new_plan(family, start, plain_bottom_lines=True)

    mapping = (
        (
            132,
            "past_harm",
            "Moeder stond onverwacht voor de deur. Donovan schrok heftig; "
            "herinneringen aan de psychoses van moeder kwamen terug.",
            "professional",
            "coach",
        ),
        (
            132,
            "complicating",
            "Oma haalde haar dochter zonder overleg terug uit het buitenland.",
            "professional",
            "coach",
        ),
        (
            132,
            "future_danger",
            "Als moeder in een psychose raakt terwijl Donovan alleen met "
            "haar is, kan hem iets ernstigs overkomen.",
            "professional",
            "psychiater",
        ),
        (
            130,
            "strength",
            "Oma houdt van Donovan en wil dat hij veilig is.",
            "parent",
            "Wilhelmina Appelboom",
        ),
        (
            75,
            "exception",
            "Toen moeder vorige maand onaangekondigd belde, sprak oma haar "
            "buiten en belde ze Ria. Donovan bleef binnen en was rustig.",
            "network",
            "Ria Perenboom",
        ),
        (
            75,
            "existing_safety",
            "Henk, de buurman, is er overdag bijna altijd; Donovan weet "
            "dat hij bij hem terecht kan.",
            "child",
            "Donovan",
        ),
        (
            46,
            "next_step",
            "Zelfstandige woonruimte met begeleiding voor moeder.",
            "parent",
            "Wilhelmina Appelboom",
        ),
    )

    def add_mapping(items):
        for days, category, text, kind, who in items:
            MappingItem.objects.create(
                plan=plan,
                category=category,
                text=text,
                contributor_kind=kind,
                contributor_name=who,
                recorded_on=today - timedelta(days=days),
            )

    # Version 1 is frozen on the start day: only what was known then goes into it.
    add_mapping(m for m in mapping if m[0] >= 132)
    mirjam = _person(family, "Mirjam")
    harm = HarmStatement.objects.create(
        plan=plan,
        whose="moeder",
        what="Moeder stond onverwacht voor de deur toen Donovan opendeed. Tot zijn zesde "
        "maakte hij thuis haar psychoses mee: zij schreeuwde, sloot zich op en liet hem "
        "dagen alleen.",
        how_often="Eén keer onverwacht aan de deur, vier maanden geleden; de psychoses "
        "thuis jarenlang, tot hij bij oma kwam wonen.",
        impact="Donovan schrok heftig, sliep slecht en durfde niet meer alleen naar buiten "
        "en naar school.",
        source="Donovan en oma vertelden het; school zag het verzuim.",
        plain="Mirjam stond ineens voor de deur. Donovan deed open en schrok heel erg. "
        "Vroeger was Mirjam vaak erg ziek. Dan schreeuwde ze of liet ze hem dagen alleen. "
        "Daarna sliep Donovan slecht. Hij durfde niet meer alleen naar buiten en naar school.",
        order=1,
    )
    harm.children.set([donovan])
    danger = DangerStatement.objects.create(
        plan=plan,
        whose="moeder",
        behaviour="raakt in een psychose en doet dan onvoorspelbare en gevaarlijke dingen",
        situations="ze niet in behandeling is en zonder afspraak bij Donovan is",
        impact="hij raakt in paniek en durft niet meer naar buiten en naar school",
        fear="Donovan iets ernstigs overkomt als hij alleen is met moeder tijdens een psychose",
        plain="We zijn bang dat Mirjam weer heel erg ziek wordt. Ze doet dan dingen die "
        "niemand snapt en die gevaarlijk zijn. Is Donovan dan alleen met haar? Dan kan hem "
        "iets ergs gebeuren.",
        order=1,
    )
    danger.children.set([donovan])
    danger.harms.set([harm])
    # The method records disagreement in the family's own words, not smoothed over.
    Disagreement.objects.create(
        plan=plan,
        person=mirjam,
        danger=danger,
        text="Ik ben niet gevaarlijk voor mijn zoon. Ik wil hem gewoon kunnen zien.",
        recorded_on=start,
        parents_see=True,
    )
    goal = SafetyGoal.objects.create(
        plan=plan,
        danger=danger,
        text="Oma zorgt dat Donovan nooit alleen met moeder thuis is. Oma, Ria en Henk weten "
        "wat ze doen als moeder onverwacht komt.",
        plain="Donovan is nooit alleen met Mirjam thuis. Oma, Ria en Henk weten wat ze doen "
        "als Mirjam ineens komt.",
        parents_agreed_on=start,
        professionals_agreed_on=start,
        order=1,
    )
    SafetyPerson.objects.create(
        plan=plan,
        person=oma,
        confirmed_on=start,
        role="Zorgt dat Donovan nooit alleen met moeder thuis is en belt Ria als moeder "
        "onverwacht komt.",
        plain="Let op dat Donovan nooit alleen is met Mirjam. Belt Ria als Mirjam ineens komt.",
    )
    SafetyPerson.objects.create(
        plan=plan,
        person=ria,
        confirmed_on=start,
        role="Komt naar oma als moeder onverwacht komt; neemt Donovan mee naar haar huis als "
        "het misgaat.",
        plain="Komt naar oma als Mirjam ineens komt. Gaat het mis? Dan neemt Ria Donovan mee "
        "naar haar huis.",
    )
    main = Agreement.objects.create(
        plan=plan,
        what="Donovan is nooit alleen thuis met zijn moeder.",
        situation="contact",
        when="Als moeder op bezoek komt",
        how="1. Moeder komt alleen op afspraak.\n2. Oma is er de hele tijd bij.\n"
        "3. Moet oma weg, dan gaat moeder ook weg of komt Ria.",
        fallback="Ria neemt Donovan mee naar haar huis en belt de coach.",
        plain="Donovan is nooit alleen thuis met Mirjam. Mirjam komt alleen als dat is "
        "afgesproken. Oma is er dan de hele tijd bij. Moet oma weg? Dan gaat Mirjam ook weg, "
        "of Ria komt. Gaat het toch mis? Dan neemt Ria Donovan mee en belt ze de coach.",
        monitor_user=coach,
        frequency="Elke week, bij het huisbezoek of telefonisch",
        danger=danger,
        goal=goal,
        order=1,
    )
    main.people.set([oma])
    unexpected = Agreement.objects.create(
        plan=plan,
        what="Staat moeder onverwacht voor de deur, dan laat oma haar niet binnen en belt ze Ria.",
        situation="stress",
        when="Onverwacht bezoek of een onrustig telefoontje van moeder",
        how="1. Oma doet open met de ketting op de deur.\n2. Oma zegt rustig dat moeder "
        "een afspraak moet maken.\n3. Oma belt Ria; Donovan blijft binnen.",
        fallback="Lukt het niet, dan belt oma 112 en gaat Donovan naar Henk.",
        plain="Staat Mirjam ineens voor de deur? Dan laat oma haar niet binnen. Oma doet open "
        "met de ketting op de deur. Ze zegt rustig dat Mirjam eerst moet bellen. Donovan "
        "blijft binnen en oma belt Ria. Lukt dat niet? Dan belt oma 112 en gaat Donovan naar "
        "Henk.",
        monitor_person=oma,
        frequency="Na elk onverwacht bezoek",
        danger=danger,
        order=2,
    )
    unexpected.people.set([oma, ria])
    sign = WarningSign.objects.create(
        plan=plan,
        danger=danger,
        sign="Moeder belt onrustig of vaak achter elkaar, praat verward of komt zonder afspraak.",
        response="Oma laat moeder niet binnen en belt Ria; Ria komt of neemt Donovan mee. "
        "Oma belt de coach, bij gevaar 112.",
        child_words="Als mama onverwacht komt, blijf ik binnen en belt oma tante Ria.",
        plain="Belt Mirjam onrustig of vaak achter elkaar? Praat ze raar of komt ze zonder "
        "afspraak? Dan laat oma haar niet binnen en belt ze Ria. Ria komt, of neemt Donovan "
        "mee. Oma belt ook de coach. Is er gevaar? Bel dan 112.",
        order=1,
    )
    sign.people.set([oma, ria])
    steps = [
        PlanStep.objects.create(
            plan=plan,
            text="Netwerkberaad gehouden met oma, Ria en Henk.",
            plain="Oma, Ria en Henk praten samen met de coach over het plan.",
            target_on=start + timedelta(days=60),
        ),
        PlanStep.objects.create(
            plan=plan,
            text="Woord-en-beeldverhaal met Donovan gemaakt.",
            plain="Donovan krijgt een verhaal met plaatjes over wat er is gebeurd.",
            target_on=start + timedelta(days=75),
        ),
    ]
    v1 = _version(
        plan,
        1,
        start,
        coach,
        [oma, ria, coach],
        [(oma, "in_person"), (ria, "in_person"), (coach, "in_person")],
        start + timedelta(days=3),
        "superseded",
    )

    # What the mapping learned after version 1 was frozen.
    add_mapping(m for m in mapping if m[0] < 132)

    # After the network meeting: Henk joins, school is covered, checking moves to Ria.
    second = today - timedelta(days=75)
    SafetyPerson.objects.create(
        plan=plan,
        person=henk,
        confirmed_on=second,
        role="Donovan kan bij hem terecht als het thuis niet goed gaat.",
        plain="Woont naast oma. Donovan mag altijd bij hem aanbellen.",
    )
    school = Agreement.objects.create(
        plan=plan,
        what="Donovan loopt zelf naar school; oma belt school als hij er om 8.45 uur niet is.",
        situation="school",
        when="Elke schooldag",
        how="1. Donovan vertrekt om 8.15 uur.\n2. School meldt verzuim meteen aan oma.\n"
        "3. Oma belt Henk om te gaan kijken.",
        fallback="Henk gaat Donovan zoeken en belt de coach.",
        plain="Donovan loopt zelf naar school. Hij gaat om kwart over acht van huis. Is hij om "
        "kwart voor negen nog niet op school? Dan belt school oma. Oma vraagt Henk om te gaan "
        "kijken.",
        monitor_person=oma,
        frequency="Elke schooldag",
        goal=goal,
        order=3,
    )
    school.people.set([donovan, oma, henk])
    Agreement.objects.filter(pk=main.pk).update(handover_to=ria, handover_on=second)
    steps[0].done_on = second
    steps[0].save(update_fields=["done_on"])
    steps[1].done_on = second + timedelta(days=5)
    steps[1].save(update_fields=["done_on"])
    BottomLine.objects.filter(plan=plan, kind="words_and_pictures").update(
        done_on=second + timedelta(days=5)
    )
    PlanStep.objects.create(
        plan=plan,
        text="Moeder woont zelfstandig met begeleiding.",
        plain="Mirjam woont in een eigen huis. Iemand helpt haar daar.",
        target_on=today + timedelta(days=60),
    )
    PlanStep.objects.create(
        plan=plan,
        text="De controle van alle afspraken ligt bij het "
        "netwerk; de coach belt nog eens per maand.",
        plain="Oma, Ria en Henk letten zelf op de afspraken. De coach belt nog één keer per maand.",
        target_on=today + timedelta(days=90),
    )
    # The child's part is ready before version 2 is frozen: the child version is made from it.
    _donovan_child_part(plan, donovan, oma, coach, second)
    v2 = _version(
        plan,
        2,
        second,
        coach,
        [oma, ria, henk, coach, psychiater],
        [(oma, "in_person"), (ria, "email"), (henk, "in_person"), (donovan, "child_version")],
        second + timedelta(days=3),
        "active",
    )
    PlanVersion.objects.filter(pk=v1.pk).update(superseded_on=second + timedelta(days=3))

    # Scaling over time: oma, Donovan, Ria and the coach.
    for days, scores, reasons in (
        (
            132,
            (2, 3, 3, 2),
            (
                "Ik schrok erg toen mijn dochter voor de deur stond.",
                "Ik ben bang als mama komt.",
                "Wilhelmina weet nog niet wat ze moet doen.",
                "Er is nog geen plan; Veilig Thuis sloot het dossier.",
            ),
        ),
        (
            75,
            (5, 5, 6, 4),
            (
                "Ik weet nu wat ik moet doen als mijn dochter komt.",
                "Oma is er altijd bij als mama komt.",
                "De afspraken zijn duidelijk.",
                "Het plan staat, maar moeder is nog niet stabiel.",
            ),
        ),
        (
            46,
            (6, 7, 7, 6),
            (
                "Het gaat goed, ook toen ze onverwacht belde.",
                "Ik durf weer alleen naar school.",
                "Wilhelmina houdt zich aan de afspraken.",
                "Afspraken worden nagekomen; moeder is in behandeling.",
            ),
        ),
        (
            9,
            (7, 8, 7, 7),
            (
                "Ria en Henk helpen echt.",
                "Ik slaap weer goed.",
                "Ik houd nu zelf de controle over de afspraak.",
                "Het netwerk draagt het plan; nog geen woonplek voor moeder.",
            ),
        ),
    ):
        for (person, user), score, reason in zip(
            ((oma, None), (donovan, None), (ria, None), (None, coach)),
            scores,
            reasons,
            strict=True,
        ):
            ScalingScore.objects.create(
                plan=plan,
                person=person,
                user=user,
                score=score,
                reason=reason,
                scored_on=today - timedelta(days=days),
                recorded_by=coach,
            )
    held = Evaluation.objects.create(
        plan=plan,
        scheduled_on=today - timedelta(days=46),
        held_on=today - timedelta(days=46),
        plan_version=v2,
        decision="continue",
        decision_note="Afspraken worden nagekomen. Over vier weken weer evalueren.",
        next_on=today + timedelta(days=10),
        recorded_by=coach,
    )
    for agreement, outcome, note in (
        (main, "kept", "Moeder kwam twee keer op afspraak; oma was erbij."),
        (unexpected, "kept", ""),
        (school, "partly", "Een keer te laat; school belde oma meteen."),
    ):
        AgreementReview.objects.create(
            evaluation=held,
            agreement=agreement,
            agreement_text=agreement.what,
            outcome=outcome,
            note=note,
        )
    Evaluation.objects.create(plan=plan, scheduled_on=today + timedelta(days=10))
    return plan


def _donovan_child_part(plan, donovan, oma, coach, second: date) -> None:
    """Three Houses with Donovan, his own rules, and the story made with oma (fictional)."""
    from vangnet.safety.child import story_hash

    talk = ChildTalk.objects.create(
        plan=plan,
        child=donovan,
        held_on=second - timedelta(days=12),
        interviewer=coach,
        others_present="niemand; oma zat in de keuken",
        note="Aan de keukentafel, Donovan tekende de huizen zelf. Open en rustig.",
    )
    said = [
        ("worries", "Dat mama ineens weer voor de deur staat als oma er niet is."),
        ("worries", "Als mama raar praat weet ik niet wat ik moet doen."),
        ("good_things", "Oma maakt pannenkoeken en Henk laat me helpen met zijn brommer."),
        ("good_things", "Ria komt altijd als oma belt."),
        ("dreams", "Dat mama beter wordt en we samen naar het strand gaan."),
        ("dreams", "Dat ik gewoon bij oma mag blijven wonen."),
    ]
    for order, (house, text) in enumerate(said, start=1):
        item = HouseItem.objects.create(plan=plan, talk=talk, house=house, text=text, order=order)
        if order == 1:  # carried into the mapping, with Donovan as source
            item.mapping_item = MappingItem.objects.create(
                plan=plan,
                category="future_danger",
                text=text,
                contributor_kind="child",
                contributor_name="Donovan",
                recorded_on=talk.held_on,
            )
            item.save(update_fields=["mapping_item"])
    for order, text in enumerate(
        [
            "Als mama komt en oma is er niet, doe ik de deur niet open.",
            "Ik bel oma of Ria. Hun nummers staan in mijn telefoon.",
            "Als niemand opneemt, ga ik naar Henk hiernaast.",
        ],
        start=1,
    ):
        ChildRule.objects.create(plan=plan, child=donovan, text=text, order=order)
    story = Story.objects.create(
        plan=plan, title="Wat er met mama is, en wat we nu doen", made_with="oma en de coach"
    )
    story.children.set([donovan])
    pages = [
        ("family", "Jij woont bij oma. Oma zorgt voor jou en houdt heel veel van je."),
        ("adult_angry", "Mama is ziek in haar hoofd. Soms praat ze raar of wordt ze boos."),
        ("not_your_fault", "Dat mama ziek is, is niet jouw schuld. Niemand heeft het jou kwalijk."),
        ("house", "Mama kwam terug uit het buitenland. Zij woont nu niet bij jou en oma."),
        ("safe_place", "Je bent nooit alleen thuis met mama. Dat hebben we samen afgesproken."),
        ("phone", "Komt mama als oma er niet is? Dan bel je oma of Ria."),
        ("helper", "Henk woont hiernaast. Je mag altijd bij hem aanbellen."),
        ("talking", "De coach komt vaak langs. Je mag haar alles vragen."),
    ]
    for order, (pictogram, text) in enumerate(pages, start=1):
        StoryPage.objects.create(
            plan=plan, story=story, text=text, pictogram=pictogram, order=order
        )
    StoryApproval.objects.create(
        story=story,
        person=oma,
        name=oma.full_name,
        approved_on=second,
        content_hash=story_hash(story),
        recorded_by=coach,
    )


def _zonnebloem(family, users, today) -> SafetyPlan:
    milan = _person(family, "Milan")
    plan = _new_plan(family, today - timedelta(days=20))
    danger = DangerStatement.objects.create(
        plan=plan,
        whose="vader",
        behaviour="scheldt Milan uit en slaat hem",
        situations="hij 's avonds heeft gedronken en er spanning is tussen de ouders",
        impact="Milan is thuis en op school onrustig en kan zich niet concentreren",
        fear="Milan gewond raakt en Noor, die pas 11 maanden is, ook gevaar loopt",
        order=1,
    )
    danger.children.set([milan, *Person.objects.filter(family=family, first_name="Noor")])
    MappingItem.objects.create(
        plan=plan,
        category="exception",
        contributor_kind="parent",
        contributor_name="moeder",
        text="Vorige week werd vader boos en ging hij zelf een rondje lopen.",
        recorded_on=today - timedelta(days=20),
    )
    ScalingScore.objects.create(
        plan=plan,
        user=users["coach"],
        score=3,
        reason="Nog geen afspraken; vader drinkt.",
        scored_on=today - timedelta(days=20),
        recorded_by=users["coach"],
    )
    return plan
