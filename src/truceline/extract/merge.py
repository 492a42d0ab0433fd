"""Within one article: one event per listed place, and one event per repeated report.

"Shelling was recorded outside the villages of A and B" reports two events, one
per village; a headline and the lead paragraph that report the same shelling are
one event. Both rules look only at the article's own events.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from geopy.distance import great_circle
from spacy.tokens import Token

from truceline.extract.actor_conventions import unidentified_group
from truceline.extract.actors import resolve_actor
from truceline.extract.lexicon import lemmas
from truceline.extract.speakers import is_dateline_dash
from truceline.extract.triggers import lexicon as trigger_lexicon
from truceline.geo.locations import PlaceMention, resolve_location
from truceline.geo.place_words import DIRECTIONS
from truceline.schemas import Actor, Event, Evidence, Location

SAME_PLACE_KM = 25.0
# Two towns told by name this far apart are two places (one name in two gazetteer
# spellings lies closer).
OTHER_TOWN_KM = 3.0
# How many sentences back an anaphoric mention ("the shelling") may point.
ANAPHORA_WINDOW = 3
VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# Sub-event types that say only that violence happened, not how: a reading pointing back
# to an act told more sharply ("the raids" after "air strikes") takes that act's type.
GENERIC_ACTS = frozenset(("Attack", "Armed clash"))
_RECIPROCAL = re.compile(
    r"\b(each other|one another|mutual(ly)?|(exchang|trad)\w* (of )?(blame|accusations|charges))\b",
    re.I,
)


@dataclass(slots=True)
class Reading:
    """An event as read from one sentence, with what merging needs to know."""

    event: Event
    sentence: int
    paragraph: int
    anaphoric: bool = False  # "the shelling", "this attack": points back to a told event
    own_place: bool = False  # the sentence names the place (not a fallback)
    dated: bool = False  # the sentence names the day of the act
    harm_only: bool = False  # "two were killed": harm told with no act word of its own


_DEFINITE = frozenset(("the", "this", "that", "these", "those", "such", "its", "their"))
# Words that tell only harm done (killed, wounded), and nouns that point back to a told act.
HARM_WORDS = lemmas("harm_verbs")
INCIDENT_NOUNS = lemmas("incident_nouns")


def is_anaphoric(trigger: Token) -> bool:
    """A definite event noun ("the shelling", "this attack", "such strikes"), or harm told
    of one ("the strikes killed a man", "in this incident, two were wounded")."""
    if trigger.pos_ in {"NOUN", "PROPN"}:
        return _definite(trigger)
    if trigger.lemma_.lower() not in HARM_WORDS:
        return False
    for c in trigger.children:
        if c.dep_ in {"nsubj", "agent", "prep"}:
            # "the strikes killed", "killed by the blast", "in this incident ... killed"
            noun = (
                c if c.dep_ == "nsubj" else next((g for g in c.children if g.dep_ == "pobj"), None)
            )
            if (
                noun is not None
                and noun.lemma_.lower() in INCIDENT_NOUNS
                and _definite(noun)
                and not any(a.dep_ == "amod" for a in noun.children)
            ):
                return True
    return False


def tells_harm_only(trigger: Token) -> bool:
    """Harm told with no act word of its own ("three civilians were killed and eight
    wounded, the ministry said"): the toll of an act, not an act."""
    if trigger.lemma_.lower() not in HARM_WORDS:
        return False
    return not any(_names_act(t) for t in trigger.subtree if t.i != trigger.i)


def _names_act(noun: Token) -> bool:
    """ "killed in an ambush", "the blast killed two", "hurt in the firing": an act word."""
    words = {noun.lemma_.lower(), noun.lower_}
    words |= {w[:-3] + end for w in words if w.endswith("ing") for end in ("", "e")}  # firing
    if words & INCIDENT_NOUNS:
        return True
    named = noun.pos_ == "NOUN" or noun.dep_ in {"pobj", "nsubj"}  # (a gerund: "the firing")
    acts = trigger_lexicon().lemmas
    return named and not words & HARM_WORDS and any(w in acts for w in words)


def _definite(noun: Token) -> bool:
    return any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in noun.children)


