"""Event detection and typing: which words in a sentence report an event, and of what type.

Two passes. `may_hold_event` is a cheap regular expression over the raw
sentence that decides whether a sentence needs the full spaCy parse at all.
`detect_triggers` then reads the parsed sentence: trigger lemmas and phrases
from `data/triggers.yaml` propose a sub-event type, and the sentence context
refines it the way the ACLED codebook does (a protest met with tear gas is a
`Protest with intervention`; killing civilians is an `Attack`, fighting
between armed groups an `Armed clash`; "strike" is an air strike or a labour
strike by what stands beside it). `group_triggers` keeps one act per sentence
(the most specific), plus the acts told apart in clauses of their own (`clauses`)
and the speech acts (accusation, denial) beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from truceline.countries import country_of_demonym, iso3
from truceline.extract import cues
from truceline.extract.clauses import acts_apart, answers
from truceline.extract.dates import MONTHS
from truceline.extract.doc_cache import text_of
from truceline.extract.event_types import SEPARATE, SPECIFICITY
from truceline.extract.lexicon import lemmas
from truceline.extract.rules import apply_rules
from truceline.extract.scope import denied_as_such
from truceline.extract.sides import (
    MUTUAL,
    RECORD,
    Side,
    accused,
    aircraft_strikes,
    fighting_sides,
    named_armed,
    people_marching,
    people_moved,
    violence_sides,
)
from truceline.schemas import SUB_EVENT_TO_TYPE

# Words by which one side says the other broke a truce.
VIOLATION_CUES = {"violate", "violation", "breach"}
# Verbs that reproach someone with a breach ("condemned X for a violation of the truce").
REPROACH_VERBS = lemmas("reproach_verbs")
# Words that tell only harm done ("killed", "wounded", "martyred").
HARM = lemmas("harm_verbs")
_RANK = {t: i for i, t in enumerate(SPECIFICITY)}
_TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})

CEASEFIRE_WORDS = re.compile(
    r"\b(cease-?\s?fire|truce|armistice|cessation of hostilities|halt to (the )?fighting)s?\b", re.I
)
_IRREGULAR = (
    "fled|fought|shot|struck|strikes?|beaten|beat|blew|died|dead|deaths?|bod(y|ies)|"
    "casualt|fatalit|wounded|injur|hit|targeted|violat|"
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    lemmas: dict[str, tuple[str, float, frozenset[str] | None]]
    phrases: dict[str, str]
    prefilter: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files("truceline.data").joinpath("triggers.yaml").read_text())
    lemmas = {
        k.lower(): (
            v["type"],
            float(v.get("score", 0.5)),
            frozenset(v["pos"]) if "pos" in v else None,
        )
        for k, v in raw["lemmas"].items()
    }
    phrases = {k.lower(): v for k, v in raw["phrases"].items()}
    for t in [*(v[0] for v in lemmas.values()), *phrases.values()]:
        if t not in SUB_EVENT_TO_TYPE:
            raise ValueError(f"triggers.yaml: unknown sub-event type {t!r}")
    stems = sorted({k[:5] if len(k) > 6 else k for k in lemmas} | {p.split()[0] for p in phrases})
    words = "|".join(re.escape(s) for s in stems)
    prefilter = re.compile(rf"\b({_IRREGULAR}{words})", re.I)
    return Lexicon(lemmas, phrases, prefilter)


def may_hold_event(text: str) -> bool:
    """Cheap test: can this sentence report an event or a ceasefire at all?"""
    return bool(lexicon().prefilter.search(text) or CEASEFIRE_WORDS.search(text))


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word (or phrase head) reporting an event, with its refined type."""

    token_i: int  # index of the head token in the sentence Doc
    sub_event_type: str
    score: float
    cue: str
    # A participle or noun modifying another noun ("displaced families"): a state, and
    # the verb of the same type beside it ("will flee") is the event.
    modifier: bool = False
    # The type was read from who did it to whom in the sentence (`truceline.extract.sides`):
    # the resolved actors do not retype it.
    by_sides: bool = False
    # An act someone is accused of in the sentence ("accusing X of shelling"): the
    # sentence's own act, if it tells one, is chosen first.
    accused: bool = False
    # The ids of the rules that typed it: the trigger entry, then each refinement applied.
    rules: tuple[str, ...] = ()

    @property
    def event_type(self) -> str:
        return SUB_EVENT_TO_TYPE[self.sub_event_type]


