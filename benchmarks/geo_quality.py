"""Geo stage quality on dev data, without the rest of the pipeline.

ACLED notes: each note's sentences are parsed, `find_places` + `resolve_location` run on
them (first sentence with a place wins; else the text's main country), and the result is
compared with the gold location: share within 25 km and 100 km (country-level answers
count as right when gold is country-level in the same country).
News articles: can the gazetteer resolve the gold location names (a candidate within
50 km)? Also timings and peak memory.

    python benchmarks/geo_quality.py [--limit N] [--show N] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import resource
import tempfile
import time
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


def locate(text: str, nlp, gaz: Gazetteer):
    sentences = split_sentences(text)
    docs = list(nlp.pipe(s.text for s in sentences))
    t = time.perf_counter()
    try:
        found = countries_in_text(text)
        for sent, doc in zip(sentences, docs, strict=True):
            mentions = find_places(ParsedSentence(sent, doc), gaz)
            loc = resolve_location(mentions, found, anchor=None)
            if loc is not None:
                return loc
        if found:
            return location_of_country(found.most_common(1)[0][0])
        return None
    finally:
        GEO_SECONDS[0] += time.perf_counter() - t


def acled(nlp, gaz: Gazetteer, limit: int | None, show: int) -> None:
    notes = [json.loads(line) for line in (DEV / "acled-notes-2020-05.jsonl").open()]
    notes = notes[:limit] if limit else notes
    within25 = within100 = 0
    misses = []
    started = time.perf_counter()
    for note in notes:
        gold = note["gold"]["events"][0]["location"]
        loc = locate(note["text"], nlp, gaz)
        if loc is None or loc.latitude is None:
            misses.append((None, note, gold, loc))
            continue
        d = km(loc.latitude, loc.longitude, gold["latitude"], gold["longitude"])
        same_country_level = loc.precision == "country" and gold["precision"] == "country"
        ok25 = d <= 25 or (same_country_level and loc.country == gold["country"])
        within25 += ok25
        within100 += d <= 100 or ok25
        if not ok25:
            misses.append((d, note, gold, loc))
    elapsed = time.perf_counter() - started
    n = len(notes)
    print(
        f"ACLED notes: {n}; within 25 km {within25 / n:.3f}; within 100 km {within100 / n:.3f};"
        f" none {sum(1 for m in misses if m[0] is None)}; {n / elapsed:.0f} notes/s with parsing,"
        f" geo stage {GEO_SECONDS[0] / n * 1000:.2f} ms/note"
    )
    for d, note, gold, loc in misses[:show]:
        print(
            f"- {d and round(d)} km | {note['text'][:160]!r}\n"
            f"    gold {gold['name']} {gold['country']}"
            f" {gold['admin1']} | got {loc and (loc.name, loc.country, loc.admin1, loc.precision)}"
        )


def article_names(gaz: Gazetteer) -> None:
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
            print(
                f"  {'ok ' if hit else 'MISS'} {gold['name']!r} -> {hit and (hit.name, hit.level)}"
            )
    print(f"article gold locations resolvable by name (candidate within 50 km): {ok}/{total}")


def article_events(nlp, gaz: Gazetteer, show: int) -> None:
    """Gold events of the news articles: the location resolved in the evidence's sentences
    (anchor: the evidence start; the paragraph's earlier sentences, then the text's main
    country, as fallbacks), within 50 km of gold or both country-level in one country."""
    articles = [json.loads(line) for line in (DEV / "articles-dev.jsonl").open()]
    total = ok = 0
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
            if loc is None and found:
                loc = location_of_country(found.most_common(1)[0][0])
            good = False
            if loc is not None and loc.latitude is not None:
                both_country = loc.precision == "country" and gold["precision"] == "country"
                d = km(loc.latitude, loc.longitude, gold["latitude"], gold["longitude"])
                good = d <= 50 or (both_country and loc.country == gold["country"])
            ok += good
            if not good and show:
                print(
                    f"  MISS {gold['name']!r} ({gold['precision']}) -> "
                    f"{loc and (loc.name, loc.country, loc.precision)}"
                )
    print(
        f"article gold events located within 50 km from their evidence sentences: {ok}/{total}"
        f" ({len(articles) / (time.perf_counter() - started):.1f} articles/s with parsing;"
        f" {sentences_seen} sentences)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true", help="time a fresh gazetteer build")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

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
    acled(nlp, gaz, args.limit, args.show)
    GEO_SECONDS[0] = 0.0
    article_events(nlp, gaz, args.show)
    print(f"geo stage on articles: {GEO_SECONDS[0] / 24 * 1000:.1f} ms/article")
    article_names(gaz)
    print(f"peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
