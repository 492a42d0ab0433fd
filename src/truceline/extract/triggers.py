"""Event detection: which words in a sentence report an event, and of what type.

Two passes. `may_hold_event` (`trigger_words.py`) is a cheap regular expression over the
raw sentence that decides whether a sentence needs the full spaCy parse at all.
`detect_triggers` then reads the parsed sentence: trigger lemmas and phrases from
`data/triggers.yaml` propose a sub-event type, and the sentence context refines it the way
the ACLED codebook does (`act_kinds.py`: a protest met with tear gas is a `Protest with
intervention`; killing civilians is an `Attack`, fighting between armed groups an `Armed
clash`; "strike" is an air strike or a labour strike by what stands beside it).
`group_triggers` keeps one act per sentence (the most specific), plus the acts told apart
in clauses of their own (`clauses`) and the speech acts (accusation, denial) beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from truceline.extract import cues
from truceline.extract.act_kinds import (
    TERRITORY_CHANGE,
    Sides,
    exchange_kind,
    names_act,
    protest_kind,
    refine,
    rules_text,
    state_subject,
    takes_a_place,
    territory_kind,
    violence_kind,
)
from truceline.extract.clauses import acts_apart, answers
from truceline.extract.dates import MONTHS
from truceline.extract.doc_cache import text_of
from truceline.extract.event_types import SEPARATE, SPECIFICITY
from truceline.extract.lexicon import lemmas
from truceline.extract.rules import apply_rules
from truceline.extract.scope import denied_as_such, rejects_a_claim
from truceline.extract.sides import (
    accused,
    aircraft_strikes,
    destroys_property,
    names_people,
    people_marching,
    people_moved,
)
from truceline.extract.trigger_words import (
    CEASEFIRE_WORDS,
    VIOLATION_CUES,
    lexicon,
    may_hold_event,
)
from truceline.schemas import SUB_EVENT_TO_TYPE

__all__ = [
    "CEASEFIRE_WORDS",
    "SEPARATE",
    "VIOLATION_CUES",
    "Trigger",
    "detect_triggers",
    "group_triggers",
    "lexicon",
    "may_hold_event",
    "retype_by_roles",
]

# Verbs that reproach someone with a breach ("condemned X for a violation of the truce").
REPROACH_VERBS = lemmas("reproach_verbs")
# Words that tell only harm done ("killed", "wounded", "martyred").
HARM = lemmas("harm_verbs")
_RANK = {t: i for i, t in enumerate(SPECIFICITY)}


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
        c.dep_ == "dobj" and not names_act(c) for c in head.children
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
    if (
        lemma == "riot"
        and tok.dep_ in {"compound", "amod"}
        and tok.head.lemma_.lower() in _RIOT_GEAR
    ):
        return False  # "riot police", "riot gear": the force sent to a protest, not a riot
    return True


_RIOT_GEAR = frozenset(
    {"police", "policeman", "squad", "gear", "unit", "officer", "force", "control", "shield"}
)


@lru_cache(maxsize=1)
def _phrase_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Each trigger phrase with its sub-event type and compiled word-bounded pattern."""
    return tuple(
        (phrase, sub, re.compile(r"\b" + re.escape(phrase) + r"\b"))
        for phrase, sub in lexicon().phrases.items()
    )


_SHOOTING_PHRASES = {"opened fire", "came under fire", "came under attack"}


def _phrase_triggers(
    doc: Doc | Span, text: str | None = None, sides: Sides | None = None
) -> list[Trigger]:
    text = text_of(doc) if text is None else text
    low = text.lower()
    out = []
    for phrase, sub, pattern in _phrase_patterns():
        if phrase not in low:
            continue  # the pattern matches the phrase itself: no match without it
        for m in pattern.finditer(low):
            tok = _token_at(doc, m.start())
            if phrase.endswith(" over") and (tok is None or not takes_a_place(tok)):
                continue  # "took over the town", not "took over the ministry" or "as leader"
            kind = sub
            if sub == "Mob violence" and cues.DEMANDS.search(text):
                kind = "Violent demonstration"  # stones thrown to press a demand: a riot
            fired: tuple[str, ...] = ()
            if sub in TERRITORY_CHANGE and tok is not None:
                kind = territory_kind(sub, tok, text)
            if sub in TERRITORY_CHANGE or kind == "Peaceful protest":
                # the typing rules tell how a protest or a takeover a phrase proposes went,
                # as they do for a word ("gathered to demand ..., police violently
                # dispersed them": not a peaceful protest)
                kind = protest_kind(kind, sides)
                told = rules_text(sub, text, sides)
                if sub not in TERRITORY_CHANGE and sides is not None:
                    told = f"{told} {sides.following}"  # how a protest went, as for a word
                applied = apply_rules(kind, phrase, told)
                if applied is not None and applied.sub_event_type is not None:
                    kind, fired = applied.sub_event_type, (applied.rule_id,)
            if sub == "Attack" or phrase in _SHOOTING_PHRASES:
                # "shot dead a soldier" is a clash: who the victim is decides
                kind = violence_kind(sub, "kill", text, sides) or sub
            if tok is not None:
                i = tok.i - doc[0].i if isinstance(doc, Span) else tok.i
                decided = sides is not None and sides.decided and kind in _GENERIC_VIOLENCE
                out.append(
                    Trigger(
                        i, kind, 0.85, phrase, by_sides=decided, rules=(f"phrase:{phrase}", *fired)
                    )
                )
    return out


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
    sides = Sides(doc, following)
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
        if sub == "Denial" and rejects_a_claim(tok):
            score = max(score, 0.6)  # "rejected the report as lies": a denial, not a veto
        if sub == "Air/drone strike" and aircraft_strikes(tok):
            score = max(score, 0.6)  # "jets targeted the town": the aircraft did it
        if (
            lemma == "bomb"
            and tok.pos_ == "VERB"
            and (cues.STATE_BOMBER.search(text) or state_subject(tok))
        ):
            # "accused the army of bombing a market", "the SAF bombed X": states bomb from
            # the air
            sub = "Air/drone strike"
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
        refined = refine(
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
        if lemma == "destroy" and destroys_property(tok):
            score = max(score, 0.6)  # "destroyed a hideout", "destroyed the crops": a clear act
        if lemma in {"seize", "capture", "confiscate"} and (
            refined != sub or (refined in TERRITORY_CHANGE and takes_a_place(tok))
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
        if refined == "Displacement" and names_people(tok):
            score = min(score, 0.4)  # "a camp for the displaced": the people, not their flight
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
    found = [
        replace(t, sub_event_type=exchange_kind(t.sub_event_type, text, following)) for t in found
    ]
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


# Words of assault that tell no harm of their own: the harm told beside them types the act.
_ASSAULT_WORDS = lemmas("assault_words")


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
        taken = [t for t in acts if t.sub_event_type == "Abduction/forced disappearance"]
        harm = [t for t in acts if t.sub_event_type == "Attack" and t.cue not in _ASSAULT_WORDS]
        if best.sub_event_type == "Attack" and best.cue in _ASSAULT_WORDS and taken and not harm:
            # "gunmen attacked the village and kidnapped nine people": no one killed, the
            # harm told is the abduction (ACLED types the raid by it)
            best = taken[0]
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
