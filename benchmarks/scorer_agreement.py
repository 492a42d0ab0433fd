"""Check that truceline's scorer (`truceline.evaluate.score`) agrees with the reference
scorer (`shared/eval/score.py`) on the real dev gold.

    python benchmarks/scorer_agreement.py [--shared ../shared] [--pred FILE.jsonl ...] [--seed N]

Predictions are gold documents perturbed at random (dates shifted, places moved, types,
actors, claimants, statuses and fatalities changed, events dropped, added and
duplicated, ceasefires dropped, documents missing or invalid), so that every branch of
the matching is exercised; `--pred` adds prediction files (e.g. the ones
`extraction_quality.py` writes under artifacts/). Prints both results' differences and
exits 1 if they disagree anywhere.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import importlib.util
import random
import sys
from pathlib import Path
from typing import Any

from truceline.evaluate import load_jsonl, score
from truceline.schemas import EVENT_TYPES, SUB_EVENT_TO_TYPE

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD_FILES = ("seed-article.jsonl", "articles-dev.jsonl", "acled-notes-2020-05.jsonl")
KINDS = ("state_forces", "rebels", "government", "civilians", "protesters", "unknown", "media")
COUNTRIES = ("AZE", "ARM", "UKR", "RUS", "SYR", "YEM", None)


def load_reference(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("reference_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no reference scorer at {shared / 'eval' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _perturb_event(e: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    e = copy.deepcopy(e)
    for key in ("optional", "alt_event_types", "alt_sub_event_types"):
        e.pop(key, None)
    r = rng.random
    if r() < 0.2:
        sub = rng.choice(list(SUB_EVENT_TO_TYPE))
        e["sub_event_type"] = sub
        e["event_type"] = SUB_EVENT_TO_TYPE[sub] if r() < 0.8 else rng.choice(list(EVENT_TYPES))
    if e.get("date") and r() < 0.25:
        day = dt.date.fromisoformat(e["date"][:10]) + dt.timedelta(days=rng.choice((-3, -1, 1, 2)))
        e["date"] = day.isoformat()
    elif r() < 0.1:
        e["date"] = None
    loc = e.get("location")
    if loc and loc.get("latitude") is not None and r() < 0.3:
        loc["latitude"] = max(-90.0, min(90.0, loc["latitude"] + rng.uniform(-0.6, 0.6)))
        loc["longitude"] = max(-180.0, min(180.0, loc["longitude"] + rng.uniform(-0.6, 0.6)))
    if loc and r() < 0.1:
        loc["precision"] = "country"
        if r() < 0.5:
            loc["country"] = rng.choice(COUNTRIES)
    if loc and r() < 0.05:
        e["location"] = None
    for key in ("actor1", "actor2"):
        if r() < 0.2:
            e[key] = (
                None
                if r() < 0.3
                else {"name": "x", "country": rng.choice(COUNTRIES), "kind": rng.choice(KINDS)}
            )
    if r() < 0.2:
        e["claimants"] = [
            {"name": "c", "country": rng.choice(COUNTRIES), "kind": rng.choice(KINDS)}
            for _ in range(rng.randint(0, 2))
        ]
    if r() < 0.2:
        e["status"] = rng.choice(("asserted", "alleged", "denied", "hypothetical"))
    if r() < 0.2:
        e["fatalities"] = rng.choice((None, 0, 1, 2, 5))
    if r() < 0.15:
        e["violation"] = rng.choice((None, True, False))
    if r() < 0.1:
        e["primary"] = not e.get("primary")
    return e


def perturb(record: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """A prediction document for a gold record, or None for a missing document."""
    if rng.random() < 0.03:
        return None
    if rng.random() < 0.02:
        return {"schema": "truceline/0", "article": {"id": record["id"]}}
    events = [_perturb_event(e, rng) for e in record["gold"]["events"] if rng.random() > 0.15]
    if events and rng.random() < 0.2:
        events.append(_perturb_event(rng.choice(events), rng))
    rng.shuffle(events)
    ceasefires = [copy.deepcopy(c) for c in record["gold"].get("ceasefires") or []]
    ceasefires = [c for c in ceasefires if rng.random() > 0.2]
    for c in ceasefires:
        if c.get("effective") and rng.random() < 0.2:
            c["effective"] = None
        if rng.random() < 0.2:
            c["parties"] = c["parties"][:1]
    return {
        "schema": "truceline/1",
        "article": {"id": record["id"]},
        "events": events,
        "ceasefires": ceasefires,
        "quotes": [],
    }


def diff(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += diff(a.get(k, "<absent>"), b.get(k, "<absent>"), f"{path}.{k}")
        if list(a) != list(b) and not out:
            out.append(f"{path}: key order differs")
        return out
    return [] if a == b else [f"{path}: ours {a!r} reference {b!r}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--pred", type=Path, nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    reference = load_reference(args.shared)
    dev = args.shared / "data" / "dev"
    golds = {name: load_jsonl(dev / name) for name in GOLD_FILES}
    disagreements = 0
    checks = 0
    rng = random.Random(args.seed)
    for name, gold in golds.items():
        cases = [("perfect", [perturb_none(r) for r in gold])]
        cases += [
            (f"perturbed#{k}", [p for r in gold if (p := perturb(r, rng))])
            for k in range(args.rounds)
        ]
        for label, pred in cases:
            ours, theirs = score(gold, pred), reference.score(gold, pred)
            problems = diff(ours, theirs)
            checks += 1
            disagreements += bool(problems)
            headline = ours.get("multi", {}).get(
                "event_f1", ours.get("single", {}).get("sub_event_type")
            )
            print(
                f"{name:28s} {label:12s} {'agree' if not problems else 'DISAGREE'}"
                f"  (headline {headline})"
            )
            for line in problems[:20]:
                print("   ", line)
    all_gold = [r for g in golds.values() for r in g]
    for pred_path in args.pred:
        pred = load_jsonl(pred_path)
        ids = {(d.get("article") or {}).get("id") for d in pred}
        gold = [r for r in all_gold if r["id"] in ids]
        problems = diff(score(gold, pred), reference.score(gold, pred))
        checks += 1
        disagreements += bool(problems)
        print(f"{pred_path!s:40s} {'agree' if not problems else 'DISAGREE'}")
        for line in problems[:20]:
            print("   ", line)
    print(f"{checks - disagreements}/{checks} comparisons agree")
    return 1 if disagreements else 0


def perturb_none(record: dict[str, Any]) -> dict[str, Any]:
    """The gold itself as a prediction (gold-only fields removed)."""
    events = [
        {
            k: v
            for k, v in e.items()
            if k not in ("optional", "alt_event_types", "alt_sub_event_types")
        }
        for e in record["gold"]["events"]
    ]
    return {
        "schema": "truceline/1",
        "article": {"id": record["id"]},
        "events": events,
        "ceasefires": record["gold"].get("ceasefires") or [],
        "quotes": [],
    }


if __name__ == "__main__":
    sys.exit(main())
