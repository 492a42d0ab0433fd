"""Geo stage quality on dev data, without the rest of the pipeline.

ACLED notes (both dev files): each note's sentences are parsed, `find_places` +
`resolve_location` run on them (first sentence with a place wins; else the text's main
country), and the result is compared with the gold location: share within 25 km and
100 km (country-level answers count as right when gold is country-level in the same
country). Dev reports: each gold event's location from its evidence sentences, within
25 / 50 / 100 km. Also: can the gazetteer resolve the reports' gold location names?

Each miss (beyond 25 km) gets one class, the first that fits:
  missing   the gazetteer has no place of the gold name within 25 km of gold;
  namesake  the answer is a place of the gold name, elsewhere (a wrong namesake);
  country   the answer is a country (a fallback: the gold is below country level);
  other     another place the text names (or no answer at all).

`--baseline DIR` runs this same script with DIR's checkout and virtualenv (e.g. /work/main
before a change; its gazetteer goes to its own cache directory) and prints its figures
beside these. Dev data is read at run time only.

    python benchmarks/geo_quality.py [--limit N] [--show N] [--rebuild] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import re
import resource
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from truceline.countries import countries_in_text
from truceline.extract.context import ParsedSentence
from truceline.extract.nlp import load_pipeline
from truceline.extract.sentences import split_sentences
from truceline.geo.gazetteer import Gazetteer, build_gazetteer, get_gazetteer
from truceline.geo.locations import find_places, location_of_country, resolve_location

DEV = Path("/work/shared/data/dev")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(min(1, math.sqrt(h)))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


GEO_SECONDS = [0.0]


def main_country(found: Counter, text: str, mentions: list):
    """The text's main country as the checkout's pipeline falls back to it: since issue 12
    only among countries the text places something in (not known by a demonym alone)."""
    try:
        from truceline.geo.locations import countries_placed, placed_country
    except ImportError:  # a checkout before issue 12
        return location_of_country(found.most_common(1)[0][0]) if found else None
    return placed_country(found, countries_placed(text, mentions))


def locate(text: str, nlp, gaz: Gazetteer):
    sentences = split_sentences(text)
    docs = list(nlp.pipe(s.text for s in sentences))
    t = time.perf_counter()
    try:
        found = countries_in_text(text)
        seen = []
        for sent, doc in zip(sentences, docs, strict=True):
            mentions = find_places(ParsedSentence(sent, doc), gaz)
            seen.extend(mentions)
            loc = resolve_location(mentions, found, anchor=None)
            if loc is not None:
                return loc
        return main_country(found, text, seen)
    finally:
        GEO_SECONDS[0] += time.perf_counter() - t


MISS_CLASSES = ("missing", "namesake", "country", "other")


def _name_pieces(name: str) -> list[str]:
    pieces = [p.strip() for p in re.split(r"[(),]", name) if p.strip()]
    out = []
    for piece in [name, *pieces]:
        piece = re.sub(
            r"\b(district|province|region|governorate|oblast|raion|sector|area|village|"
            r"street|fronts?|hills|outskirts of|villages near)\b",
            "",
            piece,
            flags=re.I,
        ).strip()
        if piece:
            out.append(piece)
    return out


def miss_class(gaz: Gazetteer, gold: dict, loc) -> str:
    """Why an answer beyond 25 km missed (see the module docstring)."""
    glat, glon = gold["latitude"], gold["longitude"]
    named = [p for piece in _name_pieces(gold["name"]) for p in gaz.lookup(piece)]
    radius = 100 if gold["precision"] == "region" else 25
    if not any(km(p.latitude, p.longitude, glat, glon) <= radius for p in named):
        if gold["precision"] != "country":
            return "missing"
    if loc is not None and loc.latitude is not None:
        if any(
            km(p.latitude, p.longitude, loc.latitude, loc.longitude) <= 1 and p.kind != "country"
            for p in named
        ):
            return "namesake"
        if loc.precision == "country" and gold["precision"] != "country":
            return "country"
    return "other"


def acled(nlp, gaz: Gazetteer, name: str, limit: int | None, show: int) -> dict:
    notes = [json.loads(line) for line in (DEV / name).open()]
    notes = notes[:limit] if limit else notes
    within25 = within100 = 0
    misses = []
    classes: Counter[str] = Counter()
    missed: dict[str, str] = {}
    GEO_SECONDS[0] = 0.0
    started = time.perf_counter()
    for note in notes:
        gold = note["gold"]["events"][0]["location"]
        loc = locate(note["text"], nlp, gaz)
        if loc is None or loc.latitude is None:
            misses.append((None, note, gold, loc))
            missed[note["id"]] = miss_class(gaz, gold, loc)
            classes[missed[note["id"]]] += 1
            continue
        d = km(loc.latitude, loc.longitude, gold["latitude"], gold["longitude"])
        same_country_level = loc.precision == "country" and gold["precision"] == "country"
        ok25 = d <= 25 or (same_country_level and loc.country == gold["country"])
        within25 += ok25
        within100 += d <= 100 or ok25
        if not ok25:
            misses.append((d, note, gold, loc))
            missed[note["id"]] = miss_class(gaz, gold, loc)
            classes[missed[note["id"]]] += 1
    elapsed = time.perf_counter() - started
    n = len(notes)
    print(
        f"ACLED {name}: {n}; within 25 km {within25 / n:.3f}; within 100 km {within100 / n:.3f};"
        f" none {sum(1 for m in misses if m[0] is None)}; {n / elapsed:.0f} notes/s with parsing,"
        f" geo stage {GEO_SECONDS[0] / n * 1000:.2f} ms/note"
    )
    print("  misses: " + ", ".join(f"{c} {classes[c]}" for c in MISS_CLASSES))
    for d, note, gold, loc in misses[:show]:
        print(
            f"- {d and round(d)} km | {note['text'][:160]!r}\n"
            f"    gold {gold['name']} {gold['country']}"
            f" {gold['admin1']} | got {loc and (loc.name, loc.country, loc.admin1, loc.precision)}"
        )
    return {
        "n": n,
        "within25": round(within25 / n, 4),
        "within100": round(within100 / n, 4),
        "misses": {c: classes[c] for c in MISS_CLASSES},
        "ms_per_note": round(GEO_SECONDS[0] / n * 1000, 3),
        "missed": missed,
    }


def article_names(gaz: Gazetteer, show: int) -> dict:
    articles = [json.loads(line) for line in (DEV / "articles-dev.jsonl").open()]
    total = ok = 0
    for art in articles:
        for ev in art["gold"]["events"]:
            gold = ev["location"]
            if not gold or gold["latitude"] is None:
                continue
            total += 1
            pieces = [p.strip() for p in re.split(r"[(),]", gold["name"]) if p.strip()]
            hit = None
            for piece in [gold["name"], *pieces]:
                piece = re.sub(
                    r"\b(district|province|region|governorate|sector|area|village|"
                    r"street|fronts?|hills|outskirts of|villages near)\b",
                    "",
                    piece,
                    flags=re.I,
                ).strip()
                for p in gaz.lookup(piece):
                    if gold["precision"] == "country" and p.kind == "country":
                        if p.country == gold["country"]:
                            hit = p
                    elif km(p.latitude, p.longitude, gold["latitude"], gold["longitude"]) <= 50:
                        hit = p
                    if hit:
                        break
                if hit:
                    break
            ok += hit is not None
            if show:
                print(
                    f"  {'ok ' if hit else 'MISS'} {gold['name']!r} ->"
                    f" {hit and (hit.name, hit.level)}"
                )
    print(f"report gold locations resolvable by name (candidate within 50 km): {ok}/{total}")
    return {"n": total, "resolvable": ok}


def article_events(nlp, gaz: Gazetteer, show: int) -> dict:
    """Gold events of the dev reports: the location resolved in the evidence's sentences
    (anchor: the evidence start; the paragraph's earlier sentences, then the text's main
    country, as fallbacks), within 25/50/100 km of gold or both country-level in one
    country."""
    articles = [json.loads(line) for line in (DEV / "articles-dev.jsonl").open()]
    total = 0
    within = {25: 0, 50: 0, 100: 0}
    classes: Counter[str] = Counter()
    started = time.perf_counter()
    sentences_seen = 0
    for art in articles:
        text = art["text"]
        sentences = split_sentences(text)
        parsed = [
            ParsedSentence(s, d)
            for s, d in zip(sentences, nlp.pipe(x.text for x in sentences), strict=True)
        ]
        t = time.perf_counter()
        found = countries_in_text(text)
        mentions = [find_places(p, gaz) for p in parsed]
        GEO_SECONDS[0] += time.perf_counter() - t
        sentences_seen += len(parsed)
        for ev in art["gold"]["events"]:
            gold = ev["location"]
            if not gold or gold["latitude"] is None or not ev.get("evidence"):
                continue
            total += 1
            start, end = ev["evidence"]["start"], ev["evidence"]["end"]
            idx = [
                k for k, p in enumerate(parsed) if p.sentence.end > start and p.sentence.start < end
            ]
            article_mentions = [m for ms in mentions for m in ms]
            here = [m for k in idx for m in mentions[k]]
            loc = resolve_location(here, found, anchor=start, nearby=article_mentions)
            k0 = idx[0] if idx else 0
            for k in range(k0 - 1, -1, -1):
                if loc or parsed[k].sentence.paragraph != parsed[k0].sentence.paragraph:
                    break
                loc = resolve_location(mentions[k], found, nearby=article_mentions)
            if loc is None:
                loc = main_country(found, text, article_mentions)
            d = math.inf
            both_country = False
            if loc is not None and loc.latitude is not None:
                both_country = loc.precision == "country" and gold["precision"] == "country"
                if both_country and loc.country == gold["country"]:
                    d = 0.0
                else:
                    d = km(loc.latitude, loc.longitude, gold["latitude"], gold["longitude"])
            within[25] += d <= 25
            within[50] += d <= 50
            within[100] += d <= 100
            if d > 25:
                classes[miss_class(gaz, gold, loc)] += 1
            if d > 50 and show:
                print(
                    f"  MISS {gold['name']!r} ({gold['precision']}) -> "
                    f"{loc and (loc.name, loc.country, loc.precision)}"
                )
    print(
        f"dev reports: {total} gold events located from their evidence sentences: within 25 km"
        f" {within[25] / total:.3f}, 50 km {within[50] / total:.3f}, 100 km"
        f" {within[100] / total:.3f} ({len(articles) / (time.perf_counter() - started):.1f}"
        f" articles/s with parsing; {sentences_seen} sentences)"
    )
    print("  misses: " + ", ".join(f"{c} {classes[c]}" for c in MISS_CLASSES))
    return {
        "n": total,
        "within25": round(within[25] / total, 4),
        "within50": round(within[50] / total, 4),
        "within100": round(within[100] / total, 4),
        "misses": {c: classes[c] for c in MISS_CLASSES},
    }


def run(args: argparse.Namespace) -> dict:
    if args.rebuild:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            build_gazetteer(Path(tmp) / "g.sqlite")
            print(f"gazetteer build: {time.perf_counter() - t:.1f}s, peak RSS {rss_mb():.0f} MB")
    t = time.perf_counter()
    gaz = get_gazetteer()
    print(f"gazetteer open: {time.perf_counter() - t:.2f}s ({gaz.path})")
    probe = ["Tripoli", "Stepanakert", "Donetsk", "Idlib", "Nowhereville", "Kabul", "Marib"]
    t = time.perf_counter()
    for i in range(2000):
        gaz._cache.clear()
        gaz.lookup(probe[i % len(probe)])
    print(f"uncached lookup: {(time.perf_counter() - t) / 2000 * 1e6:.0f} µs")
    nlp = load_pipeline()
    out = {
        name: acled(nlp, gaz, name, args.limit, args.show)
        for name in ("acled-notes-2020-05.jsonl", "acled-notes-broad.jsonl")
        if not args.only or name in args.only
    }
    if not args.only or "reports" in args.only:
        GEO_SECONDS[0] = 0.0
        out["reports"] = article_events(nlp, gaz, args.show)
        print(f"geo stage on reports: {GEO_SECONDS[0] / 54 * 1000:.1f} ms/report")
        out["report names"] = article_names(gaz, args.show)
    print(f"peak RSS {rss_mb():.0f} MB")
    return out


def baseline(checkout: Path, args: argparse.Namespace) -> dict:
    """This script's figures with another checkout's code (its own virtualenv and cache)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        cache = os.environ.get("TRUCELINE_CACHE_DIR") or tempfile.gettempdir()
        env = {**os.environ, "TRUCELINE_CACHE_DIR": str(Path(cache) / "baseline")}
        cmd = [str(checkout / ".venv" / "bin" / "python"), __file__, "--json", tmp.name]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        for part in args.only or []:
            cmd += ["--only", part]
        subprocess.run(cmd, cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL)
        return json.loads(Path(tmp.name).read_text())


