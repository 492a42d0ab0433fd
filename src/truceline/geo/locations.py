"""Where an event happened, from the place mentions of its sentence.

`resolve_location` picks, among a sentence's mentions (`find_places`, in
`truceline.geo.mentions`, re-exported here), the most specific one nearest the event's
anchor, and among its candidates those inside the places named beside it ("Apodaca,
Nuevo Leon"; "Goniri (Gujba LGA, Borno)"), in the countries the text talks about, near
the other places of the sentence and article, then the most populous. Chains like
"X (Y, Z)" resolve to X when Y or Z encloses it, else to the most specific of Y and Z.
`location_of_country` gives a country-level location at the country's centroid.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from truceline import countries
from truceline.geo.gazetteer import (
    LEVEL_TIER,
    Place,
    bare_region_name,
    distance_km,
    encloses,
    fuzzy_key,
    name_key_cached,
)
from truceline.geo.mentions import PlaceMention, find_places
from truceline.geo.place_words import STRONG_LEVELS
from truceline.schemas import Location, Precision

__all__ = [
    "PlaceMention",
    "countries_of_places",
    "countries_placed",
    "find_places",
    "location_of_country",
    "placed_country",
    "resolve_location",
]

_TIER = LEVEL_TIER
ALIAS_PENALTY = 1.5
_key = name_key_cached


def _own_name(text: str, place: Place) -> bool:
    """Whether `text` is the place's own name (or a spelling of it: "Jenin" for Janīn)
    rather than one of its alternate names."""
    key, own = _key(text), _key(place.name)
    return (
        key == own
        or key == bare_region_name(place.name)
        or _drop_article(key) == _drop_article(own)
        or (fuzzy_key(key) == fuzzy_key(own) and SequenceMatcher(None, key, own).ratio() >= 0.8)
    )


def _drop_article(key: str) -> str:
    head, _, rest = key.partition(" ")
    return rest if head in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an") and rest else key


def _score(
    place: Place, hint: str | None, support: Mapping[str, float], top: float, text: str = ""
) -> float:
    score = math.log10(place.population + 1)
    if text and place.level in ("city", "admin1", "admin2") and not _own_name(text, place):
        score -= ALIAS_PENALTY  # "Bihar" is the state, before a town that is also called so
    if place.country and support.get(place.country):
        score += 1.5 + 2.5 * support[place.country] / top
    if hint == "city":
        score += 2.0 if place.kind == "city" else -2.0
    elif hint == "region":
        score += 3.0 if place.kind == "region" else (-1.0 if place.kind == "city" else 0.0)
    elif place.kind == "city":
        score += 1.0  # "in Idlib": the city, not the province named after it
    if place.level in ("zone", "part"):
        score += 1.5
    elif place.level == "country":
        score += 1.0
    return score


def _choose(
    head: PlaceMention,
    qualifiers: Sequence[PlaceMention],
    support: Mapping[str, float],
    context: Sequence[PlaceMention] = (),
    nearby: Sequence[PlaceMention] = (),
    local: frozenset[str] = frozenset(),
) -> tuple[Place | None, bool]:
    """The head's best candidate, and whether a qualifier encloses it."""
    top = max(support.values(), default=0)
    qual_countries = set()
    for q in qualifiers:
        most = max((p.population for p in q.candidates), default=0)
        qual_countries |= {p.country for p in q.candidates if p.population * 10 >= most}
    # What a qualifier can be: not a hamlet sharing the name of a state ("Zacatecas").
    plausible = []
    for q in qualifiers:
        most = max((p.population for p in q.candidates), default=0)
        plausible.append(
            [p for p in q.candidates if p.population * 100 >= most or p.level in STRONG_LEVELS]
        )
    best: tuple[float, Place, bool] | None = None
    first = head.candidates[0] if head.candidates else None
    context_countries = {
        p.country
        for m in context
        if not m.fuzzy and (m.strength > 0.5 or m.candidates[0].level in STRONG_LEVELS)
        for p in m.candidates[:5]
        if p.country
    }
    hint = head.hint
    if hint is None and qualifiers and _key(qualifiers[0].text) == _key(head.text):
        hint = "city"  # "Veracruz, Veracruz": the city, then its state
    for cand in head.candidates:
        score = _score(cand, hint, support, top or 1, head.text)
        vouched = 0.0
        contradicted = False
        for k, q in enumerate(qualifiers):
            district_slot = k + 1 < len(qualifiers) or q.contains_previous
            if (
                any(encloses(outer, cand) for outer in plausible[k])
                # "Umerkot city (Umerkot, Sindh)": named twice (a region is no second name)
                or (cand in q.candidates and q.hint != "region")
                # "Panama City (Bella Vista)": a part of it named after it
                or (
                    k == 0
                    and q.contains_previous
                    and any(p.level == "city" and encloses(cand, p) for p in q.candidates)
                )
            ):
                vouched += 6.0
            elif district_slot and any(_district_encloses(o, cand) for o in plausible[k]):
                vouched += 3.0  # in the district, if not as near its town as a namesake
            elif any(p.level in STRONG_LEVELS for p in plausible[k]) and all(
                p.country != cand.country for p in plausible[k]
            ):
                contradicted = True  # "La Concordia, San Cristobal, Tachira": not in Mexico
        enclosed = vouched > 0 and not contradicted
        if enclosed:
            score += vouched
        if cand.country in qual_countries:
            score += 2.0
        confirmed = enclosed or bool(support.get(cand.country or ""))
        if (
            head.fuzzy
            and not enclosed
            and (qualifiers or (top >= 1 and not confirmed) or (top < 1 and cand is not first))
        ):
            continue  # a loose spelling match needs the context (or no rival) to confirm it
        if head.fuzzy and hint == "city" and cand.kind != "city":
            continue  # "Telman village" is no misspelt county
        if (
            head.fuzzy and not enclosed and context_countries
            and cand.country not in context_countries
        ):  # fmt: skip
            continue  # a loose match abroad, in a sentence whose other places are elsewhere
        if not confirmed and head.strength <= 0.5 and cand.level != "country":
            continue  # a weak mention needs its country named in the text
        if (
            not confirmed
            and top >= 2
            and cand.level in ("city", "admin2", "admin1")
            and cand.population < 50_000
        ):
            continue  # a village abroad, in a text that says which countries it is about
        if (
            local
            and not enclosed
            and cand.country not in local
            and (cand.population < (300_000 if cand.kind == "city" else 1_000_000))
        ):
            continue  # a small place abroad, in a sentence about another country
        if any(_names_region_of(m, cand) for m in context):
            score += 4.0  # "Ahmadabad district ... Paktia": in the province the sentence names
        elif any(encloses(o, cand) for m in context for o in m.candidates[:10]):
            score += 2.0  # near the other places of the sentence
        elif any(encloses(o, cand) for m in nearby for o in m.candidates[:5]):
            score += 1.0  # near the other places of the article
        if best is None or score > best[0]:
            best = (score, cand, enclosed)
    if best is None:
        return None, False
    return best[1], best[2]


