"""Who commits an act of violence and who it hits: armed, civilian or a crowd.

ACLED types violence by its sides, not by its verb: an armed, organised actor
killing an unarmed person is an `Attack`; the same act against a soldier, a
policeman, a fighter or a gang member is an `Armed clash` (off-duty or former
members of the forces count as civilians); violence by an unorganised crowd
(villagers, a mob, traders) is `Mob violence`, and a fight between such groups too.
This module reads the sides from the dependency parse of one sentence.
"""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Doc, Span, Token

from truceline.extract.actor_lexicon import named_actors
from truceline.extract.doc_cache import doc_text
from truceline.extract.lexicon import lemmas, pattern

Side = Literal["armed", "civilian", "crowd", "property"]

# Verbs (and nouns) of violence whose object is the victim and subject the perpetrator.
VIOLENT = lemmas("violence_verbs")
# Verbs and nouns of mutual fighting: the sides are the subject, "with X", "between X and Y".
MUTUAL = lemmas("fighting_words")

_ARMED_HEAD = lemmas("armed_heads")
# Nouns naming armed people only with a word beside them ("police officer", "gang member").
_ARMED_WITH = pattern("armed_qualifiers")
_QUALIFIED_HEAD = {"officer", "official", "member", "leader", "man", "men", "chief", "head"}
_CIVILIAN_HEAD = lemmas("civilian_heads")
_NOT_ARMED = pattern("not_armed_qualifiers")
# Things, not people: violence against them alone is property destruction.
_PROPERTY = lemmas("property")
# Unorganised people acting together (perpetrators of mob violence).
_CROWD = pattern("crowd")
# Sides of a fight that are unorganised groups.
_FIGHT_CROWD = pattern("fighting_crowd")
_ARMED_QUALIFIER = re.compile(
    r"\b(armed|gunmen|militia\w*|militants?|rebels?|fighters?|gangs?|soldiers?|police|forces|"
    r"separatists?|insurgents?|jihadists?|terrorists?|guerrillas?|paramilitar\w*|troops)\b",
    re.I,
)
# The victim's criminal record makes him a gang member in ACLED's reading of gang violence.
RECORD = re.compile(
    r"\b(victim|he|man|who) (had|has|had been|was) (\w+ ){0,3}(charges|criminal record|"
    r"convicted|a fugitive|wanted|a member of (a|the) gang|gang member)|"
    r"\b(alleged|suspected|presumed|known) (gang|cartel) members?\b",
    re.I,
)


_CLAUSES = {"relcl", "acl", "advcl", "appos", "conj", "cc", "punct"}


def _phrase(tok: Token) -> str:
    """The words of the noun phrase `tok` heads (its modifiers and "of X", not its clauses)."""
    words: list[Token] = []
    todo = [tok]
    while todo:
        t = todo.pop()
        words.append(t)
        todo.extend(c for c in t.children if c.dep_ not in _CLAUSES)
    words = sorted(w for w in words if tok.i - 8 <= w.i <= tok.i + 8)
    return " ".join(w.text for w in words)


_OFF_DUTY = re.compile(r"\b(off-? ?duty|off - duty|not on duty|on leave)\b", re.I)


def _off_duty(tok: Token) -> bool:
    """'an off-duty soldier', 'a police officer who was off-duty', 'a soldier (off-duty)'."""
    end = min(tok.right_edge.i, tok.i + 14)
    start = max(tok.left_edge.i, tok.i - 4)
    after = doc_text(tok.doc)[tok.idx : tok.idx + 40]  # "a soldier (assumed off-duty)"
    return bool(_OFF_DUTY.search(tok.doc[start : end + 1].text) or _OFF_DUTY.search(after))


