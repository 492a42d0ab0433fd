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
            "Kyrgyzstan/Tajikistan",
            "04/03/2023",
            "Cea",
            "KGZ",
            "TJK",
            "Interstate",
            "Humanitarian truce statement",
        ),
        _pax_row(
            "9002",
            "Kyrgyzstan/Tajikistan",
            "06/03/2023",
            "Pre",
            "KGZ",
            "TJK",
            "Interstate",
            "Talks about talks",
        ),
        _pax_row("9003", "Yemen", "14/06/2022", "Cea", "YEM", "", "Intrastate", "Nationwide truce"),
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
    border_truce = next(r for r in read_pax_csv(pax_csv) if r.id == "pax-9001")
    assert border_truce.area.admin1 == []


def test_pax_import_keeps_ceasefire_agreements_with_parties_dates_and_area(pax_csv):
    records = read_pax_csv(pax_csv)
    assert [r.id for r in records] == ["pax-9001", "pax-9003", "pax-9005"]
    border_truce, yemen, _ = records
    assert border_truce.effective == "2023-03-04"
    assert [(p.country, p.kind) for p in border_truce.parties] == [
        ("KGZ", "government"),
        ("TJK", "government"),
    ]
    assert border_truce.area.countries == ["KGZ", "TJK"]
    assert border_truce.source == "pax"
    assert border_truce.refs == ["pax:9001"]
    assert border_truce.url == "https://www.peaceagreements.org/agreements/9001/"
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
        w.writerow(_pax_row("1", "X", "2023-03-04", "Cea", "KGZ", "", "Intrastate", "T"))
    with pytest.raises(ConfigError, match=r"record 1: Dat '2023-03-04'"):
        read_pax_csv(path)


def test_yaml_ceasefires_accept_unquoted_dates_and_times(tmp_path):
    path = tmp_path / "cf.yaml"
    path.write_text(
        "- id: my-truce\n  parties: [{name: A, country: KGZ}, {name: B, country: TJK}]\n"
        "  effective: 2023-03-20 08:00\n  ended: 2023-04-04\n"
        "  area: {latitude: 40.1, longitude: 70.6, radius_km: 80}\n",
        encoding="utf-8",
    )
    [record] = read_ceasefire_file(path)
    assert (record.id, record.effective, record.ended) == (
        "my-truce",
        "2023-03-20T08:00",
        "2023-04-04",
    )
    assert record.area.radius_km == 80
    assert record.source == "yaml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: x\n  effective: 20/03/2023\n", "ceasefire 1 \\(x\\) is invalid"),
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


KGZ = actor("Kyrgyzstan", "KGZ", "government")
TJK = actor("Tajikistan", "TJK", "government")


def _record(cid: str, start: str | None, source: str = "yaml", parties=(KGZ, TJK), **kw):
    return CeasefireRecord(id=cid, parties=list(parties), effective=start, source=source, **kw)


def test_ceasefires_of_the_same_parties_starting_within_a_day_are_one(pax_csv):
    registry = Registry(read_pax_csv(pax_csv))
    doc, _ = article(
        "art",
        "Outlet",
        "2023-03-05",
        [],
        [
            # pretend the extractor found the same truce, a day later, with a time
            C(
                "c1",
                "A truce took effect at noon.",
                [KGZ, TJK],
                name="Osh truce",
                effective="2023-03-05T12:00",
            ),
        ],
    )
    registry.add_documents([doc])
    assert registry.aliases[("art", "c1")] == "pax-9001"
    record = registry.get("pax-9001")
    assert record.refs == ["pax:9001", "article:art#c1"]
    assert record.effective == "2023-03-04"  # PA-X takes precedence
    assert len(registry.records) == 3


def test_an_undated_ceasefire_in_an_article_refers_to_the_one_in_force():
    registry = Registry([_record("truce", "2023-03-04")])
    doc, _ = article(
        "art",
        "Outlet",
        "2023-03-09",
        [],
        [
            C("c1", "The truce was broken again.", [KGZ, TJK]),
        ],
    )
    registry.add_documents([doc])
    assert registry.aliases[("art", "c1")] == "truce"


def test_windows_end_when_ended_when_superseded_or_after_open_days():
    registry = Registry(
        [
            _record("first", "2023-03-04"),
            _record("second", "2023-03-12"),
            _record("third", "2023-03-20", ended="2023-03-24"),
            _record("fourth", "2023-04-04"),
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
    registry = Registry([_record("old", "1997-06-28"), _record("new", "2023-03-04")])
    window = registry.window(registry.get("old"))
    assert window.end_reason == "open 365 days"
    assert window.end - window.start == 365


TOWN = place("Sarykol", "TJK", 40.64, 70.83)
KGZ_ARMY = actor("Kyrgyz forces", "KGZ", "state_forces")
TJK_ARMY = actor("Tajik forces", "TJK", "state_forces")


@pytest.mark.parametrize(
    ("event", "inside"),
    [
        (
            E(
                "Shelling/artillery/missile attack",
                "Sarykol was shelled.",
                "2023-03-14",
                KGZ_ARMY,
                TJK_ARMY,
                TOWN,
            ),
            True,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Sarykol was shelled.",
                "2023-02-27",
                KGZ_ARMY,
                TJK_ARMY,
                TOWN,
            ),
            False,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Sarykol was shelled.",
                "2023-03-14",
                actor("Turkish forces", "TUR", "external_forces"),
                TJK_ARMY,
                TOWN,
            ),
            False,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Shells hit Chon-Kara.",
                "2023-03-14",
                TJK_ARMY,
                KGZ_ARMY,
                place("Chon-Kara", "KGZ", 41.09, 67.75),
            ),
            False,
        ),
        (
            E(
                "Shelling/artillery/missile attack",
                "Sarykol was shelled.",
                "2023-03-14",
                None,
                None,
                TOWN,
                [actor("Tajik MoD", "TJK", "government")],
            ),
            True,
        ),
        (
            E(
                "Peaceful protest",
                "People protested in Sarykol.",
                "2023-03-14",
                actor("protesters", "TJK", "protesters"),
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
        "truce", "2023-03-04", area={"latitude": 40.1, "longitude": 70.6, "radius_km": 100}
    )
    doc, _ = article("a", "Outlet", event.date, [event])
    [incident] = analyse([doc], [record]).incidents.incidents
    assert (incident.ceasefire_id == "truce") is inside
    assert incident.violation is (True if inside else None)


def test_a_non_violent_incident_inside_a_ceasefire_is_linked_but_no_violation():
    record = _record("truce", "2023-03-04")
    event = E(
        "Arrests", "Police arrested a soldier in Sarykol.", "2023-03-14", TJK_ARMY, KGZ_ARMY, TOWN
    )
    doc, _ = article("a", "Outlet", "2023-03-14", [event])
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
