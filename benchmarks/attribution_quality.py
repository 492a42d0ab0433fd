"""How well attribution (claimants, status, reporters) and quotes read the dev gold.

    python benchmarks/attribution_quality.py [--shared ../shared] [--show N]

For every gold event of the dev articles and the seed article: find its evidence
sentence(s), pick the trigger the way the pipeline would (the trigger of
`extract/triggers.py` with the gold sub-event type, else one of its event type,
else a violence/speech word, else the sentence root), run `attribute()` and compare
with the gold as `shared/eval/score.py` does: claimants are the same set of
(country, kind group) where the gold names any; status equal; reporters the same
set (not scored by the scorer, shown for information). Quotes: gold quotations
found (overlapping span) and with a speaker of the same (country, kind group).
`--show N` prints up to N misses of each kind.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from truceline.countries import countries_in_text
from truceline.extract.attribution import attribute
from truceline.extract.context import ArticleContext, ParsedSentence
from truceline.extract.nlp import load_pipeline
from truceline.extract.normalise import normalise_text
from truceline.extract.quotes import extract_quotes
from truceline.extract.sentences import split_sentences
from truceline.extract.triggers import detect_triggers, may_hold_event
from truceline.schemas import KIND_GROUPS, SUB_EVENT_TO_TYPE, ArticleInput

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
STAND_IN = re.compile(
    r"^(kill|shell|attack|fire|fired|firing|clash|fight|accus|strike|struck|launch|bomb|"
    r"martyr|died|violat|den(y|ied)|dismiss|blam|target|shot|resum|condemn|erupt|"
    r"intercept|injur|wound|sanction|flee|displac|fortif|flying|flew|advance)",
    re.IGNORECASE,
)


SPEECH = re.compile(r"^(accus|den(y|ied)|dismiss|blam|condemn)", re.IGNORECASE)


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def rate(hit: int, n: int) -> str:
    return f"{hit / n:.4f} ({hit}/{n})" if n else "n/a"


def actor_set(actors: list[dict[str, Any]] | tuple[Any, ...]) -> set[tuple[Any, Any]]:
    out = set()
    for a in actors:
        d = a if isinstance(a, dict) else a.model_dump()
        out.add((d.get("country"), KIND_GROUPS.get(d.get("kind"), d.get("kind"))))
    return out


def build_context(rec: dict[str, Any]) -> ArticleContext:
    """The context the pipeline builds: normalised text, sentences, parses, countries."""
    article = ArticleInput(
        id=rec["id"],
        text=rec["text"],
        title=rec.get("title"),
        published=rec.get("published"),
        outlet=rec.get("outlet"),
    )
    text = normalise_text(article.text)
    ctx = ArticleContext(article=article, text=text, sentences=split_sentences(text))
    wanted = [s for s in ctx.sentences if may_hold_event(s.text) or '"' in s.text]
    for s, doc in zip(wanted, load_pipeline().pipe(s.text for s in wanted), strict=True):
        ctx.parsed[s.index] = ParsedSentence(s, doc)
    ctx.countries = countries_in_text(text)
    return ctx


def pick_trigger(doc: Doc, sub: str) -> Token:
    triggers = detect_triggers(doc)
    for same in (
        lambda t: t.sub_event_type == sub,
        lambda t: (
            SUB_EVENT_TO_TYPE[t.sub_event_type] == SUB_EVENT_TO_TYPE[sub]
            and t.sub_event_type not in {"Accusation", "Denial"}
        ),
    ):
        hits = [t for t in triggers if same(t)]
        if hits:
            return doc[hits[0].token_i]
    speech = sub in {"Accusation", "Denial"}
    for tok in doc:
        if STAND_IN.match(tok.text) and (speech or not SPEECH.match(tok.text)):
            return tok
    return next(t for t in doc if t.dep_ == "ROOT")


def evidence_sentence(ctx: ArticleContext, ev: dict[str, Any]) -> tuple[ParsedSentence, Token]:
    start, end = ev["evidence"]["start"], ev["evidence"]["end"]
    cands = [s for s in ctx.sentences if s.start < end and start < s.end] or [
        min(ctx.sentences, key=lambda s: abs(s.start - start))
    ]
    best = None
    for s in cands:
        ps = ctx.parsed.get(s.index) or ParsedSentence(s, load_pipeline()(s.text))
        ctx.parsed.setdefault(s.index, ps)
        tok = pick_trigger(ps.doc, ev["sub_event_type"])
        triggers = {ps.doc[t.token_i].i for t in detect_triggers(ps.doc)}
        if tok.i in triggers:
            return ps, tok
        best = best or (ps, tok)
    assert best is not None
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    dev = args.shared / "data" / "dev"
    records = load(dev / "articles-dev.jsonl") + load(dev / "seed-article.jsonl")
    tally: Counter[str] = Counter()
    misses: dict[str, list[str]] = {"claimants": [], "status": [], "reporters": [], "quotes": []}
    confusion: Counter[tuple[str, str]] = Counter()
    t0 = time.perf_counter()
    for rec in records:
        ctx = build_context(rec)
        for ev in rec["gold"]["events"]:
            if ev["sub_event_type"] == "Ceasefire":
                continue
            ps, tok = evidence_sentence(ctx, ev)
            got = attribute(ctx, ps.sentence.index, tok, sub_event_type=ev["sub_event_type"])
            opt = "opt" if ev.get("optional") else "req"
            where = f"{rec['id']} [{tok.text}] {ps.sentence.text[:150]}"
            if ev["claimants"]:
                ok = actor_set(got.claimants) == actor_set(ev["claimants"])
                tally["claimants_n"] += 1
                tally["claimants_hit"] += ok
                tally[f"claimants_{opt}_n"] += 1
                tally[f"claimants_{opt}_hit"] += ok
                if not ok:
                    misses["claimants"].append(
                        f"{where}\n      gold {sorted(actor_set(ev['claimants']), key=str)}"
                        f"  got {sorted(actor_set(got.claimants), key=str)}"
                        f" {[a.name for a in got.claimants]}"
                    )
            ok = got.status == ev["status"]
            confusion[(ev["status"], got.status)] += 1
            tally["status_n"] += 1
            tally["status_hit"] += ok
            tally[f"status_{opt}_n"] += 1
            tally[f"status_{opt}_hit"] += ok
            tally["asserted_baseline"] += ev["status"] == "asserted"
            if not ok:
                misses["status"].append(
                    f"{where}\n      gold {ev['status']} got {got.status} (cue {got.cue!r})"
                )
            ok = set(got.reporters) == set(ev["reporters"])
            tally["reporters_n"] += 1
            tally["reporters_hit"] += ok
            if not ok:
                misses["reporters"].append(
                    f"{where}\n      gold {ev['reporters']} got {list(got.reporters)}"
                )
        quotes = extract_quotes(ctx)
        for gq in rec["gold"].get("quotes", []):
            tally["quotes_n"] += 1
            hit = next((q for q in quotes if q.start < gq["end"] and gq["start"] < q.end), None)
            tally["quotes_found"] += hit is not None
            if hit is not None and gq["speaker"].get("country"):
                tally["quote_speaker_n"] += 1
                ok = actor_set([hit.speaker]) == actor_set([gq["speaker"]])
                tally["quote_speaker_hit"] += ok
                if not ok:
                    misses["quotes"].append(
                        f"{rec['id']} {gq['text'][:60]!r}\n      gold "
                        f"{gq['speaker']} got {hit.speaker}"
                    )
            elif hit is None:
                misses["quotes"].append(f"{rec['id']} MISSED {gq['text'][:80]!r}")
        tally["quotes_predicted"] += len(quotes)
    secs = time.perf_counter() - t0
    print(f"gold events: {tally['status_n']} in {len(records)} articles ({secs:.1f} s)")
    rows = [
        ("claimants (same country/kind-group set)", "claimants", "claimants_req"),
        ("status", "status", "status_req"),
    ]
    for label, key, req in rows:
        print(
            f"{label:40s} {rate(tally[key + '_hit'], tally[key + '_n'])}"
            f"   required {rate(tally[req + '_hit'], tally[req + '_n'])}"
        )
    print(f"{'status if all asserted':40s} {rate(tally['asserted_baseline'], tally['status_n'])}")
    print(
        f"{'reporters (same set; not scored)':40s} "
        f"{rate(tally['reporters_hit'], tally['reporters_n'])}"
    )
    print(
        f"{'quotes found (span overlap)':40s} {rate(tally['quotes_found'], tally['quotes_n'])}"
        f"   predicted {tally['quotes_predicted']}"
    )
    print(
        f"{'quote speaker (country/kind group)':40s} "
        f"{rate(tally['quote_speaker_hit'], tally['quote_speaker_n'])}"
    )
    print(
        "status confusion (gold -> predicted):",
        ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(confusion.items())),
    )
    if args.show:
        for kind, rows in misses.items():
            print(f"\n--- {kind} misses ({len(rows)}) ---")
            for row in rows[: args.show]:
                print("  " + row)


if __name__ == "__main__":
    main()
