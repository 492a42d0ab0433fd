"""Spellings of one place: transliteration of non-Latin names and a folding key.

A place in Ukraine is written "Horlivka" (Ukrainian romanisation), "Gorlovka" (from the
Russian name) and "Горлівка" / "Горловка". The gazetteer indexes, beside each name's
exact key (`countries.name_key`):

- `transliteration_key`: the Latin key of a Cyrillic, Greek, Armenian or Georgian name,
  by `anyascii` (one well-kept table per script, so the same name always gives the same
  key); scripts whose romanisation drops vowels (Arabic, Hebrew) are not transliterated:
  their keys would be noise;
- `spelling_key`: a folding of a Latin key by the rules in `FOLDING_RULES` (Kh/H, G/H,
  -ovka/-ivka, -ov/-iv, y/i, doubled letters), so "Gorlovka" and "Horlivka",
  "Kharkov" and "Kharkiv", "Novomikhaylovka" and "Novomykhailivka" meet. Folding keys are
  stored with the prefix `SPELLING_PREFIX` beside the exact keys and asked only when the
  exact key finds nothing.

`FOLDING_RULES` are data: each rule has an id, a pattern, its replacement and examples
(`tests/geo/test_spellings.py` runs them all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from truceline.countries import name_key

SPELLING_PREFIX = "~"
# Countries whose places get folding keys (names romanised from Russian and the
# country's own language side by side).
FOLDING_COUNTRIES = frozenset("UKR RUS BLR MDA GEO ARM AZE KAZ KGZ TJK UZB TKM".split())
MIN_KEY_LENGTH = 4
# Scripts whose names anyascii romanises faithfully enough to be looked up.
_TRANSLITERABLE = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u10a0-\u10ff]")


@dataclass(frozen=True, slots=True)
class FoldingRule:
    """One spelling fold: `pattern` (a regex on a name key) becomes `replacement`.

    `examples` are pairs of spellings of one place that this rule (with the rules before
    it) makes equal.
    """

    id: str
    pattern: str
    replacement: str
    examples: tuple[tuple[str, str], ...]


FOLDING_RULES: tuple[FoldingRule, ...] = (
    FoldingRule("kh-h", r"kh", "h", (("Kharkiv", "Harkiv"), ("Khmelnytskyi", "Hmelnytskyi"))),
    FoldingRule("g-h", r"g", "h", (("Gorlovka", "Horlovka"), ("Ugledar", "Uhledar"))),
    FoldingRule("shch", r"shch|sch", "sh", (("Shchastia", "Schastia"),)),
    FoldingRule("ts-c", r"tz|ts", "c", (("Tsvitne", "Cvitne"),)),
    FoldingRule("y-i", r"y|j", "i", (("Mykolaivka", "Mikolaivka"), ("Nikolayevka", "Nikolaievka"))),
    FoldingRule("ie-e", r"ie|ye", "e", (("Yenakiieve", "Enakieve"),)),
    FoldingRule("iv-ov", r"(?<=[a-z])[aeiou]+v(?=ka|sk|e\b|\b)", "v",
                (("Horlivka", "Gorlovka"), ("Kharkiv", "Kharkov"), ("Marivka", "Marevka"))),
    FoldingRule("vowel-run", r"([aeiou])[aeiou]+([aeiou])", r"\1\2",
                (("Mykolaiivka", "Mykolaivka"),)),
    FoldingRule("doubled", r"(.)\1+", r"\1", (("Sumy", "Summy"), ("Kherson", "Khersson"))),
    FoldingRule("space", r"[ -]", "", (("Velyka Novosilka", "Velykanovosilka"),)),
)  # fmt: skip

_COMPILED = tuple((rule.id, re.compile(rule.pattern), rule.replacement) for rule in FOLDING_RULES)


@lru_cache(maxsize=65536)
def spelling_key(key: str) -> str:
    """The folded key of a name key: "gorlovka" and "horlivka" give one key."""
    s = key
    for _, pattern, replacement in _COMPILED:
        s = pattern.sub(replacement, s)
    return s


def transliteration_key(name: str) -> str | None:
    """The Latin key of a Cyrillic (Greek, Armenian, Georgian) name; None for others."""
    if not _TRANSLITERABLE.search(name):
        return None
    key = name_key(anyascii(name))
    return key if len(key) >= MIN_KEY_LENGTH and key.count(" ") < 6 else None


def spelling_keys(keys: set[str]) -> set[str]:
    """The stored folding keys (prefixed) of a place's exact keys."""
    out = set()
    for key in keys:
        if len(key) >= MIN_KEY_LENGTH and key.isascii():
            folded = spelling_key(key)
            if len(folded) >= MIN_KEY_LENGTH - 1:
                out.add(SPELLING_PREFIX + folded)
    return out
