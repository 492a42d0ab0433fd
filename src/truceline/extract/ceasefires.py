"""Ceasefires in the text, and which events violate them.

A sentence that names a truce ("ceasefire", "truce", "cessation of hostilities")
is a ceasefire mention. Mentions become `Ceasefire` objects: one per distinct
agreement, told apart by their dates and by words that set one truce against
another ("new", "previous", "week-old"). For each we read the parties (actors
and countries named in the mention, else the sides of the article's events),
the mediators ("brokered by Russia", "US-mediated"), when it was announced and
when it took effect ("came into force at midnight" -> `YYYY-MM-DDT00:00`).
`link_violations` then ties every act of violence to the ceasefire in force at
its date and marks it a violation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from truceline.countries import country_name, country_of_demonym
from truceline.extract.event_types import VIOLENT_FAMILIES
from truceline.extract.scope import CONFLICT_NOUNS
from truceline.extract.triggers import CEASEFIRE_WORDS
from truceline.schemas import Actor, Ceasefire, Event, Evidence

VIOLENT_TYPES = VIOLENT_FAMILIES
_EFFECTIVE = re.compile(
    r"\b(came into (effect|force)|come into (effect|force)|took effect|take effect|"
    r"went into effect|in effect|in force|began|begin|begins|started|starts|start|effective|"
    r"kicked in|from midnight|at midnight)\b",
    re.I,
)
# Nouns of fighting whose start an "effective" verb may tell instead of the truce's.
_FIGHT_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted(CONFLICT_NOUNS)) + r")\b"
    r"(?!\s+(?:zones?|areas?|regions?)\b)"  # "the truce in the conflict zone came into force"
    r"(?:\s+\w+){0,2}\s*$",
    re.I,
)
_ANNOUNCED = re.compile(
    r"\b(agreed|announced|declared|signed|reached|brokered|mediated|struck|negotiated|accepted)\b",
    re.I,
)
_PROPER = r"[A-Z][\w.'-]*(?:\s+(?:of|the|[A-Z][\w.'-]*))*"  # a capitalised name
_MEDIATOR = re.compile(
    r"\b(?:brokered|mediated|facilitated|negotiated|sponsored)\s+by\s+(?:the\s+)?"
    # one name or a list of them: "by Qatar, Egypt and the United States"
    rf"(?P<who>{_PROPER}(?:\s*,\s*(?:the\s+)?{_PROPER})*(?:,?\s+and\s+(?:the\s+)?{_PROPER})?)"
    r"|(?P<adj>[A-Z][\w.]*(?:-[A-Z][\w.]*)?)-(?:brokered|mediated|backed|sponsored)",
)
_BETWEEN = re.compile(
    r"\bbetween\s+(?P<a>[^,;.]+?)\s+and\s+(?P<b>[^,;.]+?)(?=[,;.]|\s+(?:on|in|to|which|that|"
    r"after|from|at|was|were|is|are|has|had|have|took|came|went|brokered|agreed|signed|"
    r"announced|began|broke)\b|$)"
)
# The sides that agreed: the subject of "agreed to a ... ceasefire".
_AGREED = re.compile(
    r"(?P<subj>[^.;]{3,160}?)\s+(?:have\s+|has\s+)?"
    r"(?:agreed|signed|accepted|began|started|declared|announced|extended|observed)\s+"
    r"(?:to\s+|on\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:cease-?\s?fire|truce)",
    re.I,
)
# The words `_AGREED` and `_MUTUAL` cannot match without (a cheap test before them).
_AGREED_KEY = re.compile(
    r"\b(?:agreed|signed|accepted|began|started|declared|announced|extended|observed)\s", re.I
)
_MUTUAL_KEY = re.compile(r"\b(?:accused|blamed)\s+(?:each other|one another)\b")
# Where the clause holding the agreeing sides starts: "The attack came after X and Y began".
_CLAUSE_START = re.compile(r"[—–:;]|\s-\s|\b(?:after|when|as|since|that|because|while)\s")
_MUTUAL = re.compile(
    r"(?P<subj>[^.;]{3,160}?)\s+(?:on\s+\w+\s+)?(?:have\s+)?(?:accused|blamed)\s+"
    r"(?:each other|one another)\b"
)
_ANNOUNCER = re.compile(
    r",\s*(?:the\s+)?(?P<who>[A-Z][\w.'-]*(?:\s+(?:and|the|of|[A-Z][\w.'-]*))*)\s+"
    r"(?:said|announced|stated|declared)\b"
)
_DISTINCT = re.compile(
    r"\b(new|previous|earlier|week-old|last|former|first|second|another|"
    r"latest|fresh)\b",
    re.I,
)
_GENERIC = re.compile(r"\bceasefire violations?\b|\bviolations? of the (ceasefire|truce)\b", re.I)
_REPORTING = re.compile(
    r"\b(said|says|told|reported|stated|added|claimed)(\s+\w+){0,2}\s+(on|late|early)?\s*$", re.I
)
_MIDNIGHT = re.compile(r"\bat midnight\b|\bfrom midnight\b", re.I)
_CLOCK = re.compile(
    r"\b(?:at|from)\s+(\d{1,2})[:.](\d{2})\s*(a\.?m\.?|p\.?m\.?)?|\bat\s+(\d{1,2})\s*"
    r"(a\.?m\.?|p\.?m\.?)",
    re.I,
)
_NAME = re.compile(
    r"(?:the\s+)?(?:so-called\s+)?(?P<name>(?:[A-Z][\w'-]*\s+|[\w-]+\s+)?"
    r"(?:humanitarian\s+)?(?:ceasefire|truce|cease-fire))",
    re.I,
)


@dataclass(slots=True)
class Mention:
    """One sentence that talks about a ceasefire."""

    sentence_index: int
    start: int
    end: int
    text: str
    announced: dt.date | None = None
    effective: dt.date | None = None
    effective_time: str | None = None
    parties: list[Actor] = field(default_factory=list)
    mediators: list[Actor] = field(default_factory=list)
    distinct: bool = False
    generic: bool = False
    historical: bool = False  # "the 1994 cessation of hostilities": not a truce of this story


DateFinder = Callable[[str], list[tuple[int, dt.date, str | None]]]
ActorResolver = Callable[[str], Actor | None]


def read_mention(
    index: int,
    start: int,
    text: str,
    *,
    find_dates: DateFinder,
    resolve_actor: ActorResolver,
    published: dt.date | None = None,
) -> Mention | None:
    """The ceasefire facts of one sentence, or None if it names no ceasefire."""
    m = CEASEFIRE_WORDS.search(text)
    if m is None:
        return None
    mention = Mention(index, start, start + len(text), text)
    mention.generic = (
        bool(_GENERIC.search(text)) and not _EFFECTIVE.search(text) and not _ANNOUNCED.search(text)
    )
    mention.distinct = bool(_DISTINCT.search(text[max(0, m.start() - 40) : m.end()]))
    dates = find_dates(text)
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", text)]
    recent = published is not None and any(
        dt.timedelta(0) <= published - date <= dt.timedelta(days=365) for _, date, _ in dates
    )  # "an earlier truce of 2016 and the one agreed on 4 May": the new one is of this story
    if published is not None and years and max(years) < published.year - 1 and not recent:
        mention.historical = True
    # "Once the clashes that began on 9 June ended, a truce was agreed": what started is the
    # fighting, not the truce
    eff = next(
        (
            e
            for e in _EFFECTIVE.finditer(text)
            if not _FIGHT_BEFORE.search(text[max(0, e.start() - 30) : e.start()])
        ),
        None,
    )
    # "a China-brokered ceasefire": who brokered it, not when (a date there is another's)
    ann = next(
        (a for a in _ANNOUNCED.finditer(text) if text[a.start() - 1 : a.start()] != "-"), None
    )
    for pos, date, clock in dates:
        if _REPORTING.search(text[max(0, pos - 30) : pos]):
            continue  # "said on Monday" dates the statement, not the truce
        # A truce's dates follow their verb: "came into force on Sunday", "agreed on Friday".
        if eff and mention.effective is None and eff.start() - 5 <= pos <= eff.end() + 60:
            mention.effective = date
            mention.effective_time = clock
        elif ann and mention.announced is None and ann.start() <= pos <= ann.end() + 60:
            mention.announced = date
    if (
        mention.effective is not None
        and mention.effective == mention.announced
        and mention.effective_time == "00:00"
    ):
        # "agreed on Saturday, in force at midnight": the midnight that ends the day of agreement.
        mention.effective += dt.timedelta(days=1)
    if eff and mention.effective is None and _MIDNIGHT.search(text):
        mention.effective_time = "00:00"
    if mention.effective_time is None and eff:
        at = _CLOCK.search(text[eff.start() :])
        if _MIDNIGHT.search(text):
            mention.effective_time = "00:00"
        elif at:
            mention.effective_time = _clock(at)
    for mm in _MEDIATOR.finditer(text):
        if mm.group("who"):
            mention.mediators.extend(_named(mm.group("who"), resolve_actor))
        elif (actor := resolve_actor(mm.group("adj"))) is not None:
            if actor.country and actor.kind == "government" and country_of_demonym(mm.group("adj")):
                # "a Russian-brokered truce": the state brokered it, named as a state is
                actor = actor.model_copy(update={"name": country_name(actor.country) or actor.name})
            mention.mediators.append(actor)
    # (each long pattern is tried only where its key word is: they scan every start)
    bt = _BETWEEN.search(text) if "between" in text else None
    if bt:
        for side in (bt.group("a"), bt.group("b")):
            actor = resolve_actor(side)
            if actor is not None:
                mention.parties.append(actor)
    elif (mutual := _MUTUAL.search(text) if _MUTUAL_KEY.search(text) else None) is not None:
        # "X and Y traded charges of breaking the truce": the truce binds X and Y
        mention.parties.extend(_named(mutual.group("subj"), resolve_actor, clause=True))
    elif (agreed := _AGREED.search(text) if _AGREED_KEY.search(text) else None) is not None:
        # "Sudan's army and the paramilitary RSF agreed to a seven-day ceasefire"
        mention.parties.extend(_named(agreed.group("subj"), resolve_actor, clause=True))
        # "..., Saudi Arabia and the United States said in a joint statement": those who
        # announce the sides' agreement and are not sides themselves brokered it.
        announcer = _ANNOUNCER.search(text, agreed.end())
        if announcer and mention.parties:
            sides = {a.country for a in mention.parties}
            mention.mediators.extend(
                a
                for a in _named(announcer.group("who"), resolve_actor)
                if a.country and a.country not in sides
            )
    if m.group(0).lower().endswith("s") and not dates and not mention.parties and not (eff or ann):
        mention.generic = True  # "Previous truces have been violated": truces in general
    return mention


def _named(phrase: str, resolve_actor: ActorResolver, *, clause: bool = False) -> list[Actor]:
    """The actors a list names ("X, Y and Z"); with `clause`, only the list that ends the
    phrase ("The attack came after X and Y": X and Y)."""
    if clause:
        phrase = re.split(_CLAUSE_START, phrase)[-1]
    found = (resolve_actor(part.strip()) for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase))
    return [a for a in found if a is not None]


def _clock(m: re.Match[str]) -> str | None:
    if m.group(1):
        hour, minute, ampm = int(m.group(1)), int(m.group(2)), m.group(3)
    else:
        hour, minute, ampm = int(m.group(4)), 0, m.group(5)
    if ampm and ampm.lower().startswith("p") and hour < 12:
        hour += 12
    if ampm and ampm.lower().startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def build_ceasefires(
    mentions: Sequence[Mention],
    side_countries: Counter[str],
    *,
    country_actor: Callable[[str], Actor],
) -> list[tuple[Ceasefire, list[Mention]]]:
    """Group mentions into distinct ceasefires; fill parties from the article's sides."""
    groups: list[list[Mention]] = []
    for m in mentions:
        if m.historical:
            continue
        target = None
        for g in groups:
            if _same_agreement(g, m):
                target = g
                break
        if target is None:
            if m.generic and groups:
                groups[0].append(m)
                continue
            groups.append([m])
        else:
            target.append(m)
    out = []
    for n, g in enumerate(groups, 1):
        cf = _ceasefire_of(f"c{n}", g, side_countries, country_actor)
        out.append((cf, g))
    return out


