"""Incident status: corroborated, one-sided, contested, unattributed; sides and copies."""

from __future__ import annotations

import pytest
from incident_corpus import E, actor, article, place

from truceline.incidents import build_incidents
from truceline.incidents.duplicates import ArticleText, near_duplicate_groups, shingles
from truceline.incidents.sides import monitor_name, side_label, side_of

TOWN = place("Donetsk", "UKR", 48.0, 37.8)
UA = actor("Ukrainian military", "UKR", "state_forces")
SEP = actor("separatist forces", "UKR", "rebels")
UA_MOD = actor("Ukraine's defence ministry", "UKR", "government")
UA_AIDE = actor("an aide to the Ukrainian president", "UKR", "person")
SEP_HQ = actor("separatist command", "UKR", "rebels")
OSCE = actor("OSCE Special Monitoring Mission", None, "igo")
SHELL = "Shelling/artillery/missile attack"


def _status(*reports: tuple[str, E]) -> str:
    docs = [article(f"a{n}", outlet, "2021-07-10", [e])[0] for n, (outlet, e) in enumerate(reports)]
    [incident] = build_incidents(docs).incidents
    return incident.status


def _e(text: str, claimants=(), a1=SEP, status=None, reporters=()) -> E:
    return E(
        SHELL,
        text,
        "2021-07-10",
        a1,
        UA,
        TOWN,
        list(claimants),
        status=status,
        reporters=list(reporters),
    )


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        ([("Outlet A", _e("Separatists shelled Donetsk."))], "unattributed"),
        (
            [
                ("Outlet A", _e("Separatists shelled Donetsk.")),
                ("Outlet B", _e("Donetsk came under separatist fire.")),
            ],
            "corroborated",
        ),
        (
            [
                ("Outlet A", _e("The ministry said separatists shelled Donetsk.", [UA_MOD])),
                ("Outlet B", _e("Kyiv said Donetsk was shelled.", [UA_MOD])),
                ("Outlet C", _e("An aide said Donetsk was shelled.", [UA_AIDE])),
            ],
            "one-sided",
        ),
        (
            [
                ("Outlet A", _e("The ministry said separatists shelled Donetsk.", [UA_MOD])),
                ("Outlet B", _e("OSCE monitors recorded shelling of Donetsk.", [OSCE])),
            ],
            "corroborated",
        ),
        (
            [("Outlet A", _e("Shelling hit Donetsk, OSCE reported.", reporters=["the OSCE"]))],
            "unattributed",
        ),
        (
            [
                ("Outlet A", _e("The ministry said separatists shelled Donetsk.", [UA_MOD])),
                (
                    "Outlet B",
                    _e("The separatists denied shelling Donetsk.", [SEP_HQ], status="denied"),
                ),
            ],
            "contested",
        ),
        (
            [
                ("Outlet A", _e("The ministry said separatists shelled Donetsk.", [UA_MOD])),
                (
                    "Outlet B",
                    _e("The separatists said Ukrainian troops fired first.", [SEP_HQ], a1=UA),
                ),
            ],
            "contested",
        ),
    ],
    ids=[
        "one-outlet",
        "two-outlets",
        "one-party-many-outlets",
        "monitor",
        "monitor-reporter-alone",
        "denial",
        "mutual-blame",
    ],
)
def test_status_follows_who_vouches_for_the_incident(reports, expected):
    assert _status(*reports) == expected


def test_a_wire_copy_published_twice_is_one_source():
    text = (
        "Separatist artillery struck the outskirts of Donetsk overnight, damaging houses "
        "and a school, local officials told reporters on Saturday morning."
    )
    docs = [
        article(aid, outlet, pub, [_e(text)])
        for aid, outlet, pub in (
            ("w1", "Wire Service", "2021-07-10"),
            ("w2", "Reposter", "2021-07-11"),
        )
    ]
    result = build_incidents([d for d, _ in docs], texts={d.article.id: t for d, t in docs})
    [incident] = result.incidents
    assert incident.status == "unattributed"
    assert incident.n_outlets == 1
    assert incident.outlets == ["Wire Service"]
    assert incident.n_articles == 2
    assert [m.copy_of for m in incident.mentions] == [None, "w1"]


