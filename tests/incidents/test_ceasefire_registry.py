"""The ceasefire registry: PA-X and YAML imports, merging, windows, assignment."""

from __future__ import annotations

import csv

import pytest
from incident_corpus import C, E, actor, article, place

from truceline.errors import ConfigError
from truceline.incidents import Registry, analyse, read_ceasefire_file, read_pax_csv
from truceline.incidents.registry import CeasefireRecord

# PA-X's columns, in PA-X's order (the rows below are written for these tests).
PAX_HEADER = [
    "Con",
    "Contp",
    "PP",
    "PPName",
    "Reg",
    "AgtId",
    "Ver",
    "Agt",
    "Dat",
    "Status",
    "Lgt",
    "N_characters",
    "Agtp",
    "Stage",
    "StageSub",
    "Part",
    "ThrdPart",
    "OthAgr",
    "Loc1ISO",
    "Loc2ISO",
    "Loc1GWNO",
    "Loc2GWNO",
    "UcdpCon",
    "UcdpAgr",
    "PamAgr",
    "CowWar",
    "Interim",
    "description",
    "stage_label",
    "stage - sort",
    "stage_short",
    "agt_type",
    "agt_dat",
    "year",
    "PAX_Hyperlink",
    "PDF_Hyperlink",
    "stage_display",
    "substage_label",
]


def _pax_row(
    agt_id: str, con: str, dat: str, stage: str, loc1: str, loc2: str, agt_type: str, title: str
) -> dict[str, str]:
    row = dict.fromkeys(PAX_HEADER, "")
    row.update(
        Con=con,
        AgtId=agt_id,
        Agt=title,
        Dat=dat,
        Stage=stage,
        Loc1ISO=loc1,
        Loc2ISO=loc2,
        agt_type=agt_type,
        PPName=f"{con} process",
        PAX_Hyperlink=f"https://www.peaceagreements.org/agreements/{agt_id}/",
        Part="Signed by the parties'\nrepresentatives",
    )
    return row


@pytest.fixture
def pax_csv(tmp_path):
    path = tmp_path / "pax.csv"
    rows = [
        _pax_row(
            "9001",
            "Armenia/Azerbaijan",
            "10/10/2020",
            "Cea",
            "ARM",
            "AZE",
            "Interstate",
            "Humanitarian truce statement",
        ),
        _pax_row(
            "9002",
            "Armenia/Azerbaijan",
            "12/10/2020",
            "Pre",
            "ARM",
            "AZE",
            "Interstate",
            "Talks about talks",
        ),
        _pax_row("9003", "Yemen", "02/04/2022", "Cea", "YEM", "", "Intrastate", "Nationwide truce"),
        _pax_row("9004", "Syria", "05/05/2018", "Cea", "SYR", "", "Local", "Truce in one town"),
        _pax_row(
            "9005",
            "India/(Manipur)",
            "01/03/2019",
            "Cea",
            "IND",
            "",
            "Intrastate",
            "Suspension of operations with one group",
        ),
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, PAX_HEADER)
        w.writeheader()
        w.writerows(rows)
    return path


def test_pax_import_skips_local_agreements_unless_asked(pax_csv):
    assert "pax-9004" not in {r.id for r in read_pax_csv(pax_csv)}
    local = next(r for r in read_pax_csv(pax_csv, include_local=True) if r.id == "pax-9004")
    assert local.area.countries == ["SYR"]


def test_pax_region_in_the_conflict_name_narrows_a_one_country_area(pax_csv):
    [manipur] = [r for r in read_pax_csv(pax_csv) if r.id == "pax-9005"]
    assert (manipur.area.countries, manipur.area.admin1) == (["IND"], ["Manipur"])
    karabakh = next(r for r in read_pax_csv(pax_csv) if r.id == "pax-9001")
    assert karabakh.area.admin1 == []


