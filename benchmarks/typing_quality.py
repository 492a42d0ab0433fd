"""Event typing on the ACLED dev notes: the rules, the learned typer and their combination.

    python benchmarks/typing_quality.py [--shared ../shared] [--limit N] [--folds K]
        [--kfold-on FILE ...]

For `acled-notes-broad.jsonl` and `acled-notes-2020-05.jsonl` (read at run time from
`shared/data/dev/`, never copied here) it runs the pipeline as it ships and prints, for

- `rules`: the rules' type of the primary event (where no trigger fires in a note, the
  type the pipeline gives it without the combination: the model's reading of the note);
- `model`: the shipped learned typer alone, on the note's text;
- `combined`: the shipped pipeline's type (the rules and the model combined),
- the vote for each trust of the rules, and with per-type trusts fitted on the shipped
  examples (how the shipped trust was chosen),
- `stacked`: the other way to combine them, the rules' type as a feature of the model
  (a token naming it added to every text, the shipped examples' own rule types in
  training), alone and with the shipped vote on top,

the accuracy, macro-F1 over the gold types, per-type precision/recall/F1 and the most
frequent confusion pairs (ACLED's view of truceline's added types), and the actor1 rate
of the shipped pipeline. The shipped model never sees these notes.

Then k-fold figures for `truceline train` (on the 2020-05 file unless `--kfold-on` says):
a typer trained on the other folds of the dev notes alone, and with the shipped
examples added (`--with-defaults`), combined with the rules on the held-out fold.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import f1_score, precision_recall_fscore_support

from truceline.evaluate import load_jsonl, score
from truceline.extract.pipeline import NOTE_FALLBACK, NOTE_FALLBACK_RULE, Extractor
from truceline.extract.typer import combined_type, rule_types
from truceline.extract.typing_model import (
    NO_EVENT,
    TRUST_GRID,
    EventTypeModel,
    assign_folds,
    default_examples,
    default_model,
    train_model,
)
from truceline.schemas import ACLED_VIEW, ArticleInput

log = logging.getLogger("typing_quality")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
FILES = ("acled-notes-broad.jsonl", "acled-notes-2020-05.jsonl")
# The targets: (file, figure) -> floor.
TARGETS = {
    ("acled-notes-broad.jsonl", "accuracy"): 0.75,
    ("acled-notes-broad.jsonl", "macro_f1"): 0.68,
    ("acled-notes-2020-05.jsonl", "accuracy"): 0.88,
    ("acled-notes-2020-05.jsonl", "actor1"): 0.83,
}
# A type with at least this many notes must reach MIN_TYPE_F1 (broad file).
MIN_TYPE_NOTES, MIN_TYPE_F1 = 20, 0.40
NONE = "(none)"


def acled(label: str | None) -> str:
    return NONE if label is None else ACLED_VIEW.get(label, label)


def with_rule(text: str, rule: str | None) -> str:
    """A text with the rules' type as one more word (for the stacked variant)."""
    return f"{text} zzrule{re.sub(r'[^a-z]', '', (rule or 'none').lower())}"