def split_reciprocal(event: Event, trigger: Token, countries: Counter[str]) -> list[Event]:
    """ "A and B accused each other": one accusation each way."""
    if not _RECIPROCAL.search(event.evidence.text):
        return [event]
    subj = None
    for verb in (trigger, trigger.head):  # "X and Y exchanged blame": the subject is the verb's
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # the nearest ("Bangkok (AFP).- A and B accused": the dateline's city is parsed as one)
        subj = max(subjects, key=lambda c: (c.i < verb.i, c.i), default=None)
        if subj is not None:
            break
    if subj is None:
        return [event]
    # "Baku (AFP).- A and B accused": the parser may make the dateline's city the subject
    # and the parties its apposition
    subj = next(
        (
            c
            for c in subj.children
            if c.dep_ == "appos" and any(is_dateline_dash(t) for t in subj.doc[subj.i : c.i])
        ),
        subj,
    )
    heads = [subj, *subj.conjuncts]
    actors: list[Actor] = []
    for h in heads:
        start = h.left_edge.i
        # "City (AFP).- A and B accused each other": the dateline is no part of the name
        start = max([start, *(t.i + 1 for t in h.doc[start : h.i] if is_dateline_dash(t))])
        span = h.doc[start : h.i + 1].text if h.i >= start else h.text
        a = resolve_actor(span, countries=countries)
        if (
            a is not None
            and a.country
            and all((a.country, a.group()) != (x.country, x.group()) for x in actors)
        ):
            actors.append(a)
    if len(actors) != 2:
        return [event]
    out = []
    for a, b in (actors, actors[::-1]):
        e = event.model_copy(deep=True)
        e.actor1, e.actor2, e.claimants = a, b, [a]
        out.append(e)
    return out


# Words naming what a listed place is ("the villages of A and B", "A and B townships").
_ITEM_WORDS = (
    r"(?:villages?|towns?|cities|city|settlements?|hamlets?|areas?|districts?|townships?|"
    r"provinces?|regions?|oblasts?|governorates?|states?|counties|county|sectors?|"
    r"neighbou?rhoods?|camps?|localities|locality|communities|municipalities|municipality|"
    r"raions?|rayons?|departments?|suburbs?|outskirts|parts?|direction)"
)
# Between two listed places: "A, B", "A and B", "A city and the towns of B", "in A and in
# the city of B", "A, as well as B", "A, and near several villages in B", "five strikes on
# A and two on B", "four houses in A and one house in B" (a kind word may close the item
# before; a count, with or without its noun, may stand for the act).
_LIST_GAP = re.compile(
    rf"^(?:\s+{_ITEM_WORDS})?\s*(?:,|;|,?\s+(?:and|or|as well as|and also))\s+"
    r"(?:(?:another|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:more\s+)?"
    r"(?:[a-z-]+\s+)?(?=(?:in|on|at|near|around|outside|against)\s))?"
    r"(?:(?:in|on|at|near|around|outside|against)\s+)?(?:the\s+)?"
    r"(?:(?:several|some|other|many|a few|a number of|two|three|four|five|six)\s+)?"
    rf"(?:{_ITEM_WORDS}\s+(?:of|in|near)\s+)?$",
    re.I,
)
# The gap that closes a list: "A, B and C" (a bare comma list is a chain of places that
# say where the first one is: "Tuburan, Tulunan, Cotabato").
_LIST_END = re.compile(r"\b(?:and|or|as well as)\b", re.I)
# Words before a list that make its places the ends of a stretch or where actors come
# from, not places of events: "between A and B", "from A and B".
_NOT_AT = re.compile(r"\b(?:between|from)\s+(?:the\s+)?(?:\w+\s+(?:of\s+)?)?$", re.I)
# Between a place and the wider place that says where it is: "A in B", "A, B".
_IN_GAP = re.compile(rf"^(?:\s+{_ITEM_WORDS})?,?\s+in\s+(?:the\s+)?$", re.I)
_COMMA_GAP = re.compile(rf"^(?:\s+{_ITEM_WORDS})?\s*,\s*$", re.I)
_SPECIFIC = {"exact", "near"}
_SPLIT = _SPECIFIC | {"region"}


@dataclass(slots=True)
class _Item:
    """A listed place and the wider places told after it to say where it is."""

    mention: PlaceMention
    qualifiers: list[PlaceMention]
    location: Location | None = None

    @property
    def end(self) -> int:
        return (self.qualifiers[-1] if self.qualifiers else self.mention).end


