"""Throughput of `truceline run` on this machine, and what a year of Common Crawl News costs.

    python benchmarks/scale_out.py [--corpus FILE.jsonl] [--articles 96] [--shards 8]
                                   [--workers 1 2] [--json OUT.json]

Measures, in one run and on the same articles:
  1. plain local extraction: `Extractor.extract_many` in this process (no engine, no I/O);
  2. `run --engine local`: the same shards read, extracted and written as Parquet here;
  3. `run --engine dask` on a LocalCluster of 1, then 2, worker processes (1 thread each):
     cluster start and model loading timed apart from the work itself;
  4. the WARC path: the same articles as HTML pages in a WARC.gz (adds trafilatura);
and the resident memory of each Dask worker after its work. Each is reported as
articles/s of wall-clock time and as CPU seconds per article (worker processes plus
the client and scheduler); on a shared machine the wall-clock figures move with the
load, the CPU figures much less, so the CC-News estimate (cluster size and hours for
one year, printed with its arithmetic) is computed from CPU time.

The corpus defaults to the dev articles (read at run time, never copied), repeated
with fresh ids up to --articles. Figures depend on the load of the machine: the load
average is printed with them. Re-run it on an idle machine for figures to quote.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from truceline.scale.runner import get_extractor, plan_run, run_local, run_on_client
from truceline.schemas import ArticleInput

DEV_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "articles-dev.jsonl"

# Common Crawl News, one year (sources in docs/scale-out.md):
# - Infini-News (Lazzaroni, Lasser, Solovev, arXiv 2605.18337, 2026) processed the whole
#   CC-News archive, Aug 2016 to 2026: about 1.35 billion articles, i.e. ~140 million a
#   year on average, more in recent years than in the first ones.
# - CC-News is published as WARC.gz files of about 1 GB; recent months hold ~600 files
#   (community download tools), i.e. ~7,200 files and ~7 TB a year, ~25,000 pages a file.
CC_NEWS_ARTICLES_PER_YEAR = 150e6
CC_NEWS_WARC_FILES_PER_YEAR = 7_200
CC_NEWS_TB_PER_YEAR = 7.2
# News articles run to 500-800 words; the estimate scales the measured rate by length.
CC_NEWS_MEAN_CHARS = 4_000
IDLE_SECONDS = 5.0


def load_corpus(path: Path, n: int) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    keep = ("text", "title", "url", "published", "outlet")
    out = []
    for i in range(n):
        row = rows[i % len(rows)]
        out.append({"id": f"bench-{i:05d}", **{k: row.get(k) for k in keep if row.get(k)}})
    return out


def write_jsonl_shards(articles: list[dict[str, Any]], folder: Path, shards: int) -> None:
    folder.mkdir(parents=True)
    size = -(-len(articles) // shards)
    for s in range(shards):
        with open(folder / f"shard-{s:03d}.jsonl", "w", encoding="utf-8") as f:
            for article in articles[s * size : (s + 1) * size]:
                f.write(json.dumps(article, ensure_ascii=False) + "\n")


def write_warc_shards(articles: list[dict[str, Any]], folder: Path, shards: int) -> None:
    """The articles as HTML pages in WARC.gz shards, padded to the size of a real news
    page (~60 KB: menus, teasers, inline script) so that HTML parsing costs what it does."""
    from html import escape

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True)
    size = -(-len(articles) // shards)
    nav = "".join(f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(200))
    teasers = "".join(
        f"<div class='teaser'><a href='/story/{i}'><img src='/img/{i}.jpg' alt=''>"
        f"<h3>Headline of another story number {i}</h3></a><p>Short summary of the "
        f"story, two lines long, the way news sites list related reading.</p></div>"
        for i in range(60)
    )
    script = "<script>window.__STATE__=" + json.dumps({"k": ["x" * 60] * 350}) + "</script>"
    for s in range(shards):
        with open(folder / f"shard-{s:03d}.warc.gz", "wb") as f:
            writer = WARCWriter(f, gzip=True)
            for a in articles[s * size : (s + 1) * size]:
                paras = "".join(f"<p>{escape(p)}</p>" for p in a["text"].split("\n") if p.strip())
                title = escape(a.get("title") or "")
                page = (
                    f"<html><head><title>{title}</title>{script}"
                    f"<meta property='article:published_time' content='{a.get('published', '')}'>"
                    f"</head><body><nav><ul>{nav}</ul></nav><article><h1>{title}</h1>{paras}"
                    f"</article><aside>{teasers}</aside><footer>{nav}</footer></body></html>"
                ).encode()
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1"
                )
                record = writer.create_warc_record(
                    f"https://news.example/{a['id']}",
                    "response",
                    payload=io.BytesIO(page),
                    length=len(page),
                    http_headers=headers,
                )
                writer.write_record(record)


def _cpu() -> float:
    """CPU seconds of this process (all its threads)."""
    return time.process_time()


def _worker_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def _worker_rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def plain_extraction(articles: list[dict[str, Any]]) -> dict[str, float]:
    started = time.perf_counter()
    extractor = get_extractor()
    load = time.perf_counter() - started
    inputs = [ArticleInput.model_validate(a) for a in articles]
    started, cpu = time.perf_counter(), _cpu()
    events = sum(len(d.events) for d in extractor.extract_many(inputs))
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    return {
        "load_s": load,
        "seconds": seconds,
        "rate": len(inputs) / seconds,
        "cpu_s": cpu,
        "cpu_per_article": cpu / len(inputs),
        "events": events,
    }


def engine_local(folder: Path, pattern: str, output: Path) -> dict[str, float]:
    plan = plan_run([str(folder / pattern)], output)
    cpu = _cpu()
    summary = run_local(plan, output)
    cpu = _cpu() - cpu
    return {
        "seconds": summary.seconds,
        "rate": summary.articles / summary.seconds,
        "cpu_s": cpu,
        "cpu_per_article": cpu / summary.articles,
        "articles": summary.articles,
        "events": summary.events,
    }


def engine_dask(folder: Path, output: Path, workers: int) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from truceline.scale.runner import ExtractorPlugin

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        cluster_s = time.perf_counter() - started
        started = time.perf_counter()
        client.register_plugin(ExtractorPlugin())  # the load run_on_client waits for
        load_s = time.perf_counter() - started
        plan = plan_run([str(folder / "*.jsonl")], output)
        idle = client.run(_worker_cpu)
        time.sleep(IDLE_SECONDS)  # what a worker burns doing nothing (heartbeats, monitors)
        before = client.run(_worker_cpu)
        idle_rate = sum(before[w] - idle.get(w, 0.0) for w in before) / len(before) / IDLE_SECONDS
        client_cpu = _cpu()  # the client and, in a LocalCluster, the scheduler
        summary = run_on_client(client, plan, output)
        client_cpu = _cpu() - client_cpu
        after = client.run(_worker_cpu)
        rss = client.run(_worker_rss)
    worker_cpu = sum(after[w] - before.get(w, 0.0) for w in after)
    background = idle_rate * summary.seconds * len(after)
    return {
        "workers": workers,
        "cluster_start_s": cluster_s,
        "model_load_s": load_s,
        "seconds": summary.seconds,
        "rate": summary.articles / summary.seconds,
        "worker_cpu_s": worker_cpu,
        "client_cpu_s": client_cpu,
        "cpu_per_article": (worker_cpu + client_cpu) / summary.articles,
        "worker_cpu_per_article": worker_cpu / summary.articles,
        "worker_idle_cpu_share": idle_rate,
        "work_cpu_per_article": max(0.0, worker_cpu - background) / summary.articles,
        "articles": summary.articles,
        "events": summary.events,
        "worker_rss_mb": max(rss.values()) / 1e6,
    }


def estimate(
    cpu_per_article: float,
    html_per_page: float,
    chars_per_article: float,
    output_bytes_per_article: float,
    worker_mb: float,
) -> list[str]:
    """The CC-News estimate from CPU seconds per article, each step with its arithmetic.

    Extraction scales with the article's length; HTML to text with the page (the
    benchmark's pages are already news-page sized), so it is added unscaled.
    """
    scale = CC_NEWS_MEAN_CHARS / chars_per_article
    cpu = cpu_per_article * scale + html_per_page
    core_hours = CC_NEWS_ARTICLES_PER_YEAR * cpu / 3600
    per_shard = CC_NEWS_ARTICLES_PER_YEAR / CC_NEWS_WARC_FILES_PER_YEAR
    lines = [
        "Common Crawl News, one year (assumptions and sources: docs/scale-out.md)",
        f"  articles/year A       = {CC_NEWS_ARTICLES_PER_YEAR:,.0f} "
        "(1.35 billion over Aug 2016-2026, Infini-News)",
        f"  WARC files/year       = {CC_NEWS_WARC_FILES_PER_YEAR:,} of ~1 GB "
        f"(~{CC_NEWS_TB_PER_YEAR} TB): {per_shard:,.0f} articles a shard",
        f"  CPU per article c     = {cpu_per_article * 1000:.0f} ms (Dask worker, measured on "
        f"{chars_per_article:,.0f}-char articles) x {CC_NEWS_MEAN_CHARS:,}/"
        f"{chars_per_article:,.0f} chars + {html_per_page * 1000:.0f} ms HTML to text "
        f"= {cpu * 1000:.0f} ms",
        f"  core-hours            = A x c / 3600 = {CC_NEWS_ARTICLES_PER_YEAR:,.0f} x "
        f"{cpu:.3f} / 3600 = {core_hours:,.0f}",
        f"  one shard, one core   = {per_shard:,.0f} x {cpu:.3f} / 3600 = "
        f"{per_shard * cpu / 3600:.1f} h (what a lost worker can cost)",
    ]
    lines.append(
        "  efficiency 0.9        = a worker's idle costs (a few % of a core), the last shards"
        " finishing on few workers, restarts"
    )
    for workers in (64, 256, 1024):
        hours = core_hours / (workers * 0.9)
        lines.append(
            f"  {workers:>5} workers (1 core, {worker_mb / 1000:.1f} GB each; "
            f"{workers * worker_mb / 1000:,.0f} GB RAM): {core_hours:,.0f} / ({workers} x 0.9) "
            f"= {hours:,.1f} h"
        )
    out_tb = CC_NEWS_ARTICLES_PER_YEAR * output_bytes_per_article / 1e12
    lines += [
        f"  Parquet output        = A x {output_bytes_per_article:,.0f} B/article "
        f"= {out_tb:.2f} TB (article text included)",
        f"  input read            = {CC_NEWS_TB_PER_YEAR} TB; at 10 Gbit/s aggregate "
        f"{CC_NEWS_TB_PER_YEAR * 8e12 / 10e9 / 3600:.1f} h: the extraction bounds the run",
    ]
    return lines


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*.parquet"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEV_CORPUS)
    parser.add_argument("--articles", type=int, default=96)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: no corpus; give --corpus FILE.jsonl (contract input lines)")

    articles = load_corpus(args.corpus, args.articles)
    chars = statistics.mean(len(a["text"]) for a in articles)
    work = Path(tempfile.mkdtemp(prefix="truceline-scale-bench-"))
    figures: dict[str, Any] = {
        "articles": len(articles),
        "shards": args.shards,
        "mean_chars": chars,
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }
    try:
        write_jsonl_shards(articles, work / "jsonl", args.shards)
        write_warc_shards(articles, work / "warc", args.shards)
        print(
            f"{len(articles)} articles ({chars:,.0f} chars on average) in {args.shards} shards;"
            f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
        )

        import pandas  # noqa: F401  (imported once by the first Parquet write; not timed)

        plain = figures["plain"] = plain_extraction(articles)
        print(
            f"plain extraction (this process):  {plain['rate']:6.2f} articles/s wall, "
            f"{plain['cpu_per_article'] * 1000:5.0f} ms CPU/article (model load "
            f"{plain['load_s']:.1f} s)"
        )
        local = figures["local"] = engine_local(work / "jsonl", "*.jsonl", work / "out-local")
        print(
            f"run --engine local, JSONL:        {local['rate']:6.2f} articles/s wall, "
            f"{local['cpu_per_article'] * 1000:5.0f} ms CPU/article (+ reading, Parquet)"
        )
        warc = figures["warc"] = engine_local(work / "warc", "*.warc.gz", work / "out-warc")
        print(
            f"run --engine local, WARC.gz:      {warc['rate']:6.2f} articles/s wall, "
            f"{warc['cpu_per_article'] * 1000:5.0f} ms CPU/article (+ HTML to text)"
        )
        figures["dask"] = []
        for n in args.workers:
            d = engine_dask(work / "jsonl", work / f"out-dask-{n}", n)
            figures["dask"].append(d)
            print(
                f"run --engine dask, {n} worker(s):  {d['rate']:6.2f} articles/s wall, "
                f"{d['cpu_per_article'] * 1000:5.0f} ms CPU/article ("
                f"{d['worker_cpu_per_article'] * 1000:.0f} in workers, of which "
                f"{d['work_cpu_per_article'] * 1000:.0f} work and the rest a worker's idle "
                f"{100 * d['worker_idle_cpu_share']:.1f}% of a core; the rest client and "
                f"scheduler); before any work: cluster {d['cluster_start_s']:.1f} s, model "
                f"{d['model_load_s']:.1f} s; worker RSS {d['worker_rss_mb']:.0f} MB"
            )
        one = figures["dask"][0]
        overhead_cpu = one["cpu_per_article"] / plain["cpu_per_article"] - 1
        overhead_work = one["work_cpu_per_article"] / plain["cpu_per_article"] - 1
        overhead_wall = plain["rate"] / one["rate"] - 1
        figures["engine_overhead_cpu"] = overhead_cpu
        figures["engine_overhead_work_cpu"] = overhead_work
        figures["engine_overhead_wall"] = overhead_wall
        print(
            f"engine overhead, dask ({one['workers']} worker) vs plain extraction: "
            f"{100 * overhead_wall:+.0f}% wall time, {100 * overhead_cpu:+.0f}% CPU in all, "
            f"{100 * overhead_work:+.0f}% CPU per article without the per-second idle costs "
            "(reading, Parquet, scheduling)"
        )
        for d in figures["dask"][1:]:
            print(
                f"speed-up with {d['workers']} workers: {d['rate'] / one['rate']:.2f}x wall "
                f"(on {os.cpu_count()} shared cores)"
            )
        figures["loadavg_end"] = os.getloadavg()
        print(
            f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores: "
            "wall-clock rates are as noisy as the machine is busy; CPU per article much less"
        )

        # One worker core of a CC-News run: a Dask worker's CPU per article (the scheduler
        # has its own machine), plus the HTML to text that WARC input adds (the WARC -
        # JSONL difference of the local engine).
        html = max(0.0, warc["cpu_per_article"] - local["cpu_per_article"])
        figures["html_cpu_per_page"] = html
        out_bytes = dir_bytes(work / "out-local") / local["articles"]
        print()
        worker_mb = max(2000.0, one["worker_rss_mb"] * 1.5)
        for line in estimate(one["work_cpu_per_article"], html, chars, out_bytes, worker_mb):
            print(line)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