@dataclass(slots=True)
class _Sides:
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


def _fight_kind(sides: _Sides, text: str) -> str:
    """A fight between unorganised groups is mob violence (a violent demonstration when
    they press a demand); between armed, organised sides an armed clash."""
    found = sides.fight()
    sides.decided = bool(found)
    if "crowd" in found and found.count("armed") <= 1:
        if "armed" in found and cues.DEMANDS.search(text):
            return "Violent demonstration"
        return "Mob violence"
    return "Armed clash"


def _refine(
    sub: str,
    tok: Token,
    text: str,
    sides: _Sides | None = None,
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
    applied = apply_rules(sub, lemma, _rules_text(sub, text, sides))
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
        "assassinate",
        "stab",
        "ambush",
        "torture",
    }:
        return _violence_kind(sub, lemma, text, sides)
    if sub in {"Government regains territory", "Non-state actor overtakes territory"}:
        taken = _seized(tok)
        if taken is not None:
            return taken
        if not cues.TERRITORY.search(text) and not _takes_a_place(tok):
            return None  # "captured Kidal": the place named is what was taken
        return _territory_kind(sub, tok, text)
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
        return "Protest with intervention" if cues.INTERVENTION.search(text) else None
    return sub


# Words that stand for an act already told ("calling the incident a breach").
_TOLD_ACT = frozenset(("incident", "act", "action", "move", "it", "this", "that", "which"))


def _names_act(tok: Token) -> bool:
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


def _exchange(sub: str, text: str, following: str = "") -> str:
    """Fire traded between two sides is an armed clash, whatever the weapons (the answer
    is often told in the next sentence: "Police returned fire")."""
    if sub in {"Shelling/artillery/missile attack", "Grenade"} and (
        cues.EXCHANGE.search(text) or cues.RETURNED.search(following)
    ):
        return "Armed clash"
    return sub


def _seized(tok: Token) -> str | None:
    """What seizing or capturing takes: weapons (`Disrupted weapons use`), goods
    (`Looting/property destruction`), people (no territory: "", the other words type it),
    or a place (None: territory)."""
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
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


