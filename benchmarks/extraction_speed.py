"""Extraction speed: articles per second, beside spaCy's full pipeline.

    python benchmarks/extraction_speed.py --reports [--articles 200] [--shared ../shared]
    python benchmarks/extraction_speed.py [--articles N] [--words W] [--processes 1 2]
        [--shared ../shared]

`--reports` (issue 17): the dev news reports (`articles-dev.jsonl`, about 260 words each)
repeated to N articles (at least 200), read by `truceline extract --jsonl` as a user runs
it (its default settings: every core), beside spaCy's full pipeline over every sentence
of the same articles in a pool of as many processes (one per core, warmed before the
clock starts). Start-up is excluded from the command's figure by difference: it runs on
N and on 2N articles, and its rate is N / (time(2N) - time(N)), the same for its CPU
seconds (those of the command and its workers). Prints both rates, their ratio (goal
>= 1.0), the same ratio in CPU seconds, and the peak RSS of the largest process of the
command (goal <= 1 GB).

Without `--reports`:

Builds N articles of about W words from the dev texts (whole sentences, cut at a
sentence end), then, in this one run:
- extraction: `Extractor.extract_many` (the pipeline) over the N articles;
- baseline: the same spaCy model with its full pipeline (every component, lemmatizer
  included) over every sentence of the same articles (`nlp.pipe`, sentences split
  beforehand, outside the timing);
each in 1 process and in 2 worker processes (a pool whose workers load their models
before the clock starts). Start-up is excluded everywhere. Prints articles/s, the
ratio extraction / baseline, the same ratio in CPU seconds (the processes' own CPU
time: steadier than the clock when other jobs share the machine), and the peak RSS of
the extracting process(es).
Goal: >= 50 articles/s, >= 5x the baseline, peak memory <= 1 GB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from truceline.extract.nlp import CANDIDATES
from truceline.extract.sentences import split_sentences
from truceline.schemas import ArticleInput

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
WARMUP = 3
GOALS = {"articles_per_second": 50.0, "ratio": 5.0, "peak_rss_mb": 1024.0}


# --- the articles ---------------------------------------------------------------------------


def build_articles(shared: Path, count: int, words: int) -> list[ArticleInput]:
    """`count` articles of about `words` words: dev article sentences first, then ACLED
    notes, concatenated in order (a paragraph per source text) and cut at sentence ends."""
    dev = shared / "data" / "dev"
    sources: list[dict[str, Any]] = []
    for name in ("seed-article.jsonl", "articles-dev.jsonl", "acled-notes-2020-05.jsonl"):
        with open(dev / name, encoding="utf-8") as f:
            sources.extend(json.loads(line) for line in f if line.strip())
    articles: list[ArticleInput] = []
    paragraphs: list[str] = []
    current: list[str] = []
    n_words = 0
    published = None
    while len(articles) < count:
        for record in sources:
            published = published or record.get("published")
            for sentence in split_sentences(record["text"]):
                current.append(sentence.text)
                n_words += len(sentence.text.split())
                if n_words >= words:
                    paragraphs.append(" ".join(current))
                    articles.append(
                        ArticleInput(
                            id=f"speed-{len(articles)}",
                            text="\n\n".join(paragraphs),
                            published=published,
                        )
                    )
                    paragraphs, current, n_words, published = [], [], 0, None
                    if len(articles) == count:
                        return articles
            if current:
                paragraphs.append(" ".join(current))
                current = []
    return articles


# --- the two workloads -------------------------------------------------------------------------


def load_full_spacy() -> Language:
    """The extraction's spaCy model with every component (the baseline)."""
    for name in CANDIDATES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit(f"no spaCy model among {CANDIDATES}")


_STATE: dict[str, Any] = {}


def _init_worker(kind: str) -> None:
    if kind == "extract":
        from truceline.extract.pipeline import Extractor

        _STATE["run"] = _extract_runner(Extractor())
    else:
        _STATE["run"] = _baseline_runner(load_full_spacy())


def _extract_runner(extractor: Any) -> Callable[[Sequence[Any]], int]:
    def run(articles: Sequence[ArticleInput]) -> int:
        return sum(len(doc.events) for doc in extractor.extract_many(articles))

    return run


def _baseline_runner(nlp: Language) -> Callable[[Sequence[Any]], int]:
    def run(sentence_lists: Sequence[list[str]]) -> int:
        sentences = [s for group in sentence_lists for s in group]
        return sum(len(doc) for doc in nlp.pipe(sentences, batch_size=256))

    return run


