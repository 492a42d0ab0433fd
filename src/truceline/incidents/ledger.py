"""The violations ledger of each ceasefire, and its JSON, Markdown and CSV forms.

For a ceasefire of the registry: when it took effect, its window, the first alleged
violation (its day, the hours from the start to that day, who alleged it), alleged
violations per day by accusing side, incidents by status, top places, and for each
count the incidents and the evidence sentences behind them.

An alleged violation is an incident assigned to the ceasefire with `violation` true
(see `registry.assign_ceasefires`). Its accusing sides are the sides that claim it;
one stated only in outlets' own voice counts under "unattributed". An incident
alleged by two sides counts once for each on its day.

Days after the start count calendar days (0: the start's own day; a violation is
never before the start: see `registry.assign_ceasefires`). Hours after the start are
given only when both times are known (a start "2020-10-26T08:00" and an event time
on the incident's first day), never made up from a bare day.

Undated violations (no event date and no publication date) are listed with `date`
null, counted under "undated" and by status; they are not in the per-day counts of
any day but "undated". Incidents an article ties to the ceasefire but that lie
outside its window are listed under `outside_window` with why, not counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from truceline.incidents.model import INCIDENT_STATUSES, Incident
from truceline.incidents.registry import CeasefireRecord, Registry
from truceline.incidents.sides import side_label, side_of

TOP_PLACES = 10
UNDATED = "undated"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LedgerEvidence(_Model):
    article_id: str
    outlet: str
    role: str
    text: str


class LedgerViolation(_Model):
    """One alleged violation: an incident assigned to the ceasefire."""

    id: str  # the incident id
    date: str | None  # None: undated (no event date and no publication date)
    days_after_start: int | None
    hours_after_start: float | None  # only when both times are known
    kind: str
    sub_event_type: str
    place: str | None
    status: str
    accusing_sides: list[str]  # side keys ("ARM/state", "unattributed")
    claimant_sides: list[str]  # readers' labels of the same
    outlets: list[str]
    evidence: list[LedgerEvidence]
    events: int = 0  # events of the incident
    verified: int = 0  # of them verified or corrected by an analyst


class LedgerWindow(_Model):
    start: str | None
    end: str | None
    end_reason: str


class DayCount(_Model):
    date: str
    side: str
    side_label: str
    count: int
    incidents: list[str]


class FirstViolation(_Model):
    date: str
    hours_after_start: float | None
    days_after_start: int | None
    alleged_by: list[str]  # side labels
    incidents: list[str]


class PlaceCount(_Model):
    place: str
    count: int
    incidents: list[str]


class OutsideWindow(_Model):
    """An incident an article ties to this ceasefire that lies outside its window."""

    id: str
    date: str | None
    note: str


class Ledger(_Model):
    id: str
    name: str  # its name, else its parties and start
    parties: list[str]
    source: str
    refs: list[str]
    announced: str | None
    effective: str | None
    window: LedgerWindow
    first_violation: FirstViolation | None
    violations: list[LedgerViolation] = Field(default_factory=list)
    # alleged violations: "total", each status, and "undated" (also counted by status)
    counts: dict[str, int] = Field(default_factory=dict)
    violations_per_day: list[DayCount] = Field(default_factory=list)
    top_places: list[PlaceCount] = Field(default_factory=list)
    outside_window: list[OutsideWindow] = Field(default_factory=list)
    linked_not_violations: list[str] = Field(default_factory=list)
    # Events analysts rejected that would have counted as alleged violations here
    # ("<article id>#<event id>"); they are in no count above.
    rejected: int = 0
    rejected_events: list[str] = Field(default_factory=list)

    # the same, under the names earlier readers used
    @property
    def ceasefire_id(self) -> str:
        return self.id

    @property
    def by_status(self) -> dict[str, int]:
        return {s: self.counts.get(s, 0) for s in INCIDENT_STATUSES}


def _datetime(text: str) -> dt.datetime | None:
    """A real time ("2020-10-26T08:00"), None for a bare day."""
    return dt.datetime.fromisoformat(text[:16]) if "T" in text else None


def _iso(day: int | None) -> str | None:
    return dt.date.fromordinal(day).isoformat() if day is not None else None


def _incident_time(inc: Incident) -> dt.datetime | None:
    """The earliest real time its mentions give on its first day."""
    times = [
        t
        for m in inc.mentions
        if m.date and inc.date and m.date[:10] == inc.date and (t := _datetime(m.date))
    ]
    return min(times) if times else None


def _after_start(inc: Incident, start: str | None) -> tuple[int | None, float | None]:
    if not start or not inc.date:
        return None, None
    days = (dt.date.fromisoformat(inc.date) - dt.date.fromisoformat(start[:10])).days
    began, happened = _datetime(start), _incident_time(inc)
    hours = None
    if began is not None and happened is not None:
        hours = round((happened - began).total_seconds() / 3600, 2)
    return days, hours


def _violation(inc: Incident, start: str | None) -> LedgerViolation:
    days, hours = _after_start(inc, start)
    return LedgerViolation(
        id=inc.id,
        date=inc.date,
        days_after_start=days,
        hours_after_start=hours,
        kind=inc.kind,
        sub_event_type=inc.sub_event_type,
        place=inc.location.name if inc.location else None,
        status=inc.status,
        accusing_sides=inc.accusing_sides,
        claimant_sides=[side_label(s) for s in inc.accusing_sides],
        outlets=inc.outlets,
        evidence=[
            LedgerEvidence(
                article_id=m.article_id, outlet=m.outlet, role=m.role, text=m.evidence.text
            )
            for m in inc.mentions
        ],
        events=len(inc.mentions),
        verified=sum(1 for m in inc.mentions if m.review is not None),
    )


def build_ledger(
    record: CeasefireRecord,
    incidents: Sequence[Incident],
    registry: Registry,
    outside: Sequence[Incident] = (),
    rejected: Sequence[str] = (),
) -> Ledger:
    """The ledger of one ceasefire from the incidents assigned to it.

    `outside`: incidents an article ties to it that lie outside its window (listed
    with the reason, not counted); `rejected`: keys of the events analysts rejected
    that would have counted against it (in no count).
    """
    mine = [i for i in incidents if i.ceasefire_id == record.id]
    violations = sorted((i for i in mine if i.violation), key=lambda i: (i.date or "9999", i.id))
    dated = [i for i in violations if i.date]
    window = registry.window(record)
    start = record.start()
    rows = [_violation(i, start) for i in violations]
    by_id = {r.id: r for r in rows}

    first = None
    if dated:
        day = dated[0].date
        firsts = [i for i in dated if i.date == day]
        hours = [h for i in firsts if (h := by_id[i.id].hours_after_start) is not None]
        alleged = dict.fromkeys(s for i in firsts for s in i.accusing_sides)
        first = FirstViolation(
            date=day or "",
            hours_after_start=min(hours) if hours else None,
            days_after_start=by_id[firsts[0].id].days_after_start,
            alleged_by=[side_label(s) for s in alleged],
            incidents=[i.id for i in firsts],
        )

    per_day: dict[tuple[str, str], list[str]] = defaultdict(list)
    for inc in violations:
        for side in inc.accusing_sides or ["unattributed"]:
            per_day[(inc.date or UNDATED, side)].append(inc.id)
    days_rows = [
        DayCount(date=d, side=s, side_label=side_label(s), count=len(ids), incidents=ids)
        for (d, s), ids in sorted(per_day.items())
    ]
    status: Counter[str] = Counter(i.status for i in violations)
    counts = {"total": len(violations), **{s: status.get(s, 0) for s in INCIDENT_STATUSES}}
    counts[UNDATED] = len(violations) - len(dated)
    places: dict[str, list[str]] = defaultdict(list)
    for inc in violations:
        if inc.location is not None:
            places[inc.location.name].append(inc.id)
    top = sorted(places.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_PLACES]
    return Ledger(
        id=record.id,
        name=registry.title(record),
        parties=[side_label(side_of(p)) for p in record.parties],
        source=record.source,
        refs=record.refs,
        announced=record.announced,
        effective=record.effective,
        window=LedgerWindow(
            start=_iso(window.start), end=_iso(window.end), end_reason=window.end_reason
        ),
        first_violation=first,
        violations=rows,
        counts=counts,
        violations_per_day=days_rows,
        top_places=[PlaceCount(place=p, count=len(ids), incidents=ids) for p, ids in top],
        outside_window=[
            OutsideWindow(id=i.id, date=i.date, note=i.ceasefire_note or "") for i in outside
        ],
        linked_not_violations=[i.id for i in mine if not i.violation],
        rejected=len(rejected),
        rejected_events=list(rejected),
    )


def _outside_of(incidents: Sequence[Incident], record_id: str) -> list[Incident]:
    key = f"ties it to {record_id},"
    return [i for i in incidents if i.ceasefire_note and key in i.ceasefire_note]


def build_ledgers(
    incidents: Sequence[Incident],
    registry: Registry,
    ceasefire_id: str | None = None,
    rejected: Mapping[str, Sequence[str]] | None = None,
) -> list[Ledger]:
    """Ledgers of every ceasefire with incidents assigned to it (or just `ceasefire_id`);
    `rejected`: registry id -> rejected events (see `incidents.reviews`)."""
    rejected = rejected or {}
    if ceasefire_id is not None:
        record = registry.get(ceasefire_id)
        if record is None:
            raise KeyError(ceasefire_id)
        return [
            build_ledger(
                record,
                incidents,
                registry,
                _outside_of(incidents, record.id),
                rejected.get(ceasefire_id, ()),
            )
        ]
    used = {i.ceasefire_id for i in incidents if i.ceasefire_id} | set(rejected)
    records = [r for r in registry.records if r.id in used]
    records.sort(key=lambda r: (r.start() or "", r.id))
    return [
        build_ledger(r, incidents, registry, _outside_of(incidents, r.id), rejected.get(r.id, ()))
        for r in records
    ]


# -- renderers -----------------------------------------------------------------
def render_json(ledgers: Sequence[Ledger]) -> str:
    return (
        json.dumps([lg.model_dump(mode="json") for lg in ledgers], indent=2, ensure_ascii=False)
        + "\n"
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _render_md_one(lg: Ledger) -> list[str]:
    out = [f"## {_md_cell(lg.name)} (`{lg.id}`)", ""]
    out.append(f"- Parties: {', '.join(lg.parties) or 'unknown'}")
    out.append(f"- Source: {lg.source} ({', '.join(lg.refs)})")
    if lg.announced:
        out.append(f"- Announced: {lg.announced}")
    out.append(f"- Effective: {lg.effective or 'unknown'}")
    w = lg.window
    out.append(f"- Window: {w.start or '?'} to {w.end or '?'} ({w.end_reason})")
    fv = lg.first_violation
    if fv is None:
        out.append("- First alleged violation: none dated")
    else:
        when = (
            f"day {fv.days_after_start} of the ceasefire"
            if fv.days_after_start is not None
            else "start unknown"
        )
        if fv.hours_after_start is not None:
            when += f", {fv.hours_after_start:g} h after the start"
        out.append(
            f"- First alleged violation: {fv.date} ({when}), alleged by "
            f"{', '.join(fv.alleged_by) or 'nobody named'} ({', '.join(fv.incidents)})"
        )
    c = lg.counts
    out.append(
        f"- Alleged violations: {c.get('total', 0)} ({c.get(UNDATED, 0)} undated: no event "
        "or publication date)"
    )
    if lg.violations or lg.rejected:
        signed = sum(1 for v in lg.violations if v.verified)
        out.append(
            f"- Reviewed: {signed} of {c.get('total', 0)} with events verified by an analyst; "
            f"{lg.rejected} event(s) rejected by analysts (not counted)"
        )
    out += ["", "### Alleged violations per day, by accusing side", ""]
    sides = list(dict.fromkeys(r.side_label for r in lg.violations_per_day))
    if sides:
        out.append("| date | " + " | ".join(_md_cell(s) for s in sides) + " |")
        out.append("|---|" + "---:|" * len(sides))
        by_day: dict[str, dict[str, DayCount]] = defaultdict(dict)
        for r in lg.violations_per_day:
            by_day[r.date][r.side_label] = r
        for day, cells in sorted(by_day.items()):
            row = [
                f"{cells[s].count} ({', '.join(cells[s].incidents)})" if s in cells else "0"
                for s in sides
            ]
            out.append(f"| {day} | " + " | ".join(row) + " |")
    else:
        out.append("No alleged violations.")
    out += ["", "### Alleged violations by status", ""]
    keys = [*INCIDENT_STATUSES, UNDATED]
    out.append("| " + " | ".join(keys) + " |")
    out.append("|" + "---:|" * len(keys))
    out.append("| " + " | ".join(str(c.get(k, 0)) for k in keys) + " |")
    out += ["", "### Top places", ""]
    if lg.top_places:
        out += [f"- {_md_cell(p.place)}: {p.count}" for p in lg.top_places]
    else:
        out.append("No located incidents.")
    out += ["", "### Evidence", ""]
    for v in lg.violations:
        who = ", ".join(v.claimant_sides) or "nobody named"
        day = v.date or "undated"
        out.append(
            f"- **{day}** `{v.id}` {v.sub_event_type}"
            f"{' at ' + _md_cell(v.place) if v.place else ''}: {v.status}, "
            f"alleged by {who}; {len(v.outlets)} independent outlet(s); "
            f"{v.verified} of {v.events} event(s) verified"
        )
        for ev in v.evidence:
            role = "" if ev.role == "act" else f" [{ev.role}]"
            out.append(
                f"  - {_md_cell(ev.outlet)} ({ev.article_id}){role}: "
                f"\u201c{_md_cell(ev.text.strip())}\u201d"
            )
    if lg.outside_window:
        out += ["", "### Tied to it by an article, outside its window (not counted)", ""]
        out += [f"- `{o.id}` {o.date or 'undated'}: {_md_cell(o.note)}" for o in lg.outside_window]
    out.append("")
    return out


def render_md(ledgers: Sequence[Ledger]) -> str:
    out = ["# Ceasefire violations ledger", ""]
    if not ledgers:
        out.append("No ceasefire has alleged violations assigned to it.")
    for lg in ledgers:
        out += _render_md_one(lg)
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = (
    "ceasefire_id",
    "ceasefire_name",
    "effective",
    "date",
    "accusing_side",
    "incident_id",
    "status",
    "sub_event_type",
    "place",
    "outlet",
    "article_id",
    "role",
    "evidence",
    "verified",
)


def render_csv(ledgers: Sequence[Ledger]) -> str:
    """One row per (ceasefire, day, accusing side, incident, evidence sentence)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for lg in ledgers:
        violations = {v.id: v for v in lg.violations}
        for row in lg.violations_per_day:
            for iid in row.incidents:
                v = violations[iid]
                for ev in v.evidence:
                    w.writerow(
                        [
                            lg.id,
                            lg.name,
                            lg.effective or "",
                            row.date,
                            row.side_label,
                            iid,
                            v.status,
                            v.sub_event_type,
                            v.place or "",
                            ev.outlet,
                            ev.article_id,
                            ev.role,
                            ev.text,
                            f"{v.verified}/{v.events}",
                        ]
                    )
    return buf.getvalue()


RENDERERS = {"json": render_json, "md": render_md, "csv": render_csv}
