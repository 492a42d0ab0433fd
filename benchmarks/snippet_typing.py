"""Event typing on news snippets: each gold event of the dev reports, read from its
evidence sentence alone.

    python benchmarks/snippet_typing.py [--shared ../shared] [--baseline FILE] [--out FILE]

Typing is also judged on short news snippets labelled with a sub-event type, a register
neither the full reports nor ACLED's notes measure: one or two sentences of wire copy,
read without the report around them (in the pipeline, a short text is a note, typed by
the rules and the learned typer combined). This benchmark builds such snippets from
`articles-dev.jsonl` at run time (read from `shared/data/dev/`, never copied here): the
evidence sentence of every gold event, with the report's publication date. It prints

- `primary`: the share of snippets whose primary event has the gold type (or one of its
  alternatives); `any`: the share with an event of that type among all the snippet's
  events; both also in ACLED's view (truceline's added types as ACLED codes them);
- per gold type, the count and the primary rate; the most frequent confusions.

`--out FILE` writes the per-snippet predictions (JSON lines); `--baseline FILE` reads
such a file from another commit and prints both side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from truceline.extract.pipeline import Extractor
from truceline.schemas import ACLED_VIEW, ArticleInput

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
NO_EVENT = "No event"


def snippets(path: Path) -> list[dict[str, Any]]:
    """One snippet per gold event with an evidence sentence."""
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            for ev in rec["gold"]["events"]:
                evidence = ev.get("evidence")
                text = evidence.get("text") if isinstance(evidence, dict) else evidence
                if not text:
                    continue
                gold = [ev["sub_event_type"], *ev.get("alt_sub_event_types", ())]
                out.append(
                    {"report": rec["id"], "text": text, "published": rec.get("published"),
                     "gold": gold}
                )  # fmt: skip
    return out


def predict(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    extractor = Extractor()
    inputs = [
        ArticleInput(id=f"snippet-{i}", text=it["text"], published=it["published"])
        for i, it in enumerate(items)
    ]
    rows = []
    for it, doc in zip(items, extractor.extract_many(inputs), strict=True):
        primary = next((e for e in doc.events if e.primary), None)
        rows.append(
            {**it, "primary": primary.sub_event_type if primary else NO_EVENT,
             "all": [e.sub_event_type for e in doc.events]}
        )  # fmt: skip
    return rows


def _acled(label: str) -> str:
    return ACLED_VIEW.get(label, label)


def figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    primary = sum(r["primary"] in r["gold"] for r in rows)
    anyhit = sum(bool(set(r["all"]) & set(r["gold"])) for r in rows)
    acled = sum(_acled(r["primary"]) in {_acled(g) for g in r["gold"]} for r in rows)
    per_type: dict[str, list[int]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    for r in rows:
        hit = r["primary"] in r["gold"]
        row = per_type.setdefault(r["gold"][0], [0, 0])
        row[0] += 1
        row[1] += hit
        if not hit:
            confusion[(r["gold"][0], r["primary"])] += 1
    return {
        "n": n,
        "primary": primary / n if n else 0.0,
        "any": anyhit / n if n else 0.0,
        "primary_acled_view": acled / n if n else 0.0,
        "per_type": per_type,
        "confusion": confusion,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, help="write per-snippet predictions (JSON lines)")
    ap.add_argument("--baseline", type=Path, help="per-snippet predictions of another commit")
    args = ap.parse_args(argv)
    path = args.shared / "data" / "dev" / "articles-dev.jsonl"
    if not path.exists():
        print(f"{path}: not found; pass --shared DIR holding data/dev/", file=sys.stderr)
        return 2
    rows = predict(snippets(path))
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    now = figures(rows)
    base = None
    if args.baseline:
        base_rows = [json.loads(line) for line in args.baseline.open(encoding="utf-8")]
        base = figures(base_rows)

    def show(key: str) -> str:
        return f"{base[key]:.3f}>{now[key]:.3f}" if base else f"{now[key]:.3f}"

    print(f"snippets {now['n']} (gold events of {path.name} read from their evidence alone)")
    print(f"  primary type     {show('primary')}")
    print(f"  any event's type {show('any')}")
    print(f"  primary, ACLED's view {show('primary_acled_view')}")
    print("  per gold type: n, primary rate" + (" (baseline>now)" if base else ""))
    for label, (n, hit) in sorted(now["per_type"].items(), key=lambda kv: -kv[1][0]):
        was = ""
        if base and label in base["per_type"]:
            bn, bh = base["per_type"][label]
            was = f"{bh / bn:.2f}>"
        print(f"    {label:40s} {n:4d}  {was}{hit / n:.2f}")
    print("  most frequent confusions (gold -> primary)")
    for (gold, got), k in now["confusion"].most_common(15):
        print(f"    {k:3d}  {gold} -> {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
