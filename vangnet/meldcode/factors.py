"""The fixed checklists: risk and protective factors per domain, and the ten ACE items."""

from django.utils.translation import gettext_lazy as _

DOMAINS = (
    ("child", _("Child")),
    ("parents", _("Parents")),
    ("family", _("Family")),
    ("environment", _("Environment")),
)

# (code, domain, kind "risk"/"protective", label)
FACTORS = (
    ("child_young", "child", "risk", _("Child is 0 to 3 years old")),
    ("child_special_needs", "child", "risk", _("Child has a disability or psychiatric problems")),
    ("child_behaviour", "child", "risk", _("Child shows restless or difficult behaviour")),
    ("child_trusted_adult", "child", "protective", _("Child has a trusted adult to turn to")),
    ("child_school", "child", "protective", _("Child goes to school or childcare regularly")),
    ("parent_addiction", "parents", "risk", _("A parent drinks too much or uses drugs")),
    ("parent_mental", "parents", "risk", _("A parent has psychiatric problems or depression")),
    ("parent_lvb", "parents", "risk", _("A parent has a mild intellectual disability")),
    ("parent_own_history", "parents", "risk", _("A parent experienced violence as a child")),
    ("parent_insight", "parents", "protective", _("Parents see the problem and want help")),
    ("parent_bond", "parents", "protective", _("At least one parent gives warmth and care")),
    ("family_partner_violence", "family", "risk", _("Violence or fierce fights between parents")),
    ("family_stress", "family", "risk", _("Stress: debts, unemployment, housing problems")),
    ("family_separation", "family", "risk", _("Separation or a parent leaving the home")),
    ("family_baby", "family", "risk", _("A baby or a pregnancy in the family")),
    ("family_routine", "family", "protective", _("Daily life has structure and routine")),
    ("env_isolation", "environment", "risk", _("The family has few people around them")),
    ("env_dropout", "environment", "risk", _("Earlier help was stopped or refused")),
    ("env_network", "environment", "protective", _("Network people help and can watch safety")),
    ("env_help", "environment", "protective", _("Professional help is involved and accepted")),
)
FACTOR_CODES = frozenset(code for code, *_rest in FACTORS)

# The ten Adverse Childhood Experiences, in short neutral wording. Before the 18th birthday:
ACE_ITEMS = (
    _("A parent or other adult often swore at, insulted or humiliated the child"),
    _("A parent or other adult pushed, hit or injured the child"),
    _("An adult or someone much older touched the child sexually"),
    _("The child felt unloved or unsupported in the family"),
    _("The child lacked food, clean clothes, care or protection"),
    _("The parents separated or divorced, or a parent left"),
    _("The child saw or heard violence against a parent"),
    _("Someone in the household had a drinking or drug problem"),
    _("Someone in the household was depressed, mentally ill or attempted suicide"),
    _("Someone in the household went to prison"),
)
