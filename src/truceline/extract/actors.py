"""Actor normalisation: a noun phrase ("the Azerbaijani Ministry of Defense", "Kiev
forces", "pro-Houthi fighters", "unidentified gunmen") to an Actor (name, ISO3, kind).

How a phrase is read (`resolve_actor`):

1. Cleaned (quotes, determiners, numbers, "at least") and split at an apposition
   ("Mike Pompeo, US Secretary of State"; "Gen. X (army chief)"): the main part is
   resolved and, when it names no country or only a person, the apposition fills in.
2. The *head zone* is the part before a preposition that starts a modifier
   ("civilians | in TNLA-held territory", "forces | on the West Coast"); "of" is kept
   ("Ministry of Defense of Armenia"). Only the first conjunct counts.
3. In it, three kinds of clue are found: named actors from `data/actors.yaml`
   (Houthis, IDF, OSCE...), countries (names, demonyms, capitals; from
   `truceline.countries`) and role words (forces, ministry, protesters, civilians,
   gunmen, spokesman...; the `roles` of actors.yaml, see `actor_lexicon.py`).
4. The role word decides the kind, refined by the named actor and by modifiers
   ("rebel", "pro-government", "unidentified"); a named actor alone gives its own
   kind; a country alone is that state's government (Baku, Israel, "Armenia's").
   "X-backed" names a sponsor, not the actor's state.
5. The country is the named actor's (for a non-state armed group, the event's
   country when known), else a country in the phrase, else `default_country` (the
   event's country), else the article's most-talked-about country.

Crowds and unidentified groups are named as ACLED names them ("Protesters (India)",
"Unidentified Armed Group (Mexico)").
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from truceline.extract.actor_lexicon import (
    ROLES,
    ActorEntry,
    ActorLexicon,
    load_lexicon,
    named_actors,
    role_matches,
)
from truceline.extract.lexicon import lemmas
from truceline.schemas import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

__all__ = [
    "ActorEntry",
    "ActorLexicon",
    "actor_mentions",
    "country_label",
    "load_lexicon",
    "named_actors",
    "resolve_actor",
]

NON_STATE_ARMED = frozenset({"rebels", "political_militia", "identity_militia"})
STATE = frozenset({"state_forces", "government", "external_forces"})

# Modifiers that change the kind of an armed head ("rebel forces", "tribal fighters").
_REBEL_MODS = re.compile(
    r"\b(rebel|rebels|rebellious|separatist|separatists|opposition|insurgent|militant|jihadist|islamist|"
    r"terrorist|guerrilla|guerilla|illegal|breakaway|self-proclaimed|self-declared|unrecognised|"
    r"unrecognized|secessionist|maoist|communist)\b",
    re.I,
)
_MILITIA_MODS = re.compile(
    r"\b(militia|paramilitary|pro-government militia|criminal|gang|cartel|mercenary)\b", re.I
)
_IDENTITY_MODS = re.compile(
    r"\b(tribal|ethnic|clan|communal|self-defen[cs]e|tribe|sectarian)\b", re.I
)
_UNIDENTIFIED = re.compile(
    r"\b(unidentified|unknown|masked|suspected|alleged|hooded|anonymous|unnamed|armed men|"
    r"gunm[ae]n|assailants?|attackers?|perpetrators?|kidnappers?|abductors?|hitm[ae]n|"
    r"shooters?|killers?|sicarios?|armed individuals|armed persons|criminals?|bandits?|"
    r"robbers?|thugs|raiders)\b",
    re.I,
)
_GANG = re.compile(
    r"\b(gang|gangs|gangsters?|cartels?|criminals?|criminal group|sicarios?|hitm[ae]n|drug)\b", re.I
)
_PRO_STATE = re.compile(r"\bpro-(government|regime|state|army|junta|kyiv|kiev)\b", re.I)
_PROXY = re.compile(
    r"\b([A-Z][\w'’.]*)(?:-(?:backed|supported|sponsored|funded|armed|trained|aligned|allied|"
    r"affiliated|financed|paid)| (?:backed|supported|sponsored|funded))\b|\bpro-([A-Z][\w'’.]*)",
)
_ANTI = re.compile(r"\b(anti|counter)-[\w'’.]+", re.I)
# Military ranks and civil titles that open a person's name.
_TITLES = re.compile(
    r"^(mr|mrs|ms|dr|gen|general|lt|lieutenant|col|colonel|maj|major|capt|captain|sgt|"
    r"sergeant|brig|brigadier|adm|admiral|cpl|corporal|pvt|private|cmdr|commander|"
    r"president|minister|prime minister|foreign minister|defence minister|defense minister|"
    r"sheikh|sheik|imam|ayatollah|prince|king|governor|mayor|senator|rep|ambassador|judge|"
    r"spokesman|spokeswoman|spokesperson|chief|deputy|secretary)\b\.?\s*",
    re.I,
)
_MILITARY_TITLE = re.compile(
    r"^(gen|general|lt|lieutenant|col|colonel|maj|major|capt|captain|sgt|sergeant|brig|"
    r"brigadier|adm|admiral|cpl|corporal|pvt|private|cmdr)\b",
    re.I,
)
_GOV_TITLE = re.compile(
    r"^(president|minister|prime minister|foreign minister|defen[cs]e minister|governor|mayor|"
    r"senator|ambassador|secretary)\b",
    re.I,
)
# Where the head of a noun phrase ends: a preposition or relative word opens a modifier.
_CUT = re.compile(
    r"\sof\s+\w+ing\b|\s(in|at|near|inside|outside|around|across|along|on|from|during|after|before|who|"
    r"whom|whose|which|that|with|when|while|following|over|under|into|toward|towards|"
    r"against|between|amid|amidst|since|by|for|to|as|via|behind|beyond|within|throughout|"
    r"including|said|says|reported|claimed|accused|denied|told)\s",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:the|a|an|some|several|many|various|numerous|other|two|three|four|five|six|seven|"
    r"eight|nine|ten|dozens|hundreds|thousands|scores|tens|a number|a group|groups|a team|"
    r"a couple|a pair|at least|more than|over|about|around|nearly|almost|up to|some \d+|"
    r"\d[\d,.]*|of|its|their|his|her|our|several hundred|several thousand|few|a few|"
    r"unspecified|unknown number of|large number of|alleged|presumed|suspected|reportedly)\s+)+",
    re.I,
)
# Head nouns naming a place: "the southern outskirts of the capital" is no actor.
_PLACE_HEAD = re.compile(
    r"\b(outskirts|capital|territory|territories|area|areas|region|regions|border|borders|"
    r"airspace|soil|front|fronts|frontline|frontlines|direction|line|zone|zones|land|lands|"
    r"waters|coast|district|districts|province|provinces|sector|sectors|corridor|road|"
    r"highway|countryside|outpost area|vicinity|part|parts|section|enclave|heights|"
    r"airport|port|ports|border crossing|crossing|bridge|strip)\s*$",
    re.I,
)
_HELD = re.compile(
    r"\b([\w'’.]+)-(?:held|controlled|occupied|dominated)\s+(?:[\w-]+\s+)?(?:areas?|"
    r"towns?|territor(?:y|ies)|enclaves?|regions?|districts?|cit(?:y|ies)|villages?|zones?|"
    r"parts?|neighbou?rhoods?|provinces?|pockets?|strongholds?|lands?|countryside|suburbs?)\b",
    re.I,
)
_REGION = re.compile(
    r"\b(north|south|east|west|northern|southern|eastern|western|central|north-?east|"
    r"north-?west|south-?east|south-?west|northeastern|northwestern|southeastern|"
    r"southwestern|upper|lower|rural|occupied)\s+[A-Z][\w'’.-]+\s*$"
)
_OFFICE_HEAD = re.compile(
    r"\b(spokes(man|woman|person)|adviser|advisor|assistant|aide|representative|envoy|"
    r"secretary|deputy|head|chief|commander|member|official|officer)\s*$",
    re.I,
)
# Quantity heads of "X of Y" phrases, where Y is the real head ("dozens of soldiers").
_QUANTITIES = frozenset(
    """dozens hundreds thousands scores tens number numbers group groups team teams couple
    pair part parts rest majority most many some several few one two three four five six
    seven eight nine ten all both each none any remnants remnant contingent column
    detachment squad band wave""".split()
)
# Things a side owns that stand for it ("an army plane", "a police vehicle").
_OWNED = frozenset(
    """plane planes aircraft aircrafts vehicle vehicles car cars truck trucks boat boats ship
    ships vessel vessels helicopter helicopters drone drones tank tanks station stations
    facility facilities unit units team teams targets hideout hideouts camp camps depot depots
    warehouse warehouses bulldozer bulldozers""".split()
)
_VEHICLES = frozenset(
    {"vehicle", "vehicles", "car", "cars", "bus", "truck", "trucks", "ambulance", "bulldozer"}
)
_OWNED_LAST = re.compile(
    r"\b(plane|planes|aircraft|aircrafts|vehicle|vehicles|truck|trucks|boat|boats|ship|ships|"
    r"vessel|vessels|helicopter|helicopters|drone|drones|tank|tanks)\s*$",
    re.I,
)
# A nationality as a plural noun names people: "Palestinians", "ethnic Armenians".
_PEOPLE = re.compile(r"\b[A-Z][a-z]+(ians|ans|is|ese|ites|ers|eks|ks|ch)\b|\bethnic\b")
_QUOTES = re.compile(r"[\"“”«»‘’']")
_CONJ = re.compile(
    r"\s(?:and|&|or|as well as|along with|together with|alongside|backed by|supported by)\s|/", re.I
)
_STOP_CAPS = frozenset(
    """the a an on in at of and or but monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    north south east west northern southern eastern western central upper lower new old
    this that these those it he she they we i you there here
    """.split()
)


# --- clues in a phrase ------------------------------------------------------------------


_COUNTRIES: Any = None


def _countries() -> Any:
    global _COUNTRIES
    if _COUNTRIES is None:
        from truceline import countries  # lazy: the country tables load on first use

        _COUNTRIES = countries
    return _COUNTRIES


def _country_codes(text: str) -> list[str]:
    """Countries a phrase names, in order of first appearance."""
    return list(_country_codes_of(text))


@lru_cache(maxsize=8192)
def _country_codes_of(text: str) -> tuple[str, ...]:
    if not text.strip():
        return ()
    c = _countries()
    clean = re.sub(r"(\w)['’]s?\b", r"\1", text)
    found = c.countries_in_text(clean)
    codes = list(found)
    # countries_in_text is case-sensitive; headlines and odd casing fall back to words.
    if not codes:
        for word in re.findall(r"[A-Z][\w.]*", clean):
            code = c.country_of_demonym(word)
            if code and code not in codes:
                codes.append(code)
    return tuple(codes)


def _capital_codes(text: str) -> list[str]:
    return list(_capital_codes_of(text))


@lru_cache(maxsize=8192)
def _capital_codes_of(text: str) -> tuple[str, ...]:
    c = _countries()
    out = []
    for word in re.findall(r"[A-Z][\w'’-]*", text):
        code = c.country_of_capital(re.sub(r"['’]s?$", "", word))
        if code:
            out.append(code)
    return tuple(out)


def country_label(code: str | None) -> str:
    """The country's short name for ACLED-style names ("Protesters (India)")."""
    if not code:
        return "International"
    return _countries().country_name(code) or code


