"""Merging event mentions across articles into incidents.

Two mentions are one incident when

- their types are compatible: Battles and Explosions/Remote violence are one family
  (an exchange of mortar fire is read either way), Violence against civilians is
  another, Protests and Riots a third; a strategic development only merges with the
  same sub-event type;
- their dates are within `max_days` (1) of the incident's first day;
- their places agree: two points (exact/near) within `distance_km` (25 km); a region
  and anything in it (the same admin1 when both are known, else the same name, else
  within `region_km`, 150 km); a country and anything in that country that shares
  one of its actors' sides (of a known country); a mention and an incident of which
  one has no place merge only when they name the same two sides or the same
  claimants;
- their actors agree: the known sides of one are among the known sides of the
  other (actor order does not matter: a clash or mutual shelling is told from both
  ends);
- they are not two events of one article that the extractor kept apart: two events
  of one article merge only as a claim and its denial, or as claims of different
  claimants (A says B shelled X, B says A did).

Each mention joins the compatible incident it is closest to (days, then kilometres,
then shared actors), or starts a new one. A mention placed only at a region or a
country, or not at all, joins only when exactly one incident fits (or exactly one
has its place name): where several do, guessing would merge distinct events (an
incident holding another event of the mention's own article counts as fitting).
Mentions are taken by day, the most precise place first, so an incident's
reference place is its best-located mention.

Accusations ("A accuses B of violating the truce") and denials attach to the act they
are about when there is one: an act claimed by the accuser (denial: an act someone
else asserts, that names the denier as perpetrator or is claimed by the denial's
addressee), from `claim_days_before` days before to `claim_days_after` after, at a
compatible place. Otherwise accusations merge with each other (same accuser, same
accused, within a day), then denials attach to such an accusation or stand alone.

Nothing compares every pair: incidents are indexed by (first day, grid cell) for
points, (first day, country) for regions and countries, and (first day, side) for
mentions without a place. The grid's cells are at least `distance_km` wide, so a
match is always in the 3 x 3 cells around a point. Longitudes do not wrap at 180°.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from truceline.incidents.mentions import Mention
from truceline.incidents.sides import side_country, sides_match
from truceline.schemas import Event

EARTH_KM = 6371.0088
KM_PER_DEG = 111.32
_ROLE_ORDER = {"act": 0, "accusation": 1, "denial": 2}


@dataclass(slots=True, frozen=True)
class MergeConfig:
    distance_km: float = 25.0
    region_km: float = 150.0
    max_days: int = 1
    claim_days_before: int = 2
    claim_days_after: int = 1

    def __post_init__(self) -> None:
        if self.distance_km <= 0 or self.region_km <= 0 or self.max_days < 0:
            raise ValueError(f"invalid merge configuration {self}")


def type_family(event: Event) -> str:
    if event.event_type in ("Battles", "Explosions/Remote violence"):
        return "armed"
    if event.event_type == "Violence against civilians":
        return "civilians"
    if event.event_type in ("Protests", "Riots"):
        return "crowd"
    return f"sd:{event.sub_event_type}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


class _Grid:
    """Cells at least `km` wide everywhere: rows of equal latitude, columns widened
    with the cosine of the row's poleward edge."""

    def __init__(self, km: float) -> None:
        self.dlat = km / KM_PER_DEG
        self._dlon: dict[int, float] = {}

    def dlon(self, row: int) -> float:
        width = self._dlon.get(row)
        if width is None:
            edge = min(max(abs(row * self.dlat), abs((row + 1) * self.dlat)), 90.0)
            width = min(360.0, self.dlat / max(math.cos(math.radians(edge)), 1e-9))
            self._dlon[row] = width
        return width

    def cell(self, lat: float, lon: float) -> tuple[int, int]:
        row = math.floor(lat / self.dlat)
        return row, math.floor(lon / self.dlon(row))

    def around(self, lat: float, lon: float) -> Iterable[tuple[int, int]]:
        row = math.floor(lat / self.dlat)
        for r in (row - 1, row, row + 1):
            col = math.floor(lon / self.dlon(r))
            yield r, col - 1
            yield r, col
            yield r, col + 1


@dataclass(slots=True)
class _Cluster:
    role: str
    family: str
    anchor_day: int
    last_day: int
    members: list[int] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    rank: int = 4
    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    sides: set[str] = field(default_factory=set)
    perps: set[str] = field(default_factory=set)
    claims: set[str] = field(default_factory=set)
    own_voice: bool = False
    voices: set[tuple[str, frozenset[str]]] = field(default_factory=set)
    # per article: the (claimant sides, denied) of its mentions in this incident
    by_article: dict[str, list[tuple[frozenset[str], bool]]] = field(default_factory=dict)
    accuser: str | None = None
    accused: str | None = None

    @property
    def located(self) -> bool:
        return self.country is not None or self.lat is not None

    @property
    def precise(self) -> bool:
        return self.rank <= 1 and self.lat is not None