def _takes_a_place(tok: Token) -> bool:
    """A verb of seizing whose object is a place ("seized the town", "captured Kidal");
    not an aim ("an offensive to capture X") nor a count of places taken over a campaign
    ("has seized over 500 positions")."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    if not objects or any(c.dep_ == "nummod" for o in objects for c in o.children):
        return False
    head = objects[0]  # the thing taken itself, not where it lies ("a farm in X district")
    return (
        head.ent_type_ in {"GPE", "LOC", "FAC"}
        or head.pos_ == "PROPN"
        or bool(cues.TERRITORY.search(head.text))
    ) and _seized(tok) is None


def _territory_kind(sub: str, tok: Token, text: str) -> str:
    """Who takes the place: state forces regain territory, a non-state group overtakes it."""
    from truceline.extract.actor_lexicon import named_actors

    subjects: list[Token] = []
    verb = tok
    for _ in range(3):  # "the army re-captured" parses "captured" as a conjunct of "re"
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "agent"}]
        if subjects or verb.dep_ not in {"conj", "advcl", "xcomp"}:
            break
        verb = verb.head
    if not subjects:
        return sub
    phrase = " ".join(t.text for s in subjects for t in s.subtree)
    kinds = {e.kind for _, _, e in named_actors(phrase)}
    if kinds & {"state_forces", "external_forces"} or (
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
    if lost_by and {e.kind for _, _, e in named_actors(lost_by)} & {"rebels"} and not kinds:
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


def _violence_kind(sub: str, lemma: str, text: str, sides: _Sides | None = None) -> str | None:
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


_WEAPON_FIRE = {
    "artillery",
    "mortar",
    "sniper",
    "machine-gun",
    "machinegun",
    "gun",
    "small-arms",
    "rocket",
    "tank",
    "heavy",
    "automatic",
    "enemy",
    "hostile",
    "cross",
    "cross-border",
    "return",
    "retaliatory",
    "shell",
    "anti-aircraft",
    "weapons",
    "arms",
    "missile",
}


def _has_violator(tok: Token) -> bool:
    """'X violated', 'violations by X', 'Israeli breaches', 'X committed violations': someone
    is said to have broken the truce (not 'in the wake of ceasefire violations')."""
    if tok.pos_ == "VERB":
        return any(c.dep_ in {"nsubj", "agent"} for c in tok.children)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            return True
        if c.dep_ in {"poss", "amod", "compound"} and c.text[:1].isupper() and c.i < tok.i:
            return True
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in {"for", "as"}:
        head = head.head  # "condemned X for a violation", "slammed X as a violation"
    elif tok.dep_ not in {"oprd", "attr", "dobj"}:  # "called the shelling a violation"
        return False
    if head.lemma_.lower() in REPROACH_VERBS and any(
        c.dep_ == "dobj" and not _names_act(c) for c in head.children
    ):
        return True  # the one reproached with the breach (an act called one is read there)
    return tok.dep_ in {"dobj", "attr"} and any(c.dep_ == "nsubj" for c in head.children)


_STOPPING = {
    "end",
    "halt",
    "stop",
    "cease",
    "prevent",
    "avert",
    "avoid",
    "ban",
    "suspend",
    "refrain",
    "renounce",
    "cessation",
    "moratorium",
}


def _negated_use(tok: Token) -> bool:
    """'an end to bombing', 'to stop the attacks', 'averting an offensive': not an event."""
    head = tok
    for _ in range(3):
        if head.dep_ == "ROOT":
            break
        nxt = head.head
        if nxt.lemma_.lower() in _STOPPING or nxt.lower_ in _STOPPING:
            return True
        if nxt.pos_ not in {"ADP", "NOUN", "DET"} and head.dep_ not in {"pobj", "dobj"}:
            break
        head = nxt
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.lower_ in {"no", "never"} and c.dep_ == "det" for c in tok.children
    )


def _is_event_use(tok: Token, lemma: str) -> bool:
    """Drop readings of a trigger that report no violence ("forest fire", "grenade launcher")."""
    if lemma == "fire" and tok.pos_ == "NOUN":
        mods = {c.lower_ for c in tok.children} | {tok.head.lemma_.lower()}
        if not (
            mods & _WEAPON_FIRE
            or tok.head.lemma_.lower() in {"open", "exchange", "come", "return", "under"}
            or (
                tok.head.lower_ == "to"
                and tok.head.head.lemma_.lower() in {"respond", "react", "retaliate"}
            )
            or any(c.lower_ == "under" for c in [tok.head])
            or (tok.dep_ == "pobj" and tok.head.lower_ in {"under", "with", "from"})
        ):
            return False
    if _negated_use(tok):
        return False
    if lemma == "exchange" and (
        tok.head.lower_ == "in"
        or any(
            re.match(r"(prisoners|detainees|bodies|captives|hostages|views|messages)", c.lower_)
            for c in tok.subtree
        )
    ):
        return False  # prisoners exchanged, "in exchange for": no fire
    if lemma in VIOLATION_CUES and not _has_violator(tok):
        return False
    if (
        lemma == "grenade"
        and tok.i + 1 < len(tok.doc)
        and tok.nbor(1).lower_.startswith("launcher")
    ):
        return False
    if lemma == "grenade" and tok.head.lower_.startswith("launcher"):
        return False
    return True


@lru_cache(maxsize=1)
def _phrase_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Each trigger phrase with its sub-event type and compiled word-bounded pattern."""
    return tuple(
        (phrase, sub, re.compile(r"\b" + re.escape(phrase) + r"\b"))
        for phrase, sub in lexicon().phrases.items()
    )


