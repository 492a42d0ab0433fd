"""Sides: who speaks for whom, and which voices are neutral monitors.

A *side* is the unit truceline counts claims by. It is an actor's country plus a
coarse group of its kind, written as a short key such as ``"AZE/state"``:

- ``state``: state forces, governments, external forces, and also named persons and
  actors of unknown kind that have a country (the usual unnamed-kind speakers in news
  are officials: "the ministry's spokesman said"),
- ``armed``: rebels, political and identity militias (the country they fight in),
- ``civil``: civilians, protesters, rioters, local NGOs and media of a country.

So "the Azerbaijani Ministry of Defense" and "an aide to the Azerbaijani president"
are one side (``AZE/state``), "Armenian separatists" fighting in Azerbaijan another
(``AZE/armed``). Two armed groups fighting each other in one country share a side;
without an alignment table this is the known limit of country + kind group.

*Neutral monitors* (UN missions and agencies, the OSCE and its monitoring missions,
the ICRC, international human-rights NGOs) get the side ``monitor/<name>``: they
corroborate an incident on their own. Joint mechanisms staffed by one party (e.g. the
JCCC in Donbas after 2017) are not on the list: they speak for that party's country.
An IGO with no country is read as neutral too.

Actors with neither a country nor a usable kind ("witnesses") are a side of their own
name (``name/witnesses``).
"""

from __future__ import annotations

import re

from truceline.countries import country_name
from truceline.schemas import Actor

# Neutral monitors: acronyms (matched case-sensitively, as whole words) and names
# (case-insensitive), with the canonical name used in the side key.
MONITOR_ACRONYMS: dict[str, str] = {
    "OSCE": "OSCE",
    "SMM": "OSCE",
    "UNIFIL": "UNIFIL",
    "UNDOF": "UNDOF",
    "UNTSO": "UNTSO",
    "UNFICYP": "UNFICYP",
    "UNMISS": "UNMISS",
    "UNISFA": "UNISFA",
    "MONUSCO": "MONUSCO",
    "MINUSMA": "MINUSMA",
    "MINUSCA": "MINUSCA",
    "UNAMA": "UNAMA",
    "UNAMI": "UNAMI",
    "UNSMIL": "UNSMIL",
    "UNMHA": "UNMHA",
    "UNMOGIP": "UNMOGIP",
    "OHCHR": "OHCHR",
    "UNHCR": "UNHCR",
    "OCHA": "OCHA",
    "UNICEF": "UNICEF",
    "WHO": "WHO",
    "UN": "UN",
    "U.N.": "UN",
    "EUMM": "EUMM",
    "ICRC": "ICRC",
    "MSF": "MSF",
}
MONITOR_NAMES: tuple[tuple[str, str], ...] = (
    (r"organi[sz]ation for security and co-?operation in europe", "OSCE"),
    (r"special monitoring mission", "OSCE"),
    (r"un human rights office|high commissioner for human rights", "OHCHR"),
    (r"un refugee agency", "UNHCR"),
    (r"world health organi[sz]ation", "WHO"),
    (r"united nations", "UN"),
    (r"eu monitoring mission", "EUMM"),
    (r"international committee of the red cross", "ICRC"),
    (r"amnesty international", "Amnesty International"),
    (r"human rights watch", "Human Rights Watch"),
    (r"m[ée]decins sans fronti[èe]res|doctors without borders", "MSF"),
)
_ACRONYM_RE = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(a) for a in sorted(MONITOR_ACRONYMS, key=len, reverse=True))
    + r")(?![\w])"
)
_NAME_RES = tuple((re.compile(rf"\b(?:{p})\b", re.I), name) for p, name in MONITOR_NAMES)

_GROUP_OF_KIND = {
    "state_forces": "state",
    "government": "state",
    "external_forces": "state",
    "person": "state",
    "unknown": "state",
    "rebels": "armed",
    "political_militia": "armed",
    "identity_militia": "armed",
    "civilians": "civil",
    "protesters": "civil",
    "rioters": "civil",
    "ngo": "civil",
    "media": "civil",
    "igo": "state",
}
GROUP_LABELS = {"state": "state", "armed": "armed groups", "civil": "civilians/civil society"}
UNATTRIBUTED = "unattributed"


def monitor_name(actor: Actor) -> str | None:
    """The canonical name of a neutral monitor, or None when `actor` is not one."""
    for pattern, name in _NAME_RES:
        if pattern.search(actor.name):
            return name
    found = _ACRONYM_RE.findall(actor.name)
    if found:  # the most specific: "UNMOGIP" over "UN" in "UN ... (UNMOGIP)"
        return MONITOR_ACRONYMS[max(found, key=len)]
    if actor.kind == "igo" and actor.country is None:
        return actor.name.strip()
    return None


def _name_key(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower()).strip()


def side_of(actor: Actor) -> str:
    """The side key of `actor` (see the module docstring)."""
    monitor = monitor_name(actor)
    if monitor is not None:
        return f"monitor/{monitor}"
    group = _GROUP_OF_KIND.get(actor.kind, "state")
    if actor.country is None:
        if actor.kind in ("unknown", "person", "media", "ngo", "igo"):
            return f"name/{_name_key(actor.name)}"
        return f"?/{group}"
    return f"{actor.country}/{group}"


def is_monitor(side: str) -> bool:
    return side.startswith("monitor/")


def side_country(side: str) -> str | None:
    head = side.split("/", 1)[0]
    return head if len(head) == 3 and head.isupper() else None


def sides_match(a: str, b: str) -> bool:
    """Same side, where an unknown country (``?/armed``) matches any country."""
    if a == b:
        return True
    ca, ga = a.split("/", 1)
    cb, gb = b.split("/", 1)
    return (
        ga == gb
        and "?" in (ca, cb)
        and ca not in ("monitor", "name")
        and cb
        not in (
            "monitor",
            "name",
        )
    )


def side_label(side: str) -> str:
    """A reader's label: ``"Azerbaijan (state)"``, ``"OSCE (monitor)"``."""
    if side == UNATTRIBUTED:
        return "unattributed (outlet's own voice)"
    head, rest = side.split("/", 1)
    if head == "monitor":
        return f"{rest} (monitor)"
    if head == "name":
        return rest if len(rest) <= 48 else rest[:47] + "…"
    group = GROUP_LABELS.get(rest, rest)
    if head == "?":
        return f"unknown country ({group})"
    return f"{country_name(head) or head} ({group})"
