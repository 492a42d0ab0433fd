"""API load: requests/s and p50/p99 latency of the ledger and events endpoints on
100,000 stored events, with a bounded load generator on loopback.

    python benchmarks/api_load.py [--events 100000] [--rate 200] [--seconds 20]
        [--db sqlite:///FILE] [--keep] [--json OUT.json]

1. Store: generated articles (5 events each, invented text) written with the store's
   `add_article_with_extraction`, ceasefires imported as a user's YAML, incidents
   built by `analyse` + `save_build` (what `truceline incidents build` runs), in a
   temporary SQLite file (or `--db`, reused if it already holds the events).
2. Server: `truceline serve --no-build --tiles off` in a child process on 127.0.0.1.
3. Load: open-loop, at a fixed rate (requests start on schedule whether or not earlier
   ones finished), capped in time (`--seconds`) and in requests in flight (256), sent
   over keep-alive connections by a minimal asyncio HTTP/1.1 client (cheaper than
   httpx, which is used for setup, so the client takes less CPU from the server); the
   latency of a request is measured from its scheduled start, so a server that falls
   behind shows it (no coordinated omission). Scenarios: `ledger` (JSON ledger of a
   ceasefire, round robin), `events` (a page of 50 events with varied filters: none,
   country, day span, type, box, a second page by cursor), `mixed` (half each).

Besides latency it reports the server's CPU time per request (from /proc), which
other work on the machine distorts far less than latency: 1000 / that figure is the
requests/s one core can serve. The 1-minute load average is printed beside each run.

Goal: p99 under 100 ms at 200 requests/s for ledger and events; exit status 1 if not.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.incidents import analyse
from truceline.incidents.persist import load_corpus, load_imports, save_build, save_imports
from truceline.incidents.registry import yaml_records
from truceline.inputs import content_id
from truceline.schemas import SUB_EVENT_TO_TYPE, Actor, Document, Event, Evidence, Location
from truceline.store import NewArticle, add_article_with_extraction, make_engine, upgrade
from truceline.store.models import events as events_table

GOAL_P99_MS = 100.0
MAX_IN_FLIGHT = 256
EVENTS_PER_ARTICLE = 5

# (country, centre, the other party or None (rebels), has ceasefires)
THEATRES = [
    ("AZE", (40.3, 47.0), "ARM", True),
    ("UKR", (48.0, 37.8), "RUS", True),
    ("YEM", (15.4, 44.2), None, True),
    ("SDN", (15.5, 32.5), None, True),
    ("SYR", (35.0, 38.0), None, False),
    ("COD", (-1.7, 29.2), None, False),
]
# Each theatre with ceasefires has four of three weeks in the year (ledgers of a few
# hundred alleged violations each, as a hot conflict gives).
TRUCE_STARTS = (10, 100, 190, 280)
TRUCE_DAYS = 21
SUBS = [
    "Shelling/artillery/missile attack", "Armed clash", "Air/drone strike", "Attack",
    "Remote explosive/landmine/IED", "Accusation", "Peaceful protest", "Arrests",
]  # fmt: skip
OUTLETS = ["Wire One", "Daily Two", "Courier Three", "Monitor Four", "Herald Five",
           "Post Six", "Times Seven", "Agency Eight"]  # fmt: skip


def _yaml() -> str:
    rows = []
    for t, (country, _, other, has) in enumerate(THEATRES):
        if not has:
            continue
        parties = [{"name": f"{country} government", "country": country, "kind": "government"}]
        parties.append(
            {"name": f"{other} government", "country": other, "kind": "government"}
            if other
            else {"name": f"{country} rebels", "country": country, "kind": "rebels"}
        )
        for k, start in enumerate(TRUCE_STARTS):
            day = dt.date(2023, 1, 1) + dt.timedelta(days=start + 3 * t)
            rows.append({"id": f"bench-{country.lower()}-{k + 1}", "name": f"Truce {k + 1} in "
                         f"{country}", "parties": parties, "effective": f"{day}T12:00",
                         "ended": str(day + dt.timedelta(days=TRUCE_DAYS))})  # fmt: skip
    return yaml.safe_dump({"ceasefires": rows})


def _document(n: int, rng: random.Random) -> tuple[NewArticle, Document]:
    country, (lat0, lon0), other, _ = THEATRES[n % len(THEATRES)]
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(365))
    a = Actor(name=f"{country} forces", country=country, kind="state_forces")
    b = Actor(name=f"{other or country} fighters", country=other or country,
              kind="state_forces" if other else "rebels")  # fmt: skip
    parts: list[str] = []
    evs = []
    pos = 0
    for i in range(EVENTS_PER_ARTICLE):
        sub = rng.choice(SUBS)
        lat, lon = lat0 + rng.uniform(-1.5, 1.5), lon0 + rng.uniform(-1.5, 1.5)
        place = f"Place-{country}-{int(lat * 10)}-{int(lon * 10)}"
        claim = rng.random()
        claimants = [a] if claim < 0.35 else [b] if claim < 0.7 else []
        sentence = (
            f"Report {n}-{i}: {sub.lower()} near {place} on {day:%d %B}, "
            f"{'according to ' + claimants[0].name if claimants else 'the outlet said'}."
        )
        evs.append(Event(
            id=f"e{i + 1}", primary=i == 0, event_type=SUB_EVENT_TO_TYPE[sub],
            sub_event_type=sub, date=(day - dt.timedelta(days=rng.randrange(3))).isoformat(),
            date_precision="day", actor1=a if i % 2 else b, actor2=b if i % 2 else a,
            location=Location(name=place, country=country, latitude=round(lat, 4),
                              longitude=round(lon, 4), precision="exact"),
            fatalities=rng.choice([None, None, 0, 1, 2, 5]), claimants=claimants,
            status="alleged" if claimants else "asserted",
            evidence=Evidence(text=sentence, start=pos, end=pos + len(sentence)),
            confidence=round(rng.uniform(0.4, 0.95), 2),
        ))  # fmt: skip
        parts.append(sentence)
        pos += len(sentence) + 1
    text = " ".join(parts)
    aid = content_id(text)
    outlet = OUTLETS[n % len(OUTLETS)]
    new = NewArticle(id=aid, text=text, source=f"bench:{n}", title=f"Report {n}", outlet=outlet,
                     published=day, language="en",
                     urls=(f"https://news.example/{n}",))  # fmt: skip
    doc = Document(article={"id": aid, "outlet": outlet, "published": day.isoformat()},
                   events=evs)  # fmt: skip
    return new, doc


def build_store(db: str, n_events: int) -> dict[str, float]:
    engine = make_engine(db)
    upgrade(engine)
    timings: dict[str, float] = {}
    with Session(engine) as session:
        have = session.execute(select(func.count()).select_from(events_table)).scalar_one()
        if have >= n_events:
            print(f"store holds {have:,} events already: reusing it", file=sys.stderr)
            engine.dispose()
            return timings
        rng = random.Random(7)
        t0 = time.perf_counter()
        for n in range(n_events // EVENTS_PER_ARTICLE):
            add_article_with_extraction(session, *_document(n, rng))
            if n % 5000 == 0:
                print(f"  stored {n * EVENTS_PER_ARTICLE:,} events", file=sys.stderr)
        timings["store_seconds"] = round(time.perf_counter() - t0, 1)
        save_imports(session, yaml_records(yaml.safe_load(_yaml()), "bench.yaml"), "bench.yaml")
        t0 = time.perf_counter()
        docs, texts = load_corpus(session)
        result = analyse(docs, load_imports(session), texts=texts)
        n_inc, _ = save_build(session, result)
        timings["build_seconds"] = round(time.perf_counter() - t0, 1)
        timings["incidents"] = n_inc
    engine.dispose()
    return timings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "truceline.cli", "serve", "--db", db, "--port", str(port),
         "--no-build", "--tiles", "off", "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/api/status", timeout=2).raise_for_status()
            return proc, base
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {proc.communicate()[1]}") from None
            time.sleep(0.2)


def event_paths(base: str, rng: random.Random) -> list[str]:
    """A varied set of event queries (a second page by a real cursor among them)."""
    first = httpx.get(base + "/api/events", params={"limit": 50}).json()
    paths = [
        "/api/events?limit=50",
        f"/api/events?limit=50&cursor={first['next_cursor']}",
        "/api/events?limit=50&country=UKR",
        "/api/events?limit=50&country=AZE,ARM&status=alleged",
        "/api/events?limit=50&since=2023-06-01&until=2023-06-30",
        "/api/events?limit=50&type=Battles",
        "/api/events?limit=50&type=Air/drone%20strike&since=2023-09-01",
        "/api/events?limit=50&bbox=36,47,39,49",
    ]
    for _ in range(8):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(330))
        paths.append(f"/api/events?limit=50&since={day}&until={day + dt.timedelta(days=7)}")
    return paths


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


class RawClient:
    """A minimal HTTP/1.1 keep-alive client over asyncio streams.

    The load generator shares the machine with the server; httpx costs about as much
    CPU per request as the server does, so the timed requests use this instead (GET
    only, Content-Length bodies, a pool of reused connections)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def get(self, path: str) -> int:
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode()
        while self.idle:  # a kept-alive connection the server may have closed meanwhile
            conn = self.idle.pop()
            try:
                return await self._send(conn, request)
            except (OSError, asyncio.IncompleteReadError):
                conn[1].close()
        return await self._send(await asyncio.open_connection(self.host, self.port), request)

    async def _send(self, conn: Any, request: bytes) -> int:
        reader, writer = conn
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        self.idle.append(conn)
        return status

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def run_load(base: str, paths: list[str], rate: float, seconds: float) -> dict[str, Any]:
    """Open-loop load: request i starts at t0 + i/rate; latency from that moment."""
    total = int(rate * seconds)
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
    url = httpx.URL(base)
    client = RawClient(url.host, url.port or 80)

    async def one(i: int, due: float) -> None:
        async with in_flight:
            try:
                status = await client.get(paths[i % len(paths)])
                if status != 200:
                    errors[f"HTTP {status}"] = errors.get(f"HTTP {status}", 0) + 1
                    return
                latencies.append(time.perf_counter() - due)
                by_path.setdefault(paths[i % len(paths)], []).append(latencies[-1])
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    cpu0 = time.process_time()
    t0 = time.perf_counter() + 0.05
    tasks = []
    for i in range(total):
        due = t0 + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    client_cpu = time.process_time() - cpu0
    client.close()
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1) if lat else float("nan")

    return {
        "target_rate": rate,
        "requests": total,
        "ok": len(lat),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "achieved_rps": round(len(lat) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": round(lat[-1] * 1000, 1) if lat else None,
        "mean_ms": round(statistics.fmean(lat) * 1000, 1) if lat else None,
        "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, total), 2),
        "slowest_paths_p99_ms": dict(
            sorted(
                ((p, round(sorted(v)[int(0.99 * len(v))] * 1000, 1)) for p, v in by_path.items()),
                key=lambda kv: -kv[1],
            )[:3]
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=200.0)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--db", help="sqlite:///FILE to build (or reuse); default: a temp file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary store")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()

    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.mkdtemp(prefix="truceline-api-load-")
        db = f"sqlite:///{tmp}/store.sqlite"
    print(f"store: {db}", file=sys.stderr)
    timings = build_store(db, args.events)
    engine = make_engine(db)
    with Session(engine) as session:
        n_events = session.execute(select(func.count()).select_from(events_table)).scalar_one()
    engine.dispose()
    proc, base = start_server(db)
    results: dict[str, Any] = {"stored_events": n_events, "cpus": os.cpu_count(),
                               "load_average_before": load_average(), **timings}  # fmt: skip
    try:
        rng = random.Random(11)
        ceasefires = [c["id"] for c in httpx.get(base + "/api/ceasefires").json()["items"]]
        ledgers = [f"/api/ceasefires/{c}/ledger" for c in ceasefires]
        evs = event_paths(base, rng)
        for path in ledgers + evs:  # warm-up: caches, connection pool, page cache
            httpx.get(base + path).raise_for_status()
        mixed = [p for pair in zip(evs, ledgers * len(evs), strict=False) for p in pair]
        for name, paths in (("ledger", ledgers), ("events", evs), ("mixed", mixed)):
            cpu0 = cpu_seconds(proc.pid)
            r = asyncio.run(run_load(base, paths, args.rate, args.seconds))
            # The server's own CPU per request: what the load average cannot distort much.
            r["server_cpu_ms_per_request"] = round(
                (cpu_seconds(proc.pid) - cpu0) * 1000 / max(1, r["ok"]), 2
            )
            r["load_average_1min"] = load_average()
            results[name] = r
            print(f"{name:7s} {r['achieved_rps']:7.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
                  f"p99 {r['p99_ms']:6.1f} ms  max {r['max_ms']} ms  errors {r['errors']}  "
                  f"server CPU {r['server_cpu_ms_per_request']} ms/request  "
                  f"client CPU {r['client_cpu_ms_per_request']} ms/request  "
                  f"load {r['load_average_1min']}", file=sys.stderr)  # fmt: skip
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        if tmp and not args.keep:
            for f in Path(tmp).iterdir():
                f.unlink()
            os.rmdir(tmp)
    ok = all(
        results[k]["p99_ms"] < GOAL_P99_MS and not results[k]["errors"]
        and results[k]["achieved_rps"] >= 0.95 * args.rate
        for k in ("ledger", "events")
    )  # fmt: skip
    results["goal"] = f"p99 < {GOAL_P99_MS:g} ms at {args.rate:g} req/s"
    results["goal_met"] = ok
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
