"""A ledger an analyst can sign: one corpus written here, the ledger asserted field by field.

The corpus (all sentences written for this test), Kyrgyzstan and Tajikistan, spring 2023:

- PA-X (CSV rows in PA-X's columns): a truce signed 12 Mar 2023 (a ceasefire), a
  pledge and a border protocol of the same days (not ceasefires: left out by rule).
- "truce-1": the same truce read from an article, effective 13 Mar ("the latest
  truce"): one ceasefire with the PA-X record, both sources.
- "truce-2": a new truce from 08:00 on 20 Mar, called "the violated ceasefire" in the
  text: named by its parties and start.
- "early-1": shelling on 19 Mar the article ties to the 20 Mar truce: before its start,
  so not its violation (it falls in the 12 Mar truce's window instead).
- "hours-1": shelling of Orto-Say at 14:30 on 20 Mar: 6.5 hours after the start.
- "mutual-1": both ministries accuse each other of shelling Sarykol on 21 Mar: contested.
- "acc-1": "Kyrgyzstan's ministry accused Tajik forces of shelling Tamdy": the act
  and the accusation of one sentence are one violation.
- "wire-a" and "wire-b": one wire report of shelling Uzun-Bel on 23 Mar, the second
  a copy of the first: one source, unattributed.
- "own-1" and "own-2": two outlets' own reports of a Tajik strike near Kok-Jar on
  24 Mar: corroborated. "relay-1" and "relay-2": two outlets relaying the Kyrgyz
  ministry on shelling Ak-Terek on 24 Mar: one source, one-sided.
- "nodate-1": a report with no date at all, tying shelling to the 20 Mar truce: kept,
  listed under "undated".
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from incident_corpus import C, E, actor, article, place

from truceline.incidents import analyse
from truceline.incidents.ledger import build_ledgers, render_json, render_md
from truceline.incidents.registry import pax_records

KYRGYZSTAN = actor("Kyrgyzstan", "KGZ", "government")
TAJIKISTAN = actor("Tajikistan", "TJK", "government")
KGZ_FORCES = actor("Kyrgyz forces", "KGZ", "state_forces")
TJK_FORCES = actor("Tajik forces", "TJK", "state_forces")
KGZ_MOD = actor("Kyrgyzstan's defence ministry", "KGZ", "government")
TJK_MOD = actor("Tajikistan's defence ministry", "TJK", "government")
SARYKOL = place("Sarykol", "TJK", 40.64, 70.83, admin1="Sarykol")
TAMDY = place("Tamdy", "TJK", 40.09, 71.01, admin1="Aral")
UZUN_BEL = place("Uzun-Bel", "TJK", 40.12, 70.65, admin1="Uzun-Bel")
KOK_JAR = place("Kok-Jar", "TJK", 39.94, 70.45, admin1="Kok-Jar")
ORTO_SAY = place("Orto-Say", "TJK", 40.98, 70.26, admin1="Orto-Say")
AK_TEREK = place("Ak-Terek", "TJK", 39.82, 70.93, admin1="Aral")
SHELL = "Shelling/artillery/missile attack"

PAX_HEADER = ["AgtId", "Agt", "Dat", "Con", "PPName", "Stage", "StageSub", "Loc1ISO",
              "Loc2ISO", "agt_type"]  # fmt: skip
PAX_ROWS = [
    ["9001", "Border Truce between Kyrgyzstan and Tajikistan", "12/03/2023",
     "Kyrgyzstan/Tajikistan", "Border process", "Cea", "Ceas", "KGZ", "TJK", "Interstate"],
    ["9002", "Pledge of Commitment to Peaceful Polls", "11/03/2023",
     "Kyrgyzstan/Tajikistan", "Border process", "Cea", "Rel", "KGZ", "TJK", "Interstate"],
    ["9003", "Protocol on Border Demarcation Talks", "10/03/2023",
     "Kyrgyzstan/Tajikistan", "Border process", "Cea", "Rel", "KGZ", "TJK", "Interstate"],
]  # fmt: skip
WIRE = (
    "Artillery shells struck the centre of Uzun-Bel on Thursday morning, damaging a "
    "market and several houses, residents told reporters by telephone."
)


def corpus():
    truce_20 = C("c1", "A new truce took effect at 08:00 on Monday.", [KYRGYZSTAN, TAJIKISTAN],
                 name="violated ceasefire", effective="2023-03-20T08:00")  # fmt: skip
    return [
        article("truce-1", "Valley Daily", "2023-03-14", [], [
            C("c1", "The latest truce between the two countries began on Monday.",
              [KYRGYZSTAN, TAJIKISTAN], name="latest truce", effective="2023-03-13"),
        ]),
        article("truce-2", "Valley Daily", "2023-03-20", [], [truce_20]),
        article("early-1", "Border Herald", "2023-03-19", [
            E(SHELL, "Tajik guns shelled Sarykol on Sunday, a day before the truce.",
              "2023-03-19", TJK_FORCES, KGZ_FORCES, SARYKOL, cf="c1", violation=True),
        ], [C("c1", "The truce is to begin on Monday.", [KYRGYZSTAN, TAJIKISTAN],
              effective="2023-03-20")]),
        article("hours-1", "Border Herald", "2023-03-20", [
            E(SHELL, "Kyrgyz guns fired on Orto-Say at 14:30, six hours into the truce.",
              "2023-03-20T14:30", KGZ_FORCES, TJK_FORCES, ORTO_SAY, [TJK_MOD], cf="c1",
              violation=True),
        ], [truce_20]),
        article("mutual-1", "Valley Daily", "2023-03-21", [
            E(SHELL, "Each ministry said the other side's guns had shelled Sarykol.",
              "2023-03-21", KGZ_FORCES, TJK_FORCES, place("Sarykol", "TJK", 40.65, 70.85),
              [TJK_MOD, KGZ_MOD], cf="c1", violation=True),
        ], [truce_20]),
        article("acc-1", "Highland Wire", "2023-03-22", [
            E(SHELL, "Kyrgyzstan's ministry accused Tajik forces of shelling Tamdy.",
              "2023-03-22", TJK_FORCES, KGZ_FORCES, TAMDY, [KGZ_MOD], cf="c1",
              violation=True),
            E("Accusation", "", "2023-03-22", KGZ_MOD, TJK_FORCES, None, [KGZ_MOD],
              status="asserted", cf="c1", violation=True, same_sentence=True),
        ], [truce_20]),
        article("wire-a", "Regional Wire", "2023-03-23", [
            E(SHELL, WIRE, "2023-03-23", None, None, UZUN_BEL),
        ]),
        article("wire-b", "Evening Reprint", "2023-03-24", [
            E(SHELL, WIRE, "2023-03-23", None, None, UZUN_BEL),
        ]),
        article("own-1", "Mountain Post", "2023-03-24", [
            E("Air/drone strike", "A Tajik drone struck a checkpoint near Kok-Jar.",
              "2023-03-24", TJK_FORCES, KGZ_FORCES, KOK_JAR),
        ]),
        article("own-2", "Valley Courier", "2023-03-24", [
            E("Air/drone strike", "Tajik drones hit a post outside Kok-Jar today.",
              "2023-03-24", TJK_FORCES, KGZ_FORCES, KOK_JAR),
        ]),
        article("relay-1", "Highland Wire", "2023-03-24", [
            E(SHELL, "The Kyrgyz ministry said Tajik guns shelled Ak-Terek.",
              "2023-03-24", TJK_FORCES, KGZ_FORCES, AK_TEREK, [KGZ_MOD]),
        ]),
        article("relay-2", "Lake Times", "2023-03-24", [
            E(SHELL, "Ak-Terek came under Tajik fire, Kyrgyzstan's ministry said.",
              "2023-03-24", TJK_FORCES, KGZ_FORCES, AK_TEREK, [KGZ_MOD]),
        ]),
        article("nodate-1", "Undated Notes", None, [
            E(SHELL, "Guns shelled villages despite the truce of 20 March, a mayor said.",
              None, TJK_FORCES, KGZ_FORCES, place("Kerben Valley", "TJK", precision="region"),
              [actor("a village mayor", "KGZ", "person")], cf="c1", violation=True),
        ], [C("c1", "The truce of 20 March did not hold.", [KYRGYZSTAN, TAJIKISTAN],
              effective="2023-03-20")]),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def result():
    rows = [dict(zip(PAX_HEADER, r, strict=True)) for r in PAX_ROWS]
    dropped: Counter[str] = Counter()
    pax = pax_records(rows, dropped=dropped)
    docs = corpus()
    analysis = analyse([d for d, _ in docs], pax, texts={d.article.id: t for d, t in docs})
    incidents = analysis.incidents.incidents
    ledgers = {lg.id: lg for lg in build_ledgers(incidents, analysis.registry)}
    return analysis, ledgers, dropped


def _incident(analysis, article_id):
    found = [
        i
        for i in analysis.incidents.incidents
        if any(m.article_id == article_id for m in i.mentions)
    ]
    assert len(found) == 1, [i.id for i in found]
    return found[0]


def test_pax_pledges_and_protocols_are_not_imported_as_ceasefires(result):
    analysis, _, dropped = result
    assert dropped == {"pax-pledge": 1, "pax-no-cessation": 1}
    assert [r.id for r in analysis.registry.records if r.source == "pax"] == ["pax-9001"]


def test_a_pax_truce_and_the_same_truce_from_an_article_are_one_ceasefire(result):
    analysis, _, _ = result
    [truce] = [r for r in analysis.registry.records if r.effective == "2023-03-12"]
    assert truce.id == "pax-9001"
    assert truce.refs == ["pax:9001", "article:truce-1#c1"]
    assert truce.name == "Border Truce between Kyrgyzstan and Tajikistan"


def test_the_second_truce_is_named_by_its_parties_and_start_not_by_a_noun_phrase(result):
    _, ledgers, _ = result
    lg = ledgers["cf-KGZ-TJK-2023-03-20"]
    assert lg.name == "Kyrgyzstan-Tajikistan ceasefire of 20 Mar 2023"
    assert lg.parties == ["Kyrgyzstan (state)", "Tajikistan (state)"]
    assert (lg.window.start, lg.window.end) == ("2023-03-20", "2024-03-19")
    assert lg.window.end_reason == "open 365 days"


def test_the_ledger_of_the_second_truce_field_by_field(result):
    analysis, ledgers, _ = result
    lg = ledgers["cf-KGZ-TJK-2023-03-20"]
    hours = _incident(analysis, "hours-1")
    mutual = _incident(analysis, "mutual-1")
    accused = _incident(analysis, "acc-1")
    wire = _incident(analysis, "wire-a")
    own = _incident(analysis, "own-1")
    relay = _incident(analysis, "relay-1")
    undated = _incident(analysis, "nodate-1")
    rows = {v.id: v for v in lg.violations}
    assert [v.id for v in lg.violations] == [
        hours.id, mutual.id, accused.id, wire.id, *sorted([own.id, relay.id]), undated.id,
    ]  # fmt: skip
    # hours only when both times are known
    assert (rows[hours.id].date, rows[hours.id].days_after_start) == ("2023-03-20", 0)
    assert rows[hours.id].hours_after_start == 6.5
    assert rows[mutual.id].hours_after_start is None
    assert lg.first_violation is not None
    assert (lg.first_violation.date, lg.first_violation.hours_after_start) == ("2023-03-20", 6.5)
    # mutual accusations: contested, both sides claim it
    assert (rows[mutual.id].status, rows[mutual.id].claimant_sides) == (
        "contested",
        ["Tajikistan (state)", "Kyrgyzstan (state)"],
    )
    # an accusation and its act: one violation, the act with the accusation as its claim
    assert accused.kind == "act"
    assert [m.role for m in accused.mentions] == ["act", "accusation"]
    assert (rows[accused.id].status, rows[accused.id].claimant_sides) == (
        "one-sided",
        ["Kyrgyzstan (state)"],
    )
    # a wire copy is one source; two outlets' own reports agree; two relays of one claimant
    assert (rows[wire.id].status, rows[wire.id].outlets) == ("unattributed", ["Regional Wire"])
    assert (rows[own.id].status, len(rows[own.id].outlets)) == ("corroborated", 2)
    assert (rows[relay.id].status, rows[relay.id].claimant_sides) == (
        "one-sided",
        ["Kyrgyzstan (state)"],
    )
    # the undated report: kept, listed last, counted under "undated"
    assert (rows[undated.id].date, rows[undated.id].days_after_start) == (None, None)
    assert lg.counts == {
        "total": 7,
        "corroborated": 1,
        "one-sided": 4,
        "contested": 1,
        "unattributed": 1,
        "undated": 1,
    }
    # the violation of the day before is not this truce's: listed with why
    early = _incident(analysis, "early-1")
    assert [o.id for o in lg.outside_window] == [early.id]
    assert "is before its start (2023-03-20)" in lg.outside_window[0].note


def test_every_violation_lies_inside_its_ceasefires_window(result):
    analysis, ledgers, _ = result
    early = _incident(analysis, "early-1")
    assert (early.ceasefire_id, early.violation) == ("pax-9001", True)
    for lg in ledgers.values():
        for v in lg.violations:
            if v.date is not None:
                assert lg.window.start <= v.date <= lg.window.end
                assert v.days_after_start is not None
                assert v.days_after_start >= 0


def test_ledger_json_gives_each_ceasefire_its_fields(result):
    _, ledgers, _ = result
    data = json.loads(render_json(list(ledgers.values())))
    [second] = [d for d in data if d["id"] == "cf-KGZ-TJK-2023-03-20"]
    assert set(second) >= {"id", "name", "parties", "window", "violations", "counts"}
    assert second["window"] == {
        "start": "2023-03-20",
        "end": "2024-03-19",
        "end_reason": "open 365 days",
    }
    first = second["violations"][0]
    assert set(first) >= {"id", "date", "status", "claimant_sides"}
    assert second["counts"]["undated"] == 1


def test_markdown_says_how_many_are_undated(result):
    _, ledgers, _ = result
    md = render_md(list(ledgers.values()))
    assert "## Kyrgyzstan-Tajikistan ceasefire of 20 Mar 2023 (`cf-KGZ-TJK-2023-03-20`)" in md
    assert "- Alleged violations: 7 (1 undated: no event or publication date)" in md
    assert "- **undated** " in md
    assert "violated ceasefire" not in md


def test_pax_rows_are_read_from_csv_text_with_the_same_rules():
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(PAX_HEADER)
    w.writerows(PAX_ROWS)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [r.id for r in pax_records(rows)] == ["pax-9001"]


def test_a_truce_of_other_parties_does_not_end_a_window():
    from truceline.incidents.registry import CeasefireRecord, Registry

    israel = actor("Israel", "ISR", "government")
    lebanon = actor("Lebanon", "LBN", "government")
    north = CeasefireRecord(id="north", parties=[israel, lebanon], effective="2024-11-27")
    south = CeasefireRecord(id="south", parties=[israel], effective="2025-01-19")
    registry = Registry([north, south])
    assert registry.window(north).end_reason == "open 365 days"


def test_a_truce_an_article_dates_after_its_own_publication_moves_back_a_year():
    from truceline.incidents.registry import Registry

    doc, _ = article("spring-1", "Steppe News", "2018-05-20", [], [
        C("c1", "An Easter truce began on March 30.", [KYRGYZSTAN, TAJIKISTAN],
          name="Easter truce", effective="2019-03-30"),
    ])  # fmt: skip
    registry = Registry([])
    registry.add_documents([doc])
    [record] = registry.records
    assert record.effective == "2018-03-30"