def _names_region_of(mention: PlaceMention, place: Place) -> bool:
    """Whether `mention` names, without doubt, the province or district `place` is in."""
    regions = [p for p in mention.candidates if p.level in ("admin1", "admin2")]
    return (
        bool(regions)
        and len({p.country for p in mention.candidates}) == 1
        and any(encloses(r, place) for r in regions)
    )


def _district_encloses(outer: Place, inner: Place) -> bool:
    """Whether `outer`, named as the district of `inner` ("X (Y, Z)"), may hold it: a town
    standing for its district holds more than its outskirts, and GeoNames puts places near
    a district's edge in the neighbouring province."""
    if outer.country != inner.country or outer.level not in ("city", "admin2"):
        return False
    return distance_km(outer, inner) <= (80.0 if outer.level == "city" else 50.0)


def _resolve_group(
    group: list[PlaceMention],
    support: Mapping[str, float],
    context: Sequence[PlaceMention] = (),
    nearby: Sequence[PlaceMention] = (),
    local: frozenset[str] = frozenset(),
    earlier: Sequence[Place] = (),
) -> list[tuple[PlaceMention, Place, bool]]:
    """The places a chain "X (Y, Z)" names: X if it lies in Y or Z, and Y, and Z, each
    with whether the chain confirms it (X inside Y or Z, or Y a part of X).

    A member the places after it do not enclose is dropped unless it is a big place
    (then the chain was a list): "Pipri, Kaushambi" with no Pipri in Kaushambi leaves
    Kaushambi. A member after the first that holds a place already found, in this chain
    or (`earlier`) before it in the sentence, only says where that place is.
    """
    out: list[tuple[PlaceMention, Place, bool]] = []
    for i, head in enumerate(group):
        found = [place for _, place, _ in out]
        if i > 0 or head.qualifies_previous:
            found += earlier
        if any(
            (encloses(p, f) or p == f) and _TIER.get(p.level, 2.0) <= _TIER.get(f.level, 2.0)
            for f in found
            for p in head.candidates
        ):
            continue  # "Surobi district, Kabul": Kabul only says where Surobi is
        if (
            out
            and out[0][0].strength >= 0.5
            and _TIER.get(out[0][1].level, 2.0)
            >= max((_TIER.get(p.level, 2.0) for p in head.candidates), default=0.0)
        ):
            continue  # what comes after the place found only says where that place is
        qualifiers = group[i + 1 :]
        place, enclosed = _choose(head, qualifiers, support, context, nearby, local)
        if place is None:
            continue
        if enclosed:
            out.append((replace(head, strength=max(head.strength, 0.9)), place, True))
            continue  # named with the region it lies in: a place for sure
        if not qualifiers:
            out.append((head, place, False))
            continue
        # Not inside the places named after it: a list ("Aleppo, Homs") keeps big places;
        # "X in Y", "X (Y)" or a region of another country ("X, Jalisco") drop X.
        said_inside = qualifiers[0].contains_previous
        other_country = any(
            q.candidates and q.candidates[0].level in ("admin1", "admin2")
            and place.country not in {p.country for p in q.candidates}
            for q in qualifiers
        )  # fmt: skip
        # "Benito Juarez, Nuevo Leon": a common name, and not the one in that state
        common = len({p.admin1 for p in head.candidates if p.country == place.country}) >= 3
        last = qualifiers[-1].candidates[:1]
        # ... or any town outside the state the text names as such ("X, Tachira state")
        stated = qualifiers[-1].hint == "region" and place.population < 500_000
        in_other_state = (common or stated) and any(
            p.level == "admin1" and p.country == place.country for p in last
        )
        big = place.population >= 100_000 and not said_inside and not in_other_state
        # "Sana'a, Marib and Hajjah governorates": nothing after it can hold it
        peers = (
            place.level in ("admin1", "zone")
            and not said_inside
            and all(
                _TIER.get(p.level, 2.0) >= _TIER.get(place.level, 2.0)
                for q in qualifiers
                for p in q.candidates
            )
        )
        # the only place of that name, in a province the text names wrongly
        same = [p for p in qualifiers[0].candidates if p.country == place.country]
        unique = len(head.candidates) == 1 and bool(same) and same[0].level == "admin1"
        if (big or unique or peers) and not head.fuzzy and not other_country:
            out.append((head, place, False))
    return out


