"""GeoNames country dumps: download from a fixture server on 127.0.0.1, add, rerun, fail.

The fixture is a tiny GeoNames-format country dump the tests write: a village the
offline gazetteer (cities500) lacks, a namesake of it in another province, a hill, a
province, with alternate names in Ukrainian and Russian Cyrillic, and the admin code
files. Nothing here touches the internet.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from truceline.cli import app
from truceline.geo.gazetteer import Gazetteer, distance_km, gazetteer_path
from truceline.geo.geonames import (
    DumpFiles,
    GeonamesError,
    add_country,
    country_of_dump,
    reapply_stored,
)

runner = CliRunner()

# A made-up village (no real place has this name), its namesake, a hill and a province.
VILLAGE = ("Zhovtoberezhivka", 48.3512, 37.6021, "05")  # in Donetsk (UA.05)
NAMESAKE = ("Zhovtoberezhivka", 46.9012, 33.2177, "08")  # in Kherson (UA.08)
ROWS = [
    (9900001, *VILLAGE[:3], "P", "PPL", VILLAGE[3], 0, "Жовтобережівка,Zhovtoberezhovka"),
    (9900002, *NAMESAKE[:3], "P", "PPL", NAMESAKE[3], 900, ""),  # bigger: wins by default
    (9900003, "Mohyla Sinya", 48.3601, 37.6488, "T", "HLL", "05", 0, ""),
    (9900004, "Ozerna Stream", 48.3001, 37.6001, "H", "STM", "05", 0, ""),  # not kept
    (709716, "Donetsk Oblast", 48.0, 37.75, "A", "ADM1", "05", 4100000, "Донецька область"),
]
ALTERNATES = [(1, 9900001, "ru", "Жовтобережовка"), (2, 9900001, "link", "http://x")]


def _dump_line(geonameid, name, lat, lon, fclass, fcode, admin1, pop, alternates) -> str:
    cols = [str(geonameid), name, name, alternates, str(lat), str(lon), fclass, fcode, "UA",
            "", admin1, "", "", "", str(pop), "", "150", "Europe/Kyiv", "2024-01-01"]  # fmt: skip
    return "\t".join(cols)


def write_fixture(folder: Path) -> Path:
    """A GeoNames dump directory: UA.zip, alternatenames/UA.zip, admin code files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alternatenames").mkdir(exist_ok=True)
    with zipfile.ZipFile(folder / "UA.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("UA.txt", "\n".join(_dump_line(*r) for r in ROWS) + "\n")
        z.writestr("readme.txt", "fixture")
    with zipfile.ZipFile(folder / "alternatenames" / "UA.zip", "w") as z:
        lines = ["\t".join([str(i), str(g), lang, name, "", "", "", "", "", ""])
                 for i, g, lang, name in ALTERNATES]  # fmt: skip
        z.writestr("UA.txt", "\n".join(lines) + "\n")
    (folder / "admin1CodesASCII.txt").write_text(
        "UA.05\tDonetsk\tDonetsk\t709716\nUA.08\tKherson\tKherson\t706442\n", encoding="utf-8"
    )
    (folder / "admin2Codes.txt").write_text(
        "UA.05.123\tBakhmutskyi Raion\tBakhmutskyi Raion\t9900099\n", encoding="utf-8"
    )
    return folder


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, honouring `Range: bytes=N-` as a GeoNames mirror does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        spec = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not spec or not path.is_file():
            return super().send_head()
        start = int(spec.removeprefix("bytes=").rstrip("-"))
        data = path.read_bytes()
        if start >= len(data):
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Length", str(len(data) - start))
        self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        f = open(path, "rb")
        f.seek(start)
        return f


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = write_fixture(tmp_path / "mirror")
    handler = lambda *a, **k: _RangeHandler(*a, directory=str(root), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", root
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def cache(tmp_path: Path, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory holding a copy of the offline gazetteer, set as the cache dir."""
    from truceline.settings import get_settings

    folder = tmp_path / "cache"
    folder.mkdir()
    shutil.copyfile(gazetteer.path, gazetteer_path(folder))
    monkeypatch.setenv("TRUCELINE_CACHE_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def _download(base: str) -> object:
    return runner.invoke(app, ["gazetteer", "download", "UA", "--base-url", base])


def test_download_adds_a_village_cities500_lacks_with_its_spellings(server, cache, gazetteer):
    base, _ = server
    assert not gazetteer.lookup(VILLAGE[0])  # the offline default does not have it
    result = _download(base)
    assert result.exit_code == 0, result.output
    assert "UA: added; 4 places" in result.output
    gaz = Gazetteer(gazetteer_path(cache))
    found = gaz.lookup(VILLAGE[0])
    assert {(p.admin1, p.level) for p in found} == {("Donetsk", "city"), ("Kherson", "city")}
    # Russian spelling, Cyrillic in both languages, and a Russian romanisation
    for spelling in ("Жовтобережовка", "Жовтобережівка", "Zhovtoberezhovka", "Zholtoberezhovka"):
        near = [p for p in gaz.lookup(spelling) if p.admin1 == "Donetsk"]
        if spelling == "Zholtoberezhovka":
            assert not near  # a different name: no fold makes "zhovto" of "zholto"
            continue
        assert [p.geonameid for p in near] == [9900001], spelling
    hill = gaz.lookup("Mohyla Sinya")
    assert hill
    assert hill[0].level == "feature"
    assert not gaz.lookup("Ozerna Stream")  # a stream is no place an event is told at
    province = [p for p in gaz.lookup("Донецька область") if p.level == "admin1"]
    assert [p.name for p in province] == ["Donetsk"]  # the gazetteer's province, more names


def test_rerunning_the_download_changes_nothing(server, cache):
    base, _ = server
    assert _download(base).exit_code == 0
    path = gazetteer_path(cache)
    before = path.read_bytes()
    again = _download(base)
    assert again.exit_code == 0, again.output
    assert "UA: unchanged" in again.output
    assert path.read_bytes() == before
    status = runner.invoke(app, ["gazetteer", "status"])
    assert status.exit_code == 0
    assert "geonames:UA" in status.output
    assert "4 places" in status.output


def test_a_truncated_zip_fails_clearly_and_leaves_the_gazetteer_working(server, cache):
    base, root = server
    assert _download(base).exit_code == 0
    path = gazetteer_path(cache)
    before = path.read_bytes()
    whole = (root / "UA.zip").read_bytes()
    (root / "UA.zip").write_bytes(whole[: len(whole) // 2])
    result = _download(base)
    assert result.exit_code == 1
    assert "UA.zip" in result.output
    assert "not a complete zip archive" in result.output
    assert path.read_bytes() == before
    assert [p.admin1 for p in Gazetteer(path).lookup(VILLAGE[0])]  # still there


def test_a_cut_download_resumes_from_what_it_has(server, cache):
    base, root = server
    staging = cache / "geonames" / "staging"
    staging.mkdir(parents=True)
    whole = (root / "UA.zip").read_bytes()
    (staging / "UA.zip.part").write_bytes(whole[:100])  # what a cut connection left
    result = _download(base)
    assert result.exit_code == 0, result.output
    assert (cache / "geonames" / "UA.zip").read_bytes() == whole


def test_adding_an_offline_copy_needs_a_country_dump(tmp_path: Path, cache):
    root = write_fixture(tmp_path / "copy")
    assert country_of_dump(root / "UA.zip") == "UA"
    ok = runner.invoke(app, ["gazetteer", "add", str(root / "UA.zip")])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "other.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("notes.txt", "nothing")
    result = runner.invoke(app, ["gazetteer", "add", str(bad)])
    assert result.exit_code == 1
    assert "one CC.txt file" in result.output


def test_a_dump_with_missing_columns_is_refused_before_anything_is_written(tmp_path, cache):
    dump = tmp_path / "UA.zip"
    with zipfile.ZipFile(dump, "w") as z:
        z.writestr("UA.txt", "1\tX\tX\n")
    path = gazetteer_path(cache)
    before = path.read_bytes()
    with pytest.raises(GeonamesError, match="3 columns, not 19"):
        add_country(path, DumpFiles(dump))
    assert path.read_bytes() == before


@pytest.mark.slow
def test_extract_places_a_note_on_the_new_village_within_5_km(server, cache, tmp_path):
    base, _ = server
    assert _download(base).exit_code == 0
    note = tmp_path / "note.txt"
    note.write_text(
        f"On 3 March, shelling hit the village of {VILLAGE[0]} in Donetsk Oblast, "
        "damaging two houses, local officials said.",
        encoding="utf-8",
    )
    env = {**os.environ, "TRUCELINE_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-m", "truceline.cli", "extract", str(note), "--published", "2024-03-04"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    events = json.loads(out.stdout)["events"]
    assert events
    loc = events[0]["location"]
    from truceline.geo.gazetteer import Place

    got = Place("", None, None, loc["latitude"], loc["longitude"], 0, "city")
    village = Place("", None, None, VILLAGE[1], VILLAGE[2], 0, "city")
    assert distance_km(got, village) <= 5, loc


def test_a_rebuilt_gazetteer_gets_the_kept_dumps_again(server, cache, gazetteer):
    base, _ = server
    assert _download(base).exit_code == 0
    assert (cache / "geonames" / "UA.zip").exists()  # kept for rebuilds
    path = gazetteer_path(cache)
    shutil.copyfile(gazetteer.path, path)  # what a rebuild of the offline default gives
    assert not Gazetteer(path).lookup(VILLAGE[0])
    (result,) = reapply_stored(path, cache)
    assert (result.country, result.status, result.places) == ("UA", "added", 4)
    assert len(Gazetteer(path).lookup(VILLAGE[0])) == 2
