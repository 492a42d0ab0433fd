"""The whole of this package in one call: documents in, incidents and ceasefires out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from truceline.incidents.build import IncidentSet, build_incidents
from truceline.incidents.duplicates import DEFAULT_THRESHOLD
from truceline.incidents.merge import MergeConfig
from truceline.incidents.registry import OPEN_DAYS, CeasefireRecord, Registry, assign_ceasefires
from truceline.schemas import Document


@dataclass(slots=True)
class Analysis:
    incidents: IncidentSet
    registry: Registry


def analyse(
    documents: Iterable[Document],
    imported: Sequence[CeasefireRecord] = (),
    texts: Mapping[str, str] | None = None,
    config: MergeConfig | None = None,
    duplicate_threshold: float = DEFAULT_THRESHOLD,
    open_days: int = OPEN_DAYS,
) -> Analysis:
    """Merge events into incidents, ceasefires into a registry, and link the two.

    `imported` are registry records from PA-X or YAML; `texts` (article id -> text)
    sharpens near-duplicate detection.
    """
    docs = list(documents)
    registry = Registry(imported, open_days=open_days)
    registry.add_documents(docs)
    incident_set = build_incidents(docs, texts, config, duplicate_threshold)
    assign_ceasefires(incident_set, registry)
    return Analysis(incident_set, registry)
