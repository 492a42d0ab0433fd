import json
from importlib import resources

import jsonschema
import pytest
from pydantic import ValidationError

import truceline
from truceline.schemas import (
    SUB_EVENT_TO_TYPE,
    Actor,
    ArticleInput,
    ArticleMeta,
    Ceasefire,
    Document,
    ErrorDocument,
    Event,
    Evidence,
)

SCHEMA = json.loads(resources.files("truceline.data").joinpath("document.schema.json").read_text())


def test_public_api_matches_all():
    exported = {name for name in dir(truceline) if not name.startswith("_")} - {
        "cli",
        "errors",
        "schemas",
        "version",
        "settings",
        "extract",
        "inputs",
        "article_header",
        "countries",
        "geo",
        "evaluate",
        "store",
        "ingest",
        "incidents",
        "exports",
        "scale",
        "api",
        "web",
        "review",
        "data",
        "processes",
    }
    assert exported <= set(truceline.__all__) | {"__version__"}
    for name in truceline.__all__:
        assert hasattr(truceline, name)


def test_sub_event_types_match_the_contract_schema():
    enum = SCHEMA["$defs"]["event"]["properties"]["sub_event_type"]["enum"]
    assert set(enum) == set(SUB_EVENT_TO_TYPE)


def _document():
    ev = Event(
        id="e1",
        primary=True,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date="2024-03-03",
        date_precision="day",
        actor1=Actor(name="Army", country="AZE", kind="state_forces"),
        claimants=[Actor(name="MoD", country="ARM", kind="government")],
        status="alleged",
        ceasefire_id="c1",
        violation=True,
        evidence=Evidence(text="x", start=0, end=1),
    )
    cf = Ceasefire(
        id="c1",
        parties=[Actor(name="Armenia", country="ARM", kind="government")],
        effective="2024-03-03T00:00",
    )
    return Document(
        article=ArticleMeta(id="a1", published="2024-03-04"), events=[ev], ceasefires=[cf]
    )


def test_documents_validate_against_the_contract_schema():
    data = _document().to_contract()
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "truceline/1"
    assert data["events"][0]["location"] is None  # nulls are written, not dropped


def test_error_documents_validate_against_the_contract_schema():
    jsonschema.validate(ErrorDocument(error="bad", article={"id": "x"}).to_contract(), SCHEMA)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "2024-02-31"),
        ("date", "yesterday"),
        ("sub_event_type", "Riot"),
        ("status", "rumoured"),
        ("confidence", 1.5),
    ],
)
def test_invalid_event_fields_are_refused(field, value):
    data = _document().events[0].model_dump()
    data[field] = value
    with pytest.raises(ValidationError):
        Event.model_validate(data)


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Actor.model_validate({"name": "x", "country": None, "kind": "unknown", "side": "a"})


def test_article_input_accepts_integer_ids_and_checks_dates():
    assert ArticleInput.model_validate({"id": 7, "text": "x"}).id == "7"
    with pytest.raises(ValidationError, match="not a YYYY-MM-DD"):
        ArticleInput.model_validate({"id": "a", "text": "x", "published": "May 2020"})