def split_by_places(
    event: Event,
    places: Sequence[PlaceMention],
    countries: Counter[str],
    nearby: Sequence[PlaceMention] = (),
    told_in: Evidence | None = None,
) -> list[Event]:
    """Copies of `event`, one per place of the list that holds its own location.

    "Jets struck A, B and C": three events. A wider place after a listed one says
    where it is and is no item of its own ("A in Sumy region, the town of B in Kharkiv
    region"). The toll (one figure for the list) stays with the first place. `told_in`:
    the sentence that lists `places` when it is not the event's own ("Shells fell
    overnight. Houses in A and in B were damaged.")."""
    if event.location is None or event.location.precision not in _SPLIT or len(places) < 2:
        return [event]
    text, base = (told_in or event.evidence).text, (told_in or event.evidence).start
    ordered = sorted(places, key=lambda m: m.start)
    items: list[_Item] = []
    for k, m in enumerate(ordered):
        if items and _qualifies(items[-1], m, ordered[k + 1 : k + 2], text, base, countries):
            items[-1].qualifiers.append(m)
        else:
            items.append(_Item(m, []))
    # Listed places lie in the country the event was read in ("Saraqib, Ariha and ...").
    local = (
        countries + Counter({event.location.country: 5}) if event.location.country else countries
    )
    for item in items:
        item.location = resolve_location(
            [item.mention, *item.qualifiers], local, nearby=[*places, *nearby]
        )
    runs: list[list[_Item]] = []
    closed: list[bool] = []  # whether the run has its "and"
    for item in items:
        if runs and runs[-1]:
            gap = text[runs[-1][-1].end - base : item.mention.start - base]
            if _LIST_GAP.match(gap):
                runs[-1].append(item)
                closed[-1] = closed[-1] or bool(_LIST_END.search(gap))
                continue
        runs.append([item])
        closed.append(False)
    runs = [
        r
        for r, done in zip(runs, closed, strict=True)
        if done and not _NOT_AT.search(text[: r[0].mention.start - base])
    ]
    country = event.location.country
    own = event.location.name
    for run in runs:
        # A listed name read as a place of another country is a misread name: no event of
        # its own, but the list goes on past it.
        run = [
            i
            for i in run
            if i.location is not None
            and i.location.precision in _SPLIT
            and i.location.country == country
        ]
        names = {i.location.name for i in run if i.location is not None}
        # The event may have been read at the wider place that says where the list is.
        wider = {q.text for i in run for q in i.qualifiers}
        if len(run) >= 2 and (own in names or any(_same_name(own, w) for w in wider)):
            out = []
            keeper = run[0]  # the toll stays with the first listed place
            for item in run:
                copy = event.model_copy(deep=True)
                copy.location = item.location
                if item is not keeper:
                    copy.fatalities = None
                out.append(copy)
            return out
    return [event]


def _same_name(a: str, b: str) -> bool:
    return a.lower().startswith(b.lower()[:5]) if len(b) >= 4 else False


def _qualifies(
    item: _Item,
    m: PlaceMention,
    after: Sequence[PlaceMention],
    text: str,
    base: int,
    countries: Counter[str],
) -> bool:
    """Does `m` say where the listed place before it is ("A in B", "A, B province")?"""
    gap = text[item.end - base : m.start - base]
    loc = resolve_location([m], countries)
    if loc is not None and loc.precision == "country":
        return bool(_IN_GAP.match(gap) or _COMMA_GAP.match(gap))  # "A, Syria"
    if _IN_GAP.match(gap):
        return True
    if not _COMMA_GAP.match(gap):
        return False
    prev = resolve_location([item.mention], countries)
    if after:  # "A, B and C": B is listed when C follows it as a list item of its kind
        nxt_gap = text[m.end - base : after[0].start - base]
        nxt = resolve_location([after[0]], countries)
        if _LIST_GAP.match(nxt_gap) and not _COMMA_GAP.match(nxt_gap):
            return False
        if _COMMA_GAP.match(nxt_gap) and nxt is not None and loc is not None:
            if nxt.precision == loc.precision:
                return False
    if m.qualifies_previous or m.contains_previous:
        return True
    return (
        loc is not None
        and prev is not None
        and loc.precision == "region"
        and prev.precision in _SPECIFIC
        and loc.country == prev.country
    )