def test_pax_import_keeps_ceasefire_agreements_with_parties_dates_and_area(pax_csv):
    records = read_pax_csv(pax_csv)
    assert [r.id for r in records] == ["pax-9001", "pax-9003", "pax-9005"]
    karabakh, yemen, _ = records
    assert karabakh.effective == "2020-10-10"
    assert [(p.country, p.kind) for p in karabakh.parties] == [
        ("ARM", "government"),
        ("AZE", "government"),
    ]
    assert karabakh.area.countries == ["ARM", "AZE"]
    assert karabakh.source == "pax"
    assert karabakh.refs == ["pax:9001"]
    assert karabakh.url == "https://www.peaceagreements.org/agreements/9001/"
    assert [(p.country, p.kind) for p in yemen.parties] == [
        ("YEM", "government"),
        ("YEM", "rebels"),
    ]
    assert yemen.scope == "Yemen — Yemen process"


def test_a_csv_that_is_not_pax_is_refused_with_its_name(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"other\.csv.*AgtId"):
        read_pax_csv(path)


def test_a_pax_row_with_a_bad_date_is_refused_with_its_line(tmp_path):
    path = tmp_path / "pax.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, PAX_HEADER)
        w.writeheader()
        w.writerow(_pax_row("1", "X", "2020-10-10", "Cea", "ARM", "", "Intrastate", "T"))
    with pytest.raises(ConfigError, match=r"record 1: Dat '2020-10-10'"):
        read_pax_csv(path)


def test_yaml_ceasefires_accept_unquoted_dates_and_times(tmp_path):
    path = tmp_path / "cf.yaml"
    path.write_text(
        "- id: my-truce\n  parties: [{name: A, country: ARM}, {name: B, country: AZE}]\n"
        "  effective: 2020-10-26 08:00\n  ended: 2020-11-10\n"
        "  area: {latitude: 39.8, longitude: 46.7, radius_km: 80}\n",
        encoding="utf-8",
    )
    [record] = read_ceasefire_file(path)
    assert (record.id, record.effective, record.ended) == (
        "my-truce",
        "2020-10-26T08:00",
        "2020-11-10",
    )
    assert record.area.radius_km == 80
    assert record.source == "yaml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: x\n  effective: 26/10/2020\n", "ceasefire 1 \\(x\\) is invalid"),
        ("- id: x\n  colour: red\n", "colour"),
        ("just a string\n", "expected a list"),
        ("- [1, 2]\n", "not a mapping"),
        ("key: [unclosed\n", "cannot read as YAML"),
    ],
)
def test_invalid_yaml_ceasefires_are_refused_naming_the_file(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        read_ceasefire_file(path)
    assert "bad.yaml" in str(info.value)


def test_other_file_types_are_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"\.csv or a \.yaml"):
        read_ceasefire_file(tmp_path / "cf.json")


ARM = actor("Armenia", "ARM", "government")
AZE = actor("Azerbaijan", "AZE", "government")


def _record(cid: str, start: str | None, source: str = "yaml", parties=(ARM, AZE), **kw):
    return CeasefireRecord(id=cid, parties=list(parties), effective=start, source=source, **kw)


def test_ceasefires_of_the_same_parties_starting_within_a_day_are_one(pax_csv):
    registry = Registry(read_pax_csv(pax_csv))
    doc, _ = article(
        "art",
        "Outlet",
        "2020-10-11",
        [],
        [
            # pretend the extractor found the same truce, a day later, with a time
            C(
                "c1",
                "A truce took effect at noon.",
                [ARM, AZE],
                name="Moscow truce",
                effective="2020-10-11T12:00",
            ),
        ],
    )
    registry.add_documents([doc])
    assert registry.aliases[("art", "c1")] == "pax-9001"
    record = registry.get("pax-9001")
    assert record.refs == ["pax:9001", "article:art#c1"]
    assert record.effective == "2020-10-10"  # PA-X takes precedence
    assert len(registry.records) == 3


def test_an_undated_ceasefire_in_an_article_refers_to_the_one_in_force():
    registry = Registry([_record("truce", "2020-10-10")])
    doc, _ = article(
        "art",
        "Outlet",
        "2020-10-15",
        [],
        [
            C("c1", "The truce was broken again.", [ARM, AZE]),
        ],
    )
    registry.add_documents([doc])
    assert registry.aliases[("art", "c1")] == "truce"


