"""The ceasefire registry: ceasefires from articles, PA-X and a user's YAML, merged.

Sources, in order of precedence: a user's YAML file (``yaml``), PA-X agreements
(``pax``, the PeaceRep Peace Agreements Database CSV), ceasefires found in articles
(``article``). Two records are one ceasefire when their parties agree (the same
sides, or one's sides all among the other's) and their starts (effective, else
announced) are within a day; the record of higher precedence keeps its id and
fields, the other fills what it lacks and adds its references and evidence. An
article's ceasefire with no date is a reference to the one of the same parties in
force when the article was published, if any. A name from an article is kept only
when it says which ceasefire it is (`registry_rules.is_proper_name`); a ceasefire
without one is titled by its parties and start ("Kyrgyzstan-Tajikistan ceasefire of
20 Mar 2023", `title`).

Windows. A ceasefire runs from the day of its start to the day it ended; a short
truce (a holiday truce, a "72-hour ceasefire", a humanitarian pause: the `short`
rules of `data/ceasefire_rules.yaml`) for the days it was declared for; else until
the next ceasefire of exactly the same parties starts (a truce of Israel and Hamas
does not end one of Israel and Lebanon), but at most `open_days` (365) days:
PA-X records no end dates, and an agreement of 1995 should not make every clash of
2020 a violation. Nothing before the start is inside.

An incident falls inside a ceasefire when its first day is in the window, one of
its actors (or, with no actors, a claimant or its place) is a party and no actor is
a state or armed group outside the parties, and its place (when known) is in the
ceasefire's area (countries, admin1 names, or a circle), by default the parties'
countries.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from truceline.countries import country_name
from truceline.errors import ConfigError
from truceline.incidents.mentions import Mention
from truceline.incidents.merge import haversine_km
from truceline.incidents.registry_rules import (
    default_name,
    is_proper_name,
    pax_decision,
    short_truce_days,
)
from truceline.incidents.sides import side_country, side_of, sides_match
from truceline.schemas import Actor, Ceasefire, Document, _check_date

if TYPE_CHECKING:
    from truceline.incidents.build import IncidentSet

Source = Literal["yaml", "pax", "article"]
PRECEDENCE = {"yaml": 0, "pax": 1, "article": 2}
OPEN_DAYS = 365
MATCH_DAYS = 3  # two records of the same parties starting this close are one ceasefire
FUTURE_DAYS = 30  # an article's ceasefire starting later than this after it: year wrong
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
PAX_COLUMNS = ("AgtId", "Agt", "Dat", "Con", "PPName", "Stage", "Loc1ISO", "Loc2ISO", "agt_type")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Area(_Model):
    """Where a ceasefire applies. Empty lists mean no constraint of that kind."""

    countries: list[str] = Field(default_factory=list)
    admin1: list[str] = Field(default_factory=list)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float | None = Field(default=None, gt=0)


class CeasefireEvidence(_Model):
    article_id: str
    text: str
    start: int | None = None
    end: int | None = None


class CeasefireRecord(_Model):
    """One ceasefire of the registry (a superset of the contract's Ceasefire)."""

    id: str
    name: str | None = None
    parties: list[Actor] = Field(default_factory=list)
    mediators: list[Actor] = Field(default_factory=list)
    announced: str | None = None
    effective: str | None = None
    ended: str | None = None
    scope: str | None = None
    area: Area | None = None
    source: Source = "yaml"
    refs: list[str] = Field(default_factory=list)
    url: str | None = None
    evidence: list[CeasefireEvidence] = Field(default_factory=list)

    _dates = field_validator("announced", "effective", "ended", mode="before")(
        classmethod(lambda cls, v: _check_date(_date_text(v)))
    )

    def start(self) -> str | None:
        return self.effective or self.announced

    def party_sides(self) -> list[str]:
        return list(dict.fromkeys(side_of(p) for p in self.parties))


def _date_text(value: Any) -> Any:
    """YAML gives dates and datetimes as objects; the contract wants text."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::\d{2})?", value.strip())
        if m:
            return f"{m.group(1)}T{m.group(2)}"
    return value


def _day(text: str | None) -> int | None:
    return dt.date.fromisoformat(text[:10]).toordinal() if text else None


def same_parties(a: Sequence[str], b: Sequence[str], exact: bool = False) -> bool:
    """Equal sides, or (unless `exact`) every side of one among the other's (both
    non-empty)."""
    if not a or not b:
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if exact and not all(any(sides_match(y, x) for x in small) for y in big):
        return False
    return all(any(sides_match(x, y) for y in big) for x in small)


def _record_id(parties: Sequence[Actor], start: str | None, salt: str) -> str:
    countries = sorted({p.country for p in parties if p.country})
    head = "-".join(countries) or "x"
    if start:
        return f"cf-{head}-{start[:10]}"
    return f"cf-{head}-{hashlib.sha1(salt.encode()).hexdigest()[:8]}"


@dataclass(slots=True)
class Window:
    start: int | None  # day ordinals, inclusive
    end: int | None
    end_reason: str  # "ended", "superseded by <id>", "open N days", "unknown start"


class Registry:
    """Merged ceasefire records, their windows, and the article-local id aliases."""

    def __init__(self, records: Iterable[CeasefireRecord], open_days: int = OPEN_DAYS) -> None:
        self.records: list[CeasefireRecord] = []
        self.aliases: dict[tuple[str, str], str] = {}  # (article id, local id) -> id
        self.open_days = open_days
        self._windows: dict[str, Window] = {}
        self._by_id: dict[str, CeasefireRecord] = {}
        self._by_day: dict[int, list[CeasefireRecord]] = {}
        self._by_country: dict[str | None, list[CeasefireRecord]] = {}
        for r in sorted(records, key=lambda r: (PRECEDENCE[r.source], r.start() or "", r.id)):
            self.add(r)

    def get(self, cid: str) -> CeasefireRecord | None:
        return self._by_id.get(cid)

    def _index(self, record: CeasefireRecord) -> None:
        start = _day(record.start())
        if start is not None:
            self._by_day.setdefault(start, []).append(record)
            self._windows.clear()  # a new start can end another ceasefire's window

    def _related(self, record_sides: Sequence[str]) -> list[CeasefireRecord]:
        """Records that may have the same parties (sharing a country, or none known)."""
        countries = {side_country(s) for s in record_sides}
        seen: dict[int, CeasefireRecord] = {}
        for c in countries | {None}:
            for r in self._by_country.get(c, ()):
                seen[id(r)] = r
        if None in countries:  # a party of unknown country may match anyone's
            seen.update((id(r), r) for r in self.records)
        return list(seen.values())

    def add(self, record: CeasefireRecord, published: str | None = None) -> str:
        """Merge `record` into the registry; returns the id it now lives under."""
        sides, start = record.party_sides(), _day(record.start())
        target = None
        if start is not None:
            for day in sorted(range(start - MATCH_DAYS, start + MATCH_DAYS + 1),
                              key=lambda d: abs(d - start)):  # fmt: skip
                for r in self._by_day.get(day, ()):
                    if same_parties(sides, r.party_sides()):
                        target = r
                        break
                if target is not None:
                    break
        if target is None and start is None and published:
            target = self.in_force(sides, _day(published))  # type: ignore[arg-type]
        if target is None:
            if record.id in self._by_id:
                n = sum(1 for r in self.records if r.id.startswith(record.id))
                record = record.model_copy(update={"id": f"{record.id}-{n + 1}"})
            self.records.append(record)
            self._by_id[record.id] = record
            for c in {side_country(s) for s in sides} or {None}:
                self._by_country.setdefault(c, []).append(record)
            self._index(record)
            return record.id
        had_start = target.start()
        for name in ("name", "announced", "effective", "ended", "scope", "area", "url"):
            if getattr(target, name) is None and getattr(record, name) is not None:
                setattr(target, name, getattr(record, name))
        if target.start() != had_start or target.ended:
            if had_start is not None:
                self._by_day[_day(had_start)].remove(target)  # type: ignore[index]
            self._index(target)
            self._windows.clear()
        if not target.mediators:
            target.mediators = list(record.mediators)
        target.refs.extend(r for r in record.refs if r not in target.refs)
        target.evidence.extend(record.evidence)
        return target.id

    def add_documents(self, documents: Iterable[Document]) -> None:
        """Add the ceasefires of articles, remembering each article-local id."""
        dated: list[tuple[Document, Ceasefire]] = []
        undated: list[tuple[Document, Ceasefire]] = []
        for doc in documents:
            for cf in doc.ceasefires:
                (dated if (cf.effective or cf.announced) else undated).append((doc, cf))
        for doc, cf in dated + undated:
            aid = doc.article.id
            ev = cf.evidence
            cf = _in_the_past(cf, doc.article.published)
            record = CeasefireRecord(
                id=_record_id(cf.parties, cf.effective or cf.announced, f"{aid}#{cf.id}"),
                name=cf.name if is_proper_name(cf.name) else None,
                parties=cf.parties,
                mediators=cf.mediators,
                announced=cf.announced,
                effective=cf.effective,
                ended=cf.ended,
                scope=cf.scope,
                source="article",
                refs=[f"article:{aid}#{cf.id}"],
                url=doc.article.url,
                evidence=[
                    CeasefireEvidence(article_id=aid, text=ev.text, start=ev.start, end=ev.end)
                ]
                if ev
                else [],
            )
            self.aliases[(aid, cf.id)] = self.add(record, doc.article.published)

    # -- windows ---------------------------------------------------------------
    def window(self, record: CeasefireRecord) -> Window:
        cached = self._windows.get(record.id)
        if cached is None:
            cached = self._windows[record.id] = self._window(record)
        return cached

    def title(self, record: CeasefireRecord) -> str:
        """Its name, else its parties and start ("Kyrgyzstan-Tajikistan ceasefire of 20 Mar
        2023")."""
        return record.name or default_name(record.parties, record.start())

    def _window(self, record: CeasefireRecord) -> Window:
        start = _day(record.start())
        if start is None:
            return Window(None, None, "unknown start")
        if record.ended:
            return Window(start, _day(record.ended), "ended")
        short = short_truce_days([record.name, record.scope, *(e.text for e in record.evidence)])
        if short is not None:
            days, rule = short
            return Window(start, start + days - 1, f"short truce of {days} day(s) [{rule}]")
        sides = record.party_sides()
        later = [
            r
            for r in self._related(sides)
            if r is not record
            and (rs := _day(r.start())) is not None
            and rs > start
            and same_parties(sides, r.party_sides(), exact=True)
        ]
        horizon = start + self.open_days
        if later:
            nxt = min(later, key=lambda r: (r.start(), r.id))
            end = _day(nxt.start()) - 1  # type: ignore[operator]
            if end <= horizon:
                return Window(start, end, f"superseded by {nxt.id}")
        return Window(start, horizon, f"open {self.open_days} days")

    def in_force(self, sides: Sequence[str], day: int) -> CeasefireRecord | None:
        found = [
            r
            for r in self._related(sides)
            if same_parties(sides, r.party_sides()) and _contains(self.window(r), day)
        ]
        return max(found, key=lambda r: (r.start() or "", r.id)) if found else None


def _shift_year(text: str | None, years: int) -> str | None:
    if not text:
        return text
    day = dt.date.fromisoformat(text[:10])
    try:
        moved = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        moved = day.replace(year=day.year + years, day=28)
    return moved.isoformat() + text[10:]


def _in_the_past(cf: Ceasefire, published: str | None) -> Ceasefire:
    """An article's ceasefire dated more than `FUTURE_DAYS` after the article was
    published had its year guessed wrong ("from March 30" in a May report is this
    year's March 30, not next year's): its dates move back a year when that puts the
    start on or before the publication date."""
    start = cf.effective or cf.announced
    if not start or not published:
        return cf
    pub = dt.date.fromisoformat(published[:10])
    if (dt.date.fromisoformat(start[:10]) - pub).days <= FUTURE_DAYS:
        return cf
    moved = {k: _shift_year(getattr(cf, k), -1) for k in ("announced", "effective", "ended")}
    if dt.date.fromisoformat((moved["effective"] or moved["announced"])[:10]) > pub:  # type: ignore[index]
        return cf
    return cf.model_copy(update=moved)


def _contains(w: Window, day: int) -> bool:
    return w.start is not None and w.start <= day and (w.end is None or day <= w.end)


# -- imports -------------------------------------------------------------------
def _country_name(iso3: str) -> str:
    return country_name(iso3) or iso3


def pax_records(
    rows: Iterable[dict[str, str]],
    stages: Sequence[str] = ("Cea",),
    source_name: str = "PA-X",
    include_local: bool = False,
    dropped: Counter[str] | None = None,
) -> list[CeasefireRecord]:
    """Ceasefire records from PA-X rows (dicts with PA-X's column names).

    Only agreements whose `Stage` is in `stages` (PA-X's "Cea": ceasefires) and that
    the `pax` rules of `data/ceasefire_rules.yaml` call a ceasefire are kept (by
    `StageSub` and title: pledges, guidelines and related agreements that name no
    cessation of hostilities are not; `dropped` counts them by rule id), and local
    ones (`agt_type` "Local": a town, a district) only with `include_local`: PA-X
    does not say where they apply, and read as country-wide they would claim
    every incident of the country. Parties: the government of each of
    `Loc1ISO`/`Loc2ISO`, plus the armed groups of `Loc1ISO` for intrastate and local
    agreements (PA-X names signatories only in free text). `Dat` (dd/mm/yyyy, the
    signing date) is the start. The area is the listed countries, narrowed for a
    one-country agreement to the region PA-X names in `Con` ("India/(Manipur)":
    admin1 Manipur), so that a ceasefire with one group does not cover the others.
    """
    out = []
    for n, row in enumerate(rows, start=1):
        row = {k.lstrip("\ufeff"): (v or "").strip() for k, v in row.items() if k}
        if row.get("Stage") not in stages:
            continue
        keep, rule, _ = pax_decision(row.get("Agt", ""), row.get("StageSub") or "Ceas")
        if not keep:
            if dropped is not None:
                dropped[rule] += 1
            continue
        if row.get("agt_type") == "Local" and not include_local:
            continue
        missing = [c for c in ("AgtId", "Dat") if not row.get(c)]
        if missing:
            raise ConfigError(f"{source_name} record {n}: no {', '.join(missing)}")
        try:
            date = dt.datetime.strptime(row["Dat"], "%d/%m/%Y").date().isoformat()
        except ValueError as exc:
            raise ConfigError(
                f"{source_name} record {n}: Dat {row['Dat']!r} is not dd/mm/yyyy"
            ) from exc
        isos = [
            i.upper()
            for i in (row.get("Loc1ISO", ""), row.get("Loc2ISO", ""))
            if re.fullmatch(r"[A-Za-z]{3}", i)
        ]
        isos = list(dict.fromkeys(isos))
        parties = [Actor(name=_country_name(i), country=i, kind="government") for i in isos]
        if isos and row.get("agt_type", "") in ("Intrastate", "Local"):
            parties.append(
                Actor(
                    name=f"armed groups in {row.get('Con') or isos[0]}",
                    country=isos[0],
                    kind="rebels",
                )
            )
        if not parties and row.get("Con"):
            parties = [Actor(name=row["Con"])]
        regions = [
            r.strip()
            for r in re.findall(r"\(([^)]+)\)", row.get("Con", ""))
            if r.strip().lower() != "former"
        ]
        area = None
        if isos:
            area = Area(countries=isos, admin1=regions if len(isos) == 1 else [])
        scope = " — ".join(x for x in (row.get("Con"), row.get("PPName")) if x) or None
        out.append(
            CeasefireRecord(
                id=f"pax-{row['AgtId']}",
                name=row.get("Agt") or None,
                parties=parties,
                effective=date,
                scope=scope,
                area=area,
                source="pax",
                refs=[f"pax:{row['AgtId']}"],
                url=row.get("PAX_Hyperlink") or None,
            )
        )
    return out


def read_pax_csv(
    path: Path,
    stages: Sequence[str] = ("Cea",),
    include_local: bool = False,
    dropped: Counter[str] | None = None,
) -> list[CeasefireRecord]:
    """Read a PA-X agreements CSV (UTF-8, with or without BOM)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read as a UTF-8 CSV ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.lstrip("\ufeff") for h in reader.fieldnames or []]
    absent = [c for c in ("AgtId", "Dat", "Stage") if c not in header]
    if absent:
        raise ConfigError(
            f"{path}: not a PA-X agreements CSV (no column {', '.join(absent)}; "
            f"expected PA-X's columns such as {', '.join(PAX_COLUMNS)})"
        )
    return pax_records(reader, stages, str(path), include_local, dropped)


def yaml_records(data: Any, source_name: str = "YAML") -> list[CeasefireRecord]:
    """Ceasefire records from a parsed YAML document: a list, or {ceasefires: [...]}."""
    if isinstance(data, dict) and "ceasefires" in data:
        data = data["ceasefires"]
    if not isinstance(data, list):
        raise ConfigError(f"{source_name}: expected a list of ceasefires or 'ceasefires: [...]'")
    out = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ConfigError(f"{source_name}: ceasefire {n} is not a mapping")
        item = {"source": "yaml", **item}
        item.setdefault("refs", [f"yaml:{source_name}#{item.get('id', n)}"])
        try:
            out.append(CeasefireRecord.model_validate(item))
        except ValidationError as exc:
            raise ConfigError(
                f"{source_name}: ceasefire {n} ({item.get('id', '?')}) is invalid: {exc}"
            ) from exc
    return out


def read_ceasefire_yaml(path: Path) -> list[CeasefireRecord]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read as YAML ({exc})") from exc
    return yaml_records(data, str(path))


def read_ceasefire_file(
    path: Path, include_local: bool = False, dropped: Counter[str] | None = None
) -> list[CeasefireRecord]:
    """A PA-X CSV (.csv) or a user YAML file (.yaml/.yml); `dropped` counts the PA-X
    agreements left out, by rule id."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_pax_csv(path, include_local=include_local, dropped=dropped)
    if suffix in (".yaml", ".yml"):
        return read_ceasefire_yaml(path)
    raise ConfigError(f"{path}: expected a PA-X .csv or a .yaml ceasefire file")


# -- assignment ----------------------------------------------------------------
def _parties_ok(
    members: Sequence[Mention],
    sides: Sequence[str],
    countries: set[str],
    location_country: str | None,
) -> bool:
    actors = {s for m in members for s in m.actor_sides}
    if actors:
        inside = [s for s in actors if any(sides_match(s, p) for p in sides)]
        if not inside:
            return False
        for s in actors:
            if s in inside:
                continue
            if s.endswith(("/state", "/armed")) and side_country(s) is not None:
                return False
        return True
    claims = {s for m in members for s in m.claim_sides}
    if any(sides_match(s, p) for s in claims for p in sides):
        return True
    return location_country is not None and location_country in countries


def _area_ok(record: CeasefireRecord, members: Sequence[Mention]) -> bool:
    placed = [m for m in members if m.country or m.lat is not None]
    if not placed:
        return True
    area = record.area
    countries = set(
        area.countries
        if area and area.countries
        else (p.country for p in record.parties if p.country)
    )
    best = min(placed, key=lambda m: m.rank)
    if countries and best.country and best.country not in countries:
        return False
    if area and area.admin1 and best.admin1:
        names = {a.lower() for a in area.admin1}
        if best.admin1.lower() not in names and (best.place or "").lower() not in names:
            return False
    if area and area.radius_km and area.latitude is not None and area.longitude is not None:
        if best.lat is not None and best.lon is not None and best.rank <= 2:
            return haversine_km(best.lat, best.lon, area.latitude, area.longitude) <= (
                area.radius_km
            )
    return True


def covers(
    registry: Registry, record: CeasefireRecord, members: Sequence[Mention], day: int
) -> bool:
    """Whether an incident (its mentions, first day) falls inside `record`."""
    if not _contains(registry.window(record), day):
        return False
    countries = {p.country for p in record.parties if p.country}
    if record.area and record.area.countries:
        countries |= set(record.area.countries)
    placed = sorted((m for m in members if m.country), key=lambda m: m.rank)
    loc_country = placed[0].country if placed else None
    if not _parties_ok(members, record.party_sides(), countries, loc_country):
        return False
    return _area_ok(record, members)


def _outside(registry: Registry, record: CeasefireRecord, day: int | None) -> str | None:
    """Why `day` is not inside `record`'s window (None: it is, or the day is unknown)."""
    if day is None:
        return None
    w = registry.window(record)
    if _contains(w, day):
        return None
    when = dt.date.fromordinal(day).isoformat()
    if w.start is None:
        return f"an article ties it to {record.id}, whose start is unknown"
    start = dt.date.fromordinal(w.start).isoformat()
    if day < w.start:
        return f"an article ties it to {record.id}, but {when} is before its start ({start})"
    end = dt.date.fromordinal(w.end).isoformat() if w.end is not None else "?"
    return (
        f"an article ties it to {record.id}, but {when} is after its window "
        f"({start} to {end}, {w.end_reason})"
    )


def assign_ceasefires(incident_set: IncidentSet, registry: Registry) -> None:
    """Set `ceasefire_id` and `violation` on every incident, in place.

    An incident whose mentions the extractor linked to an article's ceasefire takes
    that ceasefire (the registry record it merged into) when the link says it is a
    violation and its day lies inside the ceasefire's window (an undated incident:
    always, it is listed as undated); a linked incident outside the window gets a
    `ceasefire_note` saying so and is assigned as any other; otherwise the most
    recent ceasefire it falls inside. An act of
    violence (Battles, Explosions/Remote violence, Violence against civilians) or an
    accusation inside a ceasefire is an alleged violation; other incidents inside one
    are linked with `violation` false (denials: null); the extractor's explicit
    `violation: false` is kept.
    """
    by_country: dict[str | None, list[CeasefireRecord]] = {}
    for r in registry.records:
        keys = {p.country for p in r.parties} | set(r.area.countries if r.area else ())
        for k in keys:
            by_country.setdefault(k, []).append(r)
    for incident, idx in zip(incident_set.incidents, incident_set.members, strict=True):
        members = [incident_set.mentions[i] for i in idx]
        day = _day(incident.date)
        linked: Counter[str] = Counter()
        explicit_false = False
        for m in members:
            cid = m.event.ceasefire_id
            if cid and (m.article_id, cid) in registry.aliases:
                if m.event.violation:
                    linked[registry.aliases[(m.article_id, cid)]] += 1
                elif m.event.violation is False:
                    explicit_false = True
        record = None
        note = None
        if linked:
            record = registry.get(linked.most_common(1)[0][0])
            outside = _outside(registry, record, day) if record is not None else None
            if outside is not None:
                note, record, linked = outside, None, Counter()
        if record is None and day is not None:
            countries: set[str | None] = {m.country for m in members if m.country}
            for m in members:
                countries.update(side_country(s) for s in (*m.actor_sides, *m.claim_sides))
            candidates = {id(r): r for c in countries if c for r in by_country.get(c, ())}
            candidates.update((id(r), r) for r in by_country.get(None, ()))
            inside = [r for r in candidates.values() if covers(registry, r, members, day)]
            if inside:
                record = max(
                    inside, key=lambda r: (r.start() or "", PRECEDENCE[r.source] * -1, r.id)
                )
        incident.ceasefire_note = note
        if record is None:
            incident.ceasefire_id, incident.violation = None, None
            continue
        incident.ceasefire_id = record.id
        if incident.kind == "denial":
            incident.violation = None
        elif linked:
            incident.violation = True
        elif explicit_false:
            incident.violation = False
        else:
            incident.violation = (
                incident.kind == "accusation" or incident.event_type in VIOLENT_TYPES
            )