def _located(m: Mention) -> bool:
    return m.country is not None or (m.lat is not None and m.rank <= 1)


def _place_cost(m: Mention, c: _Cluster, cfg: MergeConfig) -> float | None:
    """How far apart the places are (0 = same point), None when incompatible."""
    if m.country and c.country and m.country != c.country:
        return None
    m_point = m.rank <= 1 and m.lat is not None
    if m_point and c.precise:
        d = haversine_km(m.lat, m.lon, c.lat, c.lon)  # type: ignore[arg-type]
        return d / cfg.distance_km if d <= cfg.distance_km else None
    if m.rank >= 3 or c.rank >= 3:
        return 1.0 if (m.country and m.country == c.country) else None
    # one of them is a region: the same admin1 when both are known, else the same
    # name, else near enough
    if m.admin1 and c.admin1:
        if m.admin1.lower() != c.admin1.lower():
            return None
        return 0.5
    if m.place and c.place and m.place.lower() == c.place.lower():
        return 0.5
    if m.lat is not None and c.lat is not None:
        d = haversine_km(m.lat, m.lon, c.lat, c.lon)  # type: ignore[arg-type]
        return 0.5 + d / cfg.region_km if d <= cfg.region_km else None
    return 1.0 if (m.country and m.country == c.country) else None


def _actors_ok(sides: Sequence[str], cluster_sides: set[str]) -> bool:
    if not sides or not cluster_sides:
        return True
    if all(s in cluster_sides for s in sides):
        return True
    if len(sides) <= len(cluster_sides):
        return all(any(sides_match(a, b) for b in cluster_sides) for a in sides)
    return all(any(sides_match(b, a) for a in sides) for b in cluster_sides)


def _known(side: str) -> bool:
    """A side of a known country, or a monitor (not "?/armed", not a bare name)."""
    return side_country(side) is not None or side.startswith("monitor/")


def _shares_side(sides: Sequence[str], cluster_sides: set[str]) -> bool:
    if not cluster_sides.isdisjoint(sides):
        return True
    return any(sides_match(a, b) for a in sides for b in cluster_sides)


def _same_article_ok(m: Mention, c: _Cluster) -> bool:
    """Two events of one article are one incident only as a claim and its denial, or as
    claims of different claimants (the extractor kept them apart for a reason)."""
    mine = m.voice[1]
    for sides, denied in c.by_article.get(m.article_id, ()):
        if sides == mine and denied == m.denied:
            return False
        if denied != m.denied:
            continue
        if not sides or not mine:
            return False
    return True


