"""The trigger words of `data/triggers.yaml` (lemmas and phrases, each with the sub-event
type it proposes) and the cheap test built from them: `may_hold_event` decides, with one
regular expression over the raw sentence, whether a sentence needs the full parse at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from truceline.schemas import SUB_EVENT_TO_TYPE

# Words by which one side says the other broke a truce.
VIOLATION_CUES = {"violate", "violation", "breach"}
CEASEFIRE_WORDS = re.compile(
    r"\b(cease-?\s?fire|truce|armistice|cessation of hostilities|halt to (the )?fighting)s?\b", re.I
)
_IRREGULAR = (
    "fled|fought|shot|struck|strikes?|beaten|beat|blew|died|dead|deaths?|bod(y|ies)|"
    "casualt|fatalit|wounded|injur|hit|targeted|violat|"
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    lemmas: dict[str, tuple[str, float, frozenset[str] | None]]
    phrases: dict[str, str]
    prefilter: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files("truceline.data").joinpath("triggers.yaml").read_text())
    lemmas = {
        k.lower(): (
            v["type"],
            float(v.get("score", 0.5)),
            frozenset(v["pos"]) if "pos" in v else None,
        )
        for k, v in raw["lemmas"].items()
    }
    phrases = {k.lower(): v for k, v in raw["phrases"].items()}
    for t in [*(v[0] for v in lemmas.values()), *phrases.values()]:
        if t not in SUB_EVENT_TO_TYPE:
            raise ValueError(f"triggers.yaml: unknown sub-event type {t!r}")
    stems = sorted({k[:5] if len(k) > 6 else k for k in lemmas} | {p.split()[0] for p in phrases})
    words = "|".join(re.escape(s) for s in stems)
    prefilter = re.compile(rf"\b({_IRREGULAR}{words})", re.I)
    return Lexicon(lemmas, phrases, prefilter)


def may_hold_event(text: str) -> bool:
    """Cheap test: can this sentence report an event or a ceasefire at all?"""
    return bool(lexicon().prefilter.search(text) or CEASEFIRE_WORDS.search(text))
