"""The violations ledger of the two-ceasefire scenario, field by field; renderers; outlets."""

from __future__ import annotations

import csv
import io
import json

import pytest

from truceline.incidents import build_ledgers, outlet_profiles, render_csv, render_json, render_md
from truceline.incidents.outlets import render_outlets_md

INDIA_PAK = "cf-IND-PAK-2021-02-25"
YEMEN = "yemen-truce-2022"


@pytest.fixture(scope="module")
def ledgers(analysis):
    return {lg.id: lg for lg in build_ledgers(analysis.incidents.incidents, analysis.registry)}


def test_incidents_of_the_scenario(by_place):
    poonch = by_place[("Poonch", "2021-02-27")]
    assert (poonch.status, poonch.accusing_sides, poonch.n_outlets) == (
        "contested",
        ["IND/state"],
        2,
    )
    assert [(m.article_id, m.role) for m in poonch.mentions] == [
        ("valley-2", "act"),
        ("valley-2", "accusation"),
        ("courier-2", "denial"),
    ]
    kotli = by_place[("Kotli", "2021-02-27")]
    assert (kotli.status, kotli.accusing_sides, kotli.fatalities) == ("one-sided", ["PAK/state"], 1)
    uri = by_place[("Uri", "2021-02-28")]
    assert (uri.status, uri.n_outlets, uri.n_articles, uri.outlets) == (
        "unattributed",
        1,
        2,
        ["Global Wire"],
    )
    nowshera = by_place[("Nowshera", "2021-03-01")]
    assert (nowshera.status, nowshera.accusing_sides, nowshera.n_outlets) == (
        "corroborated",
        ["monitor/UNMOGIP"],
        2,
    )
    marib = by_place[("Marib", "2022-04-03")]
    assert (marib.status, marib.n_sides, marib.ceasefire_id) == ("contested", 2, YEMEN)
    before = by_place[("Poonch", "2021-02-20")]
    assert (before.ceasefire_id, before.violation) == (None, None)


def test_ledgers_exist_for_both_ceasefires(ledgers):
    assert list(ledgers) == [INDIA_PAK, YEMEN]


def test_india_pakistan_ledger_field_by_field(ledgers, by_place):
    lg = ledgers[INDIA_PAK]
    ids = {
        name: by_place[(name, day)].id
        for name, day in (
            ("Poonch", "2021-02-27"),
            ("Kotli", "2021-02-27"),
            ("Uri", "2021-02-28"),
            ("Nowshera", "2021-03-01"),
        )
    }
    assert lg.name == "India-Pakistan ceasefire understanding"
    assert lg.parties == ["India (state)", "Pakistan (state)"]
    assert lg.source == "article"
    assert lg.refs == ["article:valley-1#c1", "article:valley-2#c1"]
    assert (lg.announced, lg.effective) == ("2021-02-25", "2021-02-25T00:00")
    assert (lg.window.start, lg.window.end, lg.window.end_reason) == (
        "2021-02-25",
        "2022-02-25",
        "open 365 days",
    )
    fv = lg.first_violation
    # the start has a time, the incidents only a day: no hours made up from a bare day
    assert (fv.date, fv.hours_after_start, fv.days_after_start) == ("2021-02-27", None, 2)
    assert sorted(fv.alleged_by) == ["India (state)", "Pakistan (state)"]
    assert sorted(fv.incidents) == sorted([ids["Poonch"], ids["Kotli"]])
    assert lg.counts["total"] == 4
    assert lg.counts["undated"] == 0
    assert [(r.date, r.side, r.count, r.incidents) for r in lg.violations_per_day] == [
        ("2021-02-27", "IND/state", 1, [ids["Poonch"]]),
        ("2021-02-27", "PAK/state", 1, [ids["Kotli"]]),
        ("2021-02-28", "unattributed", 1, [ids["Uri"]]),
        ("2021-03-01", "monitor/UNMOGIP", 1, [ids["Nowshera"]]),
    ]
    assert lg.by_status == {"corroborated": 1, "one-sided": 1, "contested": 1, "unattributed": 1}
    assert [(p.place, p.count) for p in lg.top_places] == [
        ("Kotli", 1),
        ("Nowshera", 1),
        ("Poonch", 1),
        ("Uri", 1),
    ]
    evidence = {i.id: [e.text for e in i.evidence] for i in lg.violations}
    assert evidence[ids["Poonch"]] == [
        "The Indian Army said Pakistani troops shelled its forward posts in Poonch.",
        "The army accused Pakistan of breaking the ceasefire.",
        "The military denied that its troops had fired on Indian posts.",
    ]
    assert len(evidence[ids["Uri"]]) == 2  # the wire copy is evidence, not a second source
    assert len(lg.linked_not_violations) == 1  # the ceasefire announcement itself


