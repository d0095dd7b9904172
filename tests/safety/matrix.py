"""Authorization-matrix entries of the safety-plan app (see tests/matrix_common.py)."""

from tests.matrix_common import POST_WRITE, READ, WRITE, Check

P = "veiligheid/<int:pk>/"
ITEMS = {
    "mapping": "inventarisatie",
    "harm": "schadeformuleringen",
    "danger": "gevaarsformuleringen",
    "disagreement": "niet-mee-eens",
    "warning_sign": "signalen",
    "goal": "doelen",
    "safety_person": "veiligheidspersonen",
    "bottom_line": "bodemeisen",
    "agreement": "afspraken",
    "step": "stappen",
    "child_talk": "drie-huizen",
    "house_item": "drie-huizen-uitspraken",
    "child_rule": "veiligheidsregels-kind",
    "story": "verhalen",
    "story_page": "verhaal-paginas",
}
EDIT_ONLY = {"story_image": "afbeeldingen"}

ROUTES: dict = {
    P: [Check("get", READ)],
    P + "per-situatie/": [Check("get", READ)],
    P + "schaalvragen/nieuw/": [Check("get", WRITE)],
    P + "versies/nieuw/": [Check("post", POST_WRITE)],
    P + "versies/vergelijken/": [Check("get", READ)],
    P + "versies/<int:version_pk>/": [Check("get", READ)],
    P + "versies/<int:version_pk>/ondertekenen/": [Check("get", WRITE)],
    P + "versies/<int:version_pk>/ondertekeningen/": [Check("post", POST_WRITE)],
    P + "versies/<int:version_pk>/akkoord/": [Check("post", POST_WRITE)],
    P + "versies/<int:version_pk>/verspreiden-aan-ondertekenaars/": [Check("post", POST_WRITE)],
    P + "versies/<int:version_pk>/verspreiden/": [Check("get", WRITE)],
    P + "versies/<int:version_pk>/activeren/": [Check("get", WRITE)],
    P + "versies/<int:version_pk>/pdf/": [Check("get", READ)],
    P + "evaluaties/nieuw/": [Check("get", WRITE)],
    P + "evaluaties/<int:evaluation_pk>/": [Check("get", READ)],
    P + "versies/<int:version_pk>/ouders/": [Check("get", READ)],
    P + "versies/<int:version_pk>/ouders/pdf/": [Check("get", READ)],
    P + "versies/<int:version_pk>/kind/<int:child_pk>/": [Check("get", READ)],
    P + "versies/<int:version_pk>/kind/<int:child_pk>/pdf/": [Check("get", READ)],
    P + "ouders/concept/": [Check("get", READ)],
    P + "ouders/concept/pdf/": [Check("get", READ)],
    P + "kind/": [Check("get", READ)],
    P + "kind/<int:child_pk>/versie/": [Check("get", READ)],
    P + "kind/<int:child_pk>/versie/pdf/": [Check("get", READ)],
    P + "drie-huizen-uitspraken/<int:house_item_pk>/naar-inventarisatie/": [Check("get", WRITE)],
    P + "verhalen/<int:story_pk>/": [Check("get", READ)],
    P + "verhalen/<int:story_pk>/goedkeuren/": [Check("get", WRITE)],
    P + "afbeeldingen/nieuw/": [Check("get", WRITE)],
    P + "direct-plan/nieuw/": [Check("get", WRITE)],
    P + "direct-plan/<int:immediate_pk>/": [Check("get", READ)],
    P + "direct-plan/<int:immediate_pk>/bewerken/": [Check("get", WRITE)],
    P + "direct-plan/<int:immediate_pk>/vernieuwen/": [Check("get", WRITE)],
    P + "direct-plan/<int:immediate_pk>/beeindigen/": [Check("get", WRITE)],
}
for _kind, _segment in ITEMS.items():
    ROUTES[f"{P}{_segment}/nieuw/"] = [Check("get", WRITE)]
for _kind, _segment in {**ITEMS, **EDIT_ONLY}.items():
    ROUTES[f"{P}{_segment}/<int:{_kind}_pk>/bewerken/"] = [Check("get", WRITE)]
    ROUTES[f"{P}{_segment}/<int:{_kind}_pk>/verwijderen/"] = [Check("get", WRITE)]

API_PATHS: set = {
    "/families/{family_id}/safety",
    "/families/{family_id}/safety/scaling",
    "/families/{family_id}/safety/versions",
    "/families/{family_id}/safety/versions/{version_id}",
    "/families/{family_id}/safety/versions/{version_id}/signoffs",
    "/families/{family_id}/safety/versions/{version_id}/agree",
    "/families/{family_id}/safety/versions/{version_id}/distribution",
    "/families/{family_id}/safety/versions/{version_id}/activate",
    "/families/{family_id}/safety/versions/{version_id}/pdf",
    "/families/{family_id}/safety/diff",
    "/families/{family_id}/safety/evaluations",
    "/families/{family_id}/safety/evaluations/{evaluation_id}",
    # plan review (vangnet/api/review.py), covered per persona by test_api_matrix.ENDPOINTS
    "/families/{family_id}/safety/draft/review",
    "/families/{family_id}/safety/versions/{version_id}/review",
}
# The child's part (vangnet/api/safety.py)
API_PATHS |= {
    "/families/{family_id}/safety/child",
    "/families/{family_id}/safety/house-items/{item_id}/carry",
    "/families/{family_id}/safety/stories/{item_id}/approvals",
    "/families/{family_id}/safety/story-images",
    "/families/{family_id}/safety/story-images/{item_id}",
    "/families/{family_id}/safety/versions/{version_id}/parents-pdf",
    "/families/{family_id}/safety/children/{child_id}/child-version-pdf",
    "/families/{family_id}/safety/versions/{version_id}/children/{child_id}/child-version-pdf",
}
# The immediate safety plan (vangnet/api/safety.py)
API_PATHS |= {
    "/families/{family_id}/safety/immediate-plans",
    "/families/{family_id}/safety/immediate-plans/{item_id}",
    "/families/{family_id}/safety/immediate-plans/{item_id}/end",
    "/families/{family_id}/safety/immediate-plans/{item_id}/renew",
}
for _segment in (
    "child-talks",
    "house-items",
    "child-rules",
    "stories",
    "story-pages",
    "mapping",
    "harm-statements",
    "danger-statements",
    "disagreements",
    "warning-signs",
    "goals",
    "safety-persons",
    "bottom-lines",
    "agreements",
    "steps",
):
    API_PATHS |= {
        f"/families/{{family_id}}/safety/{_segment}",
        f"/families/{{family_id}}/safety/{_segment}/{{item_id}}",
    }


def url_values(personas) -> dict:
    from tests.safety.helpers import build_plan

    data = build_plan(personas)
    values = {f"{kind}_pk": getattr(data, kind).pk for kind in {**ITEMS, **EDIT_ONLY}}
    values["child_pk"] = personas.child.pk
    values.update(version_pk=data.version.pk, evaluation_pk=data.evaluation.pk)
    values["immediate_pk"] = data.immediate.pk
    return values
