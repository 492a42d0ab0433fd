"""A ledger an analyst can sign: one corpus written here, the ledger asserted field by field.

The corpus (all sentences written for this test), Armenia and Azerbaijan, autumn 2020:

- PA-X (CSV rows in PA-X's columns): a truce signed 18 Oct 2020 (a ceasefire), a
  pledge and a border protocol of the same days (not ceasefires: left out by rule).
- "truce-1": the same truce read from an article, effective 19 Oct ("the latest
  truce"): one ceasefire with the PA-X record, both sources.
- "truce-2": a new truce from 08:00 on 26 Oct, called "the violated ceasefire" in the
  text: named by its parties and start.
- "early-1": shelling on 25 Oct the article ties to the 26 Oct truce: before its start,
  so not its violation (it falls in the 18 Oct truce's window instead).
- "hours-1": shelling of Ganja at 14:30 on 26 Oct: 6.5 hours after the start.
- "mutual-1": both ministries accuse each other of shelling Tartar on 27 Oct: contested.
- "acc-1": "Armenia's ministry accused Azerbaijani forces of shelling Martuni": the act
  and the accusation of one sentence are one violation.
- "wire-a" and "wire-b": one wire report of shelling Stepanakert on 29 Oct, the second
  a copy of the first: one source, unattributed.
- "own-1" and "own-2": two outlets' own reports of an Azerbaijani strike near Lachin on
  30 Oct: corroborated. "relay-1" and "relay-2": two outlets relaying the Armenian
  ministry on shelling Hadrut on 30 Oct: one source, one-sided.
- "nodate-1": a report with no date at all, tying shelling to the 26 Oct truce: kept,
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

ARMENIA = actor("Armenia", "ARM", "government")
AZERBAIJAN = actor("Azerbaijan", "AZE", "government")
ARM_FORCES = actor("Armenian forces", "ARM", "state_forces")
AZE_FORCES = actor("Azerbaijani forces", "AZE", "state_forces")
ARM_MOD = actor("Armenia's defence ministry", "ARM", "government")
AZE_MOD = actor("Azerbaijan's defence ministry", "AZE", "government")
TARTAR = place("Tartar", "AZE", 40.34, 46.93, admin1="Tartar")
MARTUNI = place("Martuni", "AZE", 39.79, 47.11, admin1="Khojavend")
STEPANAKERT = place("Stepanakert", "AZE", 39.82, 46.75, admin1="Khankendi")
LACHIN = place("Lachin", "AZE", 39.64, 46.55, admin1="Lachin")
GANJA = place("Ganja", "AZE", 40.68, 46.36, admin1="Ganja")
HADRUT = place("Hadrut", "AZE", 39.52, 47.03, admin1="Khojavend")
SHELL = "Shelling/artillery/missile attack"

PAX_HEADER = ["AgtId", "Agt", "Dat", "Con", "PPName", "Stage", "StageSub", "Loc1ISO",
              "Loc2ISO", "agt_type"]  # fmt: skip
PAX_ROWS = [
    ["9001", "Humanitarian Truce between Armenia and Azerbaijan", "18/10/2020",
     "Armenia/Azerbaijan", "Karabakh process", "Cea", "Ceas", "ARM", "AZE", "Interstate"],
    ["9002", "Pledge of Commitment to Peaceful Polls", "17/10/2020",
     "Armenia/Azerbaijan", "Karabakh process", "Cea", "Rel", "ARM", "AZE", "Interstate"],
    ["9003", "Protocol on Border Demarcation Talks", "16/10/2020",
     "Armenia/Azerbaijan", "Karabakh process", "Cea", "Rel", "ARM", "AZE", "Interstate"],
]  # fmt: skip
WIRE = (
    "Artillery shells struck the centre of Stepanakert on Thursday morning, damaging a "
    "market and several houses, residents told reporters by telephone."
)


def corpus():
    truce_26 = C("c1", "A new truce took effect at 08:00 on Monday.", [ARMENIA, AZERBAIJAN],
                 name="violated ceasefire", effective="2020-10-26T08:00")  # fmt: skip
    return [
        article("truce-1", "Caucasus Daily", "2020-10-20", [], [
            C("c1", "The latest truce between the two countries began on Monday.",
              [ARMENIA, AZERBAIJAN], name="latest truce", effective="2020-10-19"),
        ]),
        article("truce-2", "Caucasus Daily", "2020-10-26", [], [truce_26]),
        article("early-1", "Border Herald", "2020-10-25", [
            E(SHELL, "Azerbaijani guns shelled Tartar on Sunday, a day before the truce.",
              "2020-10-25", AZE_FORCES, ARM_FORCES, TARTAR, cf="c1", violation=True),
        ], [C("c1", "The truce is to begin on Monday.", [ARMENIA, AZERBAIJAN],
              effective="2020-10-26")]),
        article("hours-1", "Border Herald", "2020-10-26", [
            E(SHELL, "Armenian guns fired on Ganja at 14:30, six hours into the truce.",
              "2020-10-26T14:30", ARM_FORCES, AZE_FORCES, GANJA, [AZE_MOD], cf="c1",
              violation=True),
        ], [truce_26]),
        article("mutual-1", "Caucasus Daily", "2020-10-27", [
            E(SHELL, "Each ministry said the other side's guns had shelled Tartar.",
              "2020-10-27", ARM_FORCES, AZE_FORCES, place("Tartar", "AZE", 40.35, 46.95),
              [AZE_MOD, ARM_MOD], cf="c1", violation=True),
        ], [truce_26]),
        article("acc-1", "Yerevan Wire", "2020-10-28", [
            E(SHELL, "Armenia's ministry accused Azerbaijani forces of shelling Martuni.",
              "2020-10-28", AZE_FORCES, ARM_FORCES, MARTUNI, [ARM_MOD], cf="c1",
              violation=True),
            E("Accusation", "", "2020-10-28", ARM_MOD, AZE_FORCES, None, [ARM_MOD],
              status="asserted", cf="c1", violation=True, same_sentence=True),
        ], [truce_26]),
        article("wire-a", "Regional Wire", "2020-10-29", [
            E(SHELL, WIRE, "2020-10-29", None, None, STEPANAKERT),
        ]),
        article("wire-b", "Evening Reprint", "2020-10-30", [
            E(SHELL, WIRE, "2020-10-29", None, None, STEPANAKERT),
        ]),
        article("own-1", "Mountain Post", "2020-10-30", [
            E("Air/drone strike", "An Azerbaijani drone struck a checkpoint near Lachin.",
              "2020-10-30", AZE_FORCES, ARM_FORCES, LACHIN),
        ]),
        article("own-2", "Valley Courier", "2020-10-30", [
            E("Air/drone strike", "Azerbaijani drones hit a post outside Lachin today.",
              "2020-10-30", AZE_FORCES, ARM_FORCES, LACHIN),
        ]),
        article("relay-1", "Yerevan Wire", "2020-10-30", [
            E(SHELL, "The Armenian ministry said Azerbaijani guns shelled Hadrut.",
              "2020-10-30", AZE_FORCES, ARM_FORCES, HADRUT, [ARM_MOD]),
        ]),
        article("relay-2", "Lake Times", "2020-10-30", [
            E(SHELL, "Hadrut came under Azerbaijani fire, Armenia's ministry said.",
              "2020-10-30", AZE_FORCES, ARM_FORCES, HADRUT, [ARM_MOD]),
        ]),
        article("nodate-1", "Undated Notes", None, [
            E(SHELL, "Guns shelled villages despite the truce of 26 October, a mayor said.",
              None, AZE_FORCES, ARM_FORCES, place("Karabakh", "AZE", precision="region"),
              [actor("a village mayor", "ARM", "person")], cf="c1", violation=True),
        ], [C("c1", "The truce of 26 October did not hold.", [ARMENIA, AZERBAIJAN],
              effective="2020-10-26")]),
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
    [truce] = [r for r in analysis.registry.records if r.effective == "2020-10-18"]
    assert truce.id == "pax-9001"
    assert truce.refs == ["pax:9001", "article:truce-1#c1"]
    assert truce.name == "Humanitarian Truce between Armenia and Azerbaijan"


def test_the_second_truce_is_named_by_its_parties_and_start_not_by_a_noun_phrase(result):
    _, ledgers, _ = result
    lg = ledgers["cf-ARM-AZE-2020-10-26"]
    assert lg.name == "Armenia-Azerbaijan ceasefire of 26 Oct 2020"
    assert lg.parties == ["Armenia (state)", "Azerbaijan (state)"]
    assert (lg.window.start, lg.window.end) == ("2020-10-26", "2021-10-26")
    assert lg.window.end_reason == "open 365 days"


def test_the_ledger_of_the_second_truce_field_by_field(result):
    analysis, ledgers, _ = result
    lg = ledgers["cf-ARM-AZE-2020-10-26"]
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
    assert (rows[hours.id].date, rows[hours.id].days_after_start) == ("2020-10-26", 0)
    assert rows[hours.id].hours_after_start == 6.5
    assert rows[mutual.id].hours_after_start is None
    assert lg.first_violation is not None
    assert (lg.first_violation.date, lg.first_violation.hours_after_start) == ("2020-10-26", 6.5)
    # mutual accusations: contested, both sides claim it
    assert (rows[mutual.id].status, rows[mutual.id].claimant_sides) == (
        "contested",
        ["Azerbaijan (state)", "Armenia (state)"],
    )
    # an accusation and its act: one violation, the act with the accusation as its claim
    assert accused.kind == "act"
    assert [m.role for m in accused.mentions] == ["act", "accusation"]
    assert (rows[accused.id].status, rows[accused.id].claimant_sides) == (
        "one-sided",
        ["Armenia (state)"],
    )
    # a wire copy is one source; two outlets' own reports agree; two relays of one claimant
    assert (rows[wire.id].status, rows[wire.id].outlets) == ("unattributed", ["Regional Wire"])
    assert (rows[own.id].status, len(rows[own.id].outlets)) == ("corroborated", 2)
    assert (rows[relay.id].status, rows[relay.id].claimant_sides) == (
        "one-sided",
        ["Armenia (state)"],
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
    assert "is before its start (2020-10-26)" in lg.outside_window[0].note


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
    [second] = [d for d in data if d["id"] == "cf-ARM-AZE-2020-10-26"]
    assert set(second) >= {"id", "name", "parties", "window", "violations", "counts"}
    assert second["window"] == {
        "start": "2020-10-26",
        "end": "2021-10-26",
        "end_reason": "open 365 days",
    }
    first = second["violations"][0]
    assert set(first) >= {"id", "date", "status", "claimant_sides"}
    assert second["counts"]["undated"] == 1


def test_markdown_says_how_many_are_undated(result):
    _, ledgers, _ = result
    md = render_md(list(ledgers.values()))
    assert "## Armenia-Azerbaijan ceasefire of 26 Oct 2020 (`cf-ARM-AZE-2020-10-26`)" in md
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
        C("c1", "An Easter truce began on March 30.", [ARMENIA, AZERBAIJAN],
          name="Easter truce", effective="2019-03-30"),
    ])  # fmt: skip
    registry = Registry([])
    registry.add_documents([doc])
    [record] = registry.records
    assert record.effective == "2018-03-30"