def figures(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    labels = sorted(set(gold))
    p, r, f, n = precision_recall_fscore_support(
        gold, pred, labels=labels, zero_division=0
    )  # fmt: skip
    return {
        "accuracy": sum(a == b for a, b in zip(gold, pred, strict=True)) / len(gold),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "per_type": {
            label: (float(p[i]), float(r[i]), float(f[i]), int(n[i]))
            for i, label in enumerate(labels)
        },
        "confusions": Counter((a, b) for a, b in zip(gold, pred, strict=True) if a != b),
    }


def show(name: str, variant: str, res: dict[str, Any], extra: str = "", *, full: bool) -> None:
    verdicts = []
    for key in ("accuracy", "macro_f1"):
        floor = TARGETS.get((name, key))
        mark = "" if floor is None or variant != "combined" else (
            f" (target >= {floor:.2f}: {'ok' if res[key] >= floor else 'BELOW'})"
        )  # fmt: skip
        verdicts.append(f"{key} {res[key]:.4f}{mark}")
    print(f"  {variant:9s} " + "  ".join(verdicts) + extra)
    if not full:
        return
    for label, (p, r, f, n) in res["per_type"].items():
        low = " LOW" if n >= MIN_TYPE_NOTES and f < MIN_TYPE_F1 else ""
        print(f"      {label[:36]:36s} P {p:.2f}  R {r:.2f}  F1 {f:.2f}  n {n:4d}{low}")
    print("      top confusions (gold -> predicted):")
    for (g, p_), c in res["confusions"].most_common(10):
        print(f"      {c:4d}  {g} -> {p_}")


def run_file(
    name: str,
    gold: list[dict[str, Any]],
    engine: Extractor,
    model: EventTypeModel,
    fitted: EventTypeModel | None,
    dump: Path | None = None,
    stacked: EventTypeModel | None = None,
) -> tuple[list[str], list[str | None]]:
    """Prints the three readings of one file; returns the gold types and the rules' types."""
    started = time.perf_counter()
    docs = list(engine.extract_many([ArticleInput.model_validate(r) for r in gold]))
    seconds = time.perf_counter() - started
    y = [acled(r["gold"]["events"][0]["sub_event_type"]) for r in gold]
    rules, combined, rules_raw = [], [], []
    for doc in docs:
        primary = next((e for e in doc.events if e.primary), doc.events[0] if doc.events else None)
        trace = primary.typing if primary is not None else None
        rule = trace.rule_type if trace is not None else None
        fallback = None
        if trace is not None and trace.rules[:1] == ["model"]:
            # the note's type without the combination: the model's reading, or the
            # catch-all when it read no act (`pipeline.NOTE_FALLBACK`)
            fallback = NOTE_FALLBACK if NOTE_FALLBACK_RULE in trace.rules else trace.model_type
        rules_raw.append(rule)
        rules.append(acled(rule or fallback))
        combined.append(acled(primary.sub_event_type if primary is not None else None))
    probs = model.predict_proba([r["text"] for r in gold])
    alone = [
        acled(max(((k, v) for k, v in p.items() if k != NO_EVENT), key=lambda kv: kv[1])[0])
        for p in probs
    ]
    single = score(gold, [d.to_contract() for d in docs])["single"]
    if dump is not None:  # per note: gold, the rules' type and the combined type
        dump.mkdir(parents=True, exist_ok=True)
        with open(dump / name, "w", encoding="utf-8") as f:
            for r, rule, comb in zip(gold, rules_raw, combined, strict=True):
                row = {"gold": r["gold"]["events"][0]["sub_event_type"], "rule": rule}
                f.write(json.dumps(row | {"combined": comb}) + "\n")
    print(f"\n{name}: {len(gold)} notes, read in {seconds:.1f}s")
    show(name, "rules", figures(y, rules), full=True)
    show(name, "model", figures(y, alone), full=True)
    actor1 = single["actor1"]
    floor = TARGETS.get((name, "actor1"))
    mark = (
        "" if floor is None else f" (target >= {floor:.2f}: {'ok' if actor1 >= floor else 'BELOW'})"
    )
    show(name, "combined", figures(y, combined), f"  actor1 {actor1:.4f}{mark}", full=True)
    print("  the vote, by the trust of the rules (type only; the shipped one is marked *):")
    for trust in TRUST_GRID:
        voter = copy.copy(model)
        voter.rule_trust = {"*": trust}
        voted = [
            acled(combined_type(voter, p, rule).sub_event_type)
            for p, rule in zip(probs, rules_raw, strict=True)
        ]
        star = "*" if model.rule_trust == {"*": trust} else " "
        show(name, f"trust {trust:4.2f}{star}", figures(y, voted), full=False)
    if stacked is not None:
        stacked_probs = stacked.predict_proba(
            [with_rule(r["text"], rule) for r, rule in zip(gold, rules_raw, strict=True)]
        )
        alone_stacked = [
            acled(combined_type(stacked, p, None).sub_event_type) for p in stacked_probs
        ]
        show(name, "stacked (rules' type as a feature)", figures(y, alone_stacked), full=False)
        voted = [
            acled(combined_type(model, p, rule).sub_event_type)
            for p, rule in zip(stacked_probs, rules_raw, strict=True)
        ]
        show(name, "stacked, then the shipped vote", figures(y, voted), full=False)
    if fitted is not None:
        voted = [
            acled(combined_type(fitted, p, rule).sub_event_type)
            for p, rule in zip(
                fitted.predict_proba([r["text"] for r in gold]), rules_raw, strict=True
            )
        ]
        show(name, "per-type trust fitted on the shipped examples", figures(y, voted), full=False)
    return y, rules_raw


def kfold(
    name: str,
    gold: list[dict[str, Any]],
    rules: list[str | None],
    defaults: list[tuple[str, str]],
    default_rules: list[str | None],
    folds: int,
) -> None:
    """`truceline train` on the dev notes by k-fold: alone and with the shipped examples."""
    pairs = [(r["text"], r["gold"]["events"][0]["sub_event_type"]) for r in gold]
    fold_of = [f if f >= 0 else 0 for f in assign_folds([label for _, label in pairs], folds)]
    y = [acled(label) for _, label in pairs]
    for with_defaults in (False, True):
        pred: list[str] = [NONE] * len(pairs)
        started = time.perf_counter()
        for k in range(folds):
            train = [i for i, f in enumerate(fold_of) if f != k]
            test = [i for i, f in enumerate(fold_of) if f == k]
            examples = [pairs[i] for i in train]
            labels_of = [rules[i] for i in train]
            if with_defaults:
                examples, labels_of = examples + defaults, labels_of + default_rules
            model = train_model(examples, rule_labels=labels_of)
            for i, p in zip(test, model.predict_proba([pairs[i][0] for i in test]), strict=True):
                pred[i] = acled(combined_type(model, p, rules[i]).sub_event_type)
        tag = "+defaults" if with_defaults else "dev only"
        res = figures(y, pred)
        seconds = time.perf_counter() - started
        show(name, f"train {tag} ({folds}-fold, {seconds:.0f}s)", res, full=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, help="read every n-th note to keep about N")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument(
        "--kfold-on",
        nargs="*",
        default=["acled-notes-2020-05.jsonl"],
        help="files to train on by k-fold (none: skip; the broad file takes longest)",
    )
    parser.add_argument(
        "--dump", type=Path, help="write per-note gold, rules' and combined types to DIR/FILE"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    model = default_model()
    print(f"shipped typer: {model.provenance.get('examples')} examples, trust {model.rule_trust}")
    engine = Extractor()
    defaults = default_examples()
    default_rules = rule_types([t for t, _ in defaults])
    # the alternative: a trust per type the rules choose, fitted on the shipped examples
    fitted = train_model(defaults, rule_labels=default_rules)
    # the other combination: the rules' type as a feature (stacking)
    stacked = train_model(
        [
            (with_rule(t, rule), label)
            for (t, label), rule in zip(defaults, default_rules, strict=True)
        ]
    )
    for name in FILES:
        gold = load_jsonl(args.shared / "data" / "dev" / name)
        if args.limit:
            gold = gold[:: max(1, len(gold) // args.limit)][: args.limit]
        _, rules = run_file(name, gold, engine, model, fitted, args.dump, stacked)
        if name in args.kfold_on:
            kfold(name, gold, rules, defaults, default_rules, args.folds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
