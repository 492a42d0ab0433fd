"""Clauses of a sentence: which acts of one sentence are told apart.

A sentence often tells two acts: "jets struck A while troops shelled B", "rockets
hit A on Monday; two civilians were killed in clashes in B". Each act sits in a
clause of its own (a verb heading the sentence, a conjoined verb, an adverbial,
complement or parenthetical clause). Two acts are two events when their clauses
differ in what they say of the act: its ACLED family, its agent or its place.
Two words of one clause ("the shelling killed two", "artillery fire") tell one
act, and so do two clauses that tell the same kind of act by the same agent in
the same place ("forces shelled the village and fired on its houses").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from truceline.extract.lexicon import lemmas

if TYPE_CHECKING:
    from truceline.extract.triggers import Trigger

HARM_WORDS = lemmas("harm_verbs")
# Words that make an act the other side's answer to the one told beside it.
RETALIATION = lemmas("retaliation_modifiers")
# Dependencies by which a verb heads a clause of its own (a reported clause: "said that
# X shelled A" is X's act, not the speaker's). An adverbial clause tells the act's time
# or cause ("was killed when troops shelled the town", "since clashes erupted in
# August"), unless it sets a second act beside the first ("while troops shelled B").
CLAUSE_DEPS = frozenset(("ROOT", "conj", "parataxis", "ccomp"))
BESIDE_MARKS = frozenset(("while", "whereas"))
# Dependencies by which a clause tells who did it (a passive subject is who suffered it).
AGENT_DEPS = frozenset(("nsubj", "agent"))
# Entity labels that name where an act happened.
PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
# Pronouns and the like: an agent told again, not a new one.
_REFERRING = frozenset(("it", "they", "he", "she", "which", "who", "that", "this", "these"))


def _heads_clause(tok: Token) -> bool:
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    if tok.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in BESIDE_MARKS for c in tok.children)
    return tok.dep_ in CLAUSE_DEPS


def clause_head(tok: Token) -> Token:
    """The verb heading the clause `tok` stands in (the root when none is nearer)."""
    while True:
        if _heads_clause(tok):
            return tok
        if tok.head.i == tok.i:
            return tok
        tok = tok.head


@dataclass(frozen=True, slots=True)
class Clause:
    """What one clause says of its act: who did it and where."""

    head: Token
    agents: frozenset[str]
    places: frozenset[str]


def _own_tokens(head: Token) -> list[Token]:
    """The tokens of the clause `head` heads, without the clauses nested in it."""
    out = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if _heads_clause(child):
                continue
            stack.append(child)
    return out


def read_clause(head: Token, trigger: Token | None = None) -> Clause:
    """Who or what did the act of the clause `head` heads (its subject, or the object of
    "by"), and where. The act itself as the subject does it only to an object
    ("artillery fire killed two"; not "the shelling continues", "battles are going on")."""
    own = _own_tokens(head)
    agents = set()
    done_to = any(c.dep_ in {"dobj", "obj"} for c in head.children)
    aside = _bracketed(head.doc)
    for tok in own:
        if (trigger is not None and tok.i == trigger.i and not done_to) or tok.i in aside:
            continue  # (an aside in brackets says where or who is meant, never who did it)
        if tok.head.i == head.i and tok.dep_ in AGENT_DEPS:
            if tok.dep_ == "agent":  # "by X": the object of the preposition
                tok = next((c for c in tok.children if c.dep_ == "pobj"), tok)
            if tok.lower_ not in _REFERRING:
                agents.add(tok.lemma_.lower())
        if tok.dep_ == "agent" or (
            tok.lower_ == "by" and tok.dep_ == "prep" and tok.head.pos_ in {"NOUN", "PROPN"}
        ):  # "strikes by the army"; not "by the river", where a verb was done
            agents.update(c.lemma_.lower() for c in tok.children if c.dep_ == "pobj")
    places = {tok.text for tok in own if tok.ent_type_ in PLACE_LABELS}
    return Clause(head, frozenset(agents), frozenset(places))


def told_apart(a: Token, b: Token, family_a: str, family_b: str) -> bool:
    """Do the trigger words `a` and `b` tell two acts?

    Yes when they stand in two clauses of one parse that each say who or what did it,
    and the acts differ in family ("troops shelled the district; militiamen abducted
    two", unless one only tells the harm done) or each clause names a place of its own
    ("jets struck A while fighters shelled B"). A verb that shares its subject with the
    one before goes on telling that act ("captured a base and seized its weapons"), and
    so does a clause whose subject is who suffered it ("two were killed in A"); two
    clauses of one family at one place tell one scene ("residents marched while cars
    honked in protest")."""
    ha, hb = clause_head(a), clause_head(b)
    if ha.i == hb.i or _root(ha).i != _root(hb).i:
        return False  # one clause, or a parse that does not join them
    if answers(a) != answers(b):
        return True  # "artillery hit A and a soldier was killed in retaliatory fire"
    ca, cb = read_clause(ha, a), read_clause(hb, b)
    if not (ca.agents and cb.agents):
        return False
    if ca.places and cb.places and not ca.places & cb.places:
        return True
    # "shelled the village, killing two": the harm an act did is told of that act
    harm = a.lemma_.lower() in HARM_WORDS or b.lemma_.lower() in HARM_WORDS
    return family_a != family_b and not harm


def answers(trigger: Token) -> bool:
    """Is the act the other side's answer ("retaliatory fire", "return fire")?"""
    return any(
        c.dep_ in {"amod", "compound"} and c.lemma_.lower() in RETALIATION for c in trigger.children
    )


def _bracketed(doc: Doc | Span) -> set[int]:
    """Indices of the tokens inside round brackets."""
    inside: set[int] = set()
    depth = 0
    for tok in doc:
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(tok.i)
    return inside


def _root(tok: Token) -> Token:
    while tok.head.i != tok.i:
        tok = tok.head
    return tok


def own_spans(doc: Doc | Span, trigger_i: int, others: list[int]) -> list[tuple[int, int]]:
    """Character spans (in `doc`) of the clauses of the acts `others` that are not the
    clause of the act at `trigger_i` and tell who did them: the places named there are
    theirs. A verb that shares its subject with the one before ("captured a base and
    seized vehicles on the outskirts of A") shares its place too."""
    own = clause_head(doc[trigger_i]).i
    spans: list[tuple[int, int]] = []
    for i in others:
        head = clause_head(doc[i])
        if head.i == own or not read_clause(head).agents:
            continue
        toks = _own_tokens(head)
        spans.extend((t.idx, t.idx + len(t)) for t in toks)
    return spans


def acts_apart(best: Trigger, ordered: Sequence[Trigger], doc: Doc | Span) -> list[Trigger]:
    """The clear acts of `ordered` (by precedence) told in other clauses than `best`'s,
    each apart from `best` and from the others kept."""
    kept = [best]
    for t in ordered:
        if t.token_i == best.token_i or t.accused or t.modifier or t.score < 0.5:
            continue
        if all(
            told_apart(doc[k.token_i], doc[t.token_i], k.event_type, t.event_type) for k in kept
        ):
            kept.append(t)
    return kept[1:]
