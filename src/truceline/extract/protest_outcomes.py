"""Whether a protest's own participants were detained at it, read from the parse.

ACLED codes a protest whose participants are arrested as a `Protest with intervention`.
News tells it in many ways: a verb coordinated with the protest's ("demonstrated outside
the court and were arrested"), a later sentence ("Thirty teachers arrested at the
site."), arrests of "activists", "members" or a count of people. A protest very often
*asks* for the release of people detained before, in the same words ("demanding the
release of X, who was arrested last week"): that is what it is about, not what happened
to it. `participants_detained` tells the two apart by the parse: the detention must be
told in a clause of its own (not a relative clause, not the complement of a demand or of
"against", not an adjective "the arrested leaders"), not placed earlier ("last week",
"had been detained"), done by no one or by the state, and to people who can be the
protesters (a count, "they", activists, members: not "he", a name alone), unless the
clause ties it to the protest ("during the rally").
The word classes are data (`data/lexicon.yaml`: detention_words, protest_causes,
protest_participants, at_the_protest, earlier_times).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from truceline.extract import cues
from truceline.extract.lexicon import lemmas, pattern

__all__ = ["participants_detained"]

_MENTIONS = re.compile(r"\b(arrest|detain|custody|apprehend|nabbed|handcuff)", re.I)
_OBJECTS = {"dobj", "nsubjpass"}


def participants_detained(doc: Doc | Span, following: str = "") -> bool:
    """Does the protest sentence `doc`, or the text `following` it (the next sentence;
    the rest of a short note), tell the protest's own participants detained at it?"""
    if _MENTIONS.search(doc.text) and any(_detains_participants(t) for t in doc):
        return True
    if not following or not _MENTIONS.search(following):
        return False
    return any(_detains_participants(t) for t in _parse(following))


@lru_cache(maxsize=256)
def _parse(text: str) -> Doc:
    from truceline.extract.nlp import load_pipeline

    return load_pipeline()(text)


def _phrase(tok: Token) -> str:
    return " ".join(t.text for t in tok.subtree)


def _detains_participants(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma not in lemmas("detention_words") and tok.lower_ not in lemmas("detention_words"):
        return False
    verb = _clause_verb(tok)
    if verb is None or _intended(verb) or _told_as_cause(verb) or _earlier(verb):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    held = [c for c in verb.children if c.dep_ in _OBJECTS]
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if verb.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        # a headline's clause: "Thirty teachers arrested at the site" (as subject or acl)
        held += subjects if verb.dep_ == "ROOT" else [verb.head]
        subjects = []
    elif not subjects and not held and verb.dep_ == "conj" and _protest_word(verb.head):
        # "demonstrated outside the court and were arrested": the protesters; not
        # "staged a protest and detained the trucks", their own act
        return passive
    if any(not _state_agent(s) for s in subjects):
        return False  # "they arrested a thief": the protesters' own act, told elsewhere
    if lemma == "arrest" and tok.pos_ == "NOUN":
        return True  # "officers made several arrests": at the protest the note tells
    clause = _phrase(verb)
    if pattern("at_the_protest").search(clause):
        return True
    return any(_can_be_participants(h) for h in held)


def _clause_verb(tok: Token) -> Token | None:
    """The verb whose clause tells the detention: the verb itself, the verb of "made
    arrests" / "taken into custody"; None for another use of the noun ("the arrest of X"
    is what a protest is about)."""
    if tok.pos_ == "VERB" or (tok.tag_ == "VBN" and tok.dep_ != "amod"):
        return tok if tok.dep_ != "amod" else None
    head = tok.head
    if tok.lower_ == "custody" and head.lower_ in {"into", "in"}:
        return head.head if head.head.pos_ == "VERB" else None
    if tok.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in {"make", "carry", "report"}:
        return head  # "made several arrests", "arrests were reported"
    return None


def _told_as_cause(verb: Token) -> bool:
    """Is the clause what a protest is about: in a relative clause ("X, who was detained";
    not "a rally at which ten were detained"), under a demand, a release or "against"
    ("demanding the release of those arrested"), or a reason the protest answers
    ("protested after their leader was held")?"""
    causes = lemmas("protest_causes")
    node = verb
    while True:
        if node.dep_ == "relcl" and not _protest_word(node.head):
            return True
        if node.dep_ == "amod":
            return True
        if node.dep_ in {"advcl", "pcomp"} and _protest_word(_governor(node)):
            if node.dep_ == "pcomp" or any(
                c.dep_ == "mark" and c.lower_ in {"after", "since", "because", "as"}
                for c in node.children
            ):
                return True
        if node.i != verb.i and (node.lemma_.lower() in causes or node.lower_ in causes):
            return True
        if node.head.i == node.i:
            return False
        node = node.head


def _governor(tok: Token) -> Token:
    """The word a clause or a preposition's complement hangs on."""
    head = tok.head
    return head.head if head.dep_ == "prep" else head


def _protest_word(tok: Token) -> bool:
    return bool(pattern("protest_words").match(tok.lemma_)) or tok.lemma_.lower() in {
        "gather", "march", "stage", "hold", "picket", "strike",
    }  # fmt: skip


def _intended(verb: Token) -> bool:
    """An infinitive tells an aim, not a fact ("attempts to harm or arrest him sparked
    the protests"); an attempt to detain protesters is told by the intervention words."""
    verbs = [verb, verb.head] if verb.dep_ == "conj" else [verb]
    return any(c.dep_ == "aux" and c.lower_ == "to" for v in verbs for c in v.children)


def _earlier(verb: Token) -> bool:
    """A detention told as before the protest: "arrested last week", "had been held"."""
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
        return True
    earlier = pattern("earlier_times")
    return any(
        c.dep_ in {"advmod", "npadvmod", "prep"} and earlier.search(_phrase(c))
        for c in verb.children
    )


def _state_agent(subject: Token) -> bool:
    """A subject that can detain protesters: the police, the army, the authorities."""
    words = _phrase(subject)
    return bool(cues.STATE_SIDE.search(words)) or bool(
        re.search(r"\b(authorities|officers|officials|guards|personnel|agents)\b", words, re.I)
    )


def _can_be_participants(held: Token) -> bool:
    """People who can be a protest's participants: a count ("twelve were held"), "they",
    or a noun for people who protest (its head or a conjunct: "its leader and members");
    not "he" or a name alone, nor things ("22 trucks")."""
    if held.pos_ == "NUM":
        return True
    heads = [held, *(c for c in held.children if c.dep_ == "conj")]
    return any(pattern("protest_participants").fullmatch(h.lower_) for h in heads)