class _Merger:
    def __init__(self, mentions: Sequence[Mention], cfg: MergeConfig) -> None:
        self.ms = mentions
        self.cfg = cfg
        self.grid = _Grid(cfg.distance_km)
        self.clusters: list[_Cluster] = []
        self.comparisons = 0  # candidate incidents examined (for benchmarks)
        self.by_cell: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        self.by_country: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.coarse: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.by_side: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.unlocated: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.by_claim: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.accusations: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.accusations_on: dict[int, list[int]] = defaultdict(list)
        self.denials: dict[tuple[int, str], list[int]] = defaultdict(list)

    # -- cluster bookkeeping -------------------------------------------------
    def _index_place(self, ci: int) -> None:
        c = self.clusters[ci]
        d = c.anchor_day
        if c.precise:
            self.by_cell[(d, *self.grid.cell(c.lat, c.lon))].append(ci)  # type: ignore[arg-type]
        if c.country:
            self.by_country[(d, c.country)].append(ci)
            if not c.precise:
                self.coarse[(d, c.country)].append(ci)

    def _add(self, ci: int, i: int) -> None:
        c, m = self.clusters[ci], self.ms[i]
        c.members.append(i)
        c.last_day = max(c.last_day, m.day)
        c.voices.add(m.voice)
        c.by_article.setdefault(m.article_id, []).append((m.voice[1], m.denied))
        had_place, was_precise = c.located, c.precise
        if m.rank < c.rank and (_located(m) or m.lat is not None):
            c.rank, c.lat, c.lon = m.rank, m.lat, m.lon
            c.country = m.country or c.country
            c.admin1, c.place = m.admin1, m.place
        elif c.country is None and m.country is not None:
            c.country = m.country
        if c.located and (not had_place or (c.precise and not was_precise)):
            self._index_place(ci)
        new_sides = [s for s in m.actor_sides if s not in c.sides]
        for s in new_sides:
            c.sides.add(s)
            self.by_side[(c.anchor_day, s)].append(ci)
            if not c.located:
                self.unlocated[(c.anchor_day, s)].append(ci)
        if m.role == "act" and m.perpetrator and not m.denied:
            c.perps.add(m.perpetrator)
        if not m.denied and m.role != "denial":
            for s in m.claim_sides:
                if s not in c.claims:
                    c.claims.add(s)
                    self.by_claim[(c.anchor_day, s)].append(ci)
            if m.role == "act" and not m.claim_sides:
                c.own_voice = True

    def _new(self, i: int, role: str) -> int:
        m = self.ms[i]
        c = _Cluster(role=role, family=type_family(m.event), anchor_day=m.day, last_day=m.day)
        self.clusters.append(c)
        ci = len(self.clusters) - 1
        self._add(ci, i)
        return ci

    def _days(self, day: int, before: int, after: int = 0) -> range:
        return range(day - before, day + after + 1)

    # -- acts ----------------------------------------------------------------
    def _act_candidates(self, m: Mention) -> set[int]:
        out: set[int] = set()
        for d in self._days(m.day, self.cfg.max_days):
            if m.rank <= 1 and m.lat is not None:
                for cell in self.grid.around(m.lat, m.lon):  # type: ignore[arg-type]
                    out.update(self.by_cell.get((d, *cell), ()))
                if m.country:
                    out.update(self.coarse.get((d, m.country), ()))
            elif m.country:
                out.update(self.by_country.get((d, m.country), ()))
            if _located(m):
                for s in m.actor_sides:
                    out.update(self.unlocated.get((d, s), ()))
            else:
                for s in m.actor_sides:
                    out.update(self.by_side.get((d, s), ()))
        return out

    def _act_cost(self, m: Mention, c: _Cluster, same_article: bool = False) -> float | None:
        """How well `m` fits incident `c` (lower is better), None when it does not.

        `same_article` True ignores the rule on two events of one article.
        """
        if c.role != "act" or c.family != type_family(m.event):
            return None
        if not 0 <= m.day - c.anchor_day <= self.cfg.max_days:
            return None
        if not same_article and m.article_id in c.by_article and not _same_article_ok(m, c):
            return None
        sides = m.actor_sides
        if not _actors_ok(sides, c.sides):
            return None
        # only sides of a known country (or a monitor) vouch for a merge without places
        known = {x for x in sides if _known(x)}
        shared = not known.isdisjoint(c.sides)
        if _located(m) and c.located:
            place = _place_cost(m, c, self.cfg)
            if place is None:
                return None
            if (m.rank >= 3 or c.rank >= 3) and not shared:
                return None  # "in Azerbaijan" says too little without a shared actor
        elif not shared:
            return None
        else:  # one of them has no place: the same two sides, or the same claimants
            both = len(known) == 2 and known == {x for x in c.sides if _known(x)}
            claims = {x for x in m.claim_sides if _known(x)}
            if not (both or (claims and claims <= c.claims)):
                return None
            place = 1.0
        return 0.5 * (m.day - c.anchor_day) + place + (0.0 if shared else 0.25)

    def _best(self, i: int, candidates: Iterable[int], cost) -> int | None:  # type: ignore[no-untyped-def]
        m = self.ms[i]
        best, best_cost = None, math.inf
        candidates = sorted(candidates)
        self.comparisons += len(candidates)
        for ci in candidates:
            value = cost(m, self.clusters[ci])
            if value is not None and value < best_cost:
                best, best_cost = ci, value
        return best

    def add_act(self, i: int) -> None:
        m = self.ms[i]
        candidates = sorted(self._act_candidates(m))
        self.comparisons += len(candidates)
        scored = []
        fitting = 0  # including incidents holding another event of this article
        for ci in candidates:
            value = self._act_cost(m, self.clusters[ci])
            if value is not None:
                scored.append((value, ci))
                fitting += 1
            elif m.rank >= 2 and m.article_id in self.clusters[ci].by_article:
                fitting += self._act_cost(m, self.clusters[ci], same_article=True) is not None
        if fitting > 1 and m.rank >= 2:
            # a region, a country or no place: several incidents fit, so do not guess;
            # only the same place name singles one out
            name = (m.place or "").lower()
            scored = [x for x in scored if name and (self.clusters[x[1]].place or "").lower()
                      == name]  # fmt: skip
            if len(scored) != 1:
                scored = []
        if not scored:
            self._new(i, "act")
        else:
            self._add(min(scored)[1], i)

    # -- accusations and denials ---------------------------------------------
    def _claim_window(self, m: Mention, c: _Cluster) -> bool:
        cfg = self.cfg
        return c.anchor_day <= m.day + cfg.claim_days_after and (
            c.last_day >= m.day - cfg.claim_days_before
        )

    def _place_ok(self, m: Mention, c: _Cluster) -> float | None:
        if _located(m) and c.located:
            return _place_cost(m, c, self.cfg)
        return 1.0

    def _near_acts(self, m: Mention, keys: Iterable[str], index) -> set[int]:  # type: ignore[no-untyped-def]
        cfg = self.cfg
        out: set[int] = set()
        for d in self._days(m.day, cfg.claim_days_before + cfg.max_days, cfg.claim_days_after):
            for k in keys:
                out.update(index.get((d, k), ()))
        return out

    def add_accusation(self, i: int) -> None:
        m = self.ms[i]
        accuser = m.perpetrator or (m.claim_sides[0] if m.claim_sides else None)
        accused = m.target
        claimers = list(m.claim_sides) or ([accuser] if accuser else [])

        def act_cost(m: Mention, c: _Cluster) -> float | None:
            if c.role != "act" or not self._claim_window(m, c):
                return None
            if not any(_shares_side([s], c.claims) for s in claimers):
                return None
            if accused and c.perps and not _shares_side([accused], c.perps):
                return None
            place = self._place_ok(m, c)
            return None if place is None else abs(m.day - c.anchor_day) + place

        ci = self._best(i, self._near_acts(m, claimers, self.by_claim), act_cost)
        if ci is None and accuser is not None:

            def acc_cost(m: Mention, c: _Cluster) -> float | None:
                if not 0 <= m.day - c.anchor_day <= self.cfg.max_days:
                    return None
                if not _known(accuser) or c.accuser != accuser:
                    return None
                if accused and c.accused and accused != c.accused:
                    return None
                if m.voice in c.voices:
                    return None
                return float(m.day - c.anchor_day)

            keys = [(d, accuser) for d in self._days(m.day, self.cfg.max_days)]
            cands = {x for k in keys for x in self.accusations.get(k, ())}
            ci = self._best(i, cands, acc_cost)
            if ci is None:
                ci = self._new(i, "accusation")
                c = self.clusters[ci]
                c.accuser, c.accused = accuser, accused
                self.accusations[(m.day, accuser)].append(ci)
                self.accusations_on[m.day].append(ci)
                return
        if ci is None:
            self._new(i, "accusation")
        else:
            self._add(ci, i)

    def add_denial(self, i: int) -> None:
        m = self.ms[i]
        denier = m.perpetrator or (m.claim_sides[0] if m.claim_sides else None)
        accuser = m.target
        if denier is None:
            self._new(i, "denial")
            return

        def act_cost(m: Mention, c: _Cluster) -> float | None:
            if c.role != "act" or not self._claim_window(m, c):
                return None
            others = [s for s in c.claims if not sides_match(denier, s)]
            if not others and not c.own_voice:
                return None
            if _shares_side([denier], c.claims):
                return None
            if accuser is not None and not _shares_side([accuser], c.claims):
                return None
            if c.perps:
                if not _shares_side([denier], c.perps):
                    return None
            elif accuser is None:
                return None
            place = self._place_ok(m, c)
            return None if place is None else abs(m.day - c.anchor_day) + place

        keys = [denier] + ([accuser] if accuser else [])
        cands = self._near_acts(m, [denier], self.by_side) | self._near_acts(m, keys, self.by_claim)
        ci = self._best(i, cands, act_cost)
        if ci is None:

            def acc_cost(m: Mention, c: _Cluster) -> float | None:
                if c.role != "accusation" or not self._claim_window(m, c):
                    return None
                if c.accused is not None and not sides_match(denier, c.accused):
                    return None
                if accuser is not None and not sides_match(accuser, c.accuser or ""):
                    return None
                if c.accused is None and accuser is None:
                    return None
                return float(abs(m.day - c.anchor_day))

            cfg = self.cfg
            cands = {
                x
                for d in self._days(m.day, cfg.claim_days_before + cfg.max_days, 1)
                for x in self.accusations_on.get(d, ())
            }
            ci = self._best(i, cands, acc_cost)
        if ci is None:

            def den_cost(m: Mention, c: _Cluster) -> float | None:
                if not 0 <= m.day - c.anchor_day <= self.cfg.max_days:
                    return None
                if c.accused != accuser or m.voice in c.voices:
                    return None
                return float(m.day - c.anchor_day)

            keys2 = [(d, denier) for d in self._days(m.day, self.cfg.max_days)]
            ci = self._best(i, {x for k in keys2 for x in self.denials.get(k, ())}, den_cost)
            if ci is None:
                ci = self._new(i, "denial")
                c = self.clusters[ci]
                c.accuser, c.accused = denier, accuser
                self.denials[(m.day, denier)].append(ci)
                return
        self._add(ci, i)