def side_of(tok: Token) -> Side | None:
    """Armed, civilian or a crowd, for the noun phrase headed by `tok` (None if unclear)."""
    lemma = tok.lemma_.lower()
    if lemma in _QUANTITY or tok.pos_ == "NUM":  # "dozens of fighters": the fighters
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                whole = next((g for g in c.children if g.dep_ == "pobj"), None)
                if whole is not None:
                    return side_of(whole)
    phrase = _phrase(tok)
    if (_NOT_ARMED.search(phrase) or _off_duty(tok)) and lemma not in {
        "force",
        "army",
        "patrol",
        "convoy",
    }:
        return "civilian"
    if lemma in _ARMED_HEAD or tok.lower_ in _ARMED_HEAD:
        return "armed"
    if lemma in _QUALIFIED_HEAD and (
        _ARMED_WITH.search(phrase) or (named_armed(phrase) and lemma in {"member", "commander"})
    ):
        return "armed"
    if tok.pos_ == "PROPN" and named_armed(phrase):
        return "armed"
    if lemma in _PROPERTY and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return "property"
    if tok.ent_type_ in {"GPE", "LOC", "FAC"}:
        return "civilian"  # a village or a town attacked: its people
    left = tok.doc[max(tok.left_edge.i, tok.i - 4) : tok.i].text
    if lemma in _SITES and _ARMED_QUALIFIER.search(left):
        return "armed"  # "a separatist camp", "a police station"
    if lemma not in _CIVILIAN_HEAD and named_armed(phrase):
        return "armed"  # "pro-Houthi groups", "Taliban units"
    if lemma in _CIVILIAN_HEAD or tok.lower_ in _CIVILIAN_HEAD:
        # A house or car is hit for its owner: "the house of a police officer".
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                owner = next((g for g in c.children if g.dep_ == "pobj"), None)
                if owner is not None:
                    return side_of(owner)
        return "civilian"
    return None


def named_armed(phrase: str) -> bool:
    return any(
        e.kind in {"rebels", "political_militia", "identity_militia", "state_forces",
                   "external_forces"}
        for _, _, e in named_actors(phrase)
    )  # fmt: skip


_PEOPLE = re.compile(
    r"\b(people|persons|men|individuals|youths?|locals|citizens|supporters|workers|students|"
    r"vendors|women)\b",
    re.I,
)
_MANY = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|several|dozens?|hundreds?|scores|"
    r"group|some|many|few)\b",
    re.I,
)
_FIREARMS = re.compile(r"\b(shot|shoot\w*|gun\w*|fir(e|ed|ing)|rifles?|pistols?|bullets?)\b", re.I)


def perpetrator_side(tok: Token) -> Side | None:
    """Who did it: an armed actor or a crowd (civilian perpetrators read as a crowd)."""
    phrase = _phrase(tok)
    if _ARMED_QUALIFIER.search(phrase):
        return "armed"
    side = side_of(tok)
    if side == "armed":
        return "armed"
    if tok.lemma_.lower() in {"mob", "crowd", "group"} or _CROWD.search(phrase):
        return "crowd"
    if _PEOPLE.search(phrase) and _MANY.search(phrase) and not _FIREARMS.search(tok.sent.text):
        return "crowd"  # "five men beat him with sticks": people, not an armed group
    return None


