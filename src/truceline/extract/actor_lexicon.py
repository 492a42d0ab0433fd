"""The actor lexicon: named actors and role words from `data/actors.yaml`.

Named actors (Houthis, IDF, OSCE, Reuters...) carry a canonical name, a country and a
kind; role words (forces, ministry, protesters, gunmen, spokesman...) say what a head
noun makes of its referent. `load_lexicon` reads and compiles the file once per
process; `named_actors` finds the named actors in a text. See `actors.py` for how a
phrase is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, get_args

import yaml

from truceline.errors import ConfigError
from truceline.schemas import ActorKind

DATA_FILE = "actors.yaml"
KINDS = frozenset(get_args(ActorKind))

# --- role words -----------------------------------------------------------------------
# Role words (forces, ministry, protesters, gunmen, spokesman...) are in the `roles`
# section of actors.yaml; each role maps to a kind here. "office" roles (spokesman,
# commander, official) take their kind from the rest of the phrase.
ROLES = {
    "state": "state_forces",
    "gov": "government",
    "rebels": "rebels",
    "militia": "political_militia",
    "identity": "identity_militia",
    "protesters": "protesters",
    "rioters": "rioters",
    "civilians": "civilians",
    "media": "media",
    "ngo": "ngo",
    "unknown": "unknown",
    "office": None,
}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One named actor of the lexicon."""

    name: str
    country: str | None
    kind: str
    aliases: tuple[str, ...]
    transnational: bool = False
    keeps_country: bool = False  # settlers stay Israeli wherever they act


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    entries: tuple[ActorEntry, ...]
    by_alias: dict[str, tuple[ActorEntry, ...]]  # key: alias as matched (case-folded unless exact)
    exact: re.Pattern[str] | None  # acronyms and one-word proper names, case-sensitive
    folded: re.Pattern[str] | None  # everything else, case-insensitive
    roles: re.Pattern[str]
    role_of: dict[str, str]
    # The longest word (lower case) of every alias: a text with none of them names no actor
    # (an alias is matched between non-word characters, so each of its words is a word of
    # the text; None when an alias has no word: then every text is read).
    key_words: frozenset[str] | None = None


def _alias_pattern(aliases: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    forms = sorted(set(aliases), key=len, reverse=True)
    if not forms:
        return None
    body = "|".join(re.escape(a) for a in forms)
    # an alias that goes on with "-N", "/M-IO" or "-In Opposition" is part of a longer
    # name the lexicon does not hold (another group), not the alias ("SPLA-N" is not the
    # SPLA); "Hamas-led", "SDF-held" are the alias
    return re.compile(rf"(?<![\w])(?:{body})(?![\w]|(?-i:[-/][A-Z0-9]))", flags)


def _is_exact(alias: str) -> bool:
    """Matched case-sensitively: acronyms and one-word capitalised names ("Amnesty")."""
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    return " " not in alias and alias[:1].isupper()


def _load_yaml(path: str | None) -> Any:
    try:
        if path:
            with open(path, encoding="utf-8") as f:
                return yaml.safe_load(f)
        return yaml.safe_load(
            resources.files("truceline.data").joinpath(DATA_FILE).read_text("utf-8")
        )
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"actor lexicon {path or DATA_FILE}: cannot read it ({exc})") from exc


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> ActorLexicon:
    """The actor lexicon (`data/actors.yaml`, or `path`), parsed and compiled once."""
    data = _load_yaml(path)
    source = path or DATA_FILE
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise ConfigError(f"actor lexicon {source}: expected a mapping with a list under 'actors'")
    entries: list[ActorEntry] = []
    by_alias: dict[str, list[ActorEntry]] = {}
    exact, folded = [], []
    for i, raw in enumerate(data["actors"]):
        if not isinstance(raw, dict) or not raw.get("name") or raw.get("kind") not in KINDS:
            raise ConfigError(
                f"actor lexicon {source}: entry {i + 1} ({raw!r:.80}) needs a name and a kind "
                f"among {sorted(KINDS)}"
            )
        country = raw.get("country")
        if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
            raise ConfigError(
                f"actor lexicon {source}: {raw['name']!r} has country {country!r}, not ISO3"
            )
        aliases = (*(str(a) for a in raw.get("aliases") or ()), str(raw["name"]))
        entry = ActorEntry(
            str(raw["name"]),
            country,
            raw["kind"],
            aliases,
            bool(raw.get("transnational", False)),
            bool(raw.get("keeps_country", False)),
        )
        entries.append(entry)
        for alias in aliases:
            if _is_exact(alias):
                exact.append(alias)
                key = alias
            else:
                folded.append(alias)
                key = alias.casefold()
            bucket = by_alias.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
    raw_roles = data.get("roles")
    if not isinstance(raw_roles, dict) or set(raw_roles) - set(ROLES):
        raise ConfigError(
            f"actor lexicon {source}: expected a 'roles' mapping with keys among {sorted(ROLES)}"
        )
    role_of = {str(w).lower(): role for role, words in raw_roles.items() for w in words or ()}
    roles = _alias_pattern(role_of, re.I)
    assert roles is not None
    return ActorLexicon(
        tuple(entries),
        {k: tuple(v) for k, v in by_alias.items()},
        _alias_pattern(exact),
        _alias_pattern(folded, re.I),
        roles,
        role_of,
        _key_words([*exact, *folded]),
    )


