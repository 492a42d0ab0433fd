"""From reports to incidents: corroboration, contestation and the violations ledger.

Pure logic, no I/O beyond reading a user's ceasefire file: the store and the CLI feed
it documents and persist what it returns.

    mentions.py    events of documents as mentions (day, place, sides, source)
    duplicates.py  near-duplicate articles (wire copies) as one source (MinHash LSH)
    sides.py       sides of actors, neutral monitors
    merge.py       blocking and merging mentions into incidents
    status.py      corroborated / one-sided / contested / unattributed
    build.py       incident summaries (Incident models)
    registry.py    ceasefire registry: articles, PA-X CSV, user YAML; windows; assignment
    ledger.py      per-ceasefire violations ledger and its renderers
    outlets.py     outlet profiles
    analysis.py    all of the above in one call
"""

from __future__ import annotations

import importlib
from typing import Any

# Public names and their modules, imported on first use (`truceline db upgrade` loads
# `persist` through the migrations and should not pay for numpy and datasketch).
_EXPORTS = {
    "Analysis": "truceline.incidents.analysis",
    "Area": "truceline.incidents.registry",
    "CeasefireRecord": "truceline.incidents.registry",
    "Incident": "truceline.incidents.model",
    "IncidentMention": "truceline.incidents.model",
    "IncidentSet": "truceline.incidents.build",
    "Ledger": "truceline.incidents.ledger",
    "MergeConfig": "truceline.incidents.merge",
    "OutletProfile": "truceline.incidents.outlets",
    "Registry": "truceline.incidents.registry",
    "analyse": "truceline.incidents.analysis",
    "assign_ceasefires": "truceline.incidents.registry",
    "build_incidents": "truceline.incidents.build",
    "build_ledgers": "truceline.incidents.ledger",
    "outlet_profiles": "truceline.incidents.outlets",
    "read_ceasefire_file": "truceline.incidents.registry",
    "read_ceasefire_yaml": "truceline.incidents.registry",
    "read_pax_csv": "truceline.incidents.registry",
    "render_csv": "truceline.incidents.ledger",
    "render_json": "truceline.incidents.ledger",
    "render_md": "truceline.incidents.ledger",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'truceline.incidents' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Analysis",
    "Area",
    "CeasefireRecord",
    "Incident",
    "IncidentMention",
    "IncidentSet",
    "Ledger",
    "MergeConfig",
    "OutletProfile",
    "Registry",
    "analyse",
    "assign_ceasefires",
    "build_incidents",
    "build_ledgers",
    "outlet_profiles",
    "read_ceasefire_file",
    "read_ceasefire_yaml",
    "read_pax_csv",
    "render_csv",
    "render_json",
    "render_md",
]