# --- resolution -----------------------------------------------------------------------


@dataclass(slots=True)
class _Reading:
    kind: str | None = None
    country: str | None = None
    name: str | None = None
    explicit_country: bool = False  # the phrase itself named the country or actor
    person: bool = False


@lru_cache(maxsize=8192)
def _clean(text: str) -> str:
    t = _QUOTES.sub(lambda m: "'" if m.group(0) in "’'" else "", text)
    t = re.sub(r"\s+", " ", t).strip(" ,.;:-")
    t = re.sub(r"^'+|'+$", "", t).strip()
    t = _LEAD.sub("", t)
    t = t.strip(" ,;:-")
    if t.endswith(".") and not re.search(r"\b(?:[A-Z]\.){2,}$", t):
        t = t.rstrip(".")  # keep the dot of "U.S." and "U.N."
    return t.strip()


def _split_apposition(text: str) -> tuple[str, list[str]]:
    parts = re.split(r"\s*\(([^)]*)\)\s*|,\s+|\s[-–—]\s", text)
    parts = [p for p in parts if p and p.strip()]
    if not parts:
        return text, []
    return parts[0].strip(), [p.strip() for p in parts[1:]]


@lru_cache(maxsize=8192)
def _head_zone(text: str) -> str:
    named = [(s, e) for s, e, _ in named_actors(text)]
    cut = next(
        (m for m in _CUT.finditer(text) if not any(s <= m.start() < e for s, e in named)), None
    )
    zone = text[: cut.start()] if cut else text
    conj = _CONJ.search(zone)
    if conj and conj.start() > 0:
        first = zone[: conj.start()]
        if role_matches(first) or named_actors(first) or _country_codes(first):
            return first
    return zone


