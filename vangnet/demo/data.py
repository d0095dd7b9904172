"""Demo data for `manage.py seed_demo`. Every name, address and number here is fictional.

Dates are relative to the day of seeding (days ago, ages in years and months), so the
demo looks the same whenever it is loaded: some families were contacted last week,
some have not been reached for more than three weeks.

Two families follow the cases of the sources: "Gezin Appelboom" is Donovan's (seed 000)
and "Gezin Zonnebloem" is the training case of seed 002.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vangnet.accounts.models import Discipline, OrganisationRole, Role
from vangnet.families.models import ContactKind, Custody, PartnerKind, PersonKind

DEMO_PASSWORD = "Vangnet-demo-2026"

ORGANISATION = "Jeugdhulp Voorbeeldstad"
TEAM_A = "Team Noord"
TEAM_B = "Team Zuid"
TEAM_C = "Team Oost"
TEAMS = (TEAM_A, TEAM_B, TEAM_C)

DONOVAN_FAMILY = "Gezin Appelboom"
SEED_002_FAMILY = "Gezin Zonnebloem"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    discipline: str
    description: str
    team: str | None = None
    membership_role: str = Role.PROFESSIONAL
    organisation_role: str = OrganisationRole.NONE
    is_staff: bool = False


USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "coach",
        "Sanne",
        "Hulpvaardig",
        Discipline.CASE_WORKER,
        "case worker (coach, regiehouder)",
        TEAM_A,
    ),
    DemoUser("psychiater", "Pieter", "Peinzer", Discipline.PSYCHIATRIST, "psychiatrist", TEAM_A),
    DemoUser(
        "gedragswetenschapper",
        "Gerda",
        "Gedegen",
        Discipline.HEALTHCARE_PSYCHOLOGIST,
        "gz-psycholoog",
        TEAM_A,
    ),
    DemoUser(
        "buitenstaander",
        "Bram",
        "Buitenweg",
        Discipline.CASE_WORKER,
        "case worker of another team",
        TEAM_B,
    ),
    DemoUser(
        "teamleider",
        "Tessa",
        "Leiding",
        Discipline.TEAM_LEAD,
        "team lead",
        TEAM_B,
        membership_role=Role.TEAM_LEAD,
    ),
    DemoUser(
        "stagiair",
        "Stijn",
        "Stage",
        Discipline.OTHER,
        "intern, read-only member",
        TEAM_B,
        membership_role=Role.READ_ONLY,
    ),
    DemoUser("coach-oost", "Olga", "Oosterwind", Discipline.CASE_WORKER, "case worker", TEAM_C),
    DemoUser(
        "therapeut", "Thijs", "Systeem", Discipline.FAMILY_THERAPIST, "family therapist", TEAM_C
    ),
    DemoUser(
        "directeur",
        "Dirk",
        "Directie",
        Discipline.DIRECTOR,
        "director: approves changes of access rights",
        TEAM_C,
        organisation_role=OrganisationRole.DIRECTOR,
    ),
    DemoUser(
        "afk",
        "Anouk",
        "Alert",
        Discipline.SAFEGUARDING_LEAD,
        "aandachtsfunctionaris (safeguarding lead): reads every family file",
        organisation_role=OrganisationRole.SAFEGUARDING_LEAD,
    ),
    DemoUser(
        "privacy",
        "Paul",
        "Privé",
        Discipline.OTHER,
        "privacy officer: access log, no case content",
        organisation_role=OrganisationRole.PRIVACY_OFFICER,
    ),
    DemoUser(
        "beheer",
        "Bea",
        "Beheerder",
        Discipline.OTHER,
        "functional admin: users and teams, no case content",
        organisation_role=OrganisationRole.FUNCTIONAL_ADMIN,
        is_staff=True,
    ),
)

# The user in whose name seed_demo writes the access-log entries (channel cli, basis system).
SEED_USER = "beheer"


@dataclass(frozen=True)
class DemoPerson:
    kind: str
    first_name: str
    last_name: str = ""
    age: tuple[int, int] | None = None  # (years, months) on the day of seeding
    relation: str = ""
    custody: str = Custody.UNKNOWN
    guardianship: bool = False
    lives_in_household: bool = True
    phone: str = ""
    email: str = ""
    notes: str = ""
    called_by_child: str = ""  # "Oma": the name in the child's version
    called_by_parents: str = ""  # the name in the parents' version


@dataclass(frozen=True)
class DemoPartner:
    kind: str
    organisation: str
    contact_person: str = ""
    phone: str = ""
    role: str = ""
    since_days_ago: int | None = None
    until_days_ago: int | None = None


@dataclass(frozen=True)
class DemoContact:
    days_ago: int
    kind: str
    with_whom: str
    summary: str
    reached: bool = True


@dataclass(frozen=True)
class DemoGrant:
    """Explicit access for a user outside the team, granted by the case worker."""

    username: str
    reason: str
    days: int
    can_write: bool = False


@dataclass(frozen=True)
class DemoEmergency:
    """Emergency access ("break the glass") that waits for the privacy officer's review."""

    username: str
    reason: str


