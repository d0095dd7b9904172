"""Issue 12, item 6: the word data (lemmas, word frequencies) is loaded once per process at
start-up, not on the first request. (The time of a 60-agreement review is measured by the
benchmark, never in a unit test.)"""

import json
import subprocess
import sys
from pathlib import Path

from vangnet.review import readability, vague
from vangnet.review.data import AgreementData, PlanData

CORPUS = Path(__file__).with_name("agreements_nl.jsonl")
BUDGET_SECONDS = 0.020


def _plan(offset=0):
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return PlanData(
        agreements=tuple(
            AgreementData(
                id=f"agreement-{i}",
                what=texts[(i * 3 + offset) % len(texts)],
                situation="evening",
                when="",
                how="Oma belt aan, loopt mee naar binnen en blijft tot de kinderen slapen.",
                fallback="Oom Bas komt als oma ziek is.",
                monitor="Tante Fenna",
                frequency="",
                network_people=("Ria (oma)",),
                professionals=(),
            )
            for i in range(60)
        )
    )


def _clear_text_caches():
    vague._tokens.cache_clear()
    vague._vague_hits.cache_clear()
    vague._conditional_flags_cached.cache_clear()


def test_word_data_is_loaded_at_start_up():
    code = (
        "import django, wordfreq; django.setup();"
        "from vangnet.review import vague;"
        "print(wordfreq.get_frequency_dict.cache_info().currsize,"
        " vague._lemma.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "vangnet.settings"},
    ).stdout.split()
    tables, lemmas = int(out[0]), int(out[1])
    assert tables >= 1 and lemmas > 0


def test_frequency_look_up_equals_wordfreq():
    from wordfreq import zipf_frequency

    for word in ("huis", "kookwekker", "gezinsvoogd", "time-out", "zzzqx", "geïnd"):
        assert readability._zipf(word) == zipf_frequency(word, "nl")