_SHOOTING_PHRASES = {"opened fire", "came under fire", "came under attack"}


def _phrase_triggers(
    doc: Doc | Span, text: str | None = None, sides: _Sides | None = None
) -> list[Trigger]:
    text = text_of(doc) if text is None else text
    low = text.lower()
    out = []
    for phrase, sub, pattern in _phrase_patterns():
        if phrase not in low:
            continue  # the pattern matches the phrase itself: no match without it
        for m in pattern.finditer(low):
            tok = _token_at(doc, m.start())
            kind = sub
            if sub == "Mob violence" and cues.DEMANDS.search(text):
                kind = "Violent demonstration"  # stones thrown to press a demand: a riot
            fired: tuple[str, ...] = ()
            if sub in _TERRITORY and tok is not None:
                kind = _territory_kind(sub, tok, text)
            if sub in _TERRITORY or kind == "Peaceful protest":
                # the typing rules tell how a protest or a takeover a phrase proposes went,
                # as they do for a word ("gathered to demand ..., police violently
                # dispersed them": not a peaceful protest)
                applied = apply_rules(kind, phrase, _rules_text(sub, text, sides))
                if applied is not None and applied.sub_event_type is not None:
                    kind, fired = applied.sub_event_type, (applied.rule_id,)
            if sub == "Attack" or phrase in _SHOOTING_PHRASES:
                # "shot dead a soldier" is a clash: who the victim is decides
                kind = _violence_kind(sub, "kill", text, sides) or sub
            if tok is not None:
                i = tok.i - doc[0].i if isinstance(doc, Span) else tok.i
                decided = sides is not None and sides.decided and kind in _GENERIC_VIOLENCE
                out.append(
                    Trigger(
                        i, kind, 0.85, phrase, by_sides=decided, rules=(f"phrase:{phrase}", *fired)
                    )
                )
    return out


def _rules_text(sub: str, text: str, sides: _Sides | None) -> str:
    """What the typing rules of `sub` read: the sentence; for a change of territory, also
    the next one, where how it went (unopposed, no clash) is often told."""
    return f"{text} {sides.following}" if sides is not None and sub in _TERRITORY else text


def _token_at(doc: Doc | Span, char: int) -> Token | None:
    base = doc.start_char if isinstance(doc, Span) else 0
    for tok in doc:
        if tok.idx - base <= char < tok.idx - base + len(tok.text) + 1:
            return tok
    return None


_WEAPONS = {
    "Remote explosive/landmine/IED",
    "Grenade",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Suicide bomb",
}


def _disrupted(text: str, triggers: list[Trigger]) -> list[Trigger]:
    """Weapons found, defused or shot down are `Disrupted weapons use`, not attacks; drugs
    or goods seized or destroyed are property (`Looting/property destruction`)."""
    if not cues.WEAPON_GOODS.search(text) and cues.GOODS.search(text):
        triggers = [
            replace(t, sub_event_type="Looting/property destruction")
            if t.sub_event_type == "Disrupted weapons use"
            else t
            for t in triggers
        ]
    controlled = re.sub(r"controlled (explosion|detonation)", "", text, flags=re.I)
    if not cues.DISRUPTED.search(text) or cues.EXPLODED.search(controlled):
        return triggers
    return [
        replace(t, sub_event_type="Disrupted weapons use") if t.sub_event_type in _WEAPONS else t
        for t in triggers
    ]


_PROTEST_FAMILY = {
    "Peaceful protest",
    "Protest with intervention",
    "Violent demonstration",
    "Excessive force against protesters",
}
_CAUSE_VERBS = {
    "demand", "condemn", "denounce", "decry", "criticize", "criticise", "mourn",
    "commemorate", "seek", "urge", "call", "press", "oppose", "highlight",
}  # fmt: skip
_PROTEST_HEADS = {
    "protest", "protester", "protestor", "demonstration", "demonstrate", "demonstrator",
    "rally", "sit-in", "march", "gather", "strike", "picket", "dharna", "hold", "stage",
    "organise", "organize", "continue", "block", "close", "sit",
}  # fmt: skip


