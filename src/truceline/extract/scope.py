"""Scope: does a trigger tell one act that happened, at a time of its own?

An analyst codes "shelling hit Tegh on Monday", not the shelling of a sentence that
negates it, tallies a war or tells a habit. A trigger is out of scope when it is

- negated: "no shelling was heard", "troops did not fire", "no sign of fighting";
- a tally or a long run of fighting: "the war that killed 4,000 people", "after months of
  fighting", "the fighting has killed 1,100", "since then 1,800 have been killed",
  "attacks over the past year";
- a habit: "near-daily attacks", "have frequently violated the truce";
- a backdrop: an act named only to say where or why something else happened ("evacuated
  from the area of the fighting", "families displaced by the fighting", "troops sent to
  protect the villagers from attacks").

`out_of_scope` returns the reason (a value the pipeline counts), or None. Speech about
acts (accusations, denials) is never out of scope here: "accused X of near-daily
attacks" is still an accusation.
"""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Token

from truceline.extract.lexicon import lemmas

Reason = Literal["negated", "tally", "habitual", "backdrop"]
SCOPE_REASONS: frozenset[str] = frozenset(("negated", "tally", "habitual", "backdrop"))

# Nouns naming a whole conflict or a long run of fighting ("the war has killed 10,000").
CONFLICT_NOUNS = lemmas("conflict_nouns")
# Units of a span of time: "months of fighting", "over the past year".
DURATION_NOUNS = lemmas("duration_nouns")
# Words that make an act a habit: "near-daily attacks", "repeatedly shelled".
HABITUAL_WORDS = lemmas("habitual_words")
# Verbs that tell an act as going on, in the present: "continues to shell", "keeps firing".
ONGOING_VERBS = lemmas("ongoing_verbs")
# Nouns naming a place by the act done there: "the scene of the attack".
SCENE_NOUNS = lemmas("scene_nouns")
# Verbs of leaving because of an act: "displaced by the fighting", "fled the shelling".
FLIGHT_VERBS = lemmas("flight_verbs")
# "to protect the villagers from attacks": acts named as a danger, not as done.
PROTECTION_VERBS = lemmas("protection_verbs")
# "no sign of shelling", "no reports of fighting": the noun the negation is on.
EVIDENCE_NOUNS = lemmas("evidence_nouns")
# A span of time that runs up to now ("over the past year", "in recent months"), not one
# day ("in the past 24 hours").
_SPAN = re.compile(
    r"\b(?:over|in|during|throughout)\s+the\s+(?:past|last|previous)\s+"
    r"(?:(?:few|several|two|three|four|five|six|\d+)\s+)?(?:weeks?|months?|years?|decades?)\b"
    r"|\bin recent (?:weeks|months|years)\b|\bso far\b|\bto date\b|\bsince (?:then|the start)\b",
    re.I,
)


def out_of_scope(tok: Token, *, dated: bool = False) -> Reason | None:
    """Why the act `tok` triggers is no event of its own, or None when it is one.
    `dated`: its sentence gives a day ("The fighting on Monday has killed 12")."""
    if negated(tok):
        return "negated"
    if habitual(tok) and not dated:  # "bombed X repeatedly on Monday": that day's event
        return "habitual"
    if tally(tok, dated=dated):
        return "tally"
    if backdrop(tok):
        return "backdrop"
    return None


def backdrop(tok: Token) -> bool:
    """An act named only as where or why something else happened: "the area of the
    fighting", "the scene of the attack", "displaced by the fighting", "fleeing the
    shelling" (the act itself is told elsewhere, or is a campaign)."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of":
        return head.head.lemma_.lower() in SCENE_NOUNS
    if tok.dep_ == "pobj" and head.lower_ in {"by", "from"}:
        verb = head.head
        if head.lower_ == "from" and verb.dep_ == "dobj":
            verb = verb.head  # "protect the villagers from attacks" (the parser may hang it so)
        lemma = verb.lemma_.lower()
        return lemma in FLIGHT_VERBS or (head.lower_ == "from" and lemma in PROTECTION_VERBS)
    if tok.dep_ == "dobj":
        return head.lemma_.lower() in FLIGHT_VERBS
    return False


def clause_verb(tok: Token, *, steps: int = 6) -> Token:
    """The verb of the clause `tok` belongs to (itself when it is one), looked for up to
    `steps` heads above it; the last head reached when there is none that near."""
    t = tok
    for _ in range(steps):
        if t.pos_ in {"VERB", "AUX"} or t.head.i == t.i:
            return t
        t = t.head
    return t


def negated(tok: Token) -> bool:
    """ "Troops did not fire", "no shelling", "no shots fired", "no sounds of shelling
    were heard"."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True
    if tok.dep_ == "acl" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.head.children):
        return True  # "there were no shots fired", "no rockets launched"
    if tok.dep_ in {"pobj", "pcomp"} and tok.head.lower_ == "of":
        noun = tok.head.head
        return noun.lemma_.lower() in EVIDENCE_NOUNS and any(
            c.dep_ == "det" and c.lower_ == "no" for c in noun.children
        )
    return False