def _verb_group(tok: Token) -> list[Token]:
    """The verb and the verbs it is coordinated with ("shot and killed")."""
    group = [tok]
    if tok.dep_ == "conj":
        group.append(tok.head)
    group.extend(c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB")
    return group


_SITES = {"camp", "compound", "station", "vehicle", "car", "truck", "house", "office", "building"}
_QUANTITY = {"dozen", "dozens", "hundred", "hundreds", "number", "score", "scores", "some",
             "several", "many", "group", "handful", "unit"}  # fmt: skip


def _next_noun(verb: Token) -> Token | None:
    """The noun right after a verb ("killed 4 IS militants", "injured the Police Officer"):
    the object, however the parser attached it."""
    doc = verb.doc
    for t in doc[verb.i + 1 : min(len(doc), verb.i + 7)]:
        if t.pos_ in {"NOUN", "PROPN"} and (
            t.i + 1 >= len(doc) or doc[t.i + 1].pos_ not in {"NOUN", "PROPN"}
        ):
            return t
        if t.text.isupper() and len(t.text) > 1:
            continue  # an acronym ("IS militants"), whatever the tagger made of it
        if t.pos_ not in {"DET", "NUM", "ADJ", "PROPN", "NOUN", "PART", "PUNCT"} or t.text in {
            ",",
            "(",
        }:
            return None
    return None


def _objects(tok: Token) -> list[Token]:
    """The victims of violent word `tok`: its object, passive subject or "on/against X"."""
    out: list[Token] = []
    if tok.pos_ == "VERB" and (nxt := _next_noun(tok)) is not None:
        out.append(nxt)
    for v in _verb_group(tok):
        direct = [c for c in v.children if c.dep_ in {"dobj", "nsubjpass"}]
        if _elliptic_passive(v):
            direct += [c for c in v.children if c.dep_ == "nsubj"]
        out.extend(direct)
        # "fired at X", "an attack on X"; but "beat him at a police station" is a place
        targets = {"on", "against"} if direct else {"on", "against", "at"}
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in targets:
                out.extend(g for g in c.children if g.dep_ == "pobj")
        if v.dep_ == "acl" and v.head.pos_ in {"NOUN", "PROPN"}:  # "a soldier killed by"
            out.append(v.head)
        if v.dep_ == "dobj" and v.pos_ == "NOUN":  # "opened fire on X", "launched an attack at"
            for c in v.head.children:
                if c.dep_ == "prep" and c.lower_ in {"on", "against", "at"}:
                    out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def _elliptic_passive(v: Token) -> bool:
    """A verb coordinated with a passive one, its auxiliary left out and no object of its
    own: "two were killed and four people wounded" (the four were wounded)."""
    return (
        v.dep_ == "conj"
        and v.tag_ in {"VBD", "VBN"}
        and any(c.dep_ == "auxpass" for c in v.head.children)
        and not any(c.dep_ in {"dobj", "aux", "auxpass"} for c in v.children)
    )


def _subjects(tok: Token) -> list[Token]:
    out: list[Token] = []
    for v in _verb_group(tok):
        for c in v.children:
            if c.dep_ == "nsubj" and not _elliptic_passive(v):
                out.append(c)
            elif c.dep_ == "agent":
                out.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "prep" and c.lower_ == "by" and v.pos_ == "NOUN":
                out.extend(g for g in c.children if g.dep_ == "pobj")
        if v.dep_ in {"advcl", "xcomp", "conj"} and v.head.pos_ == "VERB" and not out:
            out.extend(c for c in v.head.children if c.dep_ == "nsubj")
    return out


def _with_conjuncts(toks: list[Token]) -> list[Token]:
    return [t for x in toks for t in (x, *x.conjuncts)]


ACCUSING = {"accuse", "blame", "deny", "allege"}


# Aircraft that can be the agent of a strike.
AIRCRAFT = frozenset(("drone", "jet", "aircraft", "helicopter", "warplane"))


def aircraft_strikes(tok: Token) -> bool:
    """ "Jets targeted the town", "a drone hit a car": an aircraft the subject of a verb
    of violence (not "jets flew over", not "a drone was shot down")."""
    return (
        tok.lemma_.lower() in AIRCRAFT
        and tok.dep_ == "nsubj"
        and tok.head.pos_ == "VERB"
        and tok.head.lemma_.lower() in VIOLENT
    )


def destroys_property(tok: Token) -> bool:
    """A verb of destroying whose object is property ("destroyed two hideouts",
    "burned the crops"), not weapons, people or an abstract thing."""
    return any(
        o.lemma_.lower() in _PROPERTY or side_of(o) == "property"  # "the crops of a farm"
        for o in _with_conjuncts(_objects(tok))
    )


def accused(tok: Token) -> bool:
    """Whether `tok` tells what someone is accused of (or denies) rather than an act."""
    return any(a.lemma_.lower() in ACCUSING for a in tok.ancestors)


def violence_sides(doc: Doc | Span) -> tuple[Side | None, Side | None]:
    """(perpetrator, victim) of the first act of violence in the sentence whose victim
    is a person or a place (a victim that is armed wins over one that is not)."""
    perpetrator: Side | None = None
    victim: Side | None = None
    # Acts someone is accused of ("accusing Hamas of killing soldiers") come last.
    tokens = sorted(doc, key=accused)
    for tok in tokens:
        lemma = tok.lemma_.lower()
        found = lemma == "find" and any(
            c.lower_ in {"dead", "killed", "murdered", "shot", "slain"} for c in tok.children
        )
        if not found and (lemma not in VIOLENT or tok.pos_ not in {"VERB", "NOUN"}):
            continue
        victims = [s for s in map(side_of, _with_conjuncts(_objects(tok))) if s is not None]
        if victims and victim is not None and accused(tok):
            continue  # the act told first decides
        if victims and victim != "armed":
            if "armed" in victims:
                victim = "armed"
            elif victim in {None, "property"}:
                victim = victims[0]
        if perpetrator is None:
            sides = [perpetrator_side(s) for s in _with_conjuncts(_subjects(tok))]
            perpetrator = next((s for s in sides if s is not None), None)
    return perpetrator, victim


def fighting_sides(doc: Doc | Span) -> list[Side | None]:
    """The sides of a fight told in the sentence ("X clashed with Y", "clashes between
    X and Y", "X and Y fought"), each armed, crowd or unclear."""
    for tok in doc:
        if tok.lemma_.lower() not in MUTUAL:
            continue
        parties: list[Token] = []
        # "clashes erupted between X and Y", "a clash took place between": the verb's "between"
        words = [tok, tok.head] if tok.pos_ == "NOUN" and tok.dep_ in {"nsubj", "dobj"} else [tok]
        for w in words:
            for c in w.children:
                if c.dep_ in {"nsubj", "nsubjpass"} and w is tok and tok.pos_ == "VERB":
                    parties.append(c)
                elif c.dep_ == "prep" and c.lower_ in {"with", "between", "among", "against"}:
                    parties.extend(g for g in c.children if g.dep_ == "pobj")
        if tok.pos_ == "NOUN" and tok.dep_ in {"nsubj", "dobj"} and not parties:
            continue
        if parties:
            return [_party_side(p) for p in _with_conjuncts(parties)]
    return []


def _party_side(tok: Token) -> Side | None:
    phrase = _phrase(tok)
    if _ARMED_QUALIFIER.search(phrase) or side_of(tok) == "armed":
        return "armed"
    if named_armed(phrase) and not _NOT_ARMED.search(phrase):
        return "armed"  # "an MILF group"
    if tok.lemma_.lower() in {"mob", "crowd"} or _FIGHT_CROWD.search(phrase):
        return "crowd"
    if (
        tok.ent_type_ == "NORP"
        or tok.lemma_.lower() in {"man", "men", "dozen", "dozens", "hundred", "hundreds"}
        or re.search(r"\b(men|youths?)\b", phrase, re.I)
    ):
        return "crowd"  # "Palestinians", "dozens of men": people, not an armed group
    return None


# Who marches in protest: people, or a number of them ("hundreds of women").
_MARCHERS = frozenset(
    """people protesters protestors demonstrators women men students workers residents
    supporters activists farmers teachers villagers citizens youths mothers families crowd
    crowds thousands hundreds dozens""".split()
)


def people_marching(tok: Token) -> bool:
    """The verb "march" with people (not troops) as its subject."""
    if tok.pos_ != "VERB":
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    words = {subject.lower_} | {t.lower_ for t in subject.subtree if t.dep_ == "pobj"}
    return bool(words & _MARCHERS)


PEOPLE_IN_NUMBERS = lemmas("people_in_numbers")
# How many moved people make a population, not a few persons ("evacuated 300 people").
MANY = 50


def people_moved(tok: Token) -> bool:
    """A verb of moving people ("evacuate") told of a population: "thousands of residents
    were evacuated", "1,500 villagers were evacuated", "families were forced to evacuate";
    not "evacuated the wounded" nor "three staff were evacuated"."""
    verb = tok.head if tok.dep_ == "xcomp" else tok  # "were forced to evacuate"
    moved = [c for c in verb.children if c.dep_ == "nsubjpass"]
    moved += [c for c in tok.children if c.dep_ == "dobj"]
    for who in moved:
        if who.lemma_.lower() in PEOPLE_IN_NUMBERS:
            return True
        for c in who.subtree:
            if c.dep_ == "nummod" and c.head.i == who.i and _number(c.text) >= MANY:
                return True
    return False


# The roles of a noun in a clause: a participle in one of them, with no subject, object or
# auxiliary of its own, names people ("a camp for the displaced"), not an act.
_NOUN_ROLES = frozenset(("pobj", "dobj", "nsubj", "nsubjpass", "pcomp", "appos", "conj"))
_VERB_ROLES = frozenset(("nsubj", "nsubjpass", "aux", "auxpass", "agent", "dobj", "npadvmod"))


def names_people(tok: Token) -> bool:
    """A past participle used as a noun for the people it describes: "a camp for the
    displaced", "gunmen attacked the displaced", "thousands of displaced protested";
    not "the fighting displaced 3,000 people" nor "families were displaced"."""
    if tok.tag_ != "VBN" or tok.dep_ not in _NOUN_ROLES:
        return False
    if tok.dep_ == "conj" and tok.head.dep_ not in _NOUN_ROLES - {"conj"}:
        return False
    return not any(c.dep_ in _VERB_ROLES for c in tok.children)


def _number(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0