@lru_cache(maxsize=8192)
def _looks_like_person(text: str) -> bool:
    words = re.findall(r"[\w'’.-]+", _TITLES.sub("", text))
    if not 2 <= len(words) <= 5:
        return False
    caps = [w for w in words if w[:1].isupper()]
    particles = {
        "al",
        "el",
        "bin",
        "ibn",
        "de",
        "da",
        "van",
        "von",
        "der",
        "abu",
        "ould",
        "ag",
        "dos",
        "jr",
        "jr.",
    }
    if any(w.lower() in _STOP_CAPS for w in caps):
        return False
    return (
        all(w[:1].isupper() or w.lower() in particles or w.lower().startswith("al-") for w in words)
        and len(caps) >= 2
    )


def _strip_proxies(zone: str) -> tuple[str, list[str], bool]:
    """Remove "X-backed"/"pro-X" sponsors from a zone; return (zone, sponsor codes, pro-state)."""
    sponsors: list[str] = []
    c = _countries()
    pro_state = bool(_PRO_STATE.search(zone))

    def repl(m: re.Match[str]) -> str:
        word = m.group(1) or m.group(2) or ""
        code = c.country_of_demonym(word) or c.iso3(word) or c.country_of_capital(word)
        if code:
            sponsors.append(code)
            return " " * len(m.group(0))
        return m.group(0)

    return _PROXY.sub(repl, zone), sponsors, pro_state


