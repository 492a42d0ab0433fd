"""Where a sentence's act happened among the places it names, and where an act whose
sentence names none happened.

`act_places` drops the place names that are not where the act happened: a name that
modifies an actor ("Kiev government troops"), a government named by its seat or a place
name that acts ("Moscow and Ankara agreed"), the office of who says it, where talks were
held. `focus_region` is the region a report is about; `fallback_location` places an act
told with no place of its own.
"""

from __future__ import annotations

import re
from collections import Counter

from truceline.extract.context import ParsedSentence
from truceline.extract.lexicon import lemmas
from truceline.extract.speakers import is_say
from truceline.geo.locations import location_of_country, resolve_location
from truceline.geo.place_words import CITY_WORDS, REGION_WORDS
from truceline.schemas import Actor, Location

__all__ = ["act_places", "fallback_location", "focus_region"]


def act_places(places: list, ps: ParsedSentence, roles, trigger=None) -> list:
    """Place names that modify an actor ("Kiev government troops") are not the place; a
    civilian target's ("Azerbaijani civilian cities") is where it was hit."""
    sides = ((roles.actor1_span, roles.actor1), (roles.actor2_span, roles.actor2))
    spans = [sp for sp, a in sides if sp is not None and (a is None or a.kind != "civilians")]
    kept = []
    for m in places:
        tok = ps.doc.char_span(m.start - ps.offset, m.end - ps.offset, alignment_mode="expand")
        root = tok.root if tok is not None and len(tok) else None
        inside = root is not None and any(a <= root.i < b for a, b in spans)
        modifier = (
            root is not None
            and root.dep_ in {"compound", "amod", "nmod", "poss"}
            and root.head.ent_type_ not in {"DATE", "TIME"}  # "Idlib Monday": misparsed
            and any(a <= root.head.i < b for a, b in spans)
        )
        if (
            not (inside and modifier)
            and (not _acts(root) or _owns_unknown(root, m, places, ps))
            and not _of_speaker(root, trigger)
            and not _elsewhere(root, m, ps)
        ):
            kept.append(m)
    # A chain is kept whole: "in Tijuana, Baja California, a man ..." (the parser may hang
    # the province on the actor), "from Okpanam (Oshimili North LGA, Delta)".
    for _ in range(2):
        for k, m in enumerate(places):
            if m in kept:
                continue
            after = places[k + 1] if k + 1 < len(places) else None
            if (m.qualifies_previous and k > 0 and places[k - 1] in kept) or (
                after is not None and after.qualifies_previous and after in kept
            ):
                kept.append(m)
    return sorted(kept, key=lambda m: m.start)


# Nouns a place name makes a government ("the Kiev regime"), and nouns of talks and deals.
GOVERNMENT_HEADS = lemmas("government_heads")
DIPLOMACY_NOUNS = lemmas("diplomacy_nouns")
# After a nationality word: who holds a zone ("an Israeli-held zone"), not where it is.
_HELD = re.compile(r"-(?:held|controlled|occupied|run)\b", re.I)
# A nationality word naming a border: the edge of that country, on either side of which
# the act may lie.
_BORDER = re.compile(r"\s+(?:border|frontier|boundary)\b", re.I)


def _elsewhere(root, mention, ps: ParsedSentence) -> bool:
    """A place name that is not where anything happened: an agent ("a truce brokered by
    Russia"), a government named by its seat ("the Kiev regime's claims"), where talks
    were held ("the signing of a truce in Doha"), or a nationality word for who holds a
    zone ("an Israeli-held zone")."""
    if mention.demonym and _HELD.match(ps.sentence.text, mention.end - ps.offset):
        return True
    if mention.demonym and _BORDER.match(ps.sentence.text, mention.end - ps.offset):
        return True  # "20 km from the Israeli border", "along the Turkish border": its edge
    if root is None:
        return False
    if root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head.pos_ == "VERB":
        return True
    if root.dep_ in {"compound", "poss", "amod", "nmod"} and (
        root.head.lemma_.lower() in GOVERNMENT_HEADS
    ):
        return True
    return (
        root.dep_ == "pobj"
        and root.head.lower_ in {"in", "at"}
        and root.head.head.lemma_.lower() in DIPLOMACY_NOUNS
    )


def _of_speaker(root, trigger) -> bool:
    """A place in the phrase of who says it ("said NAME, governor of the X region"): where
    the speaker's office is, not where the act happened."""
    if root is None or trigger is None:
        return False
    for anc in (root, *root.ancestors):
        if anc.dep_ == "nsubj" and is_say(anc.head):
            return not (anc.left_edge.i <= trigger.i <= anc.right_edge.i)
    return False


def _acts(root) -> bool:
    """A place name that acts ("Moscow and Ankara agreed", "Damascus's ally") is a government."""
    if root is None:
        return False
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ in {"nsubj", "nsubjpass", "poss"}


def _owns_unknown(root, mention, places: list, ps: ParsedSentence) -> bool:
    """ "in Kherson's Xyz village", with no Xyz in the gazetteer: the region owning the
    place is where it happened (an owner of a place found, "Russia's Belgorod region",
    only says where that place is)."""
    if root is None or root.dep_ != "poss" or root.head.lower_ not in CITY_WORDS | REGION_WORDS:
        return False
    end = ps.offset + root.head.idx
    return not any(mention.end <= m.start < end for m in places)


def focus_region(places_of: dict[int, list], countries: Counter[str]) -> Location | None:
    """The region the article is about: the region (or zone) it names most often."""
    counts: Counter[str] = Counter()
    found: dict[str, Location] = {}
    for mentions in places_of.values():
        for m in mentions:
            loc = resolve_location([m], countries)
            if loc is not None and loc.precision == "region":
                counts[loc.name] += 1
                found.setdefault(loc.name, loc)
    if not counts:
        return None
    return found[counts.most_common(1)[0][0]]


def fallback_location(
    target: Actor | None, focus: Location | None, main: str | None, agent: Actor | None = None
) -> Location | None:
    """Where an event happened when its sentence names no place.

    The region the article is about, when it lies in the target's country (or the target
    has none, or only the attacker's own: "an Israeli drone hit a car"); else the target's
    country; else the article's main country.
    """
    target_country = (
        target.country
        if target is not None
        and target.group() in {"civilians", "state", "armed"}
        and not _HELD.search(target.name)  # "an Israeli-held zone": who holds it, not where
        else None
    )
    if agent is not None and target is not None and target.group() == "civilians":
        if target_country == agent.country:  # civilians placed only by the attacker's side
            target_country = None
    if focus is not None and (target_country is None or focus.country == target_country):
        return focus
    if target_country:
        return location_of_country(target_country)
    return location_of_country(main) if main else None