def denied_as_such(tok: Token) -> bool:
    """ "It carried out no such strikes", "there were no such attacks": an act told as
    not done in the very terms of a claim told before it; the statement denies the claim."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    kids = list(tok.children)
    return any(c.dep_ == "det" and c.lower_ == "no" for c in kids) and any(
        c.lower_ == "such" for c in kids
    )


CLAIM_NOUNS = lemmas("claim_nouns")
FALSE_WORDS = lemmas("false_words")


def rejects_a_claim(verb: Token) -> bool:
    """A verb of rejecting ("reject", "dismiss") that denies: its object is a claim ("rejected
    the report", "dismissed the allegations") or it calls its object untrue ("rejected it as
    lies"). Not a proposal turned down or an official dismissed from his post."""
    for c in verb.children:
        if c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in CLAIM_NOUNS:
            return True
        if c.dep_ == "prep" and c.lower_ == "as":
            if any(t.lower_ in FALSE_WORDS for t in c.subtree):
                return True
    return False


def habitual(tok: Token) -> bool:
    """ "Near-daily attacks", "have repeatedly shelled", "frequently violating", "X
    continues to send strikes" (an ongoing campaign, told in the present)."""
    verb = clause_verb(tok)
    if tok.pos_ == "NOUN" and (
        (verb.dep_ == "xcomp" and _ongoing(verb.head)) or (tok.dep_ == "dobj" and _ongoing(verb))
    ):
        return True  # "continues to send strikes", "keeps up its attacks"
    if tok.pos_ == "VERB" and tok.dep_ == "xcomp" and _ongoing(tok.head):
        return True  # "has continued to bomb the valley"
    if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and _ongoing(c) for c in tok.children):
        return True  # "have increased offensives", parsed as a modifier of the noun
    # "have frequently violated the truce by resorting to shelling": the habit word is on
    # the verb the act's clause hangs from
    for t in {tok, *_governing_verbs(verb)}:
        for c in t.children:
            if c.dep_ in {"advmod", "amod", "npadvmod"} and c.lower_ in HABITUAL_WORDS:
                return True
            if c.dep_ == "amod" and c.lower_.endswith("-daily"):
                return True
    return False


def _governing_verbs(verb: Token, *, steps: int = 3) -> list[Token]:
    """`verb` and the verbs its clause hangs from through a preposition or an adverbial
    clause ("violated the truce by resorting to shelling": resorting, violated)."""
    out = [verb]
    t = verb
    for _ in range(steps):
        if t.dep_ not in {"pcomp", "pobj", "prep", "advcl", "xcomp"} or t.head.i == t.i:
            break
        t = t.head
        if t.pos_ in {"VERB", "AUX"}:
            out.append(t)
    return out


def _of_conflict(noun: Token) -> bool:
    """A conflict noun, or a noun of a phrase on one ("the war on the enclave, which ...":
    the clause the parser hangs on "enclave" is the war's)."""
    for _ in range(3):
        if noun.lemma_.lower() in CONFLICT_NOUNS:
            return True
        if noun.dep_ not in {"pobj", "prep"} or noun.head.i == noun.i:
            return False
        noun = noun.head
    return False


def _ongoing(verb: Token) -> bool:
    """ "continues to shell", "has continued its strikes", "have stepped up attacks": a
    campaign told as going on up to now (not "had continued", a past told before)."""
    if verb.lemma_.lower() not in ONGOING_VERBS:
        return False
    if verb.tag_ == "VBG":  # "has broken the truce by continuing to bomb X": its head's tense
        return any(_present(v) for v in _governing_verbs(verb)[1:])
    return _present(verb)


def _present(verb: Token) -> bool:
    """A verb in the present or the present perfect ("shells", "have shelled")."""
    if verb.tag_ in {"VBZ", "VBP"}:
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in verb.children
    )