_WORD = re.compile(r"\w+")


def _key_words(aliases: list[str]) -> frozenset[str] | None:
    keys = [max(_WORD.findall(a), key=len, default=None) for a in aliases]
    if not all(keys):
        return None
    return frozenset(k.lower() for k in keys if k)


def named_actors(
    text: str, *, default_country: str | None = None, countries: Counter[str] | None = None
) -> list[tuple[int, int, ActorEntry]]:
    """Named actors of the lexicon in `text`: (start, end, entry), longest first, no overlaps."""
    return [
        (start, end, _pick(choices, default_country, countries))
        for start, end, choices in _alias_hits(text)
    ]


@lru_cache(maxsize=8192)
def _alias_hits(text: str) -> tuple[tuple[int, int, tuple[ActorEntry, ...]], ...]:
    """The aliases found in `text` with their candidate entries, in text order (the same
    phrases are read again and again by the stages: cached)."""
    lex = load_lexicon()
    if lex.key_words is not None and text.isascii():
        # (texts beyond ASCII are read whole: case folding there is the pattern's own)
        if lex.key_words.isdisjoint(w.lower() for w in _WORD.findall(text)):
            return ()
    found: list[tuple[int, int, str]] = []
    for pattern, fold in ((lex.exact, False), (lex.folded, True)):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), m.group(0).casefold() if fold else m.group(0)))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, int, tuple[ActorEntry, ...]]] = []
    for start, end, key in found:
        if any(start < e and s < end for s, e in taken):
            continue
        choices = lex.by_alias.get(key)
        if not choices:
            continue
        taken.append((start, end))
        out.append((start, end, choices))
    return tuple(sorted(out, key=lambda f: f[0]))


def _pick(
    choices: tuple[ActorEntry, ...], default_country: str | None, countries: Counter[str] | None
) -> ActorEntry:
    if len(choices) == 1:
        return choices[0]
    for c in choices:
        if default_country and c.country == default_country:
            return c
    if countries:
        ranked = sorted(choices, key=lambda c: -countries.get(c.country or "", 0))
        if countries.get(ranked[0].country or "", 0):
            return ranked[0]
    return choices[0]


def role_matches(text: str) -> list[tuple[int, int, str]]:
    """Role words in `text`: (start, end, role)."""
    return list(_role_hits(text))


@lru_cache(maxsize=8192)
def _role_hits(text: str) -> tuple[tuple[int, int, str], ...]:
    lex = load_lexicon()
    return tuple(
        (m.start(), m.end(), lex.role_of[m.group(0).lower()]) for m in lex.roles.finditer(text)
    )
