"""Merging event mentions of many articles into incidents."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from incident_corpus import E, actor, article, place

from truceline.incidents import MergeConfig, build_incidents
from truceline.incidents.merge import _Grid, haversine_km

ARMY = actor("Armenian forces", "ARM", "state_forces")
AZ_ARMY = actor("Azerbaijani forces", "AZE", "state_forces")
REBELS = actor("separatists", "AZE", "rebels")
AZ_MOD = actor("Azerbaijani Ministry of Defence", "AZE", "government")
AR_MOD = actor("Armenian Ministry of Defence", "ARM", "government")
TOWN = place("Tartar", "AZE", 40.34, 46.93)


def _shelling(
    text: str,
    date: str = "2020-10-20",
    where=TOWN,
    a1=ARMY,
    a2=AZ_ARMY,
    claimants=(),
    sub: str = "Shelling/artillery/missile attack",
    **kw,
) -> E:
    return E(sub, text, date, a1, a2, where, list(claimants), **kw)


def _incidents(*articles, config: MergeConfig | None = None):
    docs = [article(f"a{n}", f"Outlet {n}", "2020-10-20", [e]) for n, e in enumerate(articles)]
    return build_incidents([d for d, _ in docs], config=config).incidents


def _moved(lat_km: float) -> object:
    return place("somewhere", "AZE", TOWN.latitude + lat_km / 111.2, TOWN.longitude)


@pytest.mark.parametrize(
    ("second", "merged"),
    [
        (_shelling("Shells hit Tartar again, officials said."), True),
        (_shelling("A village 10 km north of Tartar was shelled.", where=_moved(10)), True),
        (_shelling("A village 40 km north of Tartar was shelled.", where=_moved(40)), False),
        (_shelling("Tartar was shelled the next day.", date="2020-10-21"), True),
        (_shelling("Tartar was shelled two days later.", date="2020-10-22"), False),
        (_shelling("Troops clashed at Tartar.", sub="Armed clash"), True),
        (
            _shelling("Residents protested in Tartar.", sub="Peaceful protest", a1=None, a2=None),
            False,
        ),
        (_shelling("Separatists attacked Azerbaijani troops at Tartar.", a1=REBELS), False),
        (
            _shelling(
                "Azerbaijani troops shelled Armenian positions at Tartar.", a1=AZ_ARMY, a2=ARMY
            ),
            True,
        ),
        (
            _shelling(
                "Fighting was reported in the region.",
                where=place("Tartar District", "AZE", 40.4, 46.8, "region"),
            ),
            True,
        ),
        (
            _shelling(
                "Shelling was reported in Azerbaijan.",
                where=place("Azerbaijan", "AZE", 40.5, 47.5, "country"),
            ),
            True,
        ),
        (
            _shelling(
                "Shelling was reported in Armenia.",
                where=place("Armenia", "ARM", 40.1, 45.0, "country"),
            ),
            False,
        ),
        (_shelling("Armenian forces shelled Azerbaijani positions.", where=None), True),
        (_shelling("Unknown shelling happened.", where=None, a1=None, a2=None), False),
    ],
)
def test_a_second_report_merges_only_when_type_day_place_and_actors_agree(second, merged):
    first = _shelling("Armenian forces shelled Tartar on Tuesday.")
    incidents = _incidents(first, second)
    assert len(incidents) == (1 if merged else 2)


def test_merge_distance_is_configurable():
    second = _shelling("A village 40 km north of Tartar was shelled.", where=_moved(40))
    first = _shelling("Armenian forces shelled Tartar on Tuesday.")
    assert len(_incidents(first, second, config=MergeConfig(distance_km=50))) == 1


def test_two_events_of_one_article_told_by_one_voice_stay_apart():
    doc, _ = article(
        "a",
        "Outlet",
        "2020-10-20",
        [
            _shelling("Armenian forces shelled Tartar.", claimants=[AZ_MOD]),
            _shelling("They shelled Tartar again in the evening.", claimants=[AZ_MOD]),
        ],
    )
    assert len(build_incidents([doc]).incidents) == 2


def test_a_claim_and_its_denial_in_one_article_are_one_contested_incident():
    doc, _ = article(
        "a",
        "Outlet",
        "2020-10-20",
        [
            _shelling("Azerbaijan said Armenian forces shelled Tartar.", claimants=[AZ_MOD]),
            _shelling("Yerevan denied shelling Tartar.", claimants=[AR_MOD], status="denied"),
        ],
    )
    [incident] = build_incidents([doc]).incidents
    assert incident.status == "contested"
    assert [m.status for m in incident.mentions] == ["alleged", "denied"]


def test_an_incident_keeps_its_most_precise_place_and_lowest_fatalities():
    region = place("Tartar District", "AZE", 40.4, 46.8, "region")
    incidents = _incidents(
        _shelling("Shelling killed three in the district.", where=region, fatalities=3),
        _shelling("Shelling killed two in Tartar.", fatalities=2),
    )
    [incident] = incidents
    assert incident.location.name == "Tartar"
    assert incident.fatalities == 2
    assert incident.n_outlets == 2
    assert incident.n_articles == 2


def test_hypothetical_and_planned_events_are_not_incidents():
    doc, _ = article(
        "a",
        "Outlet",
        "2020-10-20",
        [
            _shelling("Shelling may resume.", status="hypothetical"),
            _shelling("An offensive is planned.", status="planned"),
        ],
    )
    result = build_incidents([doc])
    assert result.incidents == []
    assert [reason for _, reason in result.skipped] == ["status hypothetical", "status planned"]


def test_an_undated_event_is_placed_on_its_article_publication_day():
    incidents = _incidents(
        _shelling("Armenian forces shelled Tartar.", date=None),
        _shelling("Armenian forces shelled Tartar on Tuesday."),
    )
    assert len(incidents) == 1
    assert incidents[0].date == "2020-10-20"


def test_incident_ids_are_stable_across_rebuilds():
    events = (_shelling("Armenian forces shelled Tartar."), _shelling("Tartar was shelled."))
    assert [i.id for i in _incidents(*events)] == [i.id for i in _incidents(*events)]


@settings(max_examples=300, deadline=None)
@given(
    lat=st.floats(-80, 80),
    lon=st.floats(-179, 179),
    bearing=st.floats(0, 2 * math.pi),
    km=st.floats(0, 24.9),
)
def test_every_point_within_the_distance_lies_in_the_nine_cells_around(lat, lon, bearing, km):
    grid = _Grid(25.0)
    dlat = km / 111.32 * math.cos(bearing)
    dlon = km / (111.32 * max(math.cos(math.radians(lat + dlat)), 1e-6)) * math.sin(bearing)
    lat2, lon2 = lat + dlat, lon + dlon
    if not -180 <= lon2 <= 180 or haversine_km(lat, lon, lat2, lon2) > 25.0:
        return
    assert grid.cell(lat2, lon2) in set(grid.around(lat, lon))


def test_the_package_exports_what_all_lists():
    import truceline.incidents as package

    assert sorted(package.__all__) == sorted(package._EXPORTS)
    for name in package.__all__:
        assert getattr(package, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = package.nothing


def test_a_region_in_another_admin1_does_not_merge():
    first = _shelling(
        "Armenian forces shelled Tartar.",
        where=place("Tartar", "AZE", 40.34, 46.93, admin1="Tartar District"),
    )
    second = _shelling(
        "Shelling hit the district.",
        where=place("Aghdam District", "AZE", 40.0, 46.9, "region", admin1="Aghdam District"),
    )
    assert len(_incidents(first, second)) == 2


def test_a_coarse_report_that_fits_several_incidents_stands_alone():
    north = _shelling("Armenian forces shelled Tartar.")
    south = _shelling("Armenian forces shelled a village 60 km south.", where=_moved(-60))
    vague = _shelling(
        "Armenian forces shelled Azerbaijan.",
        where=place("Azerbaijan", "AZE", 40.5, 47.5, "country"),
    )
    assert len(_incidents(north, south, vague)) == 3
    assert len(_incidents(north, vague)) == 1


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        (
            _shelling("Armenian forces shelled positions.", where=None),
            _shelling("Armenia shelled Azerbaijani positions, Baku said.", where=None),
            True,
        ),
        (
            _shelling("Positions were shelled.", where=None, a1=None),
            _shelling("Azerbaijani troops came under fire.", where=None, a1=None),
            False,
        ),
        (
            _shelling(
                "Positions were shelled, the ministry said.",
                where=None,
                a1=None,
                claimants=[AZ_MOD],
            ),
            _shelling("The ministry reported shelling.", where=None, a1=None, claimants=[AZ_MOD]),
            True,
        ),
        (
            _shelling(
                "Rebels attacked troops.",
                where=None,
                a1=actor("rebels", None, "rebels"),
                a2=actor("troops", None, "state_forces"),
            ),
            _shelling(
                "Rebels attacked soldiers.",
                where=None,
                a1=actor("rebels", None, "rebels"),
                a2=actor("soldiers", None, "state_forces"),
            ),
            False,
        ),
    ],
    ids=["same-two-sides", "one-side-only", "same-claimant", "unknown-countries"],
)
def test_reports_without_places_merge_only_on_strong_actor_evidence(first, second, merged):
    assert (len(_incidents(first, second)) == 1) is merged


def test_an_own_voice_event_and_a_claim_in_one_article_stay_apart():
    doc, _ = article("a", "Outlet", "2020-10-20", [
        _shelling("Shells fell on Tartar."),
        _shelling("Baku said Armenian forces shelled Tartar.", claimants=[AZ_MOD]),
    ])  # fmt: skip
    assert len(build_incidents([doc]).incidents) == 2