def _km(a: Location | None, b: Location | None) -> float | None:
    if a is None or b is None or a.latitude is None or b.latitude is None:
        return None
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def _same_place(a: Location | None, b: Location | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.precision == "country" or b.precision == "country":
        return a.precision == b.precision and a.country == b.country
    d = _km(a, b)
    return d is not None and d <= SAME_PLACE_KM


_RANK = {"exact": 0, "near": 0, "region": 1, "country": 2}
# How far from the centre of a part of a country ("western Afghanistan") a place may lie.
REGION_KM = 250.0


def _inside(vague: Location | None, sharp: Location | None) -> bool:
    """Could `sharp` be where region `vague` was told less precisely ("western
    Afghanistan", then the district; the province, then a town)? Same country, and
    inside the region or near a part of a country ("northern Mali")."""
    if vague is None or sharp is None:
        return False
    if vague.precision != "region" or sharp.precision == "country":
        return False  # a country is too wide to say two reports tell one incident
    if vague.country is None or vague.country != sharp.country or vague.name == sharp.name:
        return False
    if sharp.admin1 and sharp.admin1 == vague.name:
        return True  # a district of the province, a town of the region
    if sharp.precision == "region" and vague.admin1 is not None:
        return False  # two provinces, or two districts
    if sharp.admin1 and sharp.admin1 == vague.admin1:
        return True
    if vague.name.split(" ", 1)[0].lower() not in _PARTS:
        return False
    d = _km(vague, sharp)  # "northern Mali": a part of a country, whose edge is unknown
    return d is not None and d <= REGION_KM


# Words that name a part of a country ("northern Mali", "upper Nile").
_PARTS = frozenset(DIRECTIONS) | {"upper", "lower"}


def _same_voice(a: Event, b: Event) -> bool:
    """Not two sides' claims: when both name claimants, they share one."""
    if not a.claimants or not b.claimants:
        return True
    return bool(
        {(c.country, c.group()) for c in a.claimants}
        & {(c.country, c.group()) for c in b.claimants}
    )


def _nested(a: Location | None, b: Location | None) -> bool:
    return a is not None and b is not None and (_inside(a, b) or _inside(b, a))


def _compatible_actor(a, b) -> bool:
    """Could `a` and `b` name the same actor? Not when their countries or sides differ."""
    if a is None or b is None:
        return True
    if a.country is not None and b.country is not None and a.country != b.country:
        return False
    groups = {a.group(), b.group()}
    return len(groups) == 1 or not groups <= {"state", "armed", "crowd", "civilians"}


def _same_event(a: Event, b: Event) -> bool:
    if a.sub_event_type != b.sub_event_type or a.date != b.date:
        return False
    if not _same_place(a.location, b.location):
        return False
    if a.fatalities is not None and b.fatalities is not None and a.fatalities != b.fatalities:
        return False
    return _compatible_actor(a.actor1, b.actor1) and _compatible_actor(a.actor2, b.actor2)


def _fold(twin: Event, ev: Event) -> None:
    twin.actor1 = twin.actor1 or ev.actor1
    twin.actor2 = twin.actor2 or ev.actor2
    if twin.fatalities is None:
        twin.fatalities = ev.fatalities
    if ev.status == twin.status and not twin.claimants:
        # Who says so is taken over only when both mentions tell it the same way and the
        # first names no one: an event the outlet asserts keeps its own voice, and the
        # other side's version of a told clash is not the same claim.
        for c in ev.claimants:
            if all((c.country, c.group()) != (x.country, x.group()) for x in twin.claimants):
                twin.claimants.append(c)
        for r in ev.reporters:
            if r not in twin.reporters:
                twin.reporters.append(r)
    twin.confidence = max(twin.confidence, ev.confidence)


_NEW_INCIDENT = re.compile(
    r"\b(another|other|one incident|separate(ly)?|also|elsewhere|"
    r"in a second|meanwhile)\b",
    re.I,
)


# "two other people", "10 others": more victims of the act told, not another incident.
_COUNTS = lemmas("count_words")


def tells_new_incident(text: str) -> bool:
    """Does the text say it tells another incident ("in a separate incident", "elsewhere")?"""
    for m in _NEW_INCIDENT.finditer(text):
        before = text[: m.start()].split()[-1:]
        counted = bool(before) and (
            before[0].lower() in _COUNTS or before[0].replace(",", "").isdigit()
        )
        if not (m[0].lower() == "other" and counted):
            return True
    return False


# A report that says it tells another incident, or another moment of the day.
_OTHER_TIME = re.compile(_NEW_INCIDENT.pattern + r"|\b(earlier|later|previously)\b", re.I)


def _compatible_toll(a: Event, b: Event) -> bool:
    return a.fatalities is None or b.fatalities is None or a.fatalities == b.fatalities


def _family(ev: Event) -> str:
    return "violence" if ev.event_type in VIOLENCE else ev.sub_event_type


def _told_elsewhere(r: Reading, twin: Reading, listed: bool = False) -> bool:
    """An act pointed back to ("the raids on A and B") that names a place of its own in
    the same country, apart from the act's place and as sharp or sharper (never folded
    into a vaguer act; the province around the town told is where that act was): the
    same kind of act, at a place of its own (one event per place), not a repeat.
    `listed`: its sentence lists places, so a town of another name is apart however
    near."""
    ev, told = r.event, twin.event
    return (
        r.anaphoric
        and r.own_place
        and ev.location is not None
        and ev.location.precision in _SPLIT
        and told.location is not None
        and told.location.precision in _SPLIT
        and ev.location.country == told.location.country
        and (
            not _same_place(told.location, ev.location)
            or (listed and _other_towns(told.location, ev.location))
        )
        and _RANK[ev.location.precision] <= _RANK[told.location.precision]
    )


def _take_kind(ev: Event, told: Event) -> None:
    """`ev` points back to `told`: it is an act of that kind, by the same hand."""
    if ev.sub_event_type in GENERIC_ACTS and told.sub_event_type not in GENERIC_ACTS:
        ev.event_type = told.event_type
        ev.sub_event_type = told.sub_event_type
    unnamed = ev.actor1 is None or ev.actor1 == unidentified_group(ev.actor1.country)
    if unnamed and told.actor1 is not None:
        ev.actor1 = told.actor1


def point_back(readings: list[Reading]) -> None:
    """An act told again by a word that points back ("the attacks targeted A and B",
    after "jets launched air strikes on Wednesday"), or harm told with no act word ("two
    civilians were killed in B"), is the act told before: it takes that act's type when
    its own word is generic, its day when its sentence names none, and its agent when it
    names none. The act pointed to is the nearest act of violence told
    in an earlier sentence, a few sentences back at most (itself resolved the same way:
    "the fighting on Friday" then "the clashes took place in A" tell one day)."""
    for k, r in enumerate(readings):
        if not (r.anaphoric or r.harm_only) or r.event.event_type not in VIOLENCE:
            continue
        told = next(
            (
                o
                for o in reversed(readings[:k])
                if o.sentence < r.sentence
                and r.sentence - o.sentence <= ANAPHORA_WINDOW
                and o.event.event_type in VIOLENCE
            ),
            None,
        )
        if told is None or (r.dated and r.event.date != told.event.date):
            continue  # "the attack on April 22" after today's shelling: another act
        _take_kind(r.event, told.event)
        if not r.dated and told.event.date is not None:
            r.event.date = told.event.date
            r.event.date_precision = told.event.date_precision


def _listed_apart(a: Reading, b: Reading) -> bool:
    """Two places one sentence lists ("the towns of A and B"), however near each other:
    one event each."""
    la, lb = a.event.location, b.event.location
    return (
        a.sentence == b.sentence
        and a.own_place
        and b.own_place
        and la is not None
        and lb is not None
        and la.name != lb.name
    )


def _other_towns(a: Location, b: Location) -> bool:
    """Two towns of other names a few km apart or more: two places, however near."""
    towns = a.precision == b.precision == "exact" and a.name != b.name
    return towns and (_km(a, b) or 0.0) > OTHER_TOWN_KM


def _listing(readings: Sequence[Reading]) -> set[int]:
    """The sentences that list places of their own for one act ("raids on A, B and C")."""
    names: dict[int, set[str]] = {}
    for r in readings:
        if r.own_place and r.event.location is not None:
            names.setdefault(r.sentence, set()).add(r.event.location.name)
    return {k for k, v in names.items() if len(v) > 1}


def _referent(r: Reading, kept: Sequence[Reading], headline: set[int]) -> Reading | None:
    """The act a pointing word with nothing of its own tells again ("This attack shows
    their contempt for the truce", "troops were sent to counter the attack"): with no
    place and no day of its own it is no new act, however far back the act was told; the
    nearest act of violence before it, or (when none) None."""
    if r.event.event_type not in VIOLENCE:
        return None
    return next(
        (
            o
            for o in reversed(kept)
            if o.sentence < r.sentence
            and o.sentence not in headline
            and o.event.event_type in VIOLENCE
            and _compatible_toll(o.event, r.event)
        ),
        None,
    )


def merge_repeats(readings: list[Reading], headline: set[int] | None = None) -> list[Event]:
    """Fold repeated reports of one event into one, keeping what each adds.

    - the same type, date and place (or actors that agree): one event;
    - the same type and date in a region, then in a town of it (actors and tolls that
      agree, no "another" or "elsewhere"): one event, at the town;
    - an anaphoric mention ("killed in the shelling") or one that names no place of its
      own, on the same day as an act of the same family told just before: that act;
    - a headline, subtitle or caption whose event the body tells: the body's event.
    """
    headline = headline or set()
    point_back(readings)
    listing = _listing(readings)
    kept: list[Reading] = []
    for r in readings:
        ev = r.event
        twin = None
        if r.sentence not in headline:
            twin = next(
                (
                    o
                    for o in kept
                    if o.sentence not in headline
                    and _same_event(o.event, ev)
                    and not _listed_apart(o, r)
                ),
                None,
            )
        if twin is None and ev.event_type in VIOLENCE and not _OTHER_TIME.search(ev.evidence.text):
            # The lead tells it in a region, the body in a town of it, the same day.
            twin = next(
                (
                    o
                    for o in kept
                    if o.sentence not in headline | {r.sentence}
                    and o.event.sub_event_type == ev.sub_event_type
                    and o.event.date == ev.date
                    and _nested(o.event.location, ev.location)
                    and not _OTHER_TIME.search(o.event.evidence.text)
                    and _same_voice(o.event, ev)
                    and _compatible_toll(o.event, ev)
                    and _compatible_actor(o.event.actor1, ev.actor1)
                    and _compatible_actor(o.event.actor2, ev.actor2)
                ),
                None,
            )
            if twin is not None and _inside(twin.event.location, ev.location):
                twin.event.location = ev.location  # the lead's region, the body's town
        if twin is None and ev.event_type in VIOLENCE and (r.anaphoric or not r.own_place):
            # "the shelling" points back to any act of violence; a placeless report to one
            # of the same kind.
            twin = next(
                (
                    o
                    for o in reversed(kept)
                    if r.sentence - o.sentence <= ANAPHORA_WINDOW
                    and o.sentence not in headline
                    and o.event.date == ev.date
                    and (
                        _family(o.event) == _family(ev)
                        if r.anaphoric
                        else (
                            o.event.sub_event_type == ev.sub_event_type
                            or (r.harm_only and _family(o.event) == _family(ev))
                        )
                        and not tells_new_incident(ev.evidence.text)
                    )
                    and _compatible_toll(o.event, ev)
                    and (
                        r.anaphoric
                        or (r.harm_only and not ev.actor1_told)
                        or _compatible_actor(o.event.actor1, ev.actor1)
                    )  # harm told of no one: the agent it has is only a guess
                ),
                None,
            )
        if twin is None and r.anaphoric and not r.own_place and not r.dated:
            twin = _referent(r, kept, headline)
        if twin is not None and _told_elsewhere(r, twin, r.sentence in listing):
            _take_kind(ev, twin.event)
            twin = None
        if twin is None:
            kept.append(r)
        else:
            _fold(twin.event, ev)
    body = [r for r in kept if r.sentence not in headline]
    out = []
    for r in kept:
        if r.sentence in headline:
            same = [b for b in body if _family(b.event) == _family(r.event)]
            if r.event.event_type == "Strategic developments":
                # a short paragraph's statement dated apart ("denied it late Thursday";
                # the body's denial on Friday) is a statement of its own
                same = [b for b in same if b.event.date == r.event.date]
            twin = next(
                (b for b in same if _compatible_actor(b.event.actor1, r.event.actor1)), None
            )
            if twin is not None:
                _fold(twin.event, r.event)
            if same:
                continue
        out.append(r.event)
    return out