def _read_zone(
    zone: str, full: str, default_country: str | None, countries: Counter[str] | None
) -> _Reading:
    r = _Reading()
    zone = _ANTI.sub(lambda m: " " * len(m.group(0)), zone)  # "anti-Houthi forces"
    zone, sponsors, pro_state = _strip_proxies(zone)
    groups = named_actors(zone, default_country=default_country, countries=countries)
    roles = [
        (s, e, role)
        for s, e, role in role_matches(zone)
        if not any(gs <= s and e <= ge for gs, ge, _ in groups)
    ]
    codes = _country_codes(zone) or _capital_codes(zone)
    # Owned: "Saudi-led coalition" is Saudi; sponsors are not the actor's state.
    codes = [c for c in codes if c not in sponsors] or [
        c for c in _capital_codes(zone) if c not in sponsors
    ]
    group = groups[-1][2] if groups else None
    # An earlier group that owns a later one ("DPR mission to the JCCC") wins.
    if len(groups) > 1 and groups[0][2].kind in NON_STATE_ARMED | STATE:
        group = groups[0][2]
    head = _head_role(roles)
    of = re.search(r"\sof\s", zone)
    if of is not None and not _in_country_name(zone, of.start() + 1):
        # "supporters of the opposition": the noun before "of" is the head.
        before = [role for s, e, role in roles if e <= of.start() and role != "office"]
        if before:
            head = before[-1]
    if head == "civilians" and roles and zone[roles[-1][0] : roles[-1][1]].lower() in _VEHICLES:
        # "a regime vehicle", "an army truck", "a QSD vehicle": the side that owns it.
        owner = [
            role for _, _, role in roles[:-1] if role in ("state", "rebels", "militia", "identity")
        ]
        if owner:
            head = owner[-1]
        elif group is not None and group.kind in NON_STATE_ARMED | STATE:
            head = None
    kind = _combine(head, roles, group, zone)
    if kind is None and group is None and not codes:
        if _looks_like_person(zone):
            title = re.match(r"\s*(\S+)", full)
            r.person = True
            r.kind = "person"
            if title and _MILITARY_TITLE.match(title.group(1)):
                r.kind = "state_forces"
            elif title and _GOV_TITLE.match(title.group(1)):
                r.kind = "government"
        return r
    held = _HELD.search(zone)
    if held:
        # "rebel-held areas", "Houthi-controlled territory": whoever holds the place.
        holder = _read_zone(held.group(1), held.group(1), default_country, countries)
        if holder.kind in NON_STATE_ARMED | STATE:
            return holder
    if kind is None and (_PLACE_HEAD.search(zone) or _REGION.search(zone)):
        return r  # "the Libyan capital", "northwest Syria": a place, not an actor
    if (kind is not None or codes) and not _ends_in_actor_word(zone, roles, groups):
        return r  # "the Azerbaijani flag", "military strikes": the head names no actor
    if kind is None and codes and _PEOPLE.search(zone):
        kind = "civilians"  # "ethnic Armenians", "Palestinians"
    if kind is None and codes and _OWNED_LAST.search(zone):
        kind = "state_forces"  # "a Russian drone", "Turkish tanks"
    if kind is None:
        kind = "government" if codes else None
    if kind is None:
        return r
    # Armed heads: sponsor or modifiers make a proxy or a militia of the event's country.
    if kind == "state_forces" and group is None:
        if _REBEL_MODS.search(zone):
            kind = "rebels"
        elif _IDENTITY_MODS.search(zone):
            kind = "identity_militia"
        elif _MILITIA_MODS.search(zone):
            kind = "political_militia"
        elif sponsors and not codes and not pro_state:
            kind = "rebels"
    if kind == "political_militia" and group is None and _REBEL_MODS.search(zone):
        kind = "rebels"  # "illegal armed groups", "separatist militias"
    if kind == "rebels" and group is None and _IDENTITY_MODS.search(zone):
        kind = "identity_militia"
    r.kind = kind
    country: str | None = None
    if group is not None:
        r.explicit_country = True
        country = group.country
        if group.transnational and default_country:
            country = default_country  # a group fighting in several states
        if head is None:
            r.name = group.name
        if kind in ("civilians", "protesters", "rioters") and codes:
            country = codes[0]
    elif codes:
        country = codes[0]
        r.explicit_country = True
        if kind in NON_STATE_ARMED and default_country:
            country = default_country  # an armed group belongs where it fights
    r.country = country
    return r


