"""Scoring truceline documents against gold, as the contract's last section says.

`score(gold, pred)` takes gold records (`{"id", "granularity", "source"?, "gold":
{"events", "ceasefires"}}`, the lines of the dev files) and truceline/1 documents, and
returns the figures the project's reference scorer (`shared/eval/score.py`) reports,
under the same keys:

- `single`: gold with one event per text (e.g. an ACLED note); the document's `primary`
  event is compared with it. Rates per field, `<field>_n` counts, and the macro-F1 of
  `sub_event_type` over the gold labels. Against ACLED gold, truceline's additional
  sub-event types are read as ACLED reads them (`Ceasefire` -> `Agreement`, ...).
- `multi`: whole articles. Predicted and gold events are paired one-to-one, greedily by
  closeness, when their event types agree (or a gold `alt_event_types` does), their dates
  are within a day (or the gold date is open) and their places within 50 km (or both are
  country-level in the same country, or the gold place is open). Gold events marked
  `optional` earn and cost nothing. Events of sub-event type `Ceasefire` are left out:
  ceasefires are scored on the `ceasefires` list. Reported: event precision/recall/F1,
  ceasefire precision/recall and `matched_<field>` rates over the matched pairs.

Distances are great-circle kilometres on a sphere of radius 6371 km (geopy), as the
reference scorer measures them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy.distance import great_circle

from truceline.errors import BadRecordError, InputError
from truceline.schemas import ACLED_VIEW, KIND_GROUPS, SCHEMA_ID

Record = Mapping[str, Any]

EARTH_RADIUS_KM = 6371.0
# Gold sources coded by ACLED: truceline's additional sub-event types are read in ACLED's view.
ACLED_SOURCES = frozenset({"acled", "case2021"})
# Matching thresholds (contract, "How the scorer matches").
MATCH_MAX_DAYS = 1
MATCH_MAX_KM = 50.0
# Penalties that make vague or optional gold events match last.
_OPEN_DATE_PENALTY = 50
_OPEN_PLACE_PENALTY = 50
_OPTIONAL_PENALTY = 25
_OTHER_SUBTYPE_PENALTY = 10
_DAY_WEIGHT = 100


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file (blank lines skipped).

    Raises `InputError` when the file cannot be read and `BadRecordError` naming the
    line when a line is not a JSON object.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as UTF-8 JSONL ({exc})") from exc
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadRecordError(f"{path}:{number}", f"not JSON ({exc.msg})") from exc
        if not isinstance(value, dict):
            raise BadRecordError(f"{path}:{number}", "not a JSON object")
        records.append(value)
    return records


# --- field comparisons ---------------------------------------------------------------


def distance_km(a: Record | None, b: Record | None) -> float | None:
    """Great-circle distance between two locations; None when either has no coordinates."""
    if not a or not b:
        return None
    if any(p.get(k) is None for p in (a, b) for k in ("latitude", "longitude")):
        return None
    return float(
        great_circle(
            (a["latitude"], a["longitude"]), (b["latitude"], b["longitude"]), radius=EARTH_RADIUS_KM
        ).km
    )


def day_gap(a: str | None, b: str | None) -> int | None:
    """Days between two `YYYY-MM-DD[THH:MM]` dates; None when either is missing or bad."""
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def kind_group(kind: str | None) -> str | None:
    """The side of an interaction an actor kind belongs to (kinds outside groups stand alone)."""
    return KIND_GROUPS.get(kind, kind) if kind is not None else None


def same_actor(pred: Record | None, gold: Record | None) -> bool | None:
    """Same kind group and (when the gold names one) same country; None when there is no gold."""
    if gold is None:
        return None
    if pred is None:
        return False
    if kind_group(pred.get("kind")) != kind_group(gold.get("kind")):
        return False
    return gold.get("country") is None or pred.get("country") == gold.get("country")


def actor_set(actors: Iterable[Record] | None) -> set[tuple[str | None, str | None]]:
    """The (country, kind group) pairs of a list of actors."""
    return {(a.get("country"), kind_group(a.get("kind"))) for a in actors or ()}


def _type_ok(pred: Record, gold: Record) -> bool:
    return pred.get("event_type") in (gold.get("event_type"), *gold.get("alt_event_types", ()))


def _sub_ok(sub: str | None, gold: Record) -> bool:
    return sub in (gold.get("sub_event_type"), *gold.get("alt_sub_event_types", ()))


# --- tallies ----------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """Hits and trials per field."""

    hit: Counter[str] = field(default_factory=Counter)
    n: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, ok: bool | None) -> None:
        if ok is None:
            return
        self.n[key] += 1
        self.hit[key] += bool(ok)

    def rates(self) -> dict[str, float | int]:
        keys = sorted(self.n)
        out: dict[str, float | int] = {k: round(self.hit[k] / self.n[k], 4) for k in keys}
        out.update({f"{k}_n": self.n[k] for k in keys})
        return out


@dataclass(slots=True)
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn

    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def _compare(pred: Record | None, gold: Record, tally: Tally, acled_gold: bool) -> str | None:
    """Tally every field the gold event fixes; returns the predicted sub-event type as scored."""
    p: Record = pred or {}
    present = pred is not None
    sub = p.get("sub_event_type")
    if acled_gold and sub in ACLED_VIEW:
        sub = ACLED_VIEW[sub]
    if gold.get("event_type"):
        tally.add("event_type", present and _type_ok(p, gold))
    if gold.get("sub_event_type"):
        tally.add("sub_event_type", _sub_ok(sub, gold))
    if gold.get("date"):
        tally.add("date", present and (p.get("date") or "")[:10] == gold["date"][:10])
    glocation = gold.get("location")
    if glocation and glocation.get("latitude") is not None:
        d = distance_km(p.get("location"), glocation)
        tally.add("geo_25km", d is not None and d <= 25)
        tally.add("geo_100km", d is not None and d <= 100)
    tally.add("actor1", same_actor(p.get("actor1") if present else None, gold.get("actor1")))
    tally.add("actor2", same_actor(p.get("actor2") if present else None, gold.get("actor2")))
    gfat = gold.get("fatalities")
    if gfat is not None:
        pfat = p.get("fatalities")
        tally.add("fatalities", pfat == gfat or (gfat == 0 and pfat is None))
        if gfat > 0:
            tally.add("fatalities_nonzero", pfat == gfat)
    if gold.get("claimants"):
        tally.add(
            "claimants", present and actor_set(p.get("claimants")) == actor_set(gold["claimants"])
        )
    if gold.get("status"):
        tally.add("status", present and p.get("status") == gold["status"])
    if gold.get("violation") is not None:
        tally.add("violation", present and p.get("violation") == gold["violation"])
    return sub


# --- multi-event matching ------------------------------------------------------------


def closeness(pred: Record, gold: Record) -> float | None:
    """None when `pred` cannot match `gold`; else a distance (smaller is closer).

    Gold events that leave the date or place open, or are optional, come last, so they
    match only what nothing more specific claims first.
    """
    if not _type_ok(pred, gold):
        return None
    gap = day_gap(pred.get("date"), gold.get("date"))
    if gold.get("date") and (gap is None or gap > MATCH_MAX_DAYS):
        return None
    glocation, plocation = gold.get("location"), pred.get("location")
    dist = 0.0
    if glocation:
        if glocation.get("precision") == "country" and (
            plocation and plocation.get("precision") == "country"
        ):
            if plocation.get("country") != glocation.get("country"):
                return None
        else:
            d = distance_km(plocation, glocation)
            if d is None or d > MATCH_MAX_KM:
                return None
            dist = d
    vague = (
        (0 if gold.get("date") else _OPEN_DATE_PENALTY)
        + (0 if glocation else _OPEN_PLACE_PENALTY)
        + (_OPTIONAL_PENALTY if gold.get("optional") else 0)
    )
    other_sub = 0 if _sub_ok(pred.get("sub_event_type"), gold) else _OTHER_SUBTYPE_PENALTY
    return (gap or 0) * _DAY_WEIGHT + dist + vague + other_sub


def match_events(pred: Sequence[Record], gold: Sequence[Record]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs, greedy by closeness."""
    candidates = sorted(
        (c, i, j)
        for i, p in enumerate(pred)
        for j, g in enumerate(gold)
        if (c := closeness(p, g)) is not None
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def match_ceasefires(pred: Sequence[Record], gold: Sequence[Record]) -> tuple[int, int, int]:
    """(tp, fp, fn): a predicted ceasefire matches the first unmatched gold one whose party
    countries it covers and whose effective date is within a day (or open)."""
    hit: set[int] = set()
    tp = fp = 0
    for p in pred:
        countries = {c for c, _ in actor_set(p.get("parties"))}
        found = next(
            (
                k
                for k, g in enumerate(gold)
                if k not in hit
                and {c for c, _ in actor_set(g.get("parties"))} <= countries
                and (day_gap(p.get("effective"), g.get("effective")) or 0) <= MATCH_MAX_DAYS
            ),
            None,
        )
        if found is None:
            fp += 1
        else:
            hit.add(found)
            tp += 1
    return tp, fp, len(gold) - len(hit)


def _without_ceasefire_events(events: Iterable[Record]) -> list[Record]:
    return [e for e in events if e.get("sub_event_type") != "Ceasefire"]


# --- the score ---------------------------------------------------------------------------


def _macro_f1(confusion: Mapping[str, Counter[str | None]]) -> float | None:
    """Macro-F1 of the sub-event type over the gold labels."""
    f1s = []
    for label, row in confusion.items():
        tp = row[label]
        fp = sum(confusion[other][label] for other in confusion if other != label)
        fn = sum(row.values()) - tp
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(f1s) / len(f1s), 4) if f1s else None


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def score(gold: Sequence[Record], pred: Sequence[Record]) -> dict[str, Any]:
    """The contract's figures for predicted documents `pred` against gold records `gold`."""
    by_id: dict[str, Record] = {}
    invalid = 0
    for document in pred:
        article_id = (document.get("article") or {}).get("id")
        if document.get("schema") != SCHEMA_ID or article_id is None:
            invalid += 1
            continue
        by_id[article_id] = document
    single, multi = Tally(), Tally()
    confusion: defaultdict[str, Counter[str | None]] = defaultdict(Counter)
    events_count, ceasefire_count = _Counts(), _Counts()
    missing = 0
    for record in gold:
        found = by_id.get(record["id"])
        if found is None:
            missing += 1
        doc: Record = found or {}
        events: list[Record] = doc.get("events") or []
        gevents: list[Record] = record["gold"]["events"]
        if record.get("granularity", "single") == "single":
            primary = next((e for e in events if e.get("primary")), events[0] if events else None)
            acled_gold = record.get("source") in ACLED_SOURCES
            sub = _compare(primary, gevents[0], single, acled_gold)
            if gevents[0].get("sub_event_type"):
                confusion[gevents[0]["sub_event_type"]][sub] += 1
            continue
        events, gevents = _without_ceasefire_events(events), _without_ceasefire_events(gevents)
        pairs = match_events(events, gevents)
        for i, j in pairs:
            _compare(events[i], gevents[j], multi, acled_gold=False)
        matched_gold = {j for _, j in pairs}
        events_count.add(
            tp=sum(1 for j in matched_gold if not gevents[j].get("optional")),
            fp=len(events) - len(pairs),
            fn=sum(
                1 for j, g in enumerate(gevents) if j not in matched_gold and not g.get("optional")
            ),
        )
        ceasefire_count.add(
            *match_ceasefires(doc.get("ceasefires") or [], record["gold"].get("ceasefires") or [])
        )
    out: dict[str, Any] = {
        "documents": len(gold),
        "missing_documents": missing,
        "invalid_documents": invalid,
    }
    if single.n:
        out["single"] = single.rates()
        macro = _macro_f1(confusion)
        if macro is not None:
            out["single"]["sub_event_type_macro_f1"] = macro
    if events_count.total:
        precision = events_count.precision() or 0.0
        recall = events_count.recall() or 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out["multi"] = {
            "event_precision": round(precision, 4),
            "event_recall": round(recall, 4),
            "event_f1": round(f1, 4),
            "ceasefire_precision": _round(ceasefire_count.precision()),
            "ceasefire_recall": _round(ceasefire_count.recall()),
        } | {f"matched_{k}": v for k, v in multi.rates().items()}
    return out


def format_report(result: Mapping[str, Any]) -> str:
    """The figures of `score()` as aligned text, each rate with its count."""
    lines: list[str] = []
    for section, values in result.items():
        if not isinstance(values, Mapping):
            lines.append(f"{section:34s} {values}")
            continue
        lines.append(section)
        for key, value in values.items():
            if key.endswith("_n"):
                continue
            n = values.get(f"{key}_n")
            lines.append(f"  {key:32s} {value}" + (f"  (n={n})" if n else ""))
    return "\n".join(lines)


def score_files(gold_path: Path, pred_path: Path) -> dict[str, Any]:
    """`score()` of two JSONL files; gold lines without `id` or `gold.events` are an error."""
    gold = load_jsonl(gold_path)
    for number, record in enumerate(gold, start=1):
        if "id" not in record or not isinstance((record.get("gold") or {}).get("events"), list):
            raise BadRecordError(
                f"{gold_path}:{number}", "a gold line needs `id` and `gold.events` (a list)"
            )
        if record.get("granularity", "single") == "single" and not record["gold"]["events"]:
            raise BadRecordError(
                f"{gold_path}:{number}", "single-event gold needs one event in `gold.events`"
            )
    return score(gold, load_jsonl(pred_path))
