"""How well the date and fatality stages read the dev gold.

    python benchmarks/dates_fatalities_quality.py [--shared ../shared] [--show N] [--only SET]

ACLED notes (one event each; the note's first date is the event date): the date read
from the note text alone (no publication date given, so nothing can fall back on the
gold), then as the pipeline calls it (publication date given); fatalities exactly
right on notes whose gold reports deaths, and on all notes the way the scorer counts
(gold 0 is also met by None).
Dev articles (multi-event gold, an evidence sentence per event): each gold event's
date from its evidence, the article's publication date and the last date before the
evidence (in its paragraph, in it and the one before, or anywhere earlier), with the trigger
anchor unknown or guessed from a death/attack word; fatalities where the gold has a
figure. `--show N` prints up to N misses of each kind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from truceline.extract.dates import find_dates, last_date_before, resolve_event_date
from truceline.extract.fatalities import count_fatalities
from truceline.extract.nlp import load_pipeline
from truceline.extract.sentences import split_sentences

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
TRIGGER = re.compile(
    r"\b(?:kill\w*|shell\w*|attack\w*|fir(?:e|ed|ing)|clash\w*|fight\w*|accus\w*|strike\w*|"
    r"struck|launch\w*|bomb\w*|martyr\w*|died|violat\w*|den(?:y|ied)|dismiss\w*|blam\w*|"
    r"targ\w*|shot|resum\w*|condemn\w*|erupt\w*|intercept\w*|injur\w*|wound\w*)",
    re.IGNORECASE,
)


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def rate(hit: int, n: int) -> str:
    return f"{hit / n:.4f} ({hit}/{n})" if n else "n/a"


def acled(records: list[dict[str, Any]], show: int) -> None:
    nlp = load_pipeline()
    texts = [r["text"] for r in records]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    parse_s = time.perf_counter() - t0
    tally: Counter[str] = Counter()
    misses: dict[str, list[str]] = {"date": [], "fatalities": []}
    t0 = time.perf_counter()
    for r, doc in zip(records, docs, strict=True):
        gold = r["gold"]["events"][0]
        published = dt.date.fromisoformat(r["published"])
        text_only, precision = resolve_event_date(r["text"], None)
        with_pub, _ = resolve_event_date(r["text"], published)
        gdate = dt.date.fromisoformat(gold["date"])
        tally["n"] += 1
        tally["date_text_only"] += text_only == gdate
        tally["date_pipeline"] += with_pub == gdate
        tally["precision"] += precision == gold["date_precision"]
        if text_only != gdate and len(misses["date"]) < show:
            misses["date"].append(f"{gdate} got {text_only}: {r['text'][:150]}")
        got = count_fatalities(r["text"], doc=doc)
        gf = gold["fatalities"]
        tally["fat_scored"] += got == gf or (gf == 0 and got is None)
        if gf > 0:
            tally["fat_nonzero_n"] += 1
            tally["fat_nonzero"] += got == gf
            if got != gf and len(misses["fatalities"]) < show:
                misses["fatalities"].append(f"gold {gf} got {got}: {r['text'][:300]}")
        else:
            tally["fat_zero_n"] += 1
            tally["fat_zero_false_count"] += bool(got)
    run_s = time.perf_counter() - t0
    print(f"ACLED notes: {tally['n']} (parse {parse_s:.1f}s, dates+fatalities {run_s:.1f}s)")
    print(f"  date exactly right, text alone        {rate(tally['date_text_only'], tally['n'])}")
    print(f"  date exactly right, pipeline call     {rate(tally['date_pipeline'], tally['n'])}")
    print(f"  date precision right (text alone)     {rate(tally['precision'], tally['n'])}")
    print(
        f"  fatalities right, gold > 0            "
        f"{rate(tally['fat_nonzero'], tally['fat_nonzero_n'])}"
    )
    print(f"  fatalities right, scorer's rule       {rate(tally['fat_scored'], tally['n'])}")
    print(
        f"  deaths counted where gold is 0        "
        f"{rate(tally['fat_zero_false_count'], tally['fat_zero_n'])}"
    )
    for kind, lines in misses.items():
        for line in lines:
            print(f"    miss {kind}: {line}")


def articles(records: list[dict[str, Any]], show: int) -> None:
    tally: Counter[str] = Counter()
    misses: list[str] = []
    fat_misses: list[str] = []
    for r in records:
        text = r["text"]
        published = dt.date.fromisoformat(r["published"]) if r.get("published") else None
        sentences = split_sentences(text)
        article_dates = find_dates(text, published)
        for ev in r["gold"]["events"]:
            evidence = ev["evidence"]
            etext, start = evidence["text"], evidence["start"]
            para = next((s.paragraph for s in sentences if s.start <= start < s.end), None)
            para_start = min((s.start for s in sentences if s.paragraph == para), default=0)
            para_prev = last_date_before(article_dates, start, since=para_start)
            art_prev = last_date_before(article_dates, start)
            near_start = min(
                (s.start for s in sentences if para is not None and s.paragraph >= para - 1),
                default=0,
            )
            near_prev = last_date_before(article_dates, start, since=near_start)
            trig = TRIGGER.search(etext)
            anchor = trig.start() if trig else None
            if ev.get("date"):
                gdate = dt.date.fromisoformat(ev["date"])
                runs = {
                    "no previous, no anchor": resolve_event_date(etext, published),
                    "paragraph previous": resolve_event_date(etext, published, previous=para_prev),
                    "paragraph previous + anchor": resolve_event_date(
                        etext, published, anchor=anchor, previous=para_prev
                    ),
                    "two-paragraph previous + anchor": resolve_event_date(
                        etext, published, anchor=anchor, previous=near_prev
                    ),
                    "article previous + anchor": resolve_event_date(
                        etext, published, anchor=anchor, previous=art_prev
                    ),
                }
                tally["date_n"] += 1
                tally["date_n_required"] += not ev.get("optional")
                for name, (got, _) in runs.items():
                    tally[f"date {name}"] += got == gdate
                    tally[f"within1 {name}"] += got is not None and abs((got - gdate).days) <= 1
                    if not ev.get("optional"):
                        tally[f"required {name}"] += got == gdate
                got = runs["two-paragraph previous + anchor"][0]
                if got != gdate and len(misses) < show:
                    misses.append(f"{r['id']} {ev['id']} gold {gdate} got {got}: {etext[:160]}")
            if ev.get("fatalities") is not None:
                tally["fat_n"] += 1
                got_f = count_fatalities(etext, anchor=anchor)
                tally["fat"] += got_f == ev["fatalities"]
                if got_f != ev["fatalities"] and len(fat_misses) < show:
                    fat_misses.append(
                        f"{r['id']} {ev['id']} gold {ev['fatalities']} got {got_f}: {etext[:200]}"
                    )
            else:
                tally["fat_none_n"] += 1
                tally["fat_none_counted"] += count_fatalities(etext, anchor=anchor) is not None
    n = tally["date_n"]
    print(f"Dev articles: {len(records)}, gold events with a date: {n}")
    for name in (
        "no previous, no anchor",
        "paragraph previous",
        "paragraph previous + anchor",
        "two-paragraph previous + anchor",
        "article previous + anchor",
    ):
        print(
            f"  date exactly right, {name:33s} {rate(tally['date ' + name], n)}; "
            f"within 1 day {rate(tally['within1 ' + name], n)}; "
            f"non-optional {rate(tally['required ' + name], tally['date_n_required'])}"
        )
    print(f"  fatalities right where gold has a figure  {rate(tally['fat'], tally['fat_n'])}")
    print(
        f"  a figure given where gold has none        "
        f"{rate(tally['fat_none_counted'], tally['fat_none_n'])}"
    )
    for line in misses + fat_misses:
        print(f"    miss: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show", type=int, default=0, help="print up to N misses of each kind")
    parser.add_argument("--only", choices=("acled", "articles"), help="run one of the two sets")
    args = parser.parse_args()
    dev = args.shared / "data" / "dev"
    if args.only in (None, "acled"):
        acled(load(dev / "acled-notes-2020-05.jsonl"), args.show)
    if args.only in (None, "articles"):
        articles(load(dev / "articles-dev.jsonl"), args.show)


if __name__ == "__main__":
    main()
