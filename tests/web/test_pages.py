"""What the pages show for ids and codes, and the article text without a second title."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from truceline.api.security import content_security_policy
from truceline.cli import app
from truceline.incidents.registry import Registry, yaml_records
from truceline.settings import Settings
from truceline.web.names import ceasefire_label, country_label, incident_label, place_label
from truceline.web.pages import segments, title_end


@pytest.mark.parametrize(
    ("code", "label"),
    [("AZE", "Azerbaijan"), ("cod", "DR Congo"), ("XKX", "Kosovo"), ("QQQ", "QQQ"), (None, "")],
)
def test_countries_show_their_common_name_or_the_code(code: str | None, label: str) -> None:
    assert country_label(code) == label


@pytest.mark.parametrize(
    ("sub", "kind", "label"),
    [
        ("Accusation", "accusation", "Accusation"),  # not "Accusation (accusation)"
        ("Denial", "denial", "Denial"),
        ("Armed clash", "act", "Armed clash"),
        ("Armed clash", "denial", "Armed clash (denial)"),
    ],
)
def test_the_incident_kind_is_shown_once(sub: str, kind: str, label: str) -> None:
    assert incident_label(sub, kind) == label


def test_ceasefires_show_their_name_and_unknown_ids_stay_ids() -> None:
    data = {"ceasefires": [{"id": "cf-A-B-2016", "name": "April truce", "effective": "2016-04-05",
                            "parties": [{"name": "Armenia", "country": "ARM",
                                         "kind": "government"}]}]}  # fmt: skip
    registry = Registry(yaml_records(data, "t.yaml"))
    assert ceasefire_label(registry, "cf-A-B-2016") == "April truce"
    assert ceasefire_label(registry, "cf-unknown") == "cf-unknown"
    assert ceasefire_label(registry, None) == ""


def test_places_show_the_country_name() -> None:
    assert place_label({"name": "Tartar", "country": "AZE"}) == "Tartar, Azerbaijan"
    assert place_label({"name": "Azerbaijan", "country": "AZE"}) == "Azerbaijan"
    assert place_label(None) == ""


@pytest.mark.parametrize(
    ("text", "title", "shown"),
    [
        ("Shells fall on Goris\n\nThe town was hit.", "Shells fall on Goris", "The town was hit."),
        ("  shells fall on goris\nThe town was hit.", "Shells fall on Goris", "The town was hit."),
        ("Shells fall on Gorisavan today.", "Shells fall on Goris", None),  # only a prefix
        ("The town was hit.", "Shells fall on Goris", None),
        ("The town was hit.", None, None),
    ],
)
def test_the_article_text_does_not_repeat_the_title(
    text: str, title: str | None, shown: str | None
) -> None:
    cut = title_end(text, title)
    assert text[cut:] == (shown if shown is not None else text)
    assert "".join(s.text for s in segments(text, None, None, title=title)) == text[cut:]


def test_map_tiles_are_off_unless_a_server_is_configured() -> None:
    settings = Settings(db="sqlite://")
    assert settings.tile_url == "off"
    csp = content_security_policy(settings.tile_url)
    assert "img-src 'self' data:;" in csp  # no other origin to load images from


def test_serve_help_documents_tiles_and_their_privacy_cost() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "--tiles" in text
    assert "Default: off" in text
    assert "Privacy" in text
