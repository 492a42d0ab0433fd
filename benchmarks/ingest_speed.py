"""Ingest speed: articles/s into SQLite and PostgreSQL, beside `truceline extract --jsonl`.

    python benchmarks/ingest_speed.py [--articles N] [--words W] [--workers 1 2]
        [--pg URL] [--shared ../shared] [--json OUT.json]

Builds N distinct articles of about W words from the dev texts (as
`extraction_speed.py` does) into one JSONL file, then, in this one run, on those
articles:
- extract: `extract_jsonl` (what `truceline extract --jsonl` runs), one process;
- store only: the documents it produced written with `add_article_with_extraction`
  (one transaction per article, as ingest does), into SQLite and PostgreSQL;
- ingest: `truceline ingest IN.jsonl` (the `Ingestor`: readers, language check,
  dedupe, workers, store) with 1 and 2 worker processes, into SQLite and PostgreSQL.
Model loading is excluded everywhere (a warm-up batch first). PostgreSQL is `--pg URL`
or a throwaway cluster (initdb + pg_ctl, as in the tests).

Goal: the store costs under 20% of the extraction time (store-only seconds /
extraction seconds, same articles); exit status 1 if not.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from truceline.extract.jsonl import extract_jsonl
from truceline.extract.normalise import normalise_text
from truceline.ingest import Ingestor
from truceline.ingest.items import LineItem
from truceline.inputs import content_id
from truceline.schemas import ArticleInput, Document
from truceline.store import NewArticle, add_article_with_extraction, make_engine, upgrade

ROOT = Path(__file__).resolve().parents[1]
GOAL_STORE_SHARE = 0.20
WARMUP_PER_WORKER = 2


def _load(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def build_articles(shared: Path, count: int, words: int) -> list[ArticleInput]:
    """`count` distinct articles (the same builder as the extraction speed benchmark)."""
    speed = _load(ROOT / "benchmarks" / "extraction_speed.py", "extraction_speed")
    articles = speed.build_articles(shared, count, words)
    distinct = {content_id(normalise_text(a.text)) for a in articles}
    if len(distinct) < len(articles):
        raise SystemExit(
            f"only {len(distinct)} distinct texts in {count} articles: ask for fewer or shorter"
        )
    return articles


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    if url:
        yield url
        return
    pg = _load(ROOT / "tests" / "pg.py", "truceline_test_pg")
    try:
        with pg.throwaway_postgres() as server:
            yield server
    except pg.PostgresUnavailable as exc:
        print(f"PostgreSQL: skipped ({exc})")
        yield None


def fresh_db(kind: str, base: str | None, tmp: Path, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp / f'{name}.sqlite'}"
    import psycopg

    assert base is not None
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def write_jsonl(path: Path, articles: list[ArticleInput]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a.model_dump(exclude_none=True), ensure_ascii=False) + "\n")


def time_extract(path: Path) -> tuple[float, list[Document]]:
    """`extract --jsonl` in this one process (`-j 0`), its models loaded by a warm-up."""
    out = io.StringIO()
    started = time.perf_counter()
    summary = extract_jsonl(path, out, workers=0)
    seconds = time.perf_counter() - started
    assert summary.failed == 0, f"{summary.failed} lines failed"
    docs = [Document.model_validate(json.loads(line)) for line in out.getvalue().splitlines()]
    return seconds, docs


def time_store_only(url: str, articles: list[ArticleInput], docs: list[Document]) -> float:
    engine = make_engine(url)
    upgrade(engine)
    rows = []
    for a, d in zip(articles, docs, strict=True):
        text = normalise_text(a.text)
        rows.append(
            (
                NewArticle(
                    id=content_id(text), text=text, source="bench", urls=(f"https://b/{a.id}",)
                ),
                d,
            )
        )
    with Session(engine) as session:
        started = time.perf_counter()
        for article, doc in rows:
            assert add_article_with_extraction(session, article, doc)
        seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def time_ingest(url: str, path: Path, warmup: list[ArticleInput], workers: int) -> dict[str, Any]:
    with Ingestor(url, workers=workers) as ingestor:
        ingestor.chunk_size = 1  # one warm-up article per worker task: every worker loads
        lines = [
            LineItem(f"warmup:{i}", json.dumps(a.model_dump()).encode())
            for i, a in enumerate(warmup)
        ]
        ingestor.ingest_items(lines)
        ingestor.chunk_size = 8
        started = time.perf_counter()
        summary = ingestor.ingest([str(path)])
        seconds = time.perf_counter() - started
    assert summary.failed == 0, summary.failures[:3]
    return {"seconds": seconds, "summary": summary}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pg", help="PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()

    warm = WARMUP_PER_WORKER * max(args.workers)
    built = build_articles(args.shared, args.articles + warm + 3, args.words)
    articles, warmup, extract_warmup = built[: args.articles], built[-warm - 3 : -3], built[-3:]
    n = len(articles)
    words = sum(len(a.text.split()) for a in articles) / n
    print(
        f"{n} articles of {words:.0f} words on average; {os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.1f}"
    )

    results: dict[str, Any] = {"articles": n, "words": round(words), "rows": []}
    with tempfile.TemporaryDirectory() as tmp_name, postgres(args.pg) as pg_url:
        tmp = Path(tmp_name)
        path = tmp / "in.jsonl"
        write_jsonl(path, articles)
        write_jsonl(tmp / "warm.jsonl", extract_warmup)
        time_extract(tmp / "warm.jsonl")
        extract_s, docs = time_extract(path)
        rows: list[tuple[str, float, str]] = [("extract --jsonl (1 process)", extract_s, "")]
        backends = ["sqlite"] + (["postgresql"] if pg_url else [])
        store_share: dict[str, float] = {}
        for kind in backends:
            url = fresh_db(kind, pg_url, tmp, f"store_only_{kind}")
            store_s = time_store_only(url, articles, docs)
            store_share[kind] = store_s / extract_s
            rows.append(
                (f"store only -> {kind}", store_s, f"{store_share[kind]:.1%} of extraction")
            )
        for kind in backends:
            for w in args.workers:
                url = fresh_db(kind, pg_url, tmp, f"ingest_{kind}_{w}")
                r = time_ingest(url, path, warmup[: WARMUP_PER_WORKER * w], w)
                s = r["summary"]
                note = f"writer busy {s.store_seconds:.1f} s; {s.events} events"
                if w == 1:
                    note += f"; {r['seconds'] / extract_s - 1:+.0%} vs extract"
                rows.append((f"ingest -> {kind}, {w} worker(s)", r["seconds"], note))

    print(f"\n{'run':36s} {'seconds':>8s} {'articles/s':>11s}  notes")
    for name, seconds, note in rows:
        print(f"{name:36s} {seconds:8.2f} {n / seconds:11.1f}  {note}")
        results["rows"].append(
            {
                "run": name,
                "seconds": round(seconds, 3),
                "articles_per_second": round(n / seconds, 2),
                "notes": note,
            }
        )
    worst = max(store_share.values())
    ok = worst < GOAL_STORE_SHARE
    print(
        f"\ngoal: the store costs < {GOAL_STORE_SHARE:.0%} of the extraction time "
        f"({'ok' if ok else 'ABOVE'}: {', '.join(f'{k} {v:.1%}' for k, v in store_share.items())})"
    )
    results["store_share"] = store_share
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
