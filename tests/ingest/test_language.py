"""English is extracted; other languages are kept with the reason; short texts are not judged."""

from __future__ import annotations

import pytest
from ingest_corpus import FRENCH, news_text

from truceline.ingest.language import detect_language, skip_reason

OTHERS = {
    "fr": FRENCH,
    "de": "Die Kämpfe an der Grenze sind am Montagabend trotz der Waffenruhe wieder "
    "aufgeflammt, teilte das Verteidigungsministerium mit. Viele Bewohner haben ihre "
    "Häuser in der Nacht verlassen.",
    "es": "Los combates se reanudaron el lunes por la noche cerca de la frontera a pesar "
    "del alto el fuego, según el ministerio de defensa. Muchos vecinos abandonaron sus "
    "casas durante la noche.",
    "ru": "В понедельник вечером у границы возобновились бои, несмотря на перемирие, "
    "сообщило министерство обороны. Многие жители покинули свои дома ночью.",
}


@pytest.mark.parametrize("i", range(4))
def test_english_news_is_extracted(i: int) -> None:
    language = detect_language(news_text(i))
    assert language.code == "en"
    assert skip_reason(language) is None


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_are_kept_with_the_reason(code: str) -> None:
    language = detect_language(OTHERS[code])
    assert language.code == code
    reason = skip_reason(language)
    assert reason is not None
    assert f"detected {code}" in reason


@pytest.mark.parametrize("text", ["Kyiv", "Shelling in Donetsk", "Stepanakert Tavush Syunik"])
def test_short_texts_are_not_judged(text: str) -> None:
    assert skip_reason(detect_language(text)) is None
