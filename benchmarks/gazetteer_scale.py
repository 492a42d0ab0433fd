"""The gazetteer with five full GeoNames country dumps: memory and `extract` throughput.

No internet here, so the dumps are synthetic, of realistic size: `--countries` countries
(default UA RU AM AZ GE) of `--places` features each (default 30,000: Ukraine's dump
holds about 30k populated places), each with its Latin name, two to four alternate names
in the dump's column and three more in the alternate-names file (Ukrainian and Russian
Cyrillic, a Russian romanisation), admin codes, and a share of hills and bases. They are
written in GeoNames' format and added with `add_country`, as `truceline gazetteer
download` does.

Then, each in a fresh process and in the same run:
- RSS of a process that opens the gazetteer and makes 20,000 lookups (no spaCy), with the
  offline default and with the five dumps;
- `extract` throughput (notes/s) on ACLED dev notes (read at run time; or the project's
  own example sentences when the dev data is absent), with each gazetteer, alternating
  A B A B and keeping each one's best; the ratio is the figure.

Also the geo stage alone (find_places + resolve_location on pre-parsed notes), which is
all the gazetteer changes in `extract`, in ms/note with each gazetteer.

    python benchmarks/gazetteer_scale.py [--places N] [--notes N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DEV_NOTES = Path("/work/shared/data/dev/acled-notes-broad.jsonl")
LATIN = "a b v h g d e ye zh z y i yi i k l m n o p r s t u f kh ts ch sh shch yu ya".split()
CYRILLIC = "а б в г ґ д е є ж з и і ї й к л м н о п р с т у ф х ц ч ш щ ю я".split()
SYLLABLES = [c + v for c in "b v h d zh z k l m n p r s t f kh ts ch sh".split() for v in "aeiouy"]


def _name(rng: random.Random) -> tuple[str, str, str]:
    """A made-up place name: Latin (Ukrainian style), Cyrillic, Russian romanisation."""
    parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))]
    ending = rng.choice(["ivka", "ove", "ne", "ky", "sk", "ka", "ivske"])
    latin = ("".join(parts) + ending).capitalize()
    table = dict(zip(LATIN, CYRILLIC, strict=False))
    cyr = "".join(table.get(ch, ch) for ch in latin.lower())
    russian = latin.replace("ivka", "ovka").replace("h", "g").replace("y", "i")
    return latin, cyr, russian


def write_dump(folder: Path, cc: str, n: int, seed: int) -> tuple[Path, Path]:
    rng = random.Random(seed)
    lines, alternates = [], []
    alt_id = 1
    for k in range(n):
        gid = 20_000_000 + seed * 1_000_000 + k
        latin, cyr, russian = _name(rng)
        fclass, fcode = ("P", "PPL")
        roll = rng.random()
        if roll < 0.05:
            fclass, fcode = ("T", "HLL")
        elif roll < 0.07:
            fclass, fcode = ("S", "INSM")
        elif roll < 0.10:
            fclass, fcode = ("H", "STM")  # not kept: as in a real dump
        alts = ",".join([cyr, russian, latin.lower()][: rng.randint(2, 3)])
        lat, lon = 44 + rng.random() * 8, 22 + rng.random() * 18
        pop = int(rng.paretovariate(1.2) * 100) if fclass == "P" else 0
        admin1 = f"{rng.randint(1, 27):02d}"
        lines.append(
            "\t".join([str(gid), latin, latin, alts, f"{lat:.5f}", f"{lon:.5f}", fclass, fcode,
                       cc, "", admin1, "", "", "", str(pop), "", "100", "Europe/Kyiv",
                       "2024-01-01"])
        )  # fmt: skip
        for lang, name in (("uk", cyr), ("ru", cyr.replace("і", "о")), ("en", russian)):
            alternates.append(f"{alt_id}\t{gid}\t{lang}\t{name}\t\t\t\t\t\t")
            alt_id += 1
        alternates.append(f"{alt_id}\t{gid}\tlink\thttps://example.org/{gid}\t\t\t\t\t\t")
        alt_id += 1
    dump, alt = folder / f"{cc}.zip", folder / f"alternatenames-{cc}.zip"
    with zipfile.ZipFile(dump, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{cc}.txt", "\n".join(lines) + "\n")
    with zipfile.ZipFile(alt, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{cc}.txt", "\n".join(alternates) + "\n")
    return dump, alt


def probe_lookups(n: int) -> None:
    """Child: open the gazetteer, make `n` lookups, print RSS (MB) as JSON."""
    from truceline.geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    rng = random.Random(7)
    names = ["Donetsk", "Horlivka", "Gorlovka", "Kharkov", "Idlib", "Kabul", "Nowhereville"]
    found = 0
    for _ in range(n):
        found += bool(gaz.lookup(_name(rng)[rng.randint(0, 2)] if rng.random() < 0.7
                                 else rng.choice(names)))  # fmt: skip
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rss_mb": rss, "found": found}))


def probe_extract(n: int) -> None:
    """Child: extract `n` notes, print notes/s as JSON (the pipeline loaded beforehand)."""
    from truceline.extract.pipeline import Extractor
    from truceline.schemas import ArticleInput

    if DEV_NOTES.exists():
        notes = [json.loads(line)["text"] for line in DEV_NOTES.open()][:n]
    else:
        examples = Path(__file__).resolve().parent.parent / "examples"
        notes = [p.read_text() for p in sorted(examples.glob("*.txt"))] * n
        notes = notes[:n]
    ex = Extractor()
    ex.extract(ArticleInput(id="warm", text="Shelling hit Donetsk on Monday."))
    started = time.perf_counter()
    for i, text in enumerate(notes):
        ex.extract(ArticleInput(id=f"n{i}", text=text, published="2024-03-04"))
    rate = len(notes) / (time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"notes_per_s": rate, "rss_mb": rss}))


def probe_geo(n: int) -> None:
    """Child: parse `n` notes, then time the geo stage alone on them (find_places and
    resolve_location, three passes, a fresh lookup cache each), print ms/note as JSON."""
    from truceline.countries import countries_in_text
    from truceline.extract.context import ParsedSentence
    from truceline.extract.nlp import load_pipeline
    from truceline.extract.sentences import split_sentences
    from truceline.geo.gazetteer import get_gazetteer
    from truceline.geo.locations import find_places, resolve_location

    notes = [json.loads(line)["text"] for line in DEV_NOTES.open()][:n]
    nlp, gaz = load_pipeline(), get_gazetteer()
    parsed = []
    for text in notes:
        sentences = split_sentences(text)
        docs = nlp.pipe(x.text for x in sentences)
        parsed.append((text, [ParsedSentence(a, b) for a, b in zip(sentences, docs, strict=True)]))
    best = float("inf")
    for _ in range(3):
        gaz._cache.clear()
        started = time.perf_counter()
        for text, sentences in parsed:
            found = countries_in_text(text)
            for sentence in sentences:
                resolve_location(find_places(sentence, gaz), found)
        best = min(best, time.perf_counter() - started)
    print(json.dumps({"ms_per_note": best / len(parsed) * 1000}))


def _child(cache: Path, what: str, n: int) -> dict:
    env = {**os.environ, "TRUCELINE_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, __file__, "--child", what, "--n", str(n)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--countries", nargs="+", default=["UA", "RU", "AM", "AZ", "GE"])
    parser.add_argument("--places", type=int, default=30_000)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--child", choices=["lookups", "extract", "geo"])
    parser.add_argument("--n", type=int, default=0)
    args = parser.parse_args()
    if args.child == "lookups":
        return probe_lookups(args.n)
    if args.child == "extract":
        return probe_extract(args.n)
    if args.child == "geo":
        return probe_geo(args.n)

    from truceline.geo.gazetteer import ensure_gazetteer, gazetteer_path
    from truceline.geo.geonames import DumpFiles, add_country
    from truceline.settings import get_settings

    base = ensure_gazetteer(Path(get_settings().cache_dir))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        default, full = root / "default", root / "full"
        for cache in (default, full):
            cache.mkdir()
            shutil.copyfile(base, gazetteer_path(cache))
        before = gazetteer_path(full).stat().st_size
        started = time.perf_counter()
        for seed, cc in enumerate(args.countries, 1):
            dump, alt = write_dump(root, cc, args.places, seed)
            t = time.perf_counter()
            result = add_country(gazetteer_path(full), DumpFiles(dump, alt))
            print(
                f"added synthetic {cc}: {result.places} places, {result.names} names "
                f"in {time.perf_counter() - t:.1f}s"
            )
        size = gazetteer_path(full).stat().st_size
        print(
            f"five dumps added in {time.perf_counter() - started:.0f}s; gazetteer "
            f"{before / 1e6:.0f} MB -> {size / 1e6:.0f} MB"
        )
        for label, cache in (("offline default", default), ("with the five dumps", full)):
            r = _child(cache, "lookups", 20_000)
            print(f"RSS after opening and 20,000 lookups, {label}: {r['rss_mb']:.0f} MB")
        if DEV_NOTES.exists():
            geo = {label: _child(cache, "geo", args.notes)["ms_per_note"]
                   for label, cache in (("default", default), ("full", full))}  # fmt: skip
            print(
                f"geo stage alone on {args.notes} parsed notes: default {geo['default']:.2f}"
                f" ms/note, with the five dumps {geo['full']:.2f} ms/note"
            )
        rates: dict[str, float] = {"default": 0.0, "full": 0.0}
        rss: dict[str, float] = {}
        for _ in range(2):
            for label, cache in (("default", default), ("full", full)):
                r = _child(cache, "extract", args.notes)
                rates[label] = max(rates[label], r["notes_per_s"])
                rss[label] = r["rss_mb"]
        print(
            f"extract on {args.notes} notes: default {rates['default']:.1f} notes/s "
            f"(RSS {rss['default']:.0f} MB), with the five dumps {rates['full']:.1f} notes/s "
            f"(RSS {rss['full']:.0f} MB); ratio {rates['full'] / rates['default']:.3f}"
        )


if __name__ == "__main__":
    main()
