"""Which kind of act a trigger word tells, read the way the ACLED codebook tells kinds
apart from what stands beside it in its sentence: who fights whom (`sides`), with what
weapon, whether a place changed hands, whether the fighting was mutual. `refine` gives the
sub-event type a trigger of `data/triggers.yaml` reports in its sentence (or None: it
reports none), applying the data rules of `data/typing_rules.yaml` and recording their ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from truceline.countries import country_of_demonym, iso3
from truceline.extract import cues
from truceline.extract.doc_cache import text_of
from truceline.extract.lexicon import lemmas
from truceline.extract.protest_outcomes import participants_detained
from truceline.extract.rules import apply_rules
from truceline.extract.sides import (
    MUTUAL,
    RECORD,
    Side,
    fighting_sides,
    named_armed,
    violence_sides,
)
from truceline.extract.trigger_words import CEASEFIRE_WORDS, VIOLATION_CUES, lexicon

TERRITORY_CHANGE = frozenset(
    {"Government regains territory", "Non-state actor overtakes territory"}
)


@dataclass(slots=True)
class Sides:
    """Who did it to whom in one sentence, read from its parse on first use."""

    doc: Doc | Span
    following: str = ""
    _read: tuple[Side | None, Side | None] | None = None
    _fight: list[Side | None] | None = None
    decided: bool = False  # a type was read from the sides

    def violence(self) -> tuple[Side | None, Side | None]:
        if self._read is None:
            perpetrator, victim = violence_sides(self.doc)
            if victim == "civilian" and perpetrator != "crowd":
                # A victim with a criminal record: gang violence, fought between armed sides.
                if RECORD.search(f"{text_of(self.doc)} {self.following}"):
                    victim = "armed"
            self._read = (perpetrator, victim)
        return self._read

    def fight(self) -> list[Side | None]:
        if self._fight is None:
            self._fight = fighting_sides(self.doc)
        return self._fight


def _fight_kind(sides: Sides, text: str) -> str:
    """A fight between unorganised groups is mob violence (a violent demonstration when
    they press a demand); between armed, organised sides an armed clash."""
    found = sides.fight()
    sides.decided = bool(found)
    if "crowd" in found and found.count("armed") <= 1:
        if "armed" in found and cues.DEMANDS.search(text):
            return "Violent demonstration"
        return "Mob violence"
    return "Armed clash"


def refine(
    sub: str,
    tok: Token,
    text: str,
    sides: Sides | None = None,
    fired: list[str] | None = None,
) -> str | None:
    """The sub-event type `tok` reports in sentence `text`, or None if it reports none.
    The ids of the data rules (`data/typing_rules.yaml`) that decided it go to `fired`."""
    lemma = tok.lemma_.lower()
    if sides is not None and lemma in MUTUAL and sub == "Armed clash":
        return _fight_kind(sides, text)
    if sub == "Air/drone strike" and _air_support(tok):
        return None  # a ground operation "backed by air strikes" is typed by the fighting
    if lemma == "block":
        # People blocking a road to press a demand protest; forces blocking it do not.
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        if not objects or not re.match(
            r"(roads?|streets?|highways?|routes?|bridges?|entrances?|junctions?|traffic|"
            r"railway|tracks?|access)$",
            objects[0].lower_,
        ):
            return None
        subjects = " ".join(t.text for c in tok.children if c.dep_ == "nsubj" for t in c.subtree)
        if (
            not subjects
            or re.search(r"\b(police|army|soldiers|troops|forces|military)\b", subjects, re.I)
            or named_armed(subjects)
        ):
            return None
        sub = "Peaceful protest"  # refined as a protest below
    sub = protest_kind(sub, sides)
    applied = apply_rules(sub, lemma, rules_text(sub, text, sides))
    if applied is not None:
        if fired is not None:
            fired.append(applied.rule_id)
        return applied.sub_event_type
    if lemma in {"burn", "torch"} and sides is not None:
        # Burning tyres or barricades to press a demand is a riot; burning a house, a car
        # or a school, property destruction; burning people is violence the other words type.
        if re.search(r"\b(tyres|tires|barricades?|debris|effig(y|ies))\b", text, re.I):
            return "Violent demonstration"
        perpetrator, victim = sides.violence()
        if victim in {"civilian", "armed"} and cues.CASUALTIES.search(text):
            return None
        return "Mob violence" if perpetrator == "crowd" and victim != "property" else sub
    if lemma in {"strike", "strikes"}:
        if cues.LABOUR_STRIKE.search(text):
            return "Peaceful protest"
        if cues.AIR.search(text):
            return "Air/drone strike"
        if cues.HEAVY.search(text):
            return "Shelling/artillery/missile attack"
        if _forces_strike_forces(tok):
            # "its forces struck enemy units near A": one army's remote fire on another's
            return "Shelling/artillery/missile attack"
        if _strike_by_a_side(tok):
            return "Air/drone strike"  # "Israeli strikes", "a coalition strike on the port"
        return None
    if sub == "Air/drone strike" and lemma in {"drone", "jet", "aircraft", "helicopter"}:
        # The aircraft must strike, not fly over, be hit or be shot down.
        if tok.dep_ in {"dobj", "nsubjpass"} or (
            tok.dep_ == "pobj" and tok.head.lower_ not in {"by", "from", "with"}
        ):
            return None
        if re.search(r"\b(shot down|intercept|downed)\b", text, re.I):
            return "Disrupted weapons use"
        if not re.search(
            r"\b(strike|struck|attack|bomb|hit|fire|fired|target|raid|kill|drop)", text, re.I
        ):
            return None
        return sub
    if lemma in {
        "fire",
        "gunfire",
        "shoot",
        "exchange",
        "attack",
        "assault",
        "raid",
        "kill",
        "die",
        "dead",
        "injure",
        "wound",
        "execute",
        "beat",
        "murder",
        "slay",
        "assassinate",
        "stab",
        "ambush",
        "torture",
    }:
        return violence_kind(sub, lemma, text, sides)
    if sub in {"Government regains territory", "Non-state actor overtakes territory"}:
        taken = _seized(tok)
        if taken is not None:
            return taken
        if not cues.TERRITORY.search(text) and not takes_a_place(tok):
            return None  # "captured Kidal": the place named is what was taken
        return territory_kind(sub, tok, text)
    if lemma in {"body", "corpse"}:
        return (
            sub
            if re.search(r"\b(found|discovered|recovered|dumped|retrieved)\b", text, re.I)
            else None
        )
    if lemma == "gather":
        return (
            sub
            if re.search(
                r"\b(demand|protest|against|slogans?|rights|solidarity|"
                r"commemorat|condemn|denounc|call(ed|ing)? for)",
                text,
                re.I,
            )
            else None
        )
    if lemma in VIOLATION_CUES:
        # A violation of a truce (not of a law or a right) is an accusation when someone says so.
        return (
            sub
            if CEASEFIRE_WORDS.search(text) or (lemma == "violation" and tok.tag_ == "NNS")
            else None
        )
    if sub == "Arrests" and re.search(r"protest|demonstrat", text, re.I):
        # An arrest in a protest note types the protest only when it is of the protesters.
        held = cues.INTERVENTION.search(text) or participants_detained(tok.doc)
        return "Protest with intervention" if held else None
    return sub


# Words that stand for an act already told ("calling the incident a breach").
_TOLD_ACT = frozenset(("incident", "act", "action", "move", "it", "this", "that", "which"))


def names_act(tok: Token) -> bool:
    """Does the object of a reproach name an act rather than the side that did it?"""
    lemma = tok.lemma_.lower()
    return lemma in _TOLD_ACT or lemma in lexicon().lemmas or tok.lower_ in lexicon().lemmas


def _forces_strike_forces(tok: Token) -> bool:
    """A verb of striking whose subject and object are both armed forces or their posts
    ("troops struck enemy positions"; not "struck a deal", "was struck by a car")."""
    if tok.pos_ != "VERB":
        return False
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    obj = [c for c in tok.children if c.dep_ == "dobj"]
    if not subj or not obj:
        return False

    def armed(t: Token) -> bool:
        return bool(cues.ARMED.search(" ".join(w.text for w in t.subtree)))

    return armed(subj[0]) and armed(obj[0])


def _strike_by_a_side(tok: Token) -> bool:
    """The noun "strike" with a state or an armed side before it or after "by" ("Russian
    strikes", "a coalition strike", "strikes by the army"): delivered from the air or from
    afar, as news uses the word; a strike by workers is told by other words."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    sides = [
        c for c in tok.children if c.i < tok.i and c.dep_ in {"amod", "compound", "poss", "nmod"}
    ]
    sides += [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "by"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for side in sides:
        words = " ".join(w.text for w in side.subtree)
        if (
            country_of_demonym(side.text)
            or iso3(side.text)
            or cues.ARMED.search(words)
            or named_armed(words)
        ):
            return True
    return False


def exchange_kind(sub: str, text: str, following: str = "") -> str:
    """Fire traded between two sides is an armed clash, whatever the weapons (the answer
    is often told in the next sentence: "Police returned fire")."""
    if sub in {"Shelling/artillery/missile attack", "Grenade"} and (
        cues.EXCHANGE.search(text) or cues.RETURNED.search(following)
    ):
        return "Armed clash"
    return sub


def taken_objects(tok: Token) -> list[Token]:
    """What a verb of seizing takes: its object, or, where the parser read a name it does
    not know as an adverb ("the rebels captured Lusi on Monday": Lusi an `advmod`), the
    proper noun right after the verb."""
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    if objects:
        return objects
    for c in tok.children:  # "seized and destroyed a field": the object both verbs share
        if c.dep_ == "conj" and c.pos_ == "VERB":
            shared = [o for o in c.children if o.dep_ == "dobj"]
            if shared:
                return shared
    return [
        c
        for c in tok.rights
        if c.i == tok.i + 1
        and (c.pos_ == "PROPN" or (c.dep_ in {"advmod", "npadvmod"} and _a_name(c)))
    ][:1]


def _a_name(tok: Token) -> bool:
    """A proper name, or a capitalised word inside the sentence the tagger did not know."""
    return tok.pos_ == "PROPN" or (tok.is_title and tok.i > tok.sent.start)


def _seized(tok: Token) -> str | None:
    """What seizing or capturing takes: weapons (`Disrupted weapons use`), goods
    (`Looting/property destruction`), people (no territory: "", the other words type it),
    or a place (None: territory)."""
    objects = taken_objects(tok)
    if not objects:
        return None
    phrase = " ".join(t.text for o in objects for t in o.subtree)
    if cues.WEAPON_GOODS.search(phrase):
        return "Disrupted weapons use"
    if cues.GOODS.search(phrase):
        return "Looting/property destruction"
    head = objects[0]
    if head.ent_type_ in {"GPE", "LOC", "FAC"} or cues.TERRITORY.search(phrase):
        return None
    if head.ent_type_ in {"PERSON", "NORP", "ORG"} or head.pos_ in {"NOUN", "NUM", "PRON"}:
        return ""  # people captured: not a change of territory
    return None  # a name: most likely a place


def takes_a_place(tok: Token) -> bool:
    """A verb of seizing whose object is a place ("seized the town", "captured Kidal");
    not an aim ("an offensive to capture X") nor a count of places taken over a campaign
    ("has seized over 500 positions")."""
    auxiliaries = {c.lower_ for c in tok.children if c.dep_ == "aux"}
    if "to" in auxiliaries and "have" not in auxiliaries:
        return False  # an aim; "claimed to have captured X" tells it done
    objects = taken_objects(tok)
    if not objects or any(c.dep_ == "nummod" for o in objects for c in o.children):
        return False
    head = objects[0]  # the thing taken itself, not where it lies ("a farm in X district")
    return (
        head.ent_type_ in {"GPE", "LOC", "FAC"}
        or (_a_name(head) and head.lower_ not in lemmas("organisation_heads"))
        or bool(cues.TERRITORY.search(head.text))
    ) and _seized(tok) is None


_STATE_KINDS = {"state_forces", "external_forces"}


def _subjects_of(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in {"nsubj", "agent"}]


def _as_written(heads: Sequence[Token], *, to_head: bool = False) -> str:
    """The noun phrases `heads` head, in the words as written ("SPLA-IO", not "SPLA - IO":
    another actor); with `to_head`, each only up to its head ("rebels in the state of X":
    rebels)."""
    return " ".join(
        h.doc[h.left_edge.i : (h.i if to_head else h.right_edge.i) + 1].text for h in heads
    )


def _named_kinds(phrase: str) -> set[str]:
    """The kinds of the lexicon's named actors in `phrase`."""
    from truceline.extract.actor_lexicon import named_actors

    return {e.kind for _, _, e in named_actors(phrase)}


def state_subject(verb: Token) -> bool:
    """The one doing it is a state's forces by name ("the SAF bombed X")."""
    return any(_named_kinds(_as_written([s])) & _STATE_KINDS for s in _subjects_of(verb))


def territory_kind(sub: str, tok: Token, text: str) -> str:
    """Who takes the place: state forces regain territory, a non-state group overtakes it."""
    from truceline.extract.speakers import is_say

    subjects: list[Token] = []
    verb = tok
    for _ in range(3):  # "the army re-captured" parses "captured" as a conjunct of "re"
        subjects = _subjects_of(verb)
        if subjects or verb.dep_ not in {"conj", "advcl", "xcomp"}:
            break
        verb = verb.head
    if not subjects:
        return sub
    phrase = _as_written(subjects)
    if all(s.pos_ == "PRON" for s in subjects) and verb.dep_ == "ccomp":
        # "the Front says it re-took X": "it" is the one speaking
        speakers = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if speakers and is_say(verb.head):
            phrase = _as_written(speakers, to_head=True)
    kinds = _named_kinds(phrase)
    if kinds & _STATE_KINDS or (
        cues.STATE_SIDE.search(phrase) and not kinds & {"rebels", "political_militia"}
    ):
        return "Government regains territory"
    # Taken back from rebels by their enemies (government affiliates, in ACLED's reading).
    losers = [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    lost_by = " ".join(t.text for g in losers for t in g.subtree)
    if lost_by and _named_kinds(lost_by) & {"rebels"} and not kinds:
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def _air_support(tok: Token) -> bool:
    """'an operation backed by air strikes', 'supported by helicopters'."""
    head = tok.head if tok.dep_ in {"pobj", "compound"} else None
    while head is not None and head.dep_ in {"pobj", "compound"}:
        head = head.head
    return (
        head is not None
        and head.lower_ == "by"
        and head.head.lemma_.lower() in {"back", "support", "assist", "cover", "accompany", "aid"}
    )


def _repelled(text: str) -> bool:
    """'forces thwarted/repelled an attack': the attacked side fought back."""
    return bool(cues.REPELLED.search(text))


# An aircraft that is what was attacked ("attacked an army helicopter"), not how.
_AIRCRAFT_ATTACKED = re.compile(
    r"\battack\w*\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:drones?|helicopters?|jets?|aircraft|warplanes?|bombers?|air\s?(?:base|field|port))\b",
    re.I,
)


def violence_kind(sub: str, lemma: str, text: str, sides: Sides | None = None) -> str | None:
    """Fire, attacks and killings: shelling, air strike, clash or attack on civilians."""
    unsupported = cues.AIR_SUPPORT.sub("", text)
    if cues.AIR.search(unsupported) and (
        re.search(r"strike|struck|bomb|raid|hit", unsupported, re.I)
        # "shot down nine drones ... tried to attack a depot": the attack came by air
        or (lemma == "attack" and not _AIRCRAFT_ATTACKED.search(unsupported))
    ):
        return "Air/drone strike"
    if cues.HEAVY.search(text):
        return "Shelling/artillery/missile attack"
    if cues.IED.search(text):
        return "Remote explosive/landmine/IED"
    if re.search(r"\bgrenades?\b", text, re.I):
        return "Grenade"
    if re.search(r"\b(protest|demonstrat)", text, re.I):
        return None  # the protest trigger types it
    if cues.MUTUAL_FIRE.search(text):
        return "Armed clash"  # fire exchanged: both sides armed, whoever died
    if lemma in {"attack", "assault", "offensive", "incursion"} and _repelled(text):
        return "Armed clash"  # an attack thwarted or repelled was fought off
    if lemma in {"attack", "raid", "assault"} and cues.ARSON.search(text):
        if not cues.CASUALTIES.search(text) and not re.search(r"\b(abduct|kidnap)", text, re.I):
            return "Looting/property destruction"  # an arson attack, a raid to loot
    if lemma == "raid" and cues.DISRUPTED.search(text) and cues.WEAPON_GOODS.search(text):
        if not cues.CASUALTIES.search(text):
            return None  # a raid that seizes weapons: the seizure types it
    if sides is not None:
        perpetrator, victim = sides.violence()
        sides.decided = perpetrator == "crowd" or victim is not None
        if perpetrator == "crowd":
            return "Mob violence"
        if victim == "armed":
            return "Armed clash"
        if victim == "civilian":
            return "Attack"
        if victim == "property" and not cues.CASUALTIES.search(text):
            return "Looting/property destruction"
    armed = len(cues.ARMED.findall(text))
    civilian = bool(cues.CIVILIAN.search(text))
    if lemma in {"die", "dead", "injure", "wound"} and not (armed or civilian):
        return None
    if lemma in {"fire", "gunfire", "exchange", "raid", "assault"}:
        if civilian and armed <= 1:
            return "Attack"
        return "Armed clash" if (armed or lemma != "raid") else None
    if civilian and armed <= 1:
        return "Attack"
    if armed >= 2 or re.search(
        r"\b(clash|fighting|battle|ambush|positions?|checkpoint)", text, re.I
    ):
        return "Armed clash"
    if civilian:
        return "Attack"
    return sub if lemma not in {"die", "dead", "injure", "wound"} else None


def protest_kind(sub: str, sides: Sides | None) -> str:
    """A protest whose own participants the parse tells detained at it
    (`protest_outcomes`) is proposed as one with intervention; the typing rules may still
    find it met with graver force or turned violent."""
    if sub == "Peaceful protest" and sides is not None:
        if participants_detained(sides.doc, sides.following):
            return "Protest with intervention"
    return sub


def rules_text(sub: str, text: str, sides: Sides | None) -> str:
    """What the typing rules of `sub` read: the sentence; for a change of territory, also
    the next one, where how it went (unopposed, no clash) is often told."""
    return f"{text} {sides.following}" if sides is not None and sub in TERRITORY_CHANGE else text