def compare(ours: dict, theirs: dict, label: str) -> None:
    print(f"\n{'':28} {'this checkout':>24} {label:>24}")
    for part, figures in ours.items():
        other = theirs.get(part, {})
        for key, value in figures.items():
            if key == "missed":
                gone = set(other.get(key, {})) - set(value)
                new = set(value) - set(other.get(key, {}))
                print(f"{part[:18]:18} misses fixed {len(gone)}, new misses {len(new)}")
            elif key == "misses":
                for c in MISS_CLASSES:
                    print(
                        f"{part[:18]:18} miss {c:9} {value[c]:>24}"
                        f" {other.get(key, {}).get(c, '-'):>24}"
                    )
            else:
                print(f"{part[:18]:18} {key:14} {value:>24} {other.get(key, '-'):>24}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true", help="time a fresh gazetteer build")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--only", action="append", help="a part: an ACLED file name, or 'reports' (repeatable)"
    )
    parser.add_argument("--baseline", type=Path, help="a checkout to compare with (e.g. main)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    theirs = baseline(args.baseline, args) if args.baseline else None
    ours = run(args)
    if args.json:
        args.json.write_text(json.dumps(ours, indent=1))
    if theirs is not None:
        compare(ours, theirs, f"baseline {args.baseline}")


if __name__ == "__main__":
    main()
