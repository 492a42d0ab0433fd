"""How well `extract_arguments` finds actor1 and actor2 against the dev gold.

    python benchmarks/actors_quality.py [--shared ../shared] [--limit N] [--show N]
                                        [--articles] [--by-type]

ACLED notes (`acled-notes-2020-05.jsonl`, one gold event each): the note is parsed,
the trigger is the first word `extract/triggers.py` types with the gold sub-event
type (else with the gold event type, else any trigger, else a stand-in violence or
protest word, else the root), and `extract_arguments` runs with the gold sub-event
type and default_country = the gold location's country. With `--articles`, the dev
articles and the seed article are read the same way from each gold event's evidence
sentence. Agreement is `shared/eval/score.py`'s `same_actor` (same kind group and the
same country where the gold names one; a gold null is not scored).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from truceline.countries import countries_in_text
from truceline.extract.arguments import extract_arguments
from truceline.extract.nlp import load_pipeline
from truceline.extract.normalise import normalise_text
from truceline.extract.triggers import detect_triggers
from truceline.schemas import SUB_EVENT_TO_TYPE

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
# Stand-in trigger words, used only when triggers.py proposes none.
STAND_IN = re.compile(
    r"^(kill|shell|attack|fire|fired|firing|clash|fight|accus|strike|struck|launch|bomb|"
    r"protest|demonstrat|rall(y|ied)|march|riot|loot|burn|torch|abduct|kidnap|arrest|"
    r"detain|shot|shoot|stab|explo|detonat|seiz|captur|ambush|raid|blam|den(y|ied)|"
    r"sanction|flee|fled|displac|gather|block)",
    re.IGNORECASE,
)


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_scorer(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pick_trigger(sent: Span | Doc, sub: str) -> tuple[Token | None, bool]:
    """(trigger token, whether triggers.py proposed it)."""
    triggers = detect_triggers(sent)
    offset = sent.start if isinstance(sent, Span) else 0
    doc = sent.doc if isinstance(sent, Span) else sent
    for same in (
        lambda t: t.sub_event_type == sub,
        lambda t: SUB_EVENT_TO_TYPE[t.sub_event_type] == SUB_EVENT_TO_TYPE[sub],
        lambda t: True,
    ):
        hits = [t for t in triggers if same(t)]
        if hits:
            return doc[offset + hits[0].token_i], True
    for tok in sent:
        if STAND_IN.match(tok.text):
            return tok, False
    return None, False


def trigger_in(doc: Doc, sub: str) -> Token:
    fallback = None
    for sent in doc.sents:
        tok, typed = pick_trigger(sent, sub)
        if tok is not None and typed:
            return tok
        fallback = fallback or tok
    return fallback or next(t for t in doc if t.dep_ == "ROOT")


def rate(hit: int, n: int) -> str:
    return f"{hit / n:.4f} ({hit}/{n})" if n else "n/a"


def brief(actor: Any) -> str:
    if actor is None:
        return "-"
    d = actor if isinstance(actor, dict) else actor.model_dump()
    return f"{d['name']} [{d.get('country')}/{d['kind']}]"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, default=0, help="read only the first N notes")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses")
    ap.add_argument("--articles", action="store_true", help="also read the dev articles")
    ap.add_argument("--by-type", action="store_true", help="rates per sub-event type")
    ap.add_argument("--type", default=None, help="read only notes of this sub-event type")
    args = ap.parse_args()
    scorer = load_scorer(args.shared)
    nlp = load_pipeline()
    dev = args.shared / "data" / "dev"
    notes = load(dev / "acled-notes-2020-05.jsonl")
    if args.type:
        notes = [r for r in notes if r["gold"]["events"][0]["sub_event_type"] == args.type]
    if args.limit:
        notes = notes[: args.limit]

    t0 = time.perf_counter()
    tally: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    texts = [normalise_text(r["text"]) for r in notes]
    for rec, doc in zip(notes, nlp.pipe(texts, batch_size=64), strict=True):
        gold = rec["gold"]["events"][0]
        sub = gold["sub_event_type"]
        country = (gold.get("location") or {}).get("country")
        tok = trigger_in(doc, sub)
        roles = extract_arguments(
            tok, sub, default_country=country, countries=countries_in_text(doc.text)
        )
        for key, pred, want in (
            ("actor1", roles.actor1, gold["actor1"]),
            ("actor2", roles.actor2, gold["actor2"]),
        ):
            ok = scorer.same_actor(pred.model_dump() if pred else None, want)
            if ok is None:
                continue
            tally[f"{key}_n"] += 1
            tally[f"{key}_hit"] += bool(ok)
            per_type[sub][f"{key}_n"] += 1
            per_type[sub][f"{key}_hit"] += bool(ok)
            if not ok and len(misses) < args.show:
                misses.append(
                    f"{rec['id']} {sub} {key} trigger={tok.text!r}\n"
                    f"   gold {brief(want)}\n   pred {brief(pred)}\n"
                    f"   {doc.text[:300]}"
                )
    elapsed = time.perf_counter() - t0
    print(f"ACLED notes: {len(notes)} read in {elapsed:.1f}s")
    print(f"  actor1 agreement {rate(tally['actor1_hit'], tally['actor1_n'])}")
    print(f"  actor2 agreement {rate(tally['actor2_hit'], tally['actor2_n'])}")
    if args.by_type:
        for sub, c in sorted(per_type.items(), key=lambda kv: -kv[1]["actor1_n"]):
            print(
                f"    {sub:38} actor1 {rate(c['actor1_hit'], c['actor1_n']):22} "
                f"actor2 {rate(c['actor2_hit'], c['actor2_n'])}"
            )

    if args.articles:
        records = load(dev / "articles-dev.jsonl") + load(dev / "seed-article.jsonl")
        art: Counter[str] = Counter()
        for rec in records:
            text = normalise_text(rec["text"])
            countries = countries_in_text(text)
            for ev in rec["gold"]["events"]:
                if ev["sub_event_type"] == "Ceasefire" or not ev.get("evidence"):
                    continue
                s, e = ev["evidence"]["start"], ev["evidence"]["end"]
                doc = nlp(text[s:e])
                tok = trigger_in(doc, ev["sub_event_type"])
                country = (ev.get("location") or {}).get("country")
                roles = extract_arguments(
                    tok, ev["sub_event_type"], default_country=country, countries=countries
                )
                for key, pred, want in (
                    ("actor1", roles.actor1, ev["actor1"]),
                    ("actor2", roles.actor2, ev["actor2"]),
                ):
                    ok = scorer.same_actor(pred.model_dump() if pred else None, want)
                    if ok is None:
                        continue
                    art[f"{key}_n"] += 1
                    art[f"{key}_hit"] += bool(ok)
                    if not ok and args.show:
                        misses.append(
                            f"{rec['id']} {ev['sub_event_type']} {key} "
                            f"trigger={tok.text!r}\n   gold {brief(want)}\n"
                            f"   pred {brief(pred)}\n   {doc.text[:300]}"
                        )
        print(
            f"Dev articles (gold evidence sentences): "
            f"{sum(len(r['gold']['events']) for r in records)} gold events"
        )
        print(f"  actor1 agreement {rate(art['actor1_hit'], art['actor1_n'])}")
        print(f"  actor2 agreement {rate(art['actor2_hit'], art['actor2_n'])}")
    for m in misses:
        print(m)


if __name__ == "__main__":
    main()
