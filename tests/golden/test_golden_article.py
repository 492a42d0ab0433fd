"""Whole-article golden test on the project's own example report.

The expected document is `ceasefire-report.golden.json`. When extraction changes on
purpose, rewrite it with `pytest tests/golden --update-golden` and review the diff:
it is never rewritten silently.
"""

import json
from pathlib import Path

import pytest

from truceline.extract.pipeline import Extractor
from truceline.inputs import read_article_file

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "examples" / "ceasefire-report.txt"
GOLDEN = Path(__file__).with_name("ceasefire-report.golden.json")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def document():
    article = read_article_file(ARTICLE, published="2024-03-04", outlet="Truceline Example Wire")
    return Extractor().extract(article).to_contract()


def test_example_article_matches_its_golden_document(document, request):
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    expected = json.loads(GOLDEN.read_text())
    assert document == expected


def test_example_article_reads_the_breach_the_truce_and_the_denial(document):
    events = document["events"]
    primary = next(e for e in events if e["primary"])
    assert primary["sub_event_type"] == "Shelling/artillery/missile attack"
    assert primary["status"] == "alleged"
    assert {c["country"] for c in primary["claimants"]} == {"ARM"}
    assert primary["actor1"]["country"] == "AZE"
    assert primary["violation"] is True
    assert any(e["sub_event_type"] == "Denial" for e in events)
    [truce] = document["ceasefires"]
    assert {p["country"] for p in truce["parties"]} >= {"ARM", "AZE"}
    assert {m["country"] for m in truce["mediators"]} == {"RUS"}
    assert document["quotes"], "the spokesman's words are a quote"
