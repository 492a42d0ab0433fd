"""Every rule of `data/ceasefire_rules.yaml` runs its own examples."""

from __future__ import annotations

import pytest

from truceline.incidents.registry_rules import (
    default_name,
    is_proper_name,
    pax_decision,
    rules,
    short_truce_days,
)
from truceline.schemas import Actor

PAX = [(r.id, e) for r in rules().raw.pax for e in r.examples]
SHORT = [(r.id, e) for r in rules().raw.short for e in r.examples]
NAMES = rules().raw.name_examples


@pytest.mark.parametrize(("rule_id", "example"), PAX, ids=[f"{i}:{e['title']}" for i, e in PAX])
def test_pax_rules_decide_their_examples(rule_id, example):
    keep, decided_by, _ = pax_decision(example["title"], example["substage"])
    assert (keep, decided_by) == (example["keep"], rule_id)


@pytest.mark.parametrize(("rule_id", "example"), SHORT, ids=[f"{i}:{e['text']}" for i, e in SHORT])
def test_short_truce_rules_read_their_examples(rule_id, example):
    found = short_truce_days([example["text"]])
    if example["days"] is None:
        assert found is None
    else:
        assert found == (example["days"], rule_id)


@pytest.mark.parametrize("example", NAMES, ids=[e["name"] for e in NAMES])
def test_names_are_kept_only_when_they_say_which_ceasefire(example):
    assert is_proper_name(example["name"]) is example["proper"]


@pytest.mark.parametrize(
    ("countries", "start", "name"),
    [
        (["AZE", "ARM"], "2020-10-26T08:00", "Armenia-Azerbaijan ceasefire of 26 Oct 2020"),
        (["COD", "RWA"], "2022-11-26", "DR Congo-Rwanda ceasefire of 26 Nov 2022"),
        (["PSE", "ISR"], None, "Israel-Palestine ceasefire (start unknown)"),
    ],
)
def test_an_unnamed_ceasefire_is_named_by_its_parties_and_start(countries, start, name):
    parties = [Actor(name=c, country=c, kind="government") for c in countries]
    assert default_name(parties, start) == name
