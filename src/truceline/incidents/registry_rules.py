"""Rules of the ceasefire registry, as data (`data/ceasefire_rules.yaml`).

- which PA-X agreements are ceasefires (`pax_decision`): pledges, guidelines and
  frameworks without a cessation of hostilities are not;
- how long a short truce is in force (`short_truce_days`): a holiday truce, a
  "72-hour ceasefire", a humanitarian pause;
- what names a ceasefire (`is_proper_name`, `default_name`): a name from an article
  only when it says which ceasefire it is ("Easter ceasefire"), never a bare noun
  phrase ("violated ceasefire", "latest truce"); else "Armenia-Azerbaijan ceasefire of
  26 Oct 2020".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from truceline.countries import country_name
from truceline.errors import ConfigError
from truceline.schemas import Actor

RULES_FILE = "ceasefire_rules.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PaxWhen(_Model):
    title: str | None = None
    substage: list[str] | None = None


class PaxRule(_Model):
    id: str
    keep: bool
    reason: str
    when: PaxWhen
    examples: list[dict[str, Any]] = Field(min_length=1)


class ShortRule(_Model):
    id: str
    pattern: str
    days: int | None = None
    days_from: str | None = None  # "hours" | "days": the number the pattern captures
    examples: list[dict[str, Any]] = Field(min_length=1)


class RuleFile(_Model):
    pax: list[PaxRule]
    short: list[ShortRule]
    generic_words: list[str]
    name_examples: list[dict[str, Any]]


@dataclass(slots=True, frozen=True)
class Rules:
    pax: tuple[tuple[PaxRule, re.Pattern[str] | None], ...]
    short: tuple[tuple[ShortRule, re.Pattern[str]], ...]
    generic: frozenset[str]
    raw: RuleFile


@lru_cache(maxsize=1)
def rules() -> Rules:
    text = resources.files("truceline.data").joinpath(RULES_FILE).read_text(encoding="utf-8")
    try:
        data = RuleFile.model_validate(yaml.safe_load(text))
        pax = tuple((r, re.compile(r.when.title, re.I) if r.when.title else None) for r in data.pax)
        short = tuple((r, re.compile(r.pattern, re.I)) for r in data.short)
    except (ValidationError, re.error, yaml.YAMLError) as exc:
        raise ConfigError(f"{RULES_FILE}: invalid ceasefire rules ({exc})") from exc
    return Rules(pax, short, frozenset(w.lower() for w in data.generic_words), data)


# -- PA-X ----------------------------------------------------------------------------
def pax_decision(title: str, substage: str) -> tuple[bool, str, str]:
    """(keep, rule id, reason) for a PA-X agreement of Stage "Cea"."""
    for rule, pattern in rules().pax:
        if rule.when.substage is not None and substage not in rule.when.substage:
            continue
        if pattern is not None and not pattern.search(title):
            continue
        return rule.keep, rule.id, rule.reason
    return False, "pax-none", "no rule matched"


# -- short truces --------------------------------------------------------------------
def short_truce_days(texts: Sequence[str | None]) -> tuple[int, str] | None:
    """How many days a short truce is in force, and the rule that says so, or None."""
    found: list[tuple[int, str]] = []
    for text in texts:
        if not text:
            continue
        for rule, pattern in rules().short:
            m = pattern.search(text)
            if m is None:
                continue
            if rule.days_from == "hours":
                days = max(1, math.ceil(int(m.group(1)) / 24))
            elif rule.days_from == "days":
                days = max(1, int(m.group(1)))
            else:
                days = rule.days or 1
            found.append((days, rule.id))
    return max(found) if found else None


# -- names ---------------------------------------------------------------------------
_NAME_WORD = re.compile(r"[\w][\w'’.-]*")
_YEAR = re.compile(r"(?:19|20)\d\d")


def is_proper_name(name: str | None) -> bool:
    """Whether `name` says which ceasefire it is: a capitalised word or a number that
    is not one of the generic words ("latest", "violated", "truce"...). A year alone
    ("the 2016 truce") does not: a year holds many truces."""
    if not name or not name.strip():
        return False
    generic = rules().generic
    for word in _NAME_WORD.findall(name):
        if word.lower() in generic or _YEAR.fullmatch(word):
            continue
        if word[0].isupper() or word[0].isdigit():
            return True
    return False


def parties_label(parties: Sequence[Actor]) -> str:
    """ "Armenia-Azerbaijan": the parties' countries by common short name."""
    countries = list(dict.fromkeys(p.country for p in parties if p.country))
    names = [country_name(c) or c for c in countries]
    if not names:
        names = [p.name for p in parties[:2]]
    return "-".join(sorted(names)) if names else "Unknown parties"


def default_name(parties: Sequence[Actor], start: str | None) -> str:
    """ "Armenia-Azerbaijan ceasefire of 26 Oct 2020" (or "... start unknown")."""
    head = parties_label(parties)
    if not start:
        return f"{head} ceasefire (start unknown)"
    day = dt.date.fromisoformat(start[:10])
    return f"{head} ceasefire of {day.day} {day:%b %Y}"