def _topic_tokens(doc: Doc | Span) -> set[int]:
    """Tokens (sentence indices) telling what a protest is about: "against the killing of",
    "demanding the arrest of", "to condemn the rape of", "in protest of the abduction"."""
    offset = doc[0].i if isinstance(doc, Span) and len(doc) else 0
    out: set[int] = set()
    for tok in doc:
        lemma = tok.lemma_.lower()
        heads: list[Token] = []
        if lemma in _CAUSE_VERBS:
            heads = [
                c for c in tok.children if c.dep_ in {"dobj", "ccomp", "xcomp", "prep", "attr"}
            ]
        elif tok.dep_ == "prep" and tok.lower_ in {"against", "over", "about", "for", "of"}:
            head = tok.head.lemma_.lower()
            if tok.head.lower_ in {"staged", "held", "staging", "holding"}:
                head = "stage"  # (the tagger's lemma of "staged" is not always "stage")
            if head in _PROTEST_HEADS and (tok.lower_ != "of" or head == "protest"):
                heads = [tok]
        for h in heads:
            out.update(t.i - offset for t in h.subtree)
    return out


def detect_triggers(doc: Doc | Span, *, following: str = "") -> list[Trigger]:
    """All event triggers in a parsed sentence, with refined sub-event types.

    `following` is the next sentence of the paragraph: what happened to a protest
    (dispersed, tear gas) is often told there.
    """
    lex = lexicon()
    text = text_of(doc)
    sides = _Sides(doc, following)
    # In a protest report, the acts the protest is about are its cause, not events.
    topics = _topic_tokens(doc) if cues.PROTEST_WORD.search(text) else set()
    found: list[Trigger] = [
        t
        for t in _phrase_triggers(doc, text, sides)
        if t.token_i not in topics or t.sub_event_type in _PROTEST_FAMILY
    ]
    taken = {t.token_i for t in found}
    offset = doc[0].i if isinstance(doc, Span) and len(doc) else 0
    untopical = " ".join(t.text for t in doc if t.i - offset not in topics) if topics else text
    for tok in doc:
        i = tok.i - offset
        if i in taken:
            continue
        lemma = tok.lemma_.lower()
        if i in topics and lemma not in _PROTEST_HEADS:
            continue
        entry = lex.lemmas.get(lemma) or lex.lemmas.get(tok.lower_)
        if entry is None and lemma in {"strike", "strikes"}:
            entry = ("Air/drone strike", 0.6, None)
        if entry is None:
            continue
        sub, score, pos = entry
        if lemma == "march" and people_marching(tok):
            score = max(score, 0.6)  # "hundreds of women marched": not troops on the move
        if sub == "Displacement" and people_moved(tok):
            score = max(score, 0.6)  # "1,500 villagers were evacuated": not "the wounded"
        if sub == "Air/drone strike" and aircraft_strikes(tok):
            score = max(score, 0.6)  # "jets targeted the town": the aircraft did it
        if lemma == "bomb" and tok.pos_ == "VERB" and cues.STATE_BOMBER.search(text):
            sub = "Air/drone strike"  # "accused the army of bombing a market": from the air
        if pos is not None and tok.pos_ not in pos:
            continue
        if (
            tok.ent_type_ in {"PERSON", "ORG", "GPE"}
            and tok.pos_ == "PROPN"
            and lemma not in {"hamas"}
        ):
            continue
        if tok.ent_type_ in {"DATE", "TIME"} or (tok.text in MONTHS and tok.pos_ == "PROPN"):
            continue  # "On 3 March 2021": a month, not a march
        if not _is_event_use(tok, lemma):
            if denied_as_such(tok):  # "it carried out no such strikes": the claim denied
                found.append(Trigger(i, "Denial", 0.8, lemma, rules=("scope:denied_as_such",)))
            continue
        sides.decided = False
        fired: list[str] = []
        refined = _refine(
            sub,
            tok,
            text if sub != "Peaceful protest" else f"{untopical} {following}",
            sides,
            fired,
        )
        if not refined:
            continue
        if lemma == "fire" and answers(tok):
            refined = "Armed clash"  # "killed in retaliatory fire": the other side answered
        decided = sides.decided and refined in _GENERIC_VIOLENCE | {"Violent demonstration"}
        if lemma in {"seize", "capture", "confiscate"} and (
            refined != sub or (refined in _TERRITORY and _takes_a_place(tok))
        ):
            score = max(score, 0.6)  # weapons, goods or a place seized: a clear act
        modifier = tok.dep_ in {"amod", "compound"}
        if (
            tok.dep_ == "amod"
            and tok.tag_ == "VBN"
            and (lemma in HARM or refined == "Displacement")
        ):
            # "the family of the martyred citizen", "wounded soldiers were flown out": a
            # state of people; an event only beside a clear act of the sentence
            score = min(score, 0.4)
        found.append(
            Trigger(
                i,
                refined,
                score,
                lemma,
                modifier,
                by_sides=decided,
                accused=accused(tok),
                rules=(f"lemma:{lemma}", *fired),
            )
        )
    found = [replace(t, sub_event_type=_exchange(t.sub_event_type, text, following)) for t in found]
    return _disrupted(text, sorted(found, key=lambda t: t.token_i))