def _same_agreement(group: list[Mention], m: Mention) -> bool:
    dates = {d for x in group if (d := x.effective or x.announced) is not None}
    mine = m.effective or m.announced
    if mine is not None and dates and all(abs((mine - d).days) > 2 for d in dates):
        return False
    if (
        m.distinct
        and mine is None
        and any(x.effective or x.announced for x in group)
        and re.search(r"\b(previous|earlier|week-old|last|former|first)\b", m.text, re.I)
    ):
        return False
    return True


def _ceasefire_of(
    cid: str,
    group: list[Mention],
    side_countries: Counter[str],
    country_actor: Callable[[str], Actor],
) -> Ceasefire:
    parties: dict[tuple[str | None, str], Actor] = {}
    mediators: dict[tuple[str | None, str], Actor] = {}
    for m in group:
        for a in m.parties:
            parties.setdefault((a.country, a.group()), a)
        for a in m.mediators:
            mediators.setdefault((a.country, a.group()), a)
    mediator_countries = {c for c, _ in mediators}
    # The sides of the conflict the article reports are parties too (a truce binds them).
    for iso, _ in side_countries.most_common(3):
        if iso in mediator_countries:
            continue
        if not any(c == iso for c, _ in parties):
            parties[(iso, "state")] = country_actor(iso)
    effective = next((m for m in group if m.effective), None)
    announced = next((m.announced for m in group if m.announced), None)
    eff_value = None
    if effective is not None and effective.effective is not None:
        eff_value = effective.effective.isoformat()
        if effective.effective_time:
            eff_value += "T" + effective.effective_time
    elif announced is not None and any(m.effective_time for m in group):
        # "agreed on Friday ... came into force at midnight": the midnight after the agreement.
        t = next(m.effective_time for m in group if m.effective_time)
        day = announced + dt.timedelta(days=1) if t == "00:00" else announced
        eff_value = f"{day.isoformat()}T{t}"
    best = max(
        group, key=lambda m: (m.effective is not None, m.announced is not None, not m.generic)
    )
    name = _NAME.search(best.text)
    return Ceasefire(
        id=cid,
        name=name.group("name").strip() if name else None,
        parties=list(parties.values()),
        mediators=list(mediators.values()),
        announced=announced.isoformat() if announced else None,
        effective=eff_value,
        evidence=Evidence(text=best.text, start=best.start, end=best.end),
    )


