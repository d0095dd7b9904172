"""Vague-agreement detection in Dutch: each kind, its words and spans, and what it must not flag."""

import socket

import pytest

from vangnet.review.vague import says_when, tokenize, vague_hits


def kinds(text):
    return {h.kind for h in vague_hits(text)}


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("Vader probeert om 8 uur op te staan.", "effort", "probeert"),
        ("Moeder heeft geprobeerd de oppas te bellen.", "effort", "geprobeerd"),
        ("Ouders streven naar een vaste bedtijd.", "effort", "streven"),
        ("Oma komt zo veel mogelijk op woensdag.", "effort", "zo veel mogelijk"),
        ("Opa haalt Tim zoveel mogelijk op.", "effort", "zoveel mogelijk"),
        ("Waar mogelijk brengt vader Tim.", "effort", "Waar mogelijk"),
        ("Indien nodig belt moeder oma.", "effort", "Indien nodig"),
        ("Vader doet zijn best om op tijd te zijn.", "effort", "best"),
        ("Moeder let erop dat Tim eet.", "effort", "let erop"),
        ("Vader houdt rekening met Tim.", "effort", "houdt rekening"),
        ("Vader blijft rustig bij de overdracht.", "inner_state", "rustig"),
        ("Tim voelt zich veilig thuis.", "inner_state", "voelt"),
        ("Moeder beseft wat het drinken doet.", "inner_state", "beseft"),
        ("Vader heeft geduld met Tim.", "inner_state", "geduld"),
        ("Ouders gaan respectvol met elkaar om.", "inner_state", "respectvol"),
        ("Moeder ziet in dat ze hulp nodig heeft.", "inner_state", "ziet in"),
        ("Moeder ziet nu in dat ze hulp nodig heeft.", "inner_state", "ziet"),
        ("Vader slaat Tim niet.", "prohibition", "niet"),
        ("Moeder drinkt geen alcohol.", "prohibition", "geen"),
        ("Ouders laten Tim nooit alleen.", "prohibition", "nooit"),
        ("Er wordt gezorgd voor eten.", "no_person", "Er wordt"),
        ("Iemand haalt Tim op.", "no_person", "Iemand"),
        ("Men belt de school.", "no_person", "Men"),
        ("Het netwerk helpt moeder.", "no_person", "Het netwerk"),
        ("Tim wordt om 8 uur naar school gebracht.", "no_person", "wordt"),
        ("Vader drinkt minder.", "no_measure", "minder"),
        ("Moeder gaat vaker naar buiten.", "no_measure", "vaker"),
        ("Oma komt regelmatig langs.", "no_measure", "regelmatig"),
        ("Vader belt af en toe de school.", "no_measure", "af en toe"),
        ("Moeder zorgt goed voor de baby.", "no_measure", "goed"),
    ],
)
def test_vague_kind_and_words(text, kind, words):
    hits = [h for h in vague_hits(text) if h.kind == kind]
    assert hits, f"{kind} not found in {text!r}"
    assert words in [h.words for h in hits]
    for h in hits:
        assert text[h.start : h.end] == h.words


@pytest.mark.parametrize(
    "text",
    [
        "Moeder brengt Tim om 8.15 uur naar school.",
        "Oma haalt Tim op dinsdag om 15.00 uur op.",
        # an inner state or a negation in the condition is the trigger, not the agreement
        "Als vader boos wordt, gaat hij twintig minuten wandelen.",
        "Als moeder niet opneemt, komt oom Bas binnen met de reservesleutel.",
        # a negation followed by what to do instead
        "Vader drinkt geen alcohol maar water als Tim bij hem is.",
        "Moeder laat Tim niet alleen en brengt hem naar oma.",
        # a comparative with a measure; "niet meer" is a prohibition, not a comparative
        "Moeder drinkt niet meer dan twee glazen wijn, en daarna water.",
        "Vader belt oma minder dan drie keer per dag.",
        # a collective noun that is not the subject
        "Tante Fenna belt het netwerk om 9.00 uur.",
        # a passive with its agent
        "Tim wordt om 8 uur door opa naar school gebracht.",
        "Moeder schrijft op wat er goed ging.",
    ],
)
def test_concrete_is_not_flagged(text):
    assert vague_hits(text) == []