def resolve_location(
    mentions: Sequence[PlaceMention],
    countries: Counter[str],
    *,
    anchor: int | None = None,
    nearby: Sequence[PlaceMention] = (),
) -> Location | None:
    """Where the event at `anchor` happened, from the place mentions of its sentence.

    `countries`: the countries the text names, with weights (`countries_in_text`). The
    most specific mention wins (town > district > region > country > nationality word),
    the nearest to `anchor` among equals (the first if no anchor). `nearby`: other
    mentions of the article (e.g. of its other sentences); candidates close to them are
    preferred ("Pisky" near the Donetsk of the article). None when no mention resolves:
    the caller may then use `location_of_country` for the text's main country.
    """
    datelines = [m for m in mentions if m.dateline]
    if datelines:  # where the text was filed: context for the others, never the place
        mentions = [m for m in mentions if not m.dateline]
        nearby = [*nearby, *datelines]
    mentions = _of_their_nation(mentions)
    if not mentions:
        return None
    support: dict[str, float] = {k: float(v) for k, v in countries.items() if v > 0}
    shared: Counter[str] = Counter()
    local: set[str] = set()  # countries this sentence names for sure
    for k, m in enumerate(mentions):  # confident, unambiguous mentions say the country
        codes = {p.country for p in m.candidates if p.country}
        notable = any(
            (p.population >= 20_000 and _own_name(m.text, p)) or p.level in STRONG_LEVELS
            for p in m.candidates
        )  # a town known by that very name, not a town that has it among its alternates
        after = mentions[k + 1] if k + 1 < len(mentions) else None
        disowned = (
            after is not None
            and after.qualifies_previous
            and not codes & {p.country for p in after.candidates}
        )  # "Maracas, Tunapuna": the Maracas in Brazil is not the one meant
        if len(codes) == 1 and m.strength >= 0.8 and not m.fuzzy and notable and not disowned:
            local |= codes
            code = codes.pop()
            support[code] = support.get(code, 0.0) + 1
        top = max((p.population for p in m.candidates), default=0)
        shared.update({p.country for p in m.candidates if p.country and p.population * 10 >= top})
    for code, n in shared.items():  # countries several mentions can be in
        if n >= 2:
            support[code] = support.get(code, 0.0) + 0.5 * (n - 1)
    groups: list[list[PlaceMention]] = []
    for m in mentions:
        # "Apodaca, Nuevo Leon"; "Pisky, 10 km north of Donetsk": where the one before is
        if (
            (m.qualifies_previous or m.relative)
            and groups
            and not m.demonym
            and not groups[-1][-1].demonym
        ):
            groups[-1].append(m)
        else:
            groups.append([m])
    best: tuple[tuple[float, float, float], PlaceMention, Place] | None = None

    def below_country(ms: Sequence[PlaceMention]) -> list[PlaceMention]:
        return [m for m in ms if not m.demonym and m.candidates
                and m.candidates[0].level != "country"]  # fmt: skip

    placed = below_country(mentions)
    others = [m for m in below_country(nearby) if m not in placed and len(m.candidates) <= 5]
    resolved: list[tuple[PlaceMention, Place, bool]] = []
    dropped: set[str] = set()  # names not found where the text said they are
    for group in groups:
        if len(group) == 1 and _key(group[0].text) in dropped:
            continue  # "in Castilla, Piura ... the Castilla offices": the same unknown place
        context = [m for m in placed if m not in group]
        earlier = [place for _, place, _ in resolved]
        found = _resolve_group(group, support, context, others, frozenset(local), earlier)
        resolved.extend(found)
        if len(group) > 1 and group[0] not in {m for m, _, _ in found}:
            if all(m.start != group[0].start for m, _, _ in found):
                dropped.add(_key(group[0].text))
    sure_places = [place for _, place, confirmed in resolved if confirmed]
    anchors = _anchors(nearby)
    for head, place, confirmed in resolved:
        if not confirmed and not sure_places and _far_from(place, anchors, countries):
            # "the villages of A and B" in a report on one front, where the gazetteer knows
            # an A only in another province: a namesake; the report's region is nearer
            continue
        tier = 0.5 if head.demonym else _TIER.get(place.level, 2.0)
        distance = abs(anchor - head.start) if anchor is not None else 0
        sure = 1.0 if head.strength >= 0.9 else head.strength
        if not confirmed and _stray(place, sure_places):
            sure -= STRAY_PENALTY
        key = (tier * sure, -float(distance), -float(head.start))
        if best is None or key > best[0]:
            best = (key, head, place)
    if best is None:
        return None
    _, head, place = best
    return _location(_representative(head, place), head)