def link_violations(events: list[Event], ceasefires: Sequence[Ceasefire]) -> None:
    """Tie each act of violence (and each accusation of one) to the ceasefire in force."""
    if not ceasefires:
        return
    for ev in events:
        if ev.event_type not in VIOLENT_TYPES and ev.sub_event_type not in {"Accusation"}:
            continue
        cf = ceasefire_in_force(ev, ceasefires)
        if cf is None:
            continue
        ev.ceasefire_id = cf.id
        ev.violation = True


def ceasefire_in_force(ev: Event, ceasefires: Sequence[Ceasefire]) -> Ceasefire | None:
    """The ceasefire whose start is latest on or before the event's date (unknown starts last)."""
    day = dt.date.fromisoformat(ev.date[:10]) if ev.date else None
    known: list[tuple[dt.date, Ceasefire]] = []
    unknown: list[Ceasefire] = []
    for cf in ceasefires:
        start = cf.effective or cf.announced
        if start:
            known.append((dt.date.fromisoformat(start[:10]), cf))
        else:
            unknown.append(cf)
    if day is not None:
        before = [(d, cf) for d, cf in known if d <= day + dt.timedelta(days=0)]
        if before:
            return max(before, key=lambda x: x[0])[1]
    if unknown:
        return unknown[0]
    if day is None and known:
        return max(known, key=lambda x: x[0])[1]
    return None