def _ends_in_actor_word(
    zone: str, roles: list[tuple[int, int, str]], groups: list[tuple[int, int, ActorEntry]]
) -> bool:
    """Whether the phrase's last word (its head, in English) names an actor: a role word,
    a named actor, a country, a people, or a thing a side owns ("army plane"). A name
    after a title ("Defence Minister John Smith") is skipped."""
    covered = [(s, e) for s, e, _ in roles] + [(s, e) for s, e, _ in groups]
    # "X of Y": X is the head ("disengagement of forces" is no actor) unless X is a role,
    # a named actor or a quantity ("members of", "dozens of").
    for m in re.finditer(r"\s(of)\s", zone):
        if any(s <= m.start(1) < e for s, e in covered) or _in_country_name(zone, m.start(1)):
            continue  # inside "Ministry of Defense", "Democratic Republic of the Congo"
        before = re.findall(r"[^\W\d_][\w'’.-]*", zone[: m.start()])
        if not before:
            break
        start = zone.rfind(before[-1], 0, m.start())
        head_covered = any(s <= start < e for s, e in covered)
        if not head_covered and before[-1].lower() not in _QUANTITIES:
            c = _countries()
            w = re.sub(r"['’]s?$", "", before[-1])
            if not (c.iso3(w) or c.country_of_demonym(w) or w.lower() in _OWNED):
                return False
        if any(s <= start < e and role != "office" for s, e, role in roles):
            return True  # "supporters of the ruling party": the role before "of" heads it
        break
    words = list(re.finditer(r"[^\W\d_][\w'’.-]*|\d[\w'’.-]*", zone))
    # Participles after the head ("militias allied", "troops stationed") are not it.
    while len(words) > 1 and re.fullmatch(r"[a-z][\w-]*(ed|ing)|loyal", words[-1].group(0)):
        words.pop()
    if not words:
        return False
    c = _countries()
    for n in range(min(5, len(words)), 0, -1):  # "the United States", "DR Congo"
        tail = zone[words[-n].start() : words[-1].end()]
        if c.iso3(re.sub(r"['’]s?$", "", tail)):
            return True
    # Skip a trailing personal name when a title or named actor comes before it.
    i = len(words) - 1
    while (
        i > 0
        and words[i].group(0)[:1].isupper()
        and not any(s <= words[i].start() < e for s, e in covered)
    ):
        i -= 1
    if i < len(words) - 1 and any(e <= words[i + 1].start() for s, e in covered):
        return True
    last = words[len(words) - 1] if i == len(words) - 1 else words[i]
    if any(s <= last.start() < e for s, e in covered):
        return True
    word = re.sub(r"['’]s?$", "", last.group(0))
    if c.iso3(word) or c.country_of_demonym(word) or c.country_of_capital(word):
        return True
    if word.lower() in lemmas("means_of_attack"):
        # "Israeli fire", "Houthi shelling": fired by the country, people or group named
        return bool(groups) or any(
            c.iso3(w.group(0)) or c.country_of_demonym(w.group(0)) for w in words[:-1]
        )
    return bool(_PEOPLE.fullmatch(word) or word.lower() in _OWNED)


