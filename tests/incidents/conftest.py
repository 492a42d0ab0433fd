"""Fixtures: the scenario of `incident_corpus.py`, analysed."""

from __future__ import annotations

import pytest
import yaml
from incident_corpus import YAML_TEXT, scenario

from truceline.incidents import Analysis, analyse
from truceline.incidents.registry import yaml_records


@pytest.fixture(scope="module")
def corpus():
    return scenario()


@pytest.fixture(scope="module")
def analysis(corpus) -> Analysis:
    docs = [d for d, _ in corpus]
    texts = {d.article.id: t for d, t in corpus}
    return analyse(docs, yaml_records(yaml.safe_load(YAML_TEXT), "user.yaml"), texts=texts)


@pytest.fixture(scope="module")
def by_place(analysis):
    """Incidents keyed by (place name, first day)."""
    return {
        (i.location.name if i.location else None, i.date): i for i in analysis.incidents.incidents
    }