def test_windows_end_when_ended_when_superseded_or_after_open_days():
    registry = Registry(
        [
            _record("first", "2020-10-10"),
            _record("second", "2020-10-18"),
            _record("third", "2020-10-26", ended="2020-10-30"),
            _record("fourth", "2020-11-10"),
        ],
        open_days=30,
    )
    windows = {r.id: registry.window(r) for r in registry.records}
    assert windows["first"].end_reason == "superseded by second"
    assert windows["first"].end - windows["first"].start == 7
    assert windows["third"].end_reason == "ended"
    assert windows["fourth"].end_reason == "open 30 days"
    assert windows["fourth"].end - windows["fourth"].start == 30


def test_a_successor_years_later_does_not_stretch_a_window_beyond_open_days():
    registry = Registry([_record("old", "1995-02-04"), _record("new", "2020-10-10")])
    window = registry.window(registry.get("old"))
    assert window.end_reason == "open 365 days"
    assert window.end - window.start == 365


TOWN = place("Tartar", "AZE", 40.34, 46.93)
ARMY = actor("Armenian forces", "ARM", "state_forces")
AZ_ARMY = actor("Azerbaijani forces", "AZE", "state_forces")


@pytest.mark.parametrize(
    ("event", "inside"),
    [
        (
            E(
                "Shelling/artillery/missile attack",
                "Tartar was shelled.",
                "2020-10-20",
                ARMY,
                AZ_ARMY,
                TOWN,
            ),
            True,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Tartar was shelled.",
                "2020-10-05",
                ARMY,
                AZ_ARMY,
                TOWN,
            ),
            False,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Tartar was shelled.",
                "2020-10-20",
                actor("Turkish forces", "TUR", "external_forces"),
                AZ_ARMY,
                TOWN,
            ),
            False,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Shells hit Gyumri.",
                "2020-10-20",
                AZ_ARMY,
                ARMY,
                place("Gyumri", "ARM", 40.79, 43.85),
            ),
            False,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Tartar was shelled.",
                "2020-10-20",
                None,
                None,
                TOWN,
                [actor("Azerbaijani MoD", "AZE", "government")],
            ),
            True,
        ),
        (
            E(
                "Peaceful protest",
                "People protested in Tartar.",
                "2020-10-20",
                actor("protesters", "AZE", "protesters"),
                None,
                TOWN,
            ),
            False,
        ),
    ],
    ids=["inside", "before", "non-party", "outside-area", "claimant-only", "not-parties"],
)
def test_an_incident_falls_inside_a_ceasefire_by_parties_area_and_time(event, inside):
    record = _record(
        "truce", "2020-10-10", area={"latitude": 39.8, "longitude": 46.7, "radius_km": 100}
    )
    doc, _ = article("a", "Outlet", event.date, [event])
    [incident] = analyse([doc], [record]).incidents.incidents
    assert (incident.ceasefire_id == "truce") is inside
    assert incident.violation is (True if inside else None)


def test_a_non_violent_incident_inside_a_ceasefire_is_linked_but_no_violation():
    record = _record("truce", "2020-10-10")
    event = E("Arrests", "Police arrested a soldier in Tartar.", "2020-10-20", AZ_ARMY, ARMY, TOWN)
    doc, _ = article("a", "Outlet", "2020-10-20", [event])
    [incident] = analyse([doc], [record]).incidents.incidents
    assert (incident.ceasefire_id, incident.violation) == ("truce", False)


def test_the_extractors_violation_link_names_the_ceasefire(corpus, analysis):
    linked = [
        i
        for i in analysis.incidents.incidents
        if any(m.ceasefire_id == "c1" and m.violation for m in i.mentions)
    ]
    assert linked
    assert {i.ceasefire_id for i in linked} == {"cf-IND-PAK-2021-02-25"}