def _without_money(phrase: str) -> str:
    """The phrase without money named after a country ("against the US dollar rate")."""
    if not any(w.lower() in lemmas("currencies") for w in phrase.split()):
        return phrase
    words = phrase.split()
    keep = [
        w
        for k, w in enumerate(words)
        if w.lower() not in lemmas("currencies")
        and not (k + 1 < len(words) and words[k + 1].lower() in lemmas("currencies"))
    ]
    return " ".join(keep)


def _without_means(phrase: str) -> str:
    """The side without the fire it delivers: "Russian artillery fire" -> "Russian"."""
    words = phrase.split()
    while len(words) > 1 and words[-1].lower() in lemmas("means_of_attack"):
        words.pop()
    return " ".join(words)


def _in_country_name(zone: str, at: int) -> bool:
    """Whether the word at `at` ("of") is inside a country's name."""
    left = re.findall(r"[^\W\d_][\w'’.-]*", zone[:at])[-3:]
    right = re.findall(r"[^\W\d_][\w'’.-]*", zone[at + 2 :])[:3]
    c = _countries()
    for i in range(len(left)):
        for j in range(1, len(right) + 1):
            name = " ".join([*left[i:], "of", *right[:j]])
            if c.iso3(re.sub(r"['’]s?$", "", name)):
                return True
    return False


def _head_role(roles: list[tuple[int, int, str]]) -> str | None:
    """The head noun's role: the last non-office role word, else the office."""
    if not roles:
        return None
    strong = [role for _, _, role in roles if role != "office"]
    return strong[-1] if strong else "office"