def _of_their_nation(mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
    """ "the Georgian village of X": X lies in Georgia; a name the gazetteer knows only in
    other countries is a place it lacks (read as a namesake abroad), not where."""
    out = []
    for k, m in enumerate(mentions):
        prev = mentions[k - 1] if k else None
        told_as_town = m.hint == "city" and m.qualifies_previous and not m.demonym
        if prev is not None and prev.demonym and told_as_town:  # not "Somali region, Ethiopia"
            nation = {p.country for p in prev.candidates if p.kind == "country"}
            if nation and not nation & {p.country for p in m.candidates}:
                continue
        out.append(m)
    return out


STRAY_PENALTY = 0.2
STRAY_KM = 150.0
STRAY_POPULATION = 300_000


# How far from every place the article names for sure a town of no great size may lie:
# from a town or a zone, and from a province's centre (a province is wide).
ARTICLE_STRAY_KM = 250.0
ARTICLE_STRAY_PROVINCE_KM = 350.0


def _far_from(place: Place, anchors: Sequence[Place], countries: Mapping[str, int]) -> bool:
    """A town far from every place the article names for sure in its country (in any
    country, when the article never names the town's, whatever the town's size): a
    namesake. A place in the article's country is not judged by the capital of a mediator
    abroad."""
    named = countries.get(place.country or "", 0) > 0
    if named:
        anchors = [a for a in anchors if a.country == place.country]
    return bool(anchors) and all(
        _stray(
            place,
            [a],
            km=ARTICLE_STRAY_PROVINCE_KM if a.level == "admin1" else ARTICLE_STRAY_KM,
            any_size=not named,
        )
        for a in anchors
    )


def _anchors(mentions: Sequence[PlaceMention]) -> list[Place]:
    """The regions the article's other sentences name for sure: a province, a zone or a
    big city, by a name that has no namesake in another country."""
    out = []
    for m in mentions:
        if m.demonym or m.fuzzy or m.dateline or m.strength < 0.8 or not m.candidates:
            continue  # (a dateline says where the text was filed, not what it is about)
        first = m.candidates[0]
        if len({p.country for p in m.candidates}) != 1 or first.level == "country":
            continue
        if first.level in STRONG_LEVELS or first.population >= STRAY_POPULATION:
            out.append(first)
    return out


def _stray(
    place: Place, sure_places: Sequence[Place], *, km: float = 0.0, any_size: bool = False
) -> bool:
    """A town of no great size far from every place the sentence names with its region:
    a namesake, not where the event was ("in Monterrey, Nuevo Leon, ... in Colonia
    Independencia", which the gazetteer knows only in Michoacan). `km`: how far (the
    sentence's own places: STRAY_KM). `any_size`: a city or district of any size (one in a
    country the text never names: "Kut" in a report on a front a thousand km away is not
    the Iraqi city of that name)."""
    if not sure_places or place.level not in (("city", "admin2") if any_size else ("city",)):
        return False
    if not any_size and place.population >= STRAY_POPULATION:
        return False
    return all(
        p != place and not encloses(p, place) and distance_km(p, place) > (km or STRAY_KM)
        and not (p.admin1 and place.admin1 and _key(p.admin1) == _key(place.admin1))
        for p in sure_places
    )  # fmt: skip


def _representative(mention: PlaceMention, place: Place) -> Place:
    """A district is located at its same-named town when there is one (its seat)."""
    if place.level != "admin2":
        return place
    for cand in mention.candidates:
        if (
            cand.kind == "city" and cand.country == place.country
            and cand.admin1 == place.admin1 and distance_km(cand, place) <= 120
        ):  # fmt: skip
            return replace(place, latitude=cand.latitude, longitude=cand.longitude)
    return place


KM_PER_DEGREE = 111.2  # of latitude


def _location(place: Place, mention: PlaceMention) -> Location:
    precision: Precision
    if mention.offset_km is not None and place.kind != "country":
        # "a village some 70 km north of X": that far from X, not X
        north, east = mention.offset_km
        latitude = place.latitude + north / KM_PER_DEGREE
        longitude = place.longitude + east / (
            KM_PER_DEGREE * max(0.1, math.cos(math.radians(place.latitude)))
        )
        return Location(
            name=f"{math.hypot(north, east):.0f} km from {place.name}",
            country=place.country,
            admin1=place.admin1,
            latitude=round(latitude, 4),
            longitude=round(longitude, 4),
            precision="near",
        )
    if place.kind == "country":
        precision = "country"
    elif mention.near:
        precision = "near"
    elif place.kind == "city" and mention.hint != "region":
        precision = "exact"
    else:
        precision = "region"
    return Location(
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        latitude=round(place.latitude, 4),
        longitude=round(place.longitude, 4),
        precision=precision,
    )


def location_of_country(iso3: str) -> Location:
    """A country-level location at the country's centroid."""
    code = countries.iso3(iso3) or iso3.upper()
    centroid = countries.country_centroid(code)
    return Location(
        name=countries.country_name(code) or code,
        country=code if re.fullmatch(r"[A-Z]{3}", code) else None,
        admin1=None,
        latitude=centroid[0] if centroid else None,
        longitude=centroid[1] if centroid else None,
        precision="country",
    )


def countries_of_places(mentions: Iterable[PlaceMention]) -> Counter[str]:
    """The countries of the towns and regions named for sure, one count per mention.

    A report from Kupwara and Srinagar is about India even if it names Pakistan more;
    one from Shan State about Myanmar though China brokered the truce. Only places that
    can only be in one country count (no homonym anywhere else), and only sure mentions;
    country names and nationality words are not counted here.
    """
    found: Counter[str] = Counter()
    for m in mentions:
        if m.demonym or m.fuzzy or m.strength < 0.8 or not m.candidates:
            continue
        if m.candidates[0].level == "country":
            continue
        codes = {p.country for p in m.candidates}
        code = codes.pop() if len(codes) == 1 else None
        if code is not None:
            found[code] += 1
    return found


@lru_cache(maxsize=64)
def _named_countries(text: str) -> frozenset[str]:
    return frozenset(countries.countries_in_text(text, demonyms=False))


def countries_placed(text: str, mentions: Iterable[PlaceMention]) -> frozenset[str]:
    """The countries a text places something in: named by name or capital, or holding a
    town or region it names for sure. A nationality word alone is not one: "Russian
    forces shelled a village" says who fired, not that the village is in Russia."""
    return _named_countries(text) | frozenset(countries_of_places(mentions))


def placed_country(countries: Counter[str], placed: frozenset[str]) -> Location | None:
    """The country-level location of a text that names no place for an event: its most
    named country among those it places something in (`countries_placed`), or None."""
    ranked = [code for code, _ in countries.most_common() if code in placed]
    return location_of_country(ranked[0]) if ranked else None
