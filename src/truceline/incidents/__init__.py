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

from truceline.incidents.analysis import Analysis, analyse
from truceline.incidents.build import IncidentSet, build_incidents
from truceline.incidents.ledger import Ledger, build_ledgers, render_csv, render_json, render_md
from truceline.incidents.merge import MergeConfig
from truceline.incidents.model import Incident, IncidentMention
from truceline.incidents.outlets import OutletProfile, outlet_profiles
from truceline.incidents.registry import (
    Area,
    CeasefireRecord,
    Registry,
    assign_ceasefires,
    read_ceasefire_file,
    read_ceasefire_yaml,
    read_pax_csv,
)

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