def _work(chunk: Sequence[Any]) -> float:
    """CPU seconds the worker spent on `chunk`."""
    started = time.process_time()
    _STATE["run"](chunk)
    return time.process_time() - started


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _sleep_then_peak(_: int) -> float:
    time.sleep(0.2)  # so that every worker takes one of these calls
    return _peak_rss_mb()


def timed_in_process(
    run: Callable[[Sequence[Any]], int], items: Sequence[Any]
) -> tuple[float, float]:
    """Seconds for the items, on the clock and in CPU time."""
    run(items[:WARMUP])
    started, cpu = time.perf_counter(), time.process_time()
    run(items)
    return time.perf_counter() - started, time.process_time() - cpu


def timed_in_pool(kind: str, items: Sequence[Any], processes: int) -> tuple[float, float, float]:
    """Seconds for the items over a pool whose workers are started and warmed first;
    the CPU seconds of the workers on them; and the largest peak RSS of a worker, in MB."""
    ctx = mp.get_context("spawn")
    chunk = max(1, len(items) // (processes * 8))
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    with ctx.Pool(processes, initializer=_init_worker, initargs=(kind,)) as pool:
        pool.map(_work, [items[:WARMUP]] * processes, chunksize=1)
        started = time.perf_counter()
        cpu = sum(pool.map(_work, chunks, chunksize=1))
        seconds = time.perf_counter() - started
        peak = max(pool.map(_sleep_then_peak, range(processes), chunksize=1))
    return seconds, cpu, peak


# --- the command, on the dev reports (issue 17) ------------------------------------------------


def report_articles(shared: Path, count: int) -> list[dict[str, Any]]:
    """The dev reports as contract input lines, repeated (with new ids) to `count`."""
    with open(shared / "data" / "dev" / "articles-dev.jsonl", encoding="utf-8") as f:
        reports = [json.loads(line) for line in f if line.strip()]
    keep = ("title", "url", "published", "outlet")
    return [
        {"id": f"report-{n}", "text": r["text"], **{k: r[k] for k in keep if r.get(k)}}
        for n, r in zip(range(count), _cycle(reports), strict=False)
    ]


def _cycle(items: list[Any]) -> Any:
    while True:
        yield from items


def run_command(lines: list[dict[str, Any]], workdir: Path) -> tuple[float, float, int]:
    """`truceline extract --jsonl` on `lines`: seconds on the clock, CPU seconds of the
    command and its workers, and the number of documents written."""
    src, out = workdir / f"in-{len(lines)}.jsonl", workdir / f"out-{len(lines)}.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "truceline.cli", "extract", "--jsonl", str(src), "-o", str(out)],
        check=True,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(out, encoding="utf-8") as f:
        written = sum(1 for _ in f)
    return seconds, cpu, written


def reports_main(shared: Path, count: int) -> int:
    processes = os.cpu_count() or 1
    lines = report_articles(shared, 2 * count)
    words = sum(len(x["text"].split()) for x in lines[:count]) / count
    print(f"{count} dev reports of {words:.0f} words on average (and {2 * count} for the "
          f"difference); `extract --jsonl` defaults: {processes} worker processes")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        s1, c1, n1 = run_command(lines[:count], Path(tmp))
        s2, c2, n2 = run_command(lines, Path(tmp))
    if (n1, n2) != (count, 2 * count):
        raise SystemExit(f"the command wrote {n1} and {n2} documents for {count} and {2 * count}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ours, ours_cpu = count / (s2 - s1), c2 - c1
    articles = [ArticleInput.model_validate(x) for x in lines[: count + WARMUP]]
    sentence_lists = [[s.text for s in split_sentences(a.text)] for a in articles]
    base_s, base_cpu, _ = timed_in_pool("baseline", sentence_lists, processes)
    base = len(sentence_lists) / base_s
    base_cpu *= count / len(sentence_lists)
    print(f"\n{'':24s} {'articles/s':>11s} {'CPU s / ' + str(count):>14s}")
    print(f"{'extract --jsonl':24s} {ours:11.1f} {ours_cpu:14.1f}   "
          f"(clock {s1:.1f} s for {count}, {s2:.1f} s for {2 * count})")  # fmt: skip
    print(f"{'spaCy full pipeline':24s} {base:11.1f} {base_cpu:14.1f}")
    ratio, cpu_ratio = ours / base, base_cpu / ours_cpu
    print(
        f"\nratio {ratio:.2f} (goal >= 1.0: {'ok' if ratio >= 1.0 else 'BELOW'}), "
        f"in CPU seconds {cpu_ratio:.2f}; peak RSS of a process {peak:.0f} MB "
        f"(goal <= 1024: {'ok' if peak <= 1024 else 'ABOVE'})"
    )
    distinct(lines[: len(set(x["text"] for x in lines))])
    return 0


def distinct(lines: list[dict[str, Any]]) -> None:
    """The same comparison on text read once: repeated reports let the extraction's caches
    (an actor phrase, a date expression, a name already resolved) answer for the second
    copy, which spaCy's pipeline cannot. In one process, both warmed on every other report,
    then timed (CPU seconds) on the remaining reports, each read for the first time."""
    from truceline.extract.pipeline import Extractor

    articles = [ArticleInput.model_validate(x) for x in lines]
    warm, timed = articles[::2], articles[1::2]
    sentences = [s.text for a in timed for s in split_sentences(a.text)]
    extractor = Extractor()
    list(extractor.extract_many(warm[:1]))  # start-up: the first article loads the lazy tables,
    list(extractor.extract_many(warm[1:]))  # the next call sets them aside from the collector
    started = time.process_time()
    list(extractor.extract_many(timed))
    ours = time.process_time() - started
    nlp = load_full_spacy()
    list(nlp.pipe(s.text for a in warm for s in split_sentences(a.text)))
    started = time.process_time()
    list(nlp.pipe(sentences, batch_size=256))
    base = time.process_time() - started
    print(
        f"\ntext read once ({len(timed)} reports, one process, CPU seconds): extraction "
        f"{len(timed) / ours:.1f}/s, spaCy full pipeline {len(timed) / base:.1f}/s, "
        f"ratio {base / ours:.2f} (goal >= 1.0: {'ok' if base >= ours else 'BELOW'})"
    )


# --- main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument(
        "--reports",
        action="store_true",
        help="the dev reports through `truceline extract --jsonl` (issue 17)",
    )
    args = parser.parse_args()
    if args.reports:
        return reports_main(args.shared, max(args.articles, 200))

    articles = build_articles(args.shared, args.articles + WARMUP, args.words)
    sentence_lists = [[s.text for s in split_sentences(a.text)] for a in articles]
    words = sum(len(a.text.split()) for a in articles[WARMUP:]) / args.articles
    print(f"{args.articles} articles of {words:.0f} words on average "
          f"(+{WARMUP} for warm-up), {sum(map(len, sentence_lists)) // len(articles)} "
          "sentences each")  # fmt: skip

    rows = []
    for processes in args.processes:
        if processes == 1:
            from truceline.extract.pipeline import Extractor

            extract_s, extract_cpu = timed_in_process(_extract_runner(Extractor()), articles)
            peak = _peak_rss_mb()  # before the baseline model is loaded in this process
            base_s, base_cpu = timed_in_process(_baseline_runner(load_full_spacy()), sentence_lists)
        else:
            extract_s, extract_cpu, peak = timed_in_pool("extract", articles, processes)
            base_s, base_cpu, _ = timed_in_pool("baseline", sentence_lists, processes)
        n = len(articles)  # warm-up articles are part of the timed run too
        rows.append((processes, n / extract_s, n / base_s, base_cpu / extract_cpu, peak))

    print(f"\n{'processes':>9s} {'extraction/s':>13s} {'spaCy full/s':>13s} {'ratio':>7s} "
          f"{'CPU ratio':>10s} {'peak RSS MB':>12s}")  # fmt: skip
    for processes, ours, base, cpu_ratio, peak in rows:
        print(f"{processes:9d} {ours:13.1f} {base:13.1f} {ours / base:6.1f}x "
              f"{cpu_ratio:9.2f}x {peak:12.0f}")  # fmt: skip
    best = max(rows, key=lambda r: r[1])
    print(
        f"\ngoals: >= {GOALS['articles_per_second']:.0f} articles/s "
        f"({'ok' if best[1] >= GOALS['articles_per_second'] else 'BELOW'}: {best[1]:.1f}), "
        f">= {GOALS['ratio']:.0f}x the baseline "
        f"({'ok' if best[1] / best[2] >= GOALS['ratio'] else 'BELOW'}: {best[1] / best[2]:.1f}x), "
        f"peak <= {GOALS['peak_rss_mb']:.0f} MB per process "
        f"({'ok' if max(r[4] for r in rows) <= GOALS['peak_rss_mb'] else 'ABOVE'}: "
        f"{max(r[4] for r in rows):.0f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