def test_yemen_ledger_field_by_field(ledgers, by_place):
    lg = ledgers[YEMEN]
    marib = by_place[("Marib", "2022-04-03")].id
    assert (lg.source, lg.effective, lg.window.end, lg.window.end_reason) == (
        "yaml",
        "2022-04-02T19:00",
        "2022-10-02",
        "ended",
    )
    assert lg.parties == ["Yemen (state)", "Yemen (armed groups)"]
    fv = lg.first_violation
    assert (fv.date, fv.hours_after_start, fv.days_after_start) == ("2022-04-03", None, 1)
    assert fv.alleged_by == ["Yemen (state)", "Yemen (armed groups)"]
    assert [(r.date, r.side, r.count) for r in lg.violations_per_day] == [
        ("2022-04-03", "YEM/armed", 1),
        ("2022-04-03", "YEM/state", 1),
    ]
    assert lg.by_status["contested"] == 1
    assert [v.id for v in lg.violations] == [marib]
    assert [(p.place, p.incidents) for p in lg.top_places] == [("Marib", [marib])]


def test_one_ledger_can_be_asked_for_and_unknown_ids_are_refused(analysis):
    [lg] = build_ledgers(analysis.incidents.incidents, analysis.registry, YEMEN)
    assert lg.id == YEMEN
    with pytest.raises(KeyError):
        build_ledgers(analysis.incidents.incidents, analysis.registry, "no-such-truce")


def test_json_rendering_round_trips(ledgers):
    data = json.loads(render_json(list(ledgers.values())))
    assert [d["id"] for d in data] == [INDIA_PAK, YEMEN]
    assert data[0]["first_violation"]["days_after_start"] == 2


def test_markdown_rendering_shows_counts_and_evidence(ledgers):
    md = render_md(list(ledgers.values()))
    assert md.startswith("# Ceasefire violations ledger")
    assert "## India-Pakistan ceasefire understanding (`cf-IND-PAK-2021-02-25`)" in md
    assert "- First alleged violation: 2021-02-27 (day 2 of the ceasefire)" in md
    assert "| date | India (state) | Pakistan (state) |" in md
    assert (
        "[denial]: \u201cThe military denied that its troops had fired on Indian posts.\u201d" in md
    )


def test_csv_rendering_has_one_row_per_count_and_evidence_sentence(ledgers):
    rows = list(csv.DictReader(io.StringIO(render_csv(list(ledgers.values())))))
    india = [r for r in rows if r["ceasefire_id"] == INDIA_PAK]
    # Poonch 3 sentences, Kotli 2, Uri 2 (wire + copy), Nowshera 2
    assert len(india) == 9
    assert {r["accusing_side"] for r in india} == {
        "India (state)",
        "Pakistan (state)",
        "unattributed (outlet's own voice)",
        "UNMOGIP (monitor)",
    }
    yemen = [r for r in rows if r["ceasefire_id"] == YEMEN]
    assert len(yemen) == 6  # one incident, two accusing sides, three sentences


def test_outlet_profiles_split_claims_by_side_and_own_voice(analysis):
    profiles = {p.outlet: p for p in outlet_profiles(analysis.incidents.incidents)}
    valley = profiles["Valley Times"]
    assert (valley.articles, valley.mentions, valley.own_voice, valley.by_side) == (
        2,
        4,
        0.5,
        {"IND/state": 0.5},
    )
    assert profiles["Karachi Courier"].by_side == {"PAK/state": 1.0}
    assert profiles["Karachi Courier"].own_voice == 0.0
    assert profiles["Mountain News"].by_side == {"monitor/UNMOGIP": 1.0}
    assert profiles["Frontier Post"].mentions == 1  # the hypothetical event is not counted
    assert profiles["Daily Reprint"].own_voice == 1.0
    for p in profiles.values():
        assert p.own_voice + sum(p.by_side.values()) == pytest.approx(1.0)
    table = render_outlets_md(list(profiles.values()))
    assert "| Valley Times | 2 | 4 | 50% | India (state) 50% |" in table
