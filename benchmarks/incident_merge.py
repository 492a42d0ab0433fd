"""Benchmark: merging event mentions into incidents, 10k to 100k events.

    python benchmarks/incident_merge.py [--sizes 10000 20000 50000 100000] [--seed 7]

Generates synthetic reports (nothing from dev data): true incidents in 20 countries
over a year, each reported by 1 to ~8 articles (mean 2.5) with places jittered up to
8 km, a fifth a day late, some at region or country precision, actors sometimes left
out, claimants from either side or a monitor, 3% of articles republished word for word.
Each size runs in its own process and reports, for

- `merge`: `cluster_mentions` alone (blocking + greedy assignment),
- `build`: `build_incidents` end to end (mentions, near-duplicate detection with
  MinHash LSH, merging, status and summaries),

the wall time, the peak memory the stage allocated (tracemalloc, in a second run),
the candidate incidents examined per mention, and the merge's purity (share of
mentions whose incident's majority true incident is their own).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import time
import tracemalloc
from collections import Counter

from truceline.incidents.build import build_incidents
from truceline.incidents.mentions import mentions_from_documents
from truceline.incidents.merge import cluster_mentions
from truceline.schemas import (
    SUB_EVENT_TO_TYPE,
    Actor,
    ArticleMeta,
    Document,
    Event,
    Evidence,
    Location,
)

COUNTRIES = {  # ISO3: (lat min, lat max, lon min, lon max), rough boxes
    "UKR": (46, 51, 30, 40), "SYR": (32.5, 37, 36, 42), "YEM": (13, 17.5, 43, 51),
    "AFG": (30, 37, 62, 71), "SOM": (0, 10, 42, 50), "MLI": (12, 20, -10, 2),
    "NGA": (5, 13, 4, 14), "COD": (-10, 4, 18, 30), "MMR": (16, 27, 93, 100),
    "SDN": (9, 20, 23, 36), "ETH": (4, 14, 35, 46), "IRQ": (30, 37, 40, 47),
    "LBY": (25, 32, 10, 25), "PAK": (25, 36, 62, 75), "COL": (0, 10, -78, -68),
    "MEX": (17, 30, -112, -90), "IND": (20, 33, 72, 88), "AZE": (38.5, 41.5, 45, 50),
    "ISR": (29.5, 33, 34.3, 35.8), "BFA": (10, 15, -5, 2),
}  # fmt: skip
TYPES = [
    ("Shelling/artillery/missile attack", 0.4), ("Armed clash", 0.3),
    ("Air/drone strike", 0.1), ("Attack", 0.12), ("Peaceful protest", 0.08),
]  # fmt: skip
START = dt.date(2023, 1, 1)


def generate(n_events: int, seed: int) -> tuple[list[Document], list[int]]:
    """`n_events` single-event documents and, for each, its true incident number."""
    rng = random.Random(seed)
    docs: list[Document] = []
    truth: list[int] = []
    countries = list(COUNTRIES)
    names, weights = zip(*TYPES, strict=True)
    incident = 0
    while len(docs) < n_events:
        iso = rng.choice(countries)
        la0, la1, lo0, lo1 = COUNTRIES[iso]
        lat, lon = rng.uniform(la0, la1), rng.uniform(lo0, lo1)
        day = rng.randrange(365)
        sub = rng.choices(names, weights)[0]
        state = Actor(name=f"{iso} forces", country=iso, kind="state_forces")
        armed = Actor(name=f"{iso} insurgents", country=iso, kind="rebels")
        a1, a2 = (state, armed) if rng.random() < 0.5 else (armed, state)
        if sub == "Attack":
            a2 = Actor(name="civilians", country=iso, kind="civilians")
        if sub == "Peaceful protest":
            a1, a2 = Actor(name="protesters", country=iso, kind="protesters"), None
        reports = 1 + min(int(rng.expovariate(1 / 1.5)), 7)
        for _ in range(reports):
            if len(docs) >= n_events:
                break
            r = rng.random()
            if r < 0.8:
                loc = Location(
                    name=f"town {incident}",
                    country=iso,
                    latitude=lat + rng.uniform(-0.05, 0.05),
                    longitude=lon + rng.uniform(-0.05, 0.05),
                    precision="exact",
                )
            elif r < 0.95:
                loc = Location(
                    name=f"province {incident % 97}",
                    country=iso,
                    latitude=lat + rng.uniform(-0.5, 0.5),
                    longitude=lon + rng.uniform(-0.5, 0.5),
                    precision="region",
                )
            else:
                loc = Location(name=iso, country=iso, precision="country")
            claim = rng.random()
            claimants = (
                [] if claim < 0.4 else [state] if claim < 0.65 else [armed] if claim < 0.9
                else [Actor(name="UN monitors", kind="igo")]
            )  # fmt: skip
            aid = f"a{len(docs)}"
            text = f"Report {aid} on incident {incident}: {sub} near {loc.name}."
            date = (START + dt.timedelta(days=day + (rng.random() < 0.2))).isoformat()
            event = Event(
                id="e1", primary=True, event_type=SUB_EVENT_TO_TYPE[sub], sub_event_type=sub,
                date=date, date_precision="day",
                actor1=a1 if rng.random() < 0.7 else None, actor2=a2, location=loc,
                claimants=claimants, status="alleged" if claimants else "asserted",
                evidence=Evidence(text=text, start=0, end=len(text)), confidence=0.7,
            )  # fmt: skip
            meta = ArticleMeta(id=aid, outlet=f"outlet {rng.randrange(200)}", published=date)
            docs.append(Document(article=meta, events=[event]))
            truth.append(incident)
            if rng.random() < 0.03 and len(docs) < n_events:  # a wire copy
                copy = docs[-1].model_copy(deep=True)
                copy.article.id = f"a{len(docs)}"
                copy.article.outlet = f"outlet {rng.randrange(200)}"
                docs.append(copy)
                truth.append(incident)
        incident += 1
    return docs, truth


def purity(clusters: list[list[int]], truth: list[int]) -> float:
    good = 0
    for c in clusters:
        good += Counter(truth[i] for i in c).most_common(1)[0][1]
    return good / len(truth)


def run_one(n: int, seed: int) -> dict[str, float]:
    docs, truth = generate(n, seed)
    out: dict[str, float] = {"events": n}

    mentions, _ = mentions_from_documents(docs)
    stats: dict[str, int] = {}
    t = time.perf_counter()
    clusters = cluster_mentions(mentions, stats=stats)
    out["merge_s"] = time.perf_counter() - t
    out["incidents"] = len(clusters)
    out["candidates_per_mention"] = stats["comparisons"] / len(mentions)
    truth_by_mention = [truth[int(m.article_id[1:])] for m in mentions]
    out["purity"] = purity(clusters, truth_by_mention)

    t = time.perf_counter()
    result = build_incidents(docs)
    out["build_s"] = time.perf_counter() - t
    assert len(result.incidents) == len(clusters)
    del result

    tracemalloc.start()
    cluster_mentions(mentions)
    out["merge_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    tracemalloc.start()
    build_incidents(docs)
    out["build_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 50_000, 100_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed)))
        return
    rows = []
    for n in args.sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"done {n}", file=sys.stderr)
    base = rows[0]
    print(
        "| events | incidents | merge s | merge peak MB | build s | build peak MB | "
        "candidates/mention | purity | merge time x | build time x |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['events']:,} | {r['incidents']:,} | {r['merge_s']:.2f} | "
            f"{r['merge_peak_mb']:.0f} | {r['build_s']:.2f} | {r['build_peak_mb']:.0f} | "
            f"{r['candidates_per_mention']:.2f} | {r['purity']:.3f} | "
            f"{r['merge_s'] / base['merge_s']:.1f} | {r['build_s'] / base['build_s']:.1f} |"
        )


if __name__ == "__main__":
    main()