def test_several_kinds_in_one_agreement():
    assert kinds("Er wordt geprobeerd om vader minder te laten drinken.") == {
        "no_person",
        "effort",
        "no_measure",
    }


@pytest.mark.parametrize("text", ["", "   ", "...", None])
def test_empty(text):
    assert vague_hits(text) == []


def test_tokens_keep_offsets_and_lemmas():
    tokens = tokenize("Vader belt om 8.15 uur.")
    assert [t.text for t in tokens] == ["vader", "belt", "om", "8.15", "uur"]
    assert tokens[1].lemma == "bellen"
    assert (tokens[3].start, tokens[3].end) == (14, 18)


def test_lemmas_need_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert [h.kind for h in vague_hits("Grootmoeder probeerde het gisteren.")] == ["effort"]


# Issue 12: read the whole agreement; sentence ends bound every pattern -------------------


@pytest.mark.parametrize(
    "text",
    [
        # an alternative before the negation, or after ";" without a marker word
        "Moeder rookt op het balkon en nooit in de kamer van de baby.",
        "Vader zit niet achter het stuur na drank; oom Kees rijdt de kinderen naar huis.",
        # a condition or a trigger is not an inner-state promise
        "Als vader merkt dat hij kwaad wordt, loopt hij naar buiten en belt hij buurman Kees.",
        "Als moeder voelt dat de spanning oploopt, belt ze tante Ria.",
        "Als vader boos wordt gaat hij twintig minuten wandelen.",
        # a passive does not reach across a sentence end for its participle
        "Oma belt om 8.00 uur aan. Sem gaat daarna met opa mee naar school.",
        # what someone is to say, a name, an abbreviation
        'Als moeder boos is zegt ze "ik ben nu boos" en loopt ze naar de keuken.',
        "Juf Petra belt Veilig Thuis voordat Finn naar huis gaat.",
        "Regelmatig, d.w.z. elke eerste zaterdag, haalt tante Ingrid de kinderen om 10.00 uur op.",
        # babysitting fixed in time; watching whose acts follow the colon
        "Buurvrouw Anja past op woensdag van 12.00 tot 14.00 uur op de kinderen.",
        "Moeder houdt toezicht op de tablet: die ligt om 21.00 uur op de keukentafel.",
    ],
)
def test_whole_agreement_concrete(text):
    assert vague_hits(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Opa houdt een oogje in het zeil.", "no_action"),
        ("De buurvrouw past op Sem.", "no_action"),
        ("Tante Fenna steunt moeder.", "no_action"),
        ("Buurman Theo is er voor het gezin.", "no_action"),
        (
            "Vader houdt elke avond tussen 18.00 en 20.00 uur een oogje op het huiswerk.",
            "no_action",
        ),
        ("Moeder zorgt dat de baby veilig slaapt.", "no_action"),
        ("De familie springt bij als het misgaat.", "trigger"),
        ("Moeder gaat minder blowen.", "no_measure"),
        ("Vader gaat op een normale manier om met Kai.", "no_measure"),
        ("Als vader boos wordt blijft hij rustig.", "inner_state"),
        ("Het contact tussen vader en de kinderen verloopt veilig.", "inner_state"),
        ("Vader slaat de kinderen niet. Hij schreeuwt ook niet.", "prohibition"),
        ("Oma Ria en opa Jan laten Tim nooit alleen.", "prohibition"),
        ("Papa en mama beloven dat ze geen ruzie meer maken.", "prohibition"),
        ("Op zaterdag wordt er gekookt.", "no_person"),
    ],
)
def test_whole_agreement_vague(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oma belt elke avond om 19.00 uur.", True),
        ("Opa haalt Sem op maandag op.", True),
        ("Oom Bas is binnen 30 minuten bij moeder.", True),
        ("Als vader boos wordt, gaat hij wandelen.", True),
        ("Opa belt 's avonds aan.", True),
        ("Oma Ria brengt Sem naar school.", False),
    ],
)
def test_says_when(text, expected):
    assert says_when(text) is expected