def _combine(
    head: str | None, roles: list[tuple[int, int, str]], group: ActorEntry | None, zone: str
) -> str | None:
    """The kind of a phrase from its head role and the named actor in it."""
    if head is None:
        return group.kind if group else None
    if head in ("civilians", "protesters", "rioters", "media", "ngo", "unknown"):
        # "Hamas media office", "Houthi-run media": the group owns the outlet.
        if head in ("media", "unknown") and group is not None:
            return "media" if head == "media" else group.kind
        return ROLES[head]
    if head == "office":
        others = [role for _, _, role in roles if role != "office"]
        if group is not None:
            return group.kind
        if not others and re.search(r"\bsources?\b", zone, re.I):
            return "unknown"  # "local sources", "a security source"
        return ROLES[others[-1]] if others else None
    if group is None:
        return ROLES[head]
    if head == "state":
        if group.kind == "igo":
            return "external_forces"
        if group.kind in ("government", "ngo", "media", "person", "unknown"):
            return "state_forces"
        return group.kind
    if head == "gov":
        if group.kind in NON_STATE_ARMED or group.kind in ("igo", "ngo", "media"):
            return group.kind
        return "government" if group.kind != "external_forces" else "external_forces"
    # Non-state armed head: the group's kind when it is one too, else the head's.
    if group.kind in NON_STATE_ARMED:
        return group.kind
    return ROLES[head]


def _read(text: str, default_country: str | None, countries: Counter[str] | None) -> _Reading:
    zone = _head_zone(text)
    r = _read_zone(zone, text, default_country, countries)
    if r.kind is None or (
        not r.explicit_country and r.kind in ("government", "state_forces", "person")
    ):
        # "civilians of Ganja", "forces of the Philippines": the country may follow.
        tail = text[len(zone) :]
        codes = _country_codes(tail) or _capital_codes(tail) if tail.strip() else []
        tail_groups = (
            named_actors(tail, default_country=default_country, countries=countries)
            if tail.strip()
            else []
        )
        if r.kind is None and tail_groups and re.match(r"\s*(of|for)\b", tail):
            return _read_zone(tail, text, default_country, countries)
        if r.kind is None and _OFFICE_HEAD.search(zone) and re.match(r"\s*(of|for|to)\b", tail):
            # "assistant to the Azerbaijani president", "spokesman for the army"
            owner = _read_zone(tail, text, default_country, countries)
            if owner.kind is not None:
                return owner
        if r.kind is not None and not r.person and codes and re.match(r"\s*(of|for)\b", tail):
            r.country, r.explicit_country = codes[0], True
        if r.kind == "state_forces" and re.match(r"\s*(from|of)\b", tail):
            # "forces from the rebellious region of Tigray": where the force comes from.
            origin = _read_zone(tail, text, default_country, countries)
            if tail_groups or _REBEL_MODS.search(tail):
                r.kind = origin.kind if origin.kind in NON_STATE_ARMED else "rebels"
                r.country = origin.country or r.country
                r.explicit_country = True
            elif codes:
                r.country, r.explicit_country = codes[0], True
    return r


_FORMER = re.compile(r"\b(former|ex-|retired|one-time|onetime)\b", re.I)


def resolve_actor(
    text: str, *, default_country: str | None = None, countries: Counter[str] | None = None
) -> Actor | None:
    """The Actor a noun phrase names, or None when it names none.

    `default_country` is the event's country (protesters, civilians, unidentified
    gunmen and bare "forces" belong to it); `countries` weighs the countries the article
    talks about (used when nothing else gives a country and to choose between
    same-named actors).
    """
    # The stages resolve the same phrases again and again (arguments, speakers,
    # ceasefires): memoised on everything the reading depends on, the countries' order
    # included (it breaks ties in `most_common`); each caller gets its own copy.
    actor = _resolve_memo(text, default_country, tuple(countries.items()) if countries else ())
    return actor.model_copy() if actor is not None else None


@lru_cache(maxsize=8192)
def _resolve_memo(
    text: str, default_country: str | None, country_weights: tuple[tuple[str, int], ...]
) -> Actor | None:
    return _resolve(text, default_country, Counter(dict(country_weights)) or None)


