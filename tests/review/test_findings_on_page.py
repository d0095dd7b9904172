"""Issue 12, item 5: on the plan page each review finding stands next to the part of the plan
it is about, the summary links to it (anchors without personal data), the words that caused
it are marked in place, each word has its own explanation, and no finding text is cut in the
middle of a word."""

import re

import pytest
from django.urls import reverse

from tests.safety.helpers import build_plan
from vangnet.review.adapter import whole_words
from vangnet.review.data import MAJOR, Finding
from vangnet.review.texts import describe, word_texts
from vangnet.safety.models import Agreement

pytestmark = pytest.mark.django_db

LONG_WHAT = (
    "Vader probeert zo vaak mogelijk op woensdagmiddag en zaterdagochtend samen met "
    "Testkind naar de speeltuin te gaan."
)


def _agreement(data, what=LONG_WHAT, how="Hij belt de gezinsvoogd en de ketenpartner."):
    a = Agreement.objects.create(
        plan=data.plan,
        what=what,
        situation="evening",
        how=how,
        fallback="De buurvrouw haalt Testkind op.",
        monitor_person=data.network,
        frequency="elke week",
    )
    a.people.set([data.plan.family.people.filter(kind="parent").first()])
    return a


def _page(personas, as_user):
    response = as_user(personas.read_only).get(reverse("safety:plan", args=[personas.family.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _block(html: str, element_id: str) -> str:
    """The agreement's block on the page, up to the next agreement or the section's end."""
    start = html.index(f'id="{element_id}"')
    ends = [
        i
        for i in (html.find('<div class="agreement"', start + 1), html.find("</section>", start))
        if i > 0
    ]
    return html[start : min(ends)]


def test_findings_stand_next_to_their_agreement_with_a_link_from_the_summary(personas, as_user):
    data = build_plan(personas)
    a = _agreement(data)
    html = _page(personas, as_user)
    block = _block(html, f"agreement-{a.pk}")
    # next to the agreement: the finding, with an anchor of its number only
    anchors = re.findall(r'<li id="(finding-\d+)" tabindex="-1">', block)
    assert anchors
    assert "De afspraak beschrijft een poging of een wens, geen handeling." in block
    assert "Terug naar de plancheck" in block and 'href="#plan-review"' in block
    # the summary links to each of them, with the part's name as the link's text
    summary = html[html.index('id="plan-review"') : html.index('aria-labelledby="mapping"')]
    for anchor in anchors:
        link = re.search(rf'<a href="#{anchor}">([^<]+)</a>', summary)
        assert link and link.group(1).startswith("Veiligheidsafspraak: Vader probeert")
    # anchors carry no personal data: only "finding-" and a number
    assert all(re.fullmatch(r"finding-\d+", x) for x in re.findall(r'id="(finding-[^"]*)"', html))


def test_words_are_marked_in_place_with_a_text_alternative(personas, as_user):
    data = build_plan(personas)
    a = _agreement(data)
    block = _block(_page(personas, as_user), f"agreement-{a.pk}")
    heading = re.search(r"<h3>(.*?)</h3>", block, re.DOTALL).group(1)
    hidden = '<span class="visually-hidden">gemarkeerd: </span>'
    end = '<span class="visually-hidden"> (einde gemarkeerde woorden)</span></mark>'
    assert f"Vader <mark>{hidden}probeert{end} <mark>{hidden}zo vaak mogelijk{end} op" in heading
    how = re.search(r"<dt>Hoe</dt><dd>(.*?)</dd>", block).group(1)
    assert f"<mark>{hidden}gezinsvoogd{end}" in how and f"<mark>{hidden}ketenpartner{end}" in how
    # the jargon finding offers the plain words
    assert "gezinsvoogd: de hulpverlener die de rechter voor jullie gezin heeft gekozen" in block


def test_each_word_has_its_own_explanation(personas, as_user):
    data = build_plan(personas)
    a = _agreement(data)
    block = _block(_page(personas, as_user), f"agreement-{a.pk}")
    assert (
        "<mark>zo vaak mogelijk</mark>: „zo vaak mogelijk” zegt niet hoe vaak of hoeveel" in block
    )
    assert "<mark>probeert</mark>: &quot;Proberen&quot; kun je niet controleren" in block
    # "zo vaak mogelijk" is not explained as trying
    explanation = re.search(r"<mark>zo vaak mogelijk</mark>: ([^<]*)</li>", block).group(1)
    assert "Proberen" not in explanation and "proberen" not in explanation


def test_a_single_kind_of_word_explains_the_finding_itself():
    finding = Finding("vague_effort", MAJOR, "agreement-1", "what", ((6, 22, "zo vaak mogelijk"),))
    text = describe(finding)
    assert text["why"].startswith("„zo vaak mogelijk” zegt niet hoe vaak")
    assert not text["explained_per_span"]
    trying = describe(Finding("vague_effort", MAJOR, "agreement-1", "what", ((6, 14, "probeert"),)))
    assert trying["why"].startswith('"Proberen" kun je niet controleren')


@pytest.mark.parametrize(
    ("words", "start"),
    [
        ("zo vaak mogelijk", "„zo vaak mogelijk” zegt niet hoe vaak"),
        ("indien nodig", "„indien nodig” laat open of het wel gebeurt"),
        ("in principe", "„in principe” laat een uitweg open"),
        ("let op", "„let op” is opletten"),
        ("werken aan", "„werken aan” is een voornemen"),
    ],
)
def test_word_texts(words, start):
    assert word_texts("vague_effort", words)[0].startswith(start)
    assert word_texts("vague_effort", "probeert") is None
    assert word_texts("vague_no_measure", "vaak") is None


def test_no_finding_text_is_cut_in_the_middle_of_a_word(personas, as_user):
    data = build_plan(personas)
    a = _agreement(data, what=LONG_WHAT + " Daarna eten ze samen een ijsje bij de kiosk.")
    html = _page(personas, as_user)
    summary = html[html.index('id="plan-review"') : html.index('aria-labelledby="mapping"')]
    wheres = re.findall(r'<a href="#finding-\d+">Veiligheidsafspraak: ([^<]+)</a>', summary)
    assert wheres
    for where in wheres:
        assert where.endswith("…")
        shown = where[:-1]
        assert a.what.startswith(shown) and a.what[len(shown)] == " "  # ends at a whole word


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Oma belt", "Oma belt", "Oma belt"),
        ("Oma belt elke avo", "Oma belt elke avond om zeven uur", "Oma belt elke…"),
        ("Oma belt elke", "Oma belt elke avond", "Oma belt elke…"),
        ("Veiligheidsafsp", "Veiligheidsafspraken zijn er", "Veiligheidsafspraken…"),
        ("Veiligheidsafspraak 2", "iets anders", "Veiligheidsafspraak 2"),
    ],
)
def test_whole_words(title, text, expected):
    assert whole_words(title, [text, 3, None]) == expected


def test_the_situation_page_shows_agreements_without_review(personas, as_user):
    data = build_plan(personas)
    _agreement(data)
    response = as_user(personas.read_only).get(
        reverse("safety:by_situation", args=[personas.family.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vader probeert zo vaak mogelijk" in html and "<mark>" not in html