@dataclass(frozen=True)
class DemoFamily:
    reference: str
    name: str
    team: str
    case_worker: str
    opened_days_ago: int
    summary: str
    address: str = ""
    closed_days_ago: int | None = None
    close_reason: str = ""
    people: tuple[DemoPerson, ...] = ()
    partners: tuple[DemoPartner, ...] = ()
    contacts: tuple[DemoContact, ...] = ()
    grants: tuple[DemoGrant, ...] = field(default_factory=tuple)
    emergencies: tuple[DemoEmergency, ...] = field(default_factory=tuple)


C, P, G, N = PersonKind.CHILD, PersonKind.PARENT, PersonKind.CAREGIVER, PersonKind.NETWORK
K = ContactKind
SCHOOL_KLIMOP = "Basisschool De Klimop (fictief)"

FAMILIES: tuple[DemoFamily, ...] = (
    # Seed 000: the case of Donovan.
    DemoFamily(
        "VN-DEMO01",
        DONOVAN_FAMILY,
        TEAM_A,
        "coach",
        200,
        "Donovan (10) woont bij oma van moederszijde, die de voogdij heeft. Oma haalde zonder "
        "overleg haar dochter, Donovans moeder, terug uit het buitenland. Melding bij Veilig "
        "Thuis gedaan; Veilig Thuis sloot het dossier na één telefoongesprek. Contact met oma "
        "was even weg en is hersteld. Veiligheidsplan: Donovan is nooit alleen met moeder thuis. "
        "Besproken in het veiligheidsoverleg, nu eens per vier weken.",
        address="Voorbeeldstraat 10, Voorbeeldstad",
        people=(
            DemoPerson(
                C,
                "Donovan",
                "Appelboom",
                (10, 4),
                "kind",
                called_by_child="Donovan",
                called_by_parents="Donovan",
                notes="Schrok heftig toen moeder onverwacht voor de deur stond; "
                "herinneringen aan de psychoses van moeder kwamen terug. Voelt zich nu "
                "beter en durft weer zelf de straat op en naar school.",
            ),
            DemoPerson(
                G,
                "Wilhelmina",
                "Appelboom",
                (64, 2),
                "oma (moederszijde), voogd",
                custody=Custody.YES,
                guardianship=True,
                phone="06-00000101",
                called_by_child="Oma",
                called_by_parents="Oma",
                notes="Heeft de voogdij over Donovan. Voelde zich overvallen door de "
                "melding. Houdt zich goed aan het veiligheidsplan. Zoekt zelfstandige "
                "woonruimte voor haar dochter.",
            ),
            DemoPerson(
                P,
                "Mirjam",
                "Appelboom",
                (36, 7),
                "moeder",
                custody=Custody.SUSPENDED,
                lives_in_household=False,
                called_by_child="Mama",
                called_by_parents="Mirjam",
                notes="Ontheven van het ouderlijk gezag. Psychiatrische stoornis met "
                "psychoses. Na een gevaarlijke situatie op straat opgenomen met een ibs; "
                "blijft nu vrijwillig in zorg.",
            ),
            DemoPerson(
                P,
                "Onbekend",
                "",
                None,
                "vader",
                custody=Custody.NO,
                lives_in_household=False,
                notes="Uit beeld; geen contact.",
            ),
            DemoPerson(
                N,
                "Ria",
                "Perenboom",
                (61, 0),
                "zus van oma, veiligheidspersoon",
                lives_in_household=False,
                phone="06-00000102",
                called_by_child="Tante Ria",
                called_by_parents="Ria",
                notes="Helpt oma met de zorg voor Donovan. Was het er niet mee eens dat "
                "moeder werd teruggehaald; steunt oma nu weer.",
            ),
            DemoPerson(
                N,
                "Henk",
                "Kersenboom",
                (58, 5),
                "buurman",
                lives_in_household=False,
                phone="06-00000103",
                called_by_child="Henk",
                called_by_parents="Henk",
                notes="Donovan kan bij hem terecht als het thuis niet goed gaat.",
            ),
        ),
        partners=(
            DemoPartner(
                PartnerKind.VEILIG_THUIS,
                "Veilig Thuis Voorbeeldregio (fictief)",
                "medewerker advies en meldingen",
                "0800-0000000",
                "Melding na het veiligheidsoverleg. Belde alleen oma en sloot het dossier.",
                170,
                150,
            ),
            DemoPartner(
                PartnerKind.ADULT_MENTAL_HEALTH,
                "GGZ Voorbeeldstad, volwassenen (fictief)",
                "behandelaar van moeder",
                "",
                "Behandeling van moeder; opname na ibs, nu vrijwillig in zorg.",
                104,
            ),
            DemoPartner(
                PartnerKind.SCHOOL,
                SCHOOL_KLIMOP,
                "intern begeleider",
                "",
                "Donovan zit in groep 7. School let op verzuim en gedrag.",
                200,
            ),
        ),
        contacts=(
            DemoContact(
                196,
                K.OFFICE,
                "oma en Donovan",
                "Intake. Oma vertelt over de zorg voor Donovan en de ziekte van zijn moeder.",
            ),
            DemoContact(
                175,
                K.HOME_VISIT,
                "oma en Donovan",
                "Moeder stond plots voor de deur; "
                "oma heeft haar zonder overleg teruggehaald. Donovan is erg geschrokken. "
                "In het veiligheidsoverleg besloten: overleg met en melding bij "
                "Veilig Thuis.",
            ),
            DemoContact(
                168,
                K.PHONE,
                "oma",
                "Oma verteld dat wij een melding doen bij Veilig Thuis, en waarom.",
            ),
            DemoContact(
                150,
                K.PHONE,
                "oma",
                "Niet bereikbaar. Veilig Thuis heeft het dossier "
                "gesloten na één telefoongesprek met oma.",
                reached=False,
            ),
            DemoContact(
                143, K.HOME_VISIT, "oma", "Niemand thuis. Briefje achtergelaten.", reached=False
            ),
            DemoContact(
                132,
                K.HOME_VISIT,
                "oma en Donovan",
                "Contact hersteld; oma voelde zich "
                "overvallen. Veiligheidsplan gemaakt: Donovan is nooit alleen met moeder "
                "thuis.",
            ),
            DemoContact(
                104,
                K.PHONE,
                "oma",
                "Moeder is na een gevaarlijke situatie op straat opgenomen met een ibs.",
            ),
            DemoContact(
                75,
                K.NETWORK_MEETING,
                "oma, Ria Perenboom, Henk Kersenboom",
                "Netwerkberaad: afspraken uit het veiligheidsplan nagelopen.",
            ),
            DemoContact(
                46,
                K.HOME_VISIT,
                "oma en Donovan",
                "Oma houdt zich aan het plan. De band "
                "tussen oma en Donovan is beter; hij gaat weer zelf naar school.",
            ),
            DemoContact(
                9,
                K.OFFICE,
                "oma",
                "Gesprek over hoe oma omgaat met haar dochter en met de volwassenenpsychiatrie.",
            ),
        ),
        grants=(
            DemoGrant(
                "therapeut",
                "Systeemtherapie voor oma en Donovan door een collega van Team Oost.",
                60,
            ),
        ),
    ),
    # Seed 002: the training case (father hits and scolds, mother low, baby of 11 months).
    DemoFamily(
        "VN-DEMO02",
        SEED_002_FAMILY,
        TEAM_A,
        "coach",
        45,
        "Milan (8) is door de huisarts verwezen voor concentratieproblemen en druk gedrag thuis "
        "en op school. Hij vertelde dat zijn vader hem soms uitscheldt en slaat; ouders ontkennen "
        "dat niet. Ouders hebben relatieproblemen, vader heeft tijdelijk geen werk en drinkt 's "
        "avonds meer. Moeder is somber en werkt veel; Noor is 11 maanden. Meldcode gestart.",
        address="Zonnebloemlaan 2, Voorbeeldstad",
        people=(
            DemoPerson(
                C,
                "Milan",
                "Zonnebloem",
                (8, 6),
                "kind",
                notes="Concentratieproblemen en druk gedrag, thuis en op school. Vertelde "
                "in het gesprek met zijn ouders erbij dat vader hem soms uitscheldt en "
                "slaat.",
            ),
            DemoPerson(
                C,
                "Noor",
                "Zonnebloem",
                (0, 11),
                "kind",
                notes="Jongste kind, 11 maanden. Extra kwetsbaar door haar leeftijd.",
            ),
            DemoPerson(
                P,
                "Ruben",
                "Zonnebloem",
                (39, 3),
                "vader",
                custody=Custody.YES,
                phone="06-00000201",
                notes="Scheldt en slaat Milan soms. Heeft tijdelijk geen werk en is 's "
                "avonds meer gaan drinken. Woonde na een heftige ruzie een tijd bij zijn "
                "moeder. Gaat graag met de kinderen op stap.",
            ),
            DemoPerson(
                P,
                "Esther",
                "Zonnebloem",
                (37, 1),
                "moeder",
                custody=Custody.YES,
                phone="06-00000202",
                notes="Somber en moe als ze klaar is met werk. Vindt het moeilijk dat ze "
                "veel werkt terwijl Noor nog zo klein is.",
            ),
            DemoPerson(
                N,
                "Truus",
                "Zonnebloem",
                (66, 8),
                "oma (vaderszijde)",
                lives_in_household=False,
                notes="Vader woonde na de ruzie een tijd bij haar. Mogelijke veiligheidspersoon.",
            ),
        ),
        partners=(
            DemoPartner(
                PartnerKind.HUISARTS,
                "Huisartsenpraktijk Voorbeeldstad-Noord (fictief)",
                "huisarts",
                "",
                "Verwees Milan voor concentratieproblemen en druk gedrag.",
                50,
            ),
            DemoPartner(
                PartnerKind.SCHOOL,
                SCHOOL_KLIMOP,
                "leerkracht groep 5",
                "",
                "Ziet druk gedrag en concentratieproblemen bij Milan.",
                45,
            ),
            DemoPartner(
                PartnerKind.SCHOOL,
                "Kinderdagverblijf Het Vlindertje (fictief)",
                "pedagogisch medewerker",
                "",
                "Noor gaat er drie dagen per week naartoe.",
                45,
            ),
        ),
        contacts=(
            DemoContact(
                44,
                K.OFFICE,
                "Milan, vader en moeder",
                "Intake. Milan vertelt dat vader "
                "hem soms uitscheldt en slaat. Ouders reageren gespannen maar ontkennen "
                "het niet. Signalen vastgelegd; collegiale consultatie gepland.",
            ),
            DemoContact(
                37,
                K.HOME_VISIT,
                "vader en moeder",
                "Gesprek over de zorgen. Ouders willen hulp bij de opvoeding van Milan.",
            ),
            DemoContact(
                30, K.PHONE, "moeder", "Moeder is moe en somber; huisarts gevraagd mee te kijken."
            ),
            DemoContact(16, K.OFFICE, "Milan", "Gesprek met Milan met de Drie Huizen."),
            DemoContact(
                4,
                K.HOME_VISIT,
                "vader, moeder en kinderen",
                "Eerste afspraken over wat vader doet als hij boos wordt.",
            ),
        ),
    ),
    DemoFamily(
        "VN-DEMO03",
        "Gezin Tulpenveld",
        TEAM_A,
        "coach",
        300,
        "Zorgen over verwaarlozing: Lotte komt vaak te laat en zonder ontbijt op school. Moeder "
        "staat er alleen voor en heeft schulden. Het contact loopt terug.",
        address="Tulpstraat 3, Voorbeeldstad",
        people=(
            DemoPerson(C, "Lotte", "Tulpenveld", (6, 2), "kind"),
            DemoPerson(C, "Sem", "Tulpenveld", (3, 5), "kind"),
            DemoPerson(P, "Sandra", "Tulpenveld", (29, 4), "moeder", custody=Custody.YES),
            DemoPerson(
                N,
                "Joke",
                "Sparrenhout",
                (70, 1),
                "buurvrouw",
                lives_in_household=False,
                notes="Past soms op de kinderen.",
            ),
        ),
        partners=(
            DemoPartner(
                PartnerKind.WIJKTEAM,
                "Wijkteam Noord Voorbeeldstad (fictief)",
                "schuldhulpverlener",
                "",
                "Praktische hulp bij schulden en huishouden.",
                280,
            ),
            DemoPartner(
                PartnerKind.SCHOOL,
                SCHOOL_KLIMOP,
                "leerkracht groep 3",
                "",
                "Lotte komt vaak te laat en zonder ontbijt.",
                300,
            ),
        ),
        contacts=(
            DemoContact(290, K.OFFICE, "moeder", "Intake."),
            DemoContact(200, K.HOME_VISIT, "moeder en kinderen", "Huis rommelig, weinig eten."),
            DemoContact(
                120, K.HOME_VISIT, "moeder en kinderen", "Afspraken over ontbijt en bedtijd."
            ),
            DemoContact(60, K.HOME_VISIT, "moeder", "Moeder is moe; wijkteam helpt met schulden."),
            DemoContact(33, K.HOME_VISIT, "moeder en Sem", "Kort bezoek; moeder wil minder hulp."),
            DemoContact(26, K.PHONE, "moeder", "Moeder neemt niet op.", reached=False),
            DemoContact(
                12, K.HOME_VISIT, "moeder", "Niemand thuis; gordijnen dicht.", reached=False
            ),
        ),
        emergencies=(
            DemoEmergency(
                "buitenstaander",
                "Moeder belde 's avonds de crisisdienst; de "
                "regiehouder was niet bereikbaar. Ik moest weten wie er op de kinderen "
                "kan passen.",
            ),
        ),
    ),
    DemoFamily(
        "VN-DEMO04",
        "Gezin Klaproos",
        TEAM_A,
        "coach",
        420,
        "Ruzies tussen ouders waar Daan bij was. Veiligheidsplan met het netwerk werkt.",
        closed_days_ago=60,
        close_reason="Veiligheidsdoelen bereikt: ouders en netwerk houden zich al drie maanden "
        "aan het veiligheidsplan. Het wijkteam houdt een vinger aan de pols.",
        people=(
            DemoPerson(C, "Daan", "Klaproos", (12, 9), "kind"),
            DemoPerson(P, "Marco", "Klaproos", (44, 0), "vader", custody=Custody.YES),
            DemoPerson(P, "Ilse", "Klaproos", (42, 6), "moeder", custody=Custody.YES),
        ),
        partners=(
            DemoPartner(
                PartnerKind.WIJKTEAM,
                "Wijkteam Noord Voorbeeldstad (fictief)",
                "maatschappelijk werker",
                "",
                "Houdt na afsluiting contact met het gezin.",
                90,
            ),
        ),
        contacts=(
            DemoContact(400, K.OFFICE, "vader en moeder", "Intake."),
            DemoContact(250, K.NETWORK_MEETING, "ouders, opa en tante", "Netwerkberaad."),
            DemoContact(64, K.HOME_VISIT, "gezin", "Afsluitend gesprek."),
        ),
    ),
    DemoFamily(
        "VN-DEMO05",
        "Gezin Eikenblad",
        TEAM_A,
        "gedragswetenschapper",
        150,
        "Ondertoezichtstelling van Yara en Finn. De jeugdbeschermer bewaakt de bodemeisen.",
        people=(
            DemoPerson(C, "Yara", "Eikenblad", (14, 3), "kind"),
            DemoPerson(C, "Finn", "Eikenblad", (11, 0), "kind"),
            DemoPerson(P, "Monique", "Eikenblad", (40, 2), "moeder", custody=Custody.YES),
            DemoPerson(G, "Kees", "Beukenlaan", (45, 7), "stiefvader", custody=Custody.NO),
        ),
        partners=(
            DemoPartner(
                PartnerKind.GI,
                "Jeugdbescherming Voorbeeldregio (fictief)",
                "jeugdbeschermer",
                "",
                "Uitvoering van de ondertoezichtstelling.",
                140,
            ),
            DemoPartner(
                PartnerKind.RAAD,
                "Raad voor de Kinderbescherming (fictieve locatie)",
                "raadsonderzoeker",
                "",
                "Onderzoek afgerond; ondertoezichtstelling uitgesproken.",
                240,
                145,
            ),
        ),
        contacts=(
            DemoContact(148, K.OFFICE, "moeder en jeugdbeschermer", "Start hulp na de uitspraak."),
            DemoContact(20, K.HOME_VISIT, "gezin", "Schaalvragen: moeder 6, Yara 4."),
            DemoContact(6, K.VIDEO, "Yara", "Gesprek over school en thuis."),
        ),
    ),
    DemoFamily(
        "VN-DEMO06",
        "Gezin Lavendel",
        TEAM_A,
        "coach",
        3,
        "Nieuw aangemeld door het consultatiebureau: zorgen over de verzorging van Mees.",
        people=(
            DemoPerson(C, "Mees", "Lavendel", (2, 1), "kind"),
            DemoPerson(P, "Kim", "Lavendel", (23, 5), "moeder", custody=Custody.YES),
        ),
        partners=(
            DemoPartner(
                PartnerKind.OTHER,
                "Consultatiebureau Voorbeeldstad (fictief)",
                "jeugdverpleegkundige",
                "",
                "Heeft het gezin aangemeld.",
                3,
            ),
        ),
    ),
    DemoFamily(
        "VN-DEMO07",
        "Gezin Wilgenhof",
        TEAM_B,
        "buitenstaander",
        210,
        "Vechtscheiding; de kinderen zitten klem tussen hun ouders. De Raad doet onderzoek.",
        people=(
            DemoPerson(C, "Bo", "Wilgenhof", (9, 8), "kind"),
            DemoPerson(C, "Jip", "Wilgenhof", (7, 2), "kind"),
            DemoPerson(
                P,
                "Frank",
                "Wilgenhof",
                (41, 0),
                "vader",
                custody=Custody.YES,
                lives_in_household=False,
            ),
            DemoPerson(P, "Linda", "Wilgenhof", (39, 11), "moeder", custody=Custody.YES),
        ),
        partners=(
            DemoPartner(
                PartnerKind.RAAD,
                "Raad voor de Kinderbescherming (fictieve locatie)",
                "raadsonderzoeker",
                "",
                "Onderzoek naar gezag en omgang.",
                60,
            ),
        ),
        contacts=(
            DemoContact(200, K.OFFICE, "moeder", "Intake."),
            DemoContact(40, K.OFFICE, "vader", "Gesprek over de omgang."),
            DemoContact(
                10, K.HOME_VISIT, "moeder, Bo en Jip", "De kinderen willen dat de ruzies stoppen."
            ),
        ),
    ),
    DemoFamily(
        "VN-DEMO08",
        "Gezin Vlierbes",
        TEAM_B,
        "buitenstaander",
        95,
        "Geweld tussen ouders waar de kinderen bij waren. Vader had een tijdelijk huisverbod. "
        "Het contact met moeder is al weken weg.",
        people=(
            DemoPerson(C, "Adam", "Vlierbes", (10, 1), "kind"),
            DemoPerson(C, "Sara", "Vlierbes", (5, 6), "kind"),
            DemoPerson(P, "Nadia", "Vlierbes", (34, 9), "moeder", custody=Custody.YES),
            DemoPerson(
                P,
                "Youssef",
                "Vlierbes",
                (38, 2),
                "vader",
                custody=Custody.YES,
                lives_in_household=False,
                notes="Had een tijdelijk huisverbod.",
            ),
        ),
        partners=(
            DemoPartner(
                PartnerKind.POLICE,
                "Politie basisteam Voorbeeldstad (fictief)",
                "wijkagent",
                "",
                "Legde het tijdelijk huisverbod op.",
                95,
            ),
            DemoPartner(
                PartnerKind.VEILIG_THUIS,
                "Veilig Thuis Voorbeeldregio (fictief)",
                "casemanager",
                "",
                "Veiligheidsbeoordeling na het huisverbod.",
                95,
            ),
        ),
        contacts=(
            DemoContact(90, K.HOME_VISIT, "moeder en kinderen", "Eerste bezoek na het huisverbod."),
            DemoContact(35, K.OFFICE, "moeder", "Moeder wil het contact met vader herstellen."),
            DemoContact(14, K.PHONE, "moeder", "Geen gehoor.", reached=False),
        ),
        grants=(
            DemoGrant("psychiater", "Consult van de psychiater over de agressie van vader.", 30),
        ),
    ),
    DemoFamily(
        "VN-DEMO09",
        "Gezin Hazelnoot",
        TEAM_B,
        "teamleider",
        500,
        "Zorgen over de opvoeding na de dood van een ouder.",
        closed_days_ago=200,
        close_reason="Gezin verhuisd naar een andere regio; met toestemming van vader "
        "overgedragen aan het wijkteam daar.",
        people=(
            DemoPerson(C, "Tess", "Hazelnoot", (15, 4), "kind"),
            DemoPerson(P, "Erik", "Hazelnoot", (50, 3), "vader", custody=Custody.YES),
        ),
        contacts=(
            DemoContact(480, K.OFFICE, "vader en Tess", "Intake."),
            DemoContact(205, K.OFFICE, "vader", "Overdracht besproken."),
        ),
    ),
    DemoFamily(
        "VN-DEMO10",
        "Gezin Rozenstruik",
        TEAM_C,
        "coach-oost",
        380,
        "Luuk woont in een pleeggezin; de gecertificeerde instelling heeft de voogdij.",
        people=(
            DemoPerson(C, "Luuk", "Rozenstruik", (13, 7), "kind"),
            DemoPerson(
                P,
                "Chantal",
                "Rozenstruik",
                (35, 0),
                "moeder",
                custody=Custody.SUSPENDED,
                lives_in_household=False,
                notes="Gezag beëindigd; begeleide omgang.",
            ),
            DemoPerson(G, "Anja", "Dennenbos", (52, 4), "pleegmoeder", custody=Custody.NO),
        ),
        partners=(
            DemoPartner(
                PartnerKind.GI,
                "Jeugdbescherming Voorbeeldregio (fictief)",
                "voogd",
                "",
                "Heeft de voogdij over Luuk.",
                380,
            ),
        ),
        contacts=(
            DemoContact(370, K.OFFICE, "pleegmoeder en voogd", "Start."),
            DemoContact(
                17,
                K.HOME_VISIT,
                "Luuk en pleegmoeder",
                "Luuk is rustiger sinds de omgang vaste tijden heeft.",
            ),
        ),
    ),
    DemoFamily(
        "VN-DEMO11",
        "Gezin Boterbloem",
        TEAM_C,
        "coach-oost",
        120,
        "Vader is depressief en sprak over suïcide. Afspraken over wie er bij de kinderen is.",
        people=(
            DemoPerson(C, "Evi", "Boterbloem", (15, 2), "kind"),
            DemoPerson(C, "Tim", "Boterbloem", (12, 5), "kind"),
            DemoPerson(P, "Jeroen", "Boterbloem", (47, 6), "vader", custody=Custody.YES),
            DemoPerson(P, "Petra", "Boterbloem", (45, 1), "moeder", custody=Custody.YES),
        ),
        partners=(
            DemoPartner(
                PartnerKind.ADULT_MENTAL_HEALTH,
                "GGZ Voorbeeldstad, volwassenen (fictief)",
                "psychiater van vader",
                "",
                "Behandeling van vader.",
                110,
            ),
            DemoPartner(
                PartnerKind.HUISARTS, "Huisartsenpraktijk Oost (fictief)", "huisarts", "", "", 120
            ),
        ),
        contacts=(
            DemoContact(118, K.OFFICE, "moeder", "Intake."),
            DemoContact(
                21,
                K.NETWORK_MEETING,
                "ouders, Evi, Tim en een oom",
                "Afspraken voor slechte dagen van vader.",
            ),
            DemoContact(2, K.PHONE, "moeder", "Het gaat beter; vader is in behandeling."),
        ),
    ),
    DemoFamily(
        "VN-DEMO12",
        "Gezin Korenaar",
        TEAM_C,
        "therapeut",
        260,
        "Moeder heeft een licht verstandelijke beperking; het plan is in eenvoudige taal en met "
        "tekeningen. Het contact is al weken niet gelukt.",
        people=(
            DemoPerson(C, "Jesse", "Korenaar", (4, 3), "kind"),
            DemoPerson(C, "Lina", "Korenaar", (1, 8), "kind"),
            DemoPerson(P, "Demi", "Korenaar", (24, 10), "moeder", custody=Custody.YES),
        ),
        partners=(
            DemoPartner(
                PartnerKind.WIJKTEAM,
                "Wijkteam Oost Voorbeeldstad (fictief)",
                "ambulant begeleider",
                "",
                "Helpt moeder met geld en post.",
                250,
            ),
        ),
        contacts=(
            DemoContact(250, K.HOME_VISIT, "moeder en kinderen", "Intake thuis."),
            DemoContact(40, K.HOME_VISIT, "moeder", "Plan met tekeningen besproken."),
            DemoContact(10, K.HOME_VISIT, "moeder", "Niemand thuis.", reached=False),
        ),
    ),
    DemoFamily(
        "VN-DEMO13",
        "Gezin Madeliefje",
        TEAM_C,
        "coach-oost",
        8100,
        "Oud dossier: de hulp is lang geleden afgerond en de bewaartermijn is verstreken.",
        closed_days_ago=7700,
        close_reason="Hulp afgerond.",
        people=(
            DemoPerson(C, "Robin", "Madeliefje", (29, 3), "kind"),
            DemoPerson(P, "Karin", "Madeliefje", (56, 8), "moeder", custody=Custody.YES),
        ),
        contacts=(DemoContact(7710, K.OFFICE, "moeder", "Afsluitend gesprek."),),
    ),
)
