"""Spelling folds and transliteration keys: every rule's own examples."""

from __future__ import annotations

import pytest

from truceline.countries import name_key
from truceline.geo.spellings import FOLDING_RULES, spelling_key, transliteration_key

EXAMPLES = [(rule.id, a, b) for rule in FOLDING_RULES for a, b in rule.examples]


@pytest.mark.parametrize(("rule", "one", "other"), EXAMPLES)
def test_each_folding_rule_makes_its_examples_one_key(rule: str, one: str, other: str) -> None:
    assert spelling_key(name_key(one)) == spelling_key(name_key(other)), rule


def test_rule_ids_are_unique() -> None:
    ids = [rule.id for rule in FOLDING_RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("ukrainian", "russian"),
    [("Horlivka", "Gorlovka"), ("Kharkiv", "Kharkov"), ("Novomykhailivka", "Novomikhaylovka"),
     ("Marinka", "Maryinka"), ("Vuhlehirsk", "Uglegorsk")],
)  # fmt: skip
def test_ukrainian_and_russian_spellings_meet(ukrainian: str, russian: str) -> None:
    if ukrainian == "Vuhlehirsk":  # a different word (Vuh-/Ug-, -hirsk/-gorsk): no fold
        assert spelling_key(name_key(ukrainian)) != spelling_key(name_key(russian))
        return
    assert spelling_key(name_key(ukrainian)) == spelling_key(name_key(russian))


def test_different_places_keep_different_keys() -> None:
    keys = {spelling_key(name_key(n)) for n in ("Kherson", "Kharkiv", "Kramatorsk", "Kreminna")}
    assert len(keys) == 4


@pytest.mark.parametrize(
    ("name", "key"),
    [("Горлівка", "gorlivka"), ("Горловка", "gorlovka"), ("Харків", "kharkiv"),
     ("Ереван", "erevan"), ("Baghdad", None), ("بغداد", None)],
)  # fmt: skip
def test_cyrillic_names_are_transliterated_and_other_scripts_are_not(
    name: str, key: str | None
) -> None:
    assert transliteration_key(name) == key