def _overlap(a: Mention, b: Mention) -> int:
    ea, eb = a.event.evidence, b.event.evidence
    return min(ea.end, eb.end) - max(ea.start, eb.start)


def tie_accusations(mentions: Sequence[Mention]) -> dict[int, int]:
    """Accusations told in the same sentence as the act they accuse: accusation -> act.

    "A accused B of shelling the town" gives an act (B shelled the town) and an
    accusation (A accuses B) from one sentence; they are one incident, the act with
    the accusation as its claim. The act must not be denied, must name the accused as
    its perpetrator when both are known, and must not be the accuser's own act.
    """
    acts: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.role == "act" and not m.denied:
            acts[m.article_id].append(i)
    tied: dict[int, int] = {}
    for i, m in enumerate(mentions):
        if m.role != "accusation":
            continue
        accuser = m.perpetrator or (m.claim_sides[0] if m.claim_sides else None)
        best, best_overlap = None, 0
        for j in acts.get(m.article_id, ()):
            act = mentions[j]
            overlap = _overlap(m, act)
            if overlap <= 0 or overlap <= best_overlap:
                continue
            if m.target and act.perpetrator and not sides_match(m.target, act.perpetrator):
                continue
            if accuser and act.perpetrator and sides_match(accuser, act.perpetrator):
                continue
            best, best_overlap = j, overlap
        if best is not None:
            tied[i] = best
    return tied


