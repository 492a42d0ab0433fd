"""What the pages show for an id or a code: names for readers, falling back to the id
when no name is known (so a ledger from an older or newer build still renders).

    country_label("AZE")                      -> "Azerbaijan"
    ceasefire_label(registry, "cf-ARM-AZE-…") -> the ceasefire's name
    incident_label("Accusation", "accusation") -> "Accusation" (the kind once)
"""

from __future__ import annotations

from typing import Any

from truceline.countries import country_name


def country_label(code: str | None) -> str:
    """The common name of a country code; the code itself if unknown; "" for none."""
    if not code:
        return ""
    return country_name(code) or code


def ceasefire_label(registry: Any, ceasefire_id: str | None) -> str:
    """The ceasefire's name in the registry, else its id; "" for none."""
    if not ceasefire_id:
        return ""
    record = registry.get(ceasefire_id) if registry is not None else None
    name = getattr(record, "name", None)
    return str(name) if name else ceasefire_id


def incident_label(sub_event_type: str, kind: str | None) -> str:
    """The sub-event type, with the incident's kind only when it adds something."""
    if not kind or kind == "act" or kind.lower() in sub_event_type.lower():
        return sub_event_type
    return f"{sub_event_type} ({kind})"


def place_label(location: Any) -> str:
    """The place as "Tartar, Azerbaijan", from a location (model or dict); "" for none."""
    if location is None:
        return ""
    get = location.get if isinstance(location, dict) else lambda k: getattr(location, k, None)
    name, country = get("name") or "", country_label(get("country"))
    if country and country != name:
        return f"{name}, {country}" if name else country
    return name