_GENERIC_VIOLENCE = {"Attack", "Armed clash", "Mob violence"}


_BOMBING = re.compile(r"\bbomb(?:ing|ings|ed|s)?\b", re.I)


def retype_by_roles(sub: str, actor1, actor2, text: str, *, by_sides: bool = False) -> str:
    """Attack, armed clash or mob violence, by who did it to whom (ACLED's definitions);
    a bombing by a non-state group that names no aircraft or drone is an explosive device.

    Violence by a crowd is mob violence; by an armed group against unarmed people an
    attack; between two armed, organised sides an armed clash. A type the trigger
    already read from the sentence's sides (`by_sides`) stands.
    """
    g1 = actor1.group() if actor1 is not None else None
    if sub == "Air/drone strike" and g1 == "armed" and _BOMBING.search(text):
        if not cues.AIR.search(text):
            return "Remote explosive/landmine/IED"  # a bombing by a group with no aircraft
    if sub not in _GENERIC_VIOLENCE or by_sides:
        return sub
    g2 = actor2.group() if actor2 is not None else None
    if g1 == "crowd" or (g1 in {None, "civilians"} and cues.MOB_CUE.search(text)):
        return "Mob violence"
    if g2 == "civilians" and g1 in {"state", "armed", None} and not cues.MUTUAL_CUE.search(text):
        return "Attack"  # (a clash or a fight is between two sides, whoever they are)
    if g2 in {"state", "armed"} and g1 in {"state", "armed"}:
        return "Armed clash"
    return sub


def _precedence(t: Trigger) -> tuple:
    # a weak cue ("march", "dead") yields to a clear one before specificity counts
    return (t.accused, t.score < 0.5, _RANK.get(t.sub_event_type, 99), -t.score, t.token_i)


def group_triggers(triggers: list[Trigger], doc: Doc | Span | None = None) -> list[Trigger]:
    """One act per sentence (the most specific, then the most confident) plus speech acts.

    With the sentence's parse (`doc`), an act told in a clause of its own that differs
    from the chosen one in family, agent or place is kept beside it (`clauses`)."""
    acts = [t for t in triggers if t.sub_event_type not in SEPARATE]
    out: list[Trigger] = []
    if acts:
        best = min(acts, key=_precedence)
        # A weak single cue (score < 0.5) alone is not enough to report an event, unless
        # the sentence tells who did it to whom ("a man injured her").
        if best.score >= 0.5 or len(acts) > 1 or best.by_sides:
            out.append(best)
        if out and doc is not None:
            out += acts_apart(best, sorted(acts, key=_precedence), doc)
    seen: set[str] = set()
    for t in sorted(triggers, key=lambda t: t.modifier):
        if t.sub_event_type in SEPARATE and t.sub_event_type not in seen:
            if t.score >= 0.5:
                out.append(t)
                seen.add(t.sub_event_type)
    return out