def _resolve(
    text: str, default_country: str | None, countries: Counter[str] | None
) -> Actor | None:
    cleaned = _clean(text or "")
    if not cleaned or len(cleaned) > 300:
        return None
    main, rest = _split_apposition(cleaned)
    main = _clean(_without_money(main))
    r = _read(main, default_country, countries) if main else _Reading()
    for part in rest:
        if r.kind is not None and r.explicit_country and not r.person:
            break
        extra = _read(_clean(part), default_country, countries)
        if extra.kind is None:
            continue
        if r.kind is None or r.person or r.kind in ("unknown", "person"):
            # "X, a former adviser to the State Department" speaks for nobody but X.
            keep_person = r.person and _FORMER.search(part) is not None
            if not keep_person:
                r.kind = extra.kind if not (r.person and extra.kind in ("civilians",)) else r.kind
                r.person = False
        if extra.explicit_country and not r.explicit_country:
            r.country, r.explicit_country = extra.country, True
    if r.kind is None:
        return None
    fallback = default_country
    if fallback is None and countries:
        fallback = countries.most_common(1)[0][0]
    country = r.country
    if country is None and r.kind not in (
        "igo",
        "ngo",
        "media",
        "person",
        "unknown",
        "external_forces",
    ):
        country = fallback
    name = r.name or _without_means(cleaned)
    if r.kind == "protesters":
        name = f"Protesters ({country_label(country)})"
    elif r.kind == "rioters":
        name = f"Rioters ({country_label(country)})"
    elif r.kind == "political_militia" and r.name is None and _UNIDENTIFIED.search(main):
        label = "Unidentified Gang" if _GANG.search(main) else "Unidentified Armed Group"
        name = f"{label} ({country_label(country)})"
    return Actor(name=name[:200], country=country, kind=r.kind)  # type: ignore[arg-type]


# --- actors in a parsed sentence ---------------------------------------------------------

# Prepositions after which a country or city name is a place ("shelling in Tripoli").
_PLACE_PREPS = frozenset(
    """in near at around outside inside across along to into toward towards over through
    within throughout from of on off past beyond""".split()
)


def _is_place_mention(span: Span) -> bool:
    """A place name standing as a place: after a locative preposition, in parentheses,
    or naming something else ("Baghdad airport")."""
    root = span.root
    if span.start > 0 and span.doc[span.start - 1].text == "(" and root.ent_type_:
        return True
    if root.ent_type_ not in {"GPE", "LOC", "FAC"} or any(
        t.ent_type_ not in {"GPE", "LOC", "FAC"} and t.pos_ != "DET" for t in span
    ):
        return False
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS:
        return True
    return root.dep_ in {"compound", "npadvmod", "appos", "nmod"} and root.head.pos_ in {
        "NOUN",
        "PROPN",
    }


_ACTOR_ENTS = frozenset({"NORP", "ORG", "GPE", "PERSON", "FAC"})


def actor_mentions(
    doc_or_span: Doc | Span,
    *,
    default_country: str | None = None,
    countries: Counter[str] | None = None,
) -> list[tuple[Span, Actor]]:
    """Actors named in a parsed sentence: noun phrases (and named entities outside them)
    that resolve to an Actor, in order, without overlaps."""
    from spacy.tokens import Span

    if isinstance(doc_or_span, Span):
        doc, start, end = doc_or_span.doc, doc_or_span.start, doc_or_span.end
    else:
        doc, start, end = doc_or_span, 0, len(doc_or_span)
    spans: list[Span] = []
    try:
        spans.extend(c for c in doc.noun_chunks if start <= c.start and c.end <= end)
    except ValueError:  # no parser
        pass
    spans.extend(
        e for e in doc.ents if e.label_ in _ACTOR_ENTS and start <= e.start and e.end <= end
    )
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[tuple[Span, Actor]] = []
    last_end = -1
    for span in spans:
        if span.start < last_end:
            continue
        if _is_place_mention(span):
            continue
        before = doc[span.start - 1] if span.start > start else None
        if (
            before is not None
            and before.i >= last_end
            and re.fullmatch(r"[A-Z]{2,6}", before.text)
            and named_actors(before.text)
        ):
            span = doc[before.i : span.end]  # "IS snipers" with "IS" misread as a verb
        actor = resolve_actor(span.text, default_country=default_country, countries=countries)
        if actor is None:
            continue
        out.append((span, actor))
        last_end = span.end
    return out
