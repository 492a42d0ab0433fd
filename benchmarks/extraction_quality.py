"""Extraction quality on the dev gold, next to the issue's targets.

    python benchmarks/extraction_quality.py [--only seed|articles|acled] [--limit N]
        [--folds K] [--shared ../shared] [--out artifacts/quality] [--baseline DIR]

Runs the extraction pipeline on every gold file of `shared/data/dev/`, scores the
documents with `truceline.evaluate.score` (and checks that the reference scorer
`shared/eval/score.py` gives the same figures), prints each figure beside its target
and writes the predictions under artifacts/ (gitignored).

The ACLED notes are read three ways:
- `shipped`: the pipeline as it ships (no `--model`);
- `default model`: with the shipped typing model (trained on truceline's own
  examples) passed as `--model`;
- `dev-trained (k-fold)`: with a typing model trained at benchmark time on the dev
  notes, by k-fold cross-validation: each fold is read by a model trained on the other
  folds, so no note is typed by a model that saw it.

Whole reports (`articles`, `seed`) are also scored one by one and by group (the first 24
dev reports, the 30 added later). `--baseline DIR` reads the predictions an earlier run
wrote under DIR (e.g. one made on main's checkout before a change) and scores them in
this run beside the new ones, report by report and group by group.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from truceline.errors import TrucelineError
from truceline.evaluate import load_jsonl, score
from truceline.extract.typing_model import (
    assign_folds,
    default_model,
    read_examples,
    train_model,
)
from truceline.schemas import ACLED_VIEW, ArticleInput, ErrorDocument

log = logging.getLogger("extraction_quality")

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout; a worktree under wt/ finds it one level up.
DEFAULT_SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
DATASETS = {
    "seed": "seed-article.jsonl",
    "articles": "articles-dev.jsonl",
    "acled": "acled-notes-2020-05.jsonl",
}
# (section, key, target) per dataset: the acceptance figures of the latest issue on them
# (issue 11 for the 54 dev reports and the seed).
TARGETS: dict[str, list[tuple[str, str, float]]] = {
    "seed": [("multi", "event_f1", 0.80), ("multi", "matched_claimants", 0.75)],
    "articles": [
        ("multi", "event_f1", 0.65),
        ("multi", "matched_claimants", 0.75),
        ("multi", "matched_status", 0.88),
        ("multi", "matched_violation", 0.85),
        ("multi", "matched_date", 0.85),
        ("multi", "ceasefire_recall", 0.80),
        ("multi", "ceasefire_precision", 0.80),
    ],
    "acled": [
        ("single", "sub_event_type", 0.85),
        ("single", "date", 0.97),
        ("single", "geo_25km", 0.75),
        ("single", "actor1", 0.80),
        ("single", "fatalities_nonzero", 0.85),
    ],
}
# Shown without a target.
EXTRA: dict[str, list[tuple[str, str]]] = {
    "seed": [("multi", "event_precision"), ("multi", "event_recall")],
    "articles": [
        ("multi", "event_precision"),
        ("multi", "event_recall"),
        ("multi", "matched_sub_event_type"),
        ("multi", "matched_geo_25km"),
        ("multi", "matched_actor1"),
        ("multi", "matched_actor2"),
        ("multi", "matched_fatalities"),
    ],
    "acled": [
        ("single", "event_type"),
        ("single", "sub_event_type_macro_f1"),
        ("single", "geo_100km"),
        ("single", "actor2"),
        ("single", "fatalities"),
    ],
}

# Groups of records scored apart: (label, first index, end index or None).
GROUPS: dict[str, list[tuple[str, int, int | None]]] = {
    "articles": [("first 24", 0, 24), ("new 30", 24, None)],
}
# Figures shown per report and per group, with their short headings.
COLUMNS = [
    ("event_f1", "F1"),
    ("event_precision", "P"),
    ("event_recall", "R"),
    ("matched_claimants", "claim"),
    ("matched_status", "status"),
    ("matched_violation", "viol"),
    ("matched_date", "date"),
    ("ceasefire_recall", "cfR"),
    ("ceasefire_precision", "cfP"),
]

# Lines a variant adds to its report (figures that are not the scorer's).
NOTES: list[str] = []
Extract = Callable[[Sequence[ArticleInput]], list[dict[str, Any]]]


# --- running the pipeline ------------------------------------------------------------------


def extractor_for(model_path: Path | None) -> Extract:
    """Documents (contract JSON) for articles, with the typing model saved at `model_path`
    (None: the pipeline's own default). One failing article gives an error document."""
    from truceline.extract import pipeline

    if hasattr(pipeline, "Extractor"):
        engine = pipeline.Extractor(model_path=model_path)

        def run(articles: Sequence[ArticleInput]) -> list[dict[str, Any]]:
            try:
                return [d.to_contract() for d in engine.extract_many(articles)]
            except TrucelineError:  # find the article that failed, read the rest
                return [_one(lambda a: engine.extract(a), a) for a in articles]

        return run

    def run_each(articles: Sequence[ArticleInput]) -> list[dict[str, Any]]:
        return [
            _one(lambda a: pipeline.extract_document(a, model_path=model_path), a) for a in articles
        ]

    return run_each


def _one(extract: Callable[[ArticleInput], Any], article: ArticleInput) -> dict[str, Any]:
    try:
        return extract(article).to_contract()
    except TrucelineError as exc:
        log.warning("%s: %s", article.id, exc)
        return ErrorDocument(error=str(exc), article={"id": article.id}).to_contract()


def articles_of(gold: Iterable[dict[str, Any]]) -> list[ArticleInput]:
    return [ArticleInput.model_validate(r) for r in gold]


def cross_validated(
    gold: list[dict[str, Any]], examples_file: Path, folds: int, out_dir: Path
) -> list[dict[str, Any]]:
    """Documents for every note, each read by a model trained on the other folds."""
    pairs = read_examples(examples_file)
    if len(pairs) != len(gold):
        raise SystemExit(f"{examples_file}: {len(pairs)} examples for {len(gold)} notes")
    fold_of = assign_folds([label for _, label in pairs], folds)
    # Notes of labels too rare to hold out are still read, by the model of fold 0.
    fold_of = [f if f >= 0 else 0 for f in fold_of]
    docs: dict[str, dict[str, Any]] = {}
    alone_hits = 0
    for k in range(folds):
        held_out = [i for i, f in enumerate(fold_of) if f == k]
        if not held_out:
            continue
        train = [pairs[i] for i, f in enumerate(fold_of) if f != k]
        started = time.perf_counter()
        model = train_model(train)
        path = out_dir / f"typing-fold{k}"
        model.save(path)
        log.info("fold %d: trained on %d notes in %.1fs", k, len(train),
                 time.perf_counter() - started)  # fmt: skip
        typed = model.predict([pairs[i][0] for i in held_out])
        for i, (label, _) in zip(held_out, typed, strict=True):
            alone_hits += _acled(label) == _acled(pairs[i][1])
        extract = extractor_for(path)
        for doc in extract(articles_of(gold[i] for i in held_out)):
            docs[doc["article"]["id"]] = doc
    NOTES.append(
        f"  typing model alone on held-out notes: sub_event_type {alone_hits / len(gold):.4f}"
        f" (n={len(gold)}; ACLED view; the pipeline decides where it applies)"
    )
    return [docs[r["id"]] for r in gold]


def _acled(label: str) -> str:
    return ACLED_VIEW.get(label, label)


# --- reporting ----------------------------------------------------------------------------


def reference_scorer(shared: Path) -> Callable[[list, list], dict[str, Any]] | None:
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("reference_score", path)
    if spec is None or spec.loader is None or not path.exists():
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score  # type: ignore[no-any-return]


def figure(result: dict[str, Any], section: str, key: str) -> float | None:
    value = (result.get(section) or {}).get(key)
    return float(value) if value is not None else None


def report(name: str, variant: str, result: dict[str, Any], agrees: bool | None) -> list[str]:
    lines = [f"{name} [{variant}]  documents {result['documents']}, missing "
             f"{result['missing_documents']}, invalid {result['invalid_documents']}"]  # fmt: skip
    for section, key, target in TARGETS[name]:
        value = figure(result, section, key)
        n = (result.get(section) or {}).get(f"{key}_n")
        verdict = "--" if value is None else ("ok" if value >= target else "BELOW")
        shown = "n/a" if value is None else f"{value:.4f}"
        count = f"(n={n})" if n else ""
        lines.append(f"  {key:28s} {shown:>8s}  target >= {target:.2f}  {verdict:5s} {count}")
    for section, key in EXTRA[name]:
        value = figure(result, section, key)
        n = (result.get(section) or {}).get(f"{key}_n")
        shown = "n/a" if value is None else f"{value:.4f}"
        lines.append(f"  {key:28s} {shown:>8s}" + (f"                     (n={n})" if n else ""))
    if agrees is not None:
        lines.append(f"  reference scorer agrees: {'yes' if agrees else 'NO'}")
    return lines


def _shown(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def _row(label: str, now: dict[str, Any], before: dict[str, Any] | None) -> str:
    cells = []
    for key, _ in COLUMNS:
        value = figure(now, "multi", key)
        cell = _shown(value)
        if before is not None:
            old = figure(before, "multi", key)
            cell = f"{_shown(old)}>{cell}"
            if value is not None and old is not None and abs(value - old) >= 0.005:
                cell += "+" if value > old else "-"
            else:
                cell += " "
        cells.append(f"{cell:>{11 if before is not None else 6}s}")
    return f"  {label:14s}" + " ".join(cells)


def breakdown(
    name: str,
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    baseline: list[dict[str, Any]] | None,
) -> list[str]:
    """Figures per report and per group (multi-event gold only), beside a baseline's."""
    multi = [r for r in gold if r.get("granularity") == "multi"]
    if not multi:
        return []
    width = 11 if baseline is not None else 6
    head = " ".join(f"{h:>{width}s}" for _, h in COLUMNS)
    what = " (baseline>now; + better, - worse)" if baseline is not None else ""
    lines = [f"{name}: per report{what}", f"  {'report':14s}{head}"]
    for rec in multi:
        now = score([rec], pred)
        before = score([rec], baseline) if baseline is not None else None
        lines.append(_row(rec["id"], now, before))
    groups = [("all", 0, None), *GROUPS.get(name, [])]
    lines.append(f"{name}: per group")
    for label, start, end in groups:
        part = gold[start:end]
        if part:
            before = score(part, baseline) if baseline is not None else None
            lines.append(_row(f"{label} ({len(part)})", score(part, pred), before))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(DATASETS), action="append")
    parser.add_argument("--limit", type=int, help="read only the first N records of each file")
    parser.add_argument("--folds", type=int, default=5, help="k of the k-fold (ACLED notes)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "quality")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="directory of an earlier run's predictions, scored beside this run's",
    )
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    reference = reference_scorer(args.shared)
    dev = args.shared / "data" / "dev"
    lines: list[str] = []
    shipped = extractor_for(None)
    for name in args.only or list(DATASETS):
        gold = load_jsonl(dev / DATASETS[name])[: args.limit]
        variants: list[tuple[str, Callable[[], list[dict[str, Any]]]]] = [
            ("shipped", partial(_shipped, shipped, gold))
        ]
        if name == "acled":
            examples = args.out / "acled-notes.jsonl"
            examples.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
            variants += [
                ("default model", partial(_with_default, gold, args.out / "typing-default")),
                (
                    f"dev-trained ({args.folds}-fold)",
                    partial(cross_validated, gold, examples, args.folds, args.out),
                ),
            ]
        for variant, run in variants:
            started = time.perf_counter()
            pred = run()
            seconds = time.perf_counter() - started
            slug = variant.split(" (")[0].replace(" ", "-")
            pred_path = args.out / f"{name}-{slug}.jsonl"
            pred_path.write_text(
                "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in pred), encoding="utf-8"
            )
            result = score(gold, pred)
            agrees = None if reference is None else reference(gold, pred) == result
            block = report(name, variant, result, agrees) + NOTES
            NOTES.clear()
            block.append(f"  ({len(gold)} records in {seconds:.1f}s; predictions: {pred_path})")
            if variant == "shipped":
                old = args.baseline / pred_path.name if args.baseline else None
                if old is not None and not old.exists():
                    raise SystemExit(f"{old}: no baseline predictions; run once with --out there")
                block += breakdown(name, gold, pred, load_jsonl(old) if old else None)
            print("\n".join(block), flush=True)
            lines.extend(block)
    (args.out / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def _shipped(extract: Extract, gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return extract(articles_of(gold))


def _with_default(gold: list[dict[str, Any]], path: Path) -> list[dict[str, Any]]:
    default_model().save(path)
    return extractor_for(path)(articles_of(gold))


if __name__ == "__main__":
    sys.exit(main())