def tally(tok: Token, *, dated: bool = False) -> bool:
    """A toll or run of fighting over a span of time, not one act. `dated`: the sentence
    gives a day (not one a span starts from: "since May 3"), which makes "the fighting has
    killed 12" that day's toll."""
    # "after weeks of fighting", "ended three days of clashes" (not "during two
    # days of fighting", which tells the event)
    if _run_of_fighting(tok):
        return True
    # "after weeks of clashes that drove families out": what the run did is its tally
    # (the parser hangs the clause on the act or on the span)
    if tok.dep_ == "relcl" and (
        _run_of_fighting(tok.head) or (_span_before(tok.head) and _names_acts(tok.head))
    ):
        return True
    # "the heaviest shelling since a raid in spring left many dead": the act a
    # comparison reaches back to
    verb0 = clause_verb(tok)
    if any(c.dep_ == "mark" and c.lower_ == "since" for c in verb0.children) or any(
        a.dep_ == "prep" and a.lower_ == "since" for a in list(tok.ancestors)[:3]
    ):
        return True
    # "a war that killed 4,000": the verb of a clause on a conflict noun
    if tok.dep_ == "relcl" and _of_conflict(tok.head):
        return True
    if tok.lemma_.lower() in CONFLICT_NOUNS and tok.pos_ == "NOUN":
        # "the war, which has killed 48,000", "the truce halted the war": the whole conflict
        if any(c.dep_ == "relcl" and c.lemma_.lower() in TOLL_VERBS for c in tok.children):
            return True
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ENDING_VERBS:
            return True
    # "the fighting has claimed some 700 lives", "hundreds have died since then"
    verb = clause_verb(tok)
    # "has seized ..., displacing thousands": a participle's tense is its head verb's
    while (verb.dep_ == "conj" or (verb.tag_ == "VBG" and verb.dep_ == "advcl")) and (
        verb.head.i != verb.i
    ):
        verb = verb.head
    perfect = any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in {"has", "have", "had"} for c in verb.children
    )
    if dated:
        return False  # "killed 40 people between 3 and 9 May": a dated toll
    if not perfect:
        return _over_span(tok, verb)
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ESTIMATE_VERBS:
        return True  # "X estimates that up to 200 people have been killed": a toll to date
    if verb.tag_ == "VBG":
        return True  # "where they have been fighting": an ongoing run, not one act
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if (
        subject is not None
        and subject.lemma_.lower() in CONFLICT_NOUNS
        and not any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in subject.children)
        and verb.tag_ == "VBN"
    ):
        return True
    since = any(
        c.lower_ == "since" and c.dep_ in {"prep", "mark", "advmod"} for c in verb.subtree
    ) and not any(c.lower_ == "since" and c.dep_ == "mark" for c in tok.children)
    return since or _over_span(tok, verb)


def _run_of_fighting(tok: Token) -> bool:
    """ "(after) weeks of fighting", "(a stop to) two days of clashes": a span of acts
    named as what came before."""
    if tok.dep_ not in {"pobj", "pcomp"} or tok.head.lower_ != "of":
        return False
    return _span_before(tok.head.head)


def _span_before(span: Token) -> bool:
    """ "(after) weeks", "(a stop to) two days": a span of time named as what came before."""
    return span.lower_ in DURATION_NOUNS and _background_frame(span)


def _names_acts(span: Token) -> bool:
    """ "months of fighting": the span is one of acts (a noun after "of")."""
    return any(
        c.lower_ == "of" and any(g.dep_ in {"pobj", "pcomp"} for g in c.children)
        for c in span.children
    )


# Prepositions and nouns that make a span of fighting the background of what is told.
BACKGROUND_PREPS = lemmas("background_preps")
ENDING_NOUNS = lemmas("ending_nouns")
ENDING_VERBS = lemmas("ending_verbs")
# Verbs by which a clause on a conflict tells its toll ("the war, which has killed 48,000").
TOLL_VERBS = lemmas("toll_verbs")
# Verbs that put a figure on a toll so far: "estimates that 200 have been killed".
ESTIMATE_VERBS = lemmas("estimate_verbs")


def _background_frame(span: Token) -> bool:
    """ "after months of", "a stop to two days of": the span is what came before."""
    head = span.head
    if head.lower_ in BACKGROUND_PREPS:
        return True
    if head.lower_ != "to":
        return False
    # "an end to", or "put an end to" (the parser may hang "to" on the verb)
    return head.head.lemma_.lower() in ENDING_NOUNS or any(
        c.dep_ == "dobj" and c.lemma_.lower() in ENDING_NOUNS for c in head.head.children
    )


def _over_span(tok: Token, verb: Token) -> bool:
    """The clause of `tok` runs over a span of time ("attacks over the past year")."""
    words = [t.text for t in _own_clause(verb)] + [t.text for t in tok.subtree]
    return _SPAN.search(" ".join(words)) is not None


def _own_clause(verb: Token) -> list[Token]:
    """The tokens of `verb`'s clause without the clauses hung on it."""
    out = [verb]
    for c in verb.children:
        if c.dep_ not in {"ccomp", "advcl", "conj", "parataxis", "relcl", "xcomp", "cc"}:
            out.extend(c.subtree)
    return sorted(out, key=lambda t: t.i)