def cluster_mentions(
    mentions: Sequence[Mention],
    config: MergeConfig | None = None,
    stats: dict[str, int] | None = None,
) -> list[list[int]]:
    """Group mentions (by index) into incidents; see the module docstring.

    `stats`, when given, receives the number of candidate incidents examined.
    """
    cfg = config or MergeConfig()
    tied = tie_accusations(mentions)
    dated = [i for i, m in enumerate(mentions) if not m.undated and i not in tied]
    order = sorted(
        dated,
        key=lambda i: (
            _ROLE_ORDER[mentions[i].role],
            mentions[i].day,
            mentions[i].rank,
            mentions[i].key,
        ),
    )
    merger = _Merger(mentions, cfg)
    groups: list[list[int]] = []  # undated incidents: one per act or lone claim
    where: dict[int, list[int]] = {}  # act -> the member list it is in
    acts_done = False
    for i in order:
        role = mentions[i].role
        if role != "act" and not acts_done:
            acts_done = True
            _place_undated(mentions, tied, merger, groups, where)
        if role == "act":
            merger.add_act(i)
        elif role == "accusation":
            merger.add_accusation(i)
        else:
            merger.add_denial(i)
    if not acts_done:
        _place_undated(mentions, tied, merger, groups, where)
    for acc, act in sorted(tied.items()):  # an accusation joins the act it accuses
        members = where[act]
        if not mentions[acc].undated:
            ci = next((k for k, c in enumerate(merger.clusters) if c.members is members), None)
            if ci is not None:
                merger._add(ci, acc)
                continue
        members.append(acc)
    for i, m in enumerate(mentions):  # undated claims with no act of their sentence
        if m.undated and m.role != "act" and i not in tied:
            groups.append([i])
    if stats is not None:
        stats["comparisons"] = merger.comparisons
        stats["incidents"] = len(merger.clusters) + len(groups)
    return [c.members for c in merger.clusters] + groups


def _place_undated(
    mentions: Sequence[Mention],
    tied: dict[int, int],
    merger: _Merger,
    groups: list[list[int]],
    where: dict[int, list[int]],
) -> None:
    """After the dated acts: each undated act is an incident of its own; remember
    where every act went, for the accusations tied to them."""
    for c in merger.clusters:
        for i in c.members:
            where[i] = c.members
    for i, m in enumerate(mentions):
        if m.undated and m.role == "act":
            groups.append([i])
            where[i] = groups[-1]
