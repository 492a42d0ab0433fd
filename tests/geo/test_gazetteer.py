"""The gazetteer: building the cached index, and looking names up in it."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from truceline.geo.gazetteer import (
    Gazetteer,
    Sources,
    bare_region_name,
    ensure_gazetteer,
    fuzzy_key,
    gazetteer_path,
    iter_json_values,
)

# -- a tiny invented GeoNames extract, to test the build itself ------------------------

CITIES = {
    "900001": {
        "geonameid": 900001,
        "name": "Testville",
        "latitude": 40.1,
        "longitude": 47.1,
        "countrycode": "AZ",
        "population": 52000,
        "admin1code": "99",
        "alternatenames": ["Testburg", "Тествиль", "TVX", "http://example.org"],
    },
    "900002": {
        "geonameid": 900002,
        "name": "Little Testville",
        "latitude": 40.3,
        "longitude": 47.2,
        "countrycode": "AZ",
        "population": 800,
        "admin1code": "99",
        "alternatenames": [],
    },
    "900003": {
        "geonameid": 900003,
        "name": "Testville",
        "latitude": 10.5,
        "longitude": -66.9,
        "countrycode": "VE",
        "population": 1200,
        "admin1code": "07",
        "alternatenames": ["Testeville"],
    },
}
ADMIN = [
    {
        "country_code": "AZ",
        "city": "Testville",
        "latitude": 40.1,
        "longitude": 47.1,
        "population": 52000,
        "state": "Test Province",
        "county": "Test District",
    },
    {
        "country_code": "VE",
        "city": "Testville",
        "latitude": 10.5,
        "longitude": -66.9,
        "population": 1200,
        "state": "Estado Ejemplo",
    },
]


def write_sources(folder: Path) -> Sources:
    cities = folder / "cities.json"
    cities.write_text(json.dumps(CITIES), encoding="utf-8")
    admin = folder / "admin.gz"
    with gzip.open(admin, "wt", encoding="utf-8") as out:
        json.dump(ADMIN, out)
    return Sources(cities=cities, admin=admin)


@pytest.fixture
def tiny_sources(tmp_path: Path) -> Sources:
    return write_sources(tmp_path)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder = tmp_path_factory.mktemp("tiny")
    return Gazetteer(ensure_gazetteer(folder / "cache", write_sources(folder)))


def test_build_indexes_alternate_names_latin_and_transliterated(tiny: Gazetteer) -> None:
    assert [p.name for p in tiny.lookup("Testburg")] == ["Testville"]
    assert [p.name for p in tiny.lookup("Тествиль")] == ["Testville"]  # by its Latin key
    assert [p.name for p in tiny.lookup("Testvil")] == ["Testville"]
    assert tiny.lookup("TVX") == []  # codes are no names


def test_build_names_provinces_and_districts_from_the_admin_data(tiny: Gazetteer) -> None:
    (city,) = [p for p in tiny.lookup("Testville") if p.country == "AZE"]
    assert city.admin1 == "Test Province"
    province = [p for p in tiny.lookup("Test Province") if p.level == "admin1"]
    assert province
    assert (province[0].country, province[0].kind) == ("AZE", "region")
    assert [p.level for p in tiny.lookup("Test District")] == ["admin2"]
    assert [p.name for p in tiny.lookup("Ejemplo")] == ["Estado Ejemplo"]  # bare name


def test_build_locates_a_province_at_its_most_populous_place(tiny: Gazetteer) -> None:
    (province,) = [p for p in tiny.lookup("Test Province") if p.level == "admin1"]
    assert (province.latitude, province.longitude) == (40.1, 47.1)  # Testville, not the mean


def test_build_adds_curated_regions_and_countries(tiny: Gazetteer) -> None:
    assert [p.level for p in tiny.lookup("Donbass")] == ["zone"]
    (country,) = tiny.lookup("Azerbaijan")
    assert (country.kind, country.latitude, country.longitude) == ("country", 40.5, 47.5)


def test_lookup_orders_candidates_by_population(tiny: Gazetteer) -> None:
    assert [(p.country, p.level) for p in tiny.lookup("testville")[:2]] == [
        ("AZE", "city"),
        ("VEN", "city"),
    ]


def test_the_cached_index_is_reused_until_its_sources_change(
    tmp_path: Path, tiny_sources: Sources
) -> None:
    cache = tmp_path / "cache"
    path = ensure_gazetteer(cache, tiny_sources)
    assert path == gazetteer_path(cache)
    built = path.stat().st_mtime_ns
    assert ensure_gazetteer(cache, tiny_sources).stat().st_mtime_ns == built
    data = dict(CITIES)
    data["900004"] = {**CITIES["900002"], "geonameid": 900004, "name": "Newtown"}
    tiny_sources.cities.write_text(json.dumps(data), encoding="utf-8")
    rebuilt = ensure_gazetteer(cache, tiny_sources)
    assert rebuilt.stat().st_mtime_ns != built
    assert [p.name for p in Gazetteer(rebuilt).lookup("Newtown")] == ["Newtown"]


def test_a_missing_gazetteer_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no gazetteer there"):
        Gazetteer(tmp_path / "none.sqlite")


@pytest.mark.parametrize("data", [{"a": {"x": [1, 2.5]}, "b": "ü" * 20}, [1, {"k": None}, "s"]])
def test_json_values_stream_in_small_chunks(data: object) -> None:
    text = json.dumps(data)
    values = list(iter_json_values(io.StringIO(text), chunk_size=3))
    assert values == (list(data.values()) if isinstance(data, dict) else data)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("qalqiliyah", "qalqilya"),
        ("idleb", "idlib"),
        ("bossaso", "bosaso"),
        ("sheikhoun", "shaykhun"),
    ],
)
def test_fuzzy_keys_absorb_transliteration_variants(a: str, b: str) -> None:
    assert fuzzy_key(a) == fuzzy_key(b)


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Yobe State", "yobe"),
        ("Provincia de Trujillo", "trujillo"),
        ("Northern District", "northern district"),
    ],
)
def test_bare_region_names_drop_words_naming_the_kind(name: str, bare: str) -> None:
    assert bare_region_name(name) == bare


# -- the real gazetteer (built from the installed GeoNames data) ------------------------


@pytest.mark.slow
def test_alternate_names_reach_the_same_place(gazetteer: Gazetteer) -> None:
    stepanakert = next(p for p in gazetteer.lookup("Stepanakert") if p.level == "city")
    khankendi = next(p for p in gazetteer.lookup("Khankendi") if p.level == "city")
    assert stepanakert == khankendi
    assert stepanakert.country == "AZE"
    assert gazetteer.lookup("Gorlovka")[0] == gazetteer.lookup("Horlivka")[0]


@pytest.mark.slow
def test_lookups_ignore_case_and_diacritics(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("SANA'A")[0] == gazetteer.lookup("Sanaa")[0]
    assert gazetteer.lookup("Şəki")[0].country == "AZE"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "country", "level"),
    [
        ("Nagorno-Karabakh", "AZE", "zone"),
        ("Karabakh", "AZE", "zone"),
        ("Donbass", "UKR", "zone"),
        ("Gaza Strip", "PSE", "admin1"),
        ("Golan Heights", "SYR", "zone"),
        ("Rural Damascus", "SYR", "admin1"),
        ("Ghor", "AFG", "admin1"),
        ("Line of Control", "IND", "zone"),
        ("Darfur", "SDN", "zone"),
    ],
)
def test_regions_and_conflict_zones_resolve(
    gazetteer: Gazetteer, name: str, country: str, level: str
) -> None:
    assert any(p.country == country and p.level == level for p in gazetteer.lookup(name))


@pytest.mark.slow
def test_a_province_takes_the_names_of_its_capital(gazetteer: Gazetteer) -> None:
    levels = {(p.country, p.level) for p in gazetteer.lookup("Hodeidah")}
    assert {("YEM", "admin1"), ("YEM", "city")} <= levels


@pytest.mark.slow
def test_fuzzy_lookup_finds_other_transliterations(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qalqiliyah") == []
    assert gazetteer.lookup_fuzzy("Qalqiliyah")[0].country == "PSE"
    assert gazetteer.lookup_fuzzy("Xy") == []  # too short to guess


@pytest.mark.slow
def test_lookups_are_cheap(gazetteer: Gazetteer) -> None:
    import time

    names = [f"Nowhere{i}" for i in range(300)] + ["Tripoli", "Donetsk", "Idlib"] * 100
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    assert (time.perf_counter() - started) / len(names) < 0.002


@pytest.mark.slow
def test_processes_starting_together_share_one_index(tmp_path: Path, tiny_sources: Sources) -> None:
    import multiprocessing

    cache = tmp_path / "cache"
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        paths = pool.starmap(ensure_gazetteer, [(cache, tiny_sources)] * 3)
    assert len(set(paths)) == 1
    assert [p.name for p in cache.iterdir() if p.suffix == ".tmp"] == []
    assert [p.name for p in Gazetteer(paths[0]).lookup("Testburg")] == ["Testville"]