def test_a_named_reporter_is_the_source_outlets_relay():
    docs = [
        article(
            f"a{n}",
            outlet,
            "2021-07-10",
            [_e(f"{outlet} cites the agency on Donetsk shelling.", reporters=["Interfax"])],
        )[0]
        for n, outlet in enumerate(("Outlet A", "Outlet B"))
    ]
    [incident] = build_incidents(docs).incidents
    assert incident.outlets == ["Interfax"]
    assert incident.status == "unattributed"


@pytest.mark.parametrize(
    ("a", "b", "duplicate"),
    [
        (
            "Shelling hit the town of Avdiivka overnight and two people were wounded, the "
            "regional governor said on Monday while visiting the area.",
            "BREAKING: Shelling hit the town of Avdiivka overnight and two people were wounded, "
            "the regional governor said on Monday while visiting the area. (Reporting by staff)",
            True,
        ),
        (
            "Shelling hit the town of Avdiivka overnight and two people were wounded, the "
            "regional governor said on Monday while visiting the area.",
            "Two people were hurt when shells struck Avdiivka during the night, according to the "
            "governor of the region, who toured the damage on Monday.",
            False,
        ),
    ],
)
def test_near_duplicates_are_copies_and_rewrites_are_not(a, b, duplicate):
    groups = near_duplicate_groups(
        [ArticleText("x", a, "2021-01-01"), ArticleText("y", b, "2021-01-02")]
    )
    assert (groups["y"] == "x") is duplicate
    assert groups["x"] == "x"


def test_short_texts_still_have_a_shingle():
    assert shingles("Shelling again") == {"shelling again"}


@pytest.mark.parametrize(
    ("name", "country", "kind", "side"),
    [
        ("Azerbaijani Ministry of Defense", "AZE", "government", "AZE/state"),
        ("assistant to the Azerbaijani president", "AZE", "person", "AZE/state"),
        ("Armenian separatists", "AZE", "rebels", "AZE/armed"),
        ("local residents", "SYR", "civilians", "SYR/civil"),
        ("OSCE SMM", None, "igo", "monitor/OSCE"),
        ("U.N. peacekeepers", None, "external_forces", "monitor/UN"),
        ("UN observers (UNMOGIP)", None, "igo", "monitor/UNMOGIP"),
        ("Kim Jong Un", "PRK", "person", "PRK/state"),
        ("JCCC", "UKR", "state_forces", "UKR/state"),
        ("witnesses", None, "unknown", "name/witnesses"),
        ("gunmen", None, "rebels", "?/armed"),
    ],
)
def test_sides_are_country_and_kind_group_and_monitors_are_their_own(name, country, kind, side):
    assert side_of(actor(name, country, kind)) == side


def test_side_labels_name_the_country():
    assert side_label("AZE/state") == "Azerbaijan (state)"
    assert side_label("monitor/OSCE") == "OSCE (monitor)"
    assert monitor_name(actor("Human Rights Watch", None, "ngo")) == "Human Rights Watch"


def test_an_accusation_with_no_accuser_named_is_still_an_incident():
    doc, _ = article("a", "Outlet", "2021-07-10", [
        E("Accusation", "The truce was said to have been broken.", "2021-07-10", None, UA),
    ])  # fmt: skip
    [incident] = build_incidents([doc]).incidents
    assert (incident.kind, incident.status, incident.accusing_sides) == (
        "accusation",
        "unattributed",
        [],
    )


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("COD/state", "DR Congo (state)"),
        ("PSE/armed", "Palestine (armed groups)"),
        ("SYR/state", "Syria (state)"),
        ("IRN/state", "Iran (state)"),
        ("RUS/state", "Russia (state)"),
    ],
)
def test_sides_are_labelled_with_common_short_country_names(key, label):
    assert side_label(key) == label
