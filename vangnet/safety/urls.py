from django.urls import path

from vangnet.safety import views

app_name = "safety"

# Dutch path segment per kind of plan item, and the name of its id in the URL.
ITEM_PATHS = {
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
# Pictures are uploaded on their own page; changing the description and removing are generic.
EDIT_ONLY_PATHS = {"story_image": "afbeeldingen"}

urlpatterns = [
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/per-situatie/", views.by_situation, name="by_situation"),
    path("<int:pk>/schaalvragen/nieuw/", views.score_add, name="score_add"),
    path("<int:pk>/versies/nieuw/", views.version_create, name="version_create"),
    path("<int:pk>/versies/vergelijken/", views.version_compare, name="version_compare"),
    path("<int:pk>/versies/<int:version_pk>/", views.version_detail, name="version"),
    path(
        "<int:pk>/versies/<int:version_pk>/ondertekenen/", views.version_sign, name="version_sign"
    ),
    path(
        "<int:pk>/versies/<int:version_pk>/ondertekeningen/",
        views.version_sign_many,
        name="version_sign_many",
    ),
    path("<int:pk>/versies/<int:version_pk>/akkoord/", views.version_agree, name="version_agree"),
    path(
        "<int:pk>/versies/<int:version_pk>/verspreiden/",
        views.version_distribute,
        name="version_distribute",
    ),
    path(
        "<int:pk>/versies/<int:version_pk>/verspreiden-aan-ondertekenaars/",
        views.version_distribute_signers,
        name="version_distribute_signers",
    ),
    path(
        "<int:pk>/versies/<int:version_pk>/activeren/",
        views.version_activate,
        name="version_activate",
    ),
    path("<int:pk>/versies/<int:version_pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("<int:pk>/evaluaties/nieuw/", views.evaluation_add, name="evaluation_add"),
    path("<int:pk>/evaluaties/<int:evaluation_pk>/", views.evaluation_detail, name="evaluation"),
    path(
        "<int:pk>/versies/<int:version_pk>/ouders/", views.parents_version, name="parents_version"
    ),
    path(
        "<int:pk>/versies/<int:version_pk>/ouders/pdf/",
        views.parents_version_pdf,
        name="parents_version_pdf",
    ),
    path(
        "<int:pk>/versies/<int:version_pk>/kind/<int:child_pk>/",
        views.version_child_version,
        name="version_child_version",
    ),
    path(
        "<int:pk>/versies/<int:version_pk>/kind/<int:child_pk>/pdf/",
        views.version_child_version_pdf,
        name="version_child_version_pdf",
    ),
    path("<int:pk>/ouders/concept/", views.parents_preview, name="parents_preview"),
    path("<int:pk>/ouders/concept/pdf/", views.parents_preview_pdf, name="parents_preview_pdf"),
    # The child's part
    path("<int:pk>/kind/", views.child_part, name="child"),
    path("<int:pk>/kind/<int:child_pk>/versie/", views.child_version, name="child_version"),
    path(
        "<int:pk>/kind/<int:child_pk>/versie/pdf/",
        views.child_version_pdf,
        name="child_version_pdf",
    ),
    path(
        "<int:pk>/drie-huizen-uitspraken/<int:house_item_pk>/naar-inventarisatie/",
        views.house_item_carry,
        name="house_item_carry",
    ),
    path("<int:pk>/verhalen/<int:story_pk>/", views.story_detail, name="story"),
    path("<int:pk>/verhalen/<int:story_pk>/goedkeuren/", views.story_approve, name="story_approve"),
    path("<int:pk>/afbeeldingen/nieuw/", views.story_image_add, name="story_image_add"),
    # The immediate safety plan (for the coming days, until the long-term plan is out)
    path("<int:pk>/direct-plan/nieuw/", views.immediate_add, name="immediate_add"),
    path("<int:pk>/direct-plan/<int:immediate_pk>/", views.immediate_detail, name="immediate"),
    path(
        "<int:pk>/direct-plan/<int:immediate_pk>/bewerken/",
        views.immediate_edit,
        name="immediate_edit",
    ),
    path(
        "<int:pk>/direct-plan/<int:immediate_pk>/vernieuwen/",
        views.immediate_renew,
        name="immediate_renew",
    ),
    path(
        "<int:pk>/direct-plan/<int:immediate_pk>/beeindigen/",
        views.immediate_end,
        name="immediate_end",
    ),
]

for _kind, _segment in ITEM_PATHS.items():
    urlpatterns.append(
        path(f"<int:pk>/{_segment}/nieuw/", views.item_add, {"kind": _kind}, name=f"{_kind}_add")
    )
for _kind, _segment in {**ITEM_PATHS, **EDIT_ONLY_PATHS}.items():
    urlpatterns += [
        path(
            f"<int:pk>/{_segment}/<int:{_kind}_pk>/bewerken/",
            views.item_edit,
            {"kind": _kind},
            name=f"{_kind}_edit",
        ),
        path(
            f"<int:pk>/{_segment}/<int:{_kind}_pk>/verwijderen/",
            views.item_remove,
            {"kind": _kind},
            name=f"{_kind}_remove",
        ),
    ]
