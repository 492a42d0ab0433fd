"""Attribution: according to whom an event happened, through which outlets, and its status.

`attribute` reads the parse around an event trigger:

- speech that governs the trigger ("X said [that ...]", "X accused Y of ...", "X
  told Z that ...", "X quoted him as saying ...", "reports of ...", "X provided
  footage of ...") gives the claimants (the nearest speaker that is no outlet) and
  the reporters (outlets in the chain: "the Caucasian Knot reported that ...");
- "according to X", "citing X", "as per X" add claimants (reporters if X is an outlet);
- beyond the sentence: the direct quotation the trigger sits in, a next sentence that
  only attributes ("This was citing X."), and for a sentence with no attribution of
  its own, the speaker of the sentence before when the account goes on ("..., the
  rights group said. At the farm of Y, rockets landed ... Five more were hurt, the
  group added.", "Another case was recorded ...", "The breaches also
  included ...").

Status: a speech act itself (the Accusation or Denial event, "accused", "denied") is
`asserted`, with the speaker as claimant; what is denied (or called false) is
`denied`; modal, conditional, threatened, expected events are `hypothetical`;
planned ones `planned`; anything with a claimant, a reporter or a hedge
("reportedly", "alleged") is `alleged`; the rest `asserted`. When only outlets
relay an event, they are its claimants as media.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Token

from truceline.extract.actors import resolve_actor
from truceline.extract.context import ArticleContext
from truceline.extract.doc_cache import doc_cache
from truceline.extract.lexicon import lemmas
from truceline.extract.outlets import find_reporters, known_outlet, outlet_of
from truceline.extract.scope import clause_verb
from truceline.extract.speakers import (
    DENY_VERBS,
    DOCUMENT_WORDS,
    GROUP_WORDS,
    PERSON_WORDS,
    RECORD_VERBS,
    SPEAKER,
    SPEECH_NOUNS,
    SUBJECT_DEPS,
    Speakers,
    article_speakers,
    is_passive,
    is_say,
    lemma,
    mention_tokens,
    next_is,
    objects_of,
    resolve_mention,
    speaker_subject,
    speakers_of,
    text_of,
)
from truceline.schemas import Actor

__all__ = ["Attribution", "attribute", "find_reporters"]

StatusName = Literal["asserted", "alleged", "denied", "hypothetical", "planned"]
# Sub-event types that are speech acts: their speaker claims, and they are asserted.
SPEECH_ACT_TYPES = frozenset({"Accusation", "Denial"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """According to whom (claimants), through which outlets (reporters), how certain."""

    claimants: tuple[Actor, ...]
    reporters: tuple[str, ...]
    status: StatusName
    cue: str | None = None  # the attribution cue text ("according to", "accused")


SPEECH_ACT_WORDS = DENY_VERBS | frozenset("accuse blame accusation denial allege".split())
HYPOTHETICAL_VERBS = frozenset(
    "threaten warn fear expect predict anticipate forecast risk hope wish consider "
    "mull contemplate envisage envision".split()
)
PLANNED_VERBS = frozenset("plan intend schedule prepare aim vow pledge promise decide".split())
HYPOTHETICAL_MODALS = frozenset("could may might would will shall 'll must".split())
HYPOTHETICAL_ADJ = frozenset(
    "possible potential likely unlikely expected feared imminent impending probable "
    "threatened looming".split()
)
PLANNED_ADJ = frozenset("planned scheduled proposed intended upcoming".split())
RISK_NOUNS = frozenset(
    "threat threats risk fear fears possibility prospect danger warning warnings".split()
)
HEDGES = frozenset(
    "reportedly allegedly purportedly supposedly apparently alleged reported suspected "
    "claimed unconfirmed purported".split()
)
FALSE_WORDS = lemmas("false_words")
# Verbs by which a speaker calls a claim something ("described the accusations as lies",
# "dismissed as false the reports").
QUALIFYING_VERBS = frozenset("describe call brand label term dismiss reject".split())


def disqualified(claim: Token) -> bool:
    """Is the claim `claim` is part of called false by a verb above it? ("described the
    accusations of a massacre as baseless", "dismissed as false reports alleging a
    breach"): then the sentence denies it, it accuses no one."""
    for anc in list(claim.ancestors)[:4]:
        if anc.pos_ == "VERB" and lemma(anc) in QUALIFYING_VERBS:
            return any(t.lower_ in FALSE_WORDS for t in anc.subtree if t.i != claim.i)
    return False


CONDITIONAL_MARKS = frozenset("if unless".split())
FIRST_PERSON = frozenset("i we me us".split())
SOURCE = "source"  # "according to X", "citing X": a claimant, or a reporter if an outlet
# Subjects that continue an account already attributed ("The breaches also included").
ANAPHORIC_HEADS = frozenset("violation violations breach breaches".split())


@dataclass(slots=True)
class _Found:
    claimants: list[Actor] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    alleged: bool = False
    denied: bool = False
    modality: StatusName | None = None
    speech_act: bool = False
    record: bool = False  # "was recorded / registered" without saying by whom
    cue: str | None = None

    def claim(self, actor: Actor) -> None:
        if all(a.name != actor.name for a in self.claimants):
            self.claimants.append(actor)

    def report(self, name: str) -> None:
        if name not in self.reporters:
            self.reporters.append(name)

    def mark(self, cue: str) -> None:
        self.alleged = True
        self.cue = self.cue or cue


# --- speakers into claimants and reporters ------------------------------------------------


def _sort_speakers(
    reg: Speakers, idx: int, found: _Found, heads: list[tuple[Token, str]], *, claim: bool
) -> bool:
    """Outlets among `heads` become reporters, speakers claimants; True if one claimed."""
    got = False
    for head, role in heads:
        tokens = mention_tokens(head)
        outlet = outlet_of(tokens, relayed=role != SPEAKER)
        if outlet is not None:
            if not _own_outlet(reg.ctx, outlet.name, text_of(tokens)):
                found.report(outlet.name)
            continue
        if role in {SPEAKER, SOURCE} and claim:
            if head.lower_ in FIRST_PERSON:
                # "We deny this," the ministry said: the speaker of the quotation.
                actor = _quote_speaker(reg, reg.offset(idx, head))
            else:
                actor = resolve_mention(reg, idx, tokens)
            if actor is None or (actor.country is None and actor.kind == "unknown"):
                if not _speaker_like(head, tokens):
                    continue  # "No casualties were reported": nobody to name
                actor = actor or Actor(name=text_of(tokens) or head.text, kind="unknown")
            found.claim(actor)
            got = True
    return got


def _speaker_like(head: Token, tokens: list[Token]) -> bool:
    """Could this unresolved phrase speak? Names and speaker nouns can, "casualties" not."""
    if any(t.lower_ in {"no", "none"} or t.like_num for t in tokens):
        return False
    if head.lower_ in DOCUMENT_WORDS | {"it", "this", "that", "reports"}:
        return False
    return head.pos_ == "PROPN" or head.lower_ in PERSON_WORDS | GROUP_WORDS


def _own_outlet(ctx: ArticleContext, name: str, surface: str) -> bool:
    """True for the article's own outlet (a wire story quoting its own agency)."""
    own = (ctx.article.outlet or "").lower()
    return bool(own) and any(
        re.search(r"\b" + re.escape(n.lower()) + r"\b", own) for n in {name, surface} if n
    )


def _media_actor(reg: Speakers, name: str) -> Actor:
    outlet = known_outlet(name)
    country = outlet.country if outlet is not None else None
    if country is None:
        actor = resolve_actor(name, countries=reg.ctx.countries or None)
        country = actor.country if actor is not None else None
    return Actor(name=name, country=country, kind="media")


# --- modality, hedges, denial ---------------------------------------------------------------


def _clause_verb(tok: Token) -> Token:
    """The verb of the clause `tok` belongs to (itself when it is one)."""
    return clause_verb(tok, steps=8)


def _modality(tok: Token) -> StatusName | None:
    """Hypothetical or planned, from the clause of `tok` itself."""
    verb = _clause_verb(tok)
    for t in (tok, verb):
        for c in t.children:
            low = c.lower_
            if c.dep_ in {"aux", "auxpass"} and c.tag_ == "MD" and low in HYPOTHETICAL_MODALS:
                return "hypothetical"
            if c.dep_ == "mark" and low in CONDITIONAL_MARKS:
                return "hypothetical"
            if c.dep_ in {"amod", "acomp"} and low in PLANNED_ADJ:
                return "planned"
            if low in HYPOTHETICAL_ADJ and (
                c.dep_ == "acomp" or (c.dep_ == "amod" and t.i == tok.i)
            ):
                return "hypothetical"
        if t.dep_ == "xcomp" and t.head.lower_ in HYPOTHETICAL_ADJ:
            return "hypothetical"
        if t.dep_ == "xcomp" and t.head.lower_ in PLANNED_ADJ | {"set", "poised", "due"}:
            return "planned"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        noun = tok.head.head.lower_
        if noun in RISK_NOUNS:
            return "hypothetical"
        if noun in {"plan", "plans", "preparations"}:
            return "planned"
    return None


def _hedge(tok: Token) -> str | None:
    for t in (tok, _clause_verb(tok)):
        for c in t.children:
            if c.lower_ in HEDGES and c.dep_ in {"advmod", "amod", "acomp", "npadvmod"}:
                return c.text
    return None


def _false_child(t: Token, skip: int) -> bool:
    for c in t.children:
        if c.i == skip:
            continue
        if c.lower_ in FALSE_WORDS and c.dep_ in {
            "acomp",
            "attr",
            "oprd",
            "advmod",
            "xcomp",
            "dobj",
            "amod",
            "ccomp",
        }:
            return True
        if c.dep_ in {"attr", "oprd", "xcomp"} and any(
            g.lower_ in FALSE_WORDS for g in c.children if g.dep_ in {"amod", "acomp"}
        ):
            return True
    return False


def _falsified(gov: Token, via: Token) -> tuple[bool, bool]:
    """Does `gov` call what `via` heads false? (and is gov's own speaker the denier?)

    "The ministry called the reports baseless": yes, and the ministry denies.
    "The information spread in X media ... is false": yes, X media made the claim.
    """
    if _false_child(gov, via.i):
        return True, True
    for c in gov.children:
        if c.dep_ == "conj" and c.i != via.i and _false_child(c, -1):
            return True, False
    return False, False


# --- the sentence ------------------------------------------------------------------------------


def _in_sentence(reg: Speakers, idx: int, trigger: Token, speech_act: bool) -> _Found:
    """What the trigger's own sentence says about who claims it."""
    found = _Found(speech_act=speech_act)
    claimed = False
    if speech_act:
        found.cue = trigger.text
        word = lemma(trigger)
        if is_say(trigger) or word in SPEECH_ACT_WORDS or word in SPEECH_NOUNS:
            claimed = _sort_speakers(reg, idx, found, speakers_of(trigger), claim=True)
    found.modality = _modality(trigger)
    hedge = _hedge(trigger)
    if hedge:
        found.mark(hedge)
    passed_speech = speech_act
    tok = trigger
    while tok.head.i != tok.i:
        via, gov = tok, tok.head
        tok = gov
        is_verb = gov.pos_ in {"VERB", "AUX"}
        falsified, by_gov = _falsified(gov, via)
        if falsified and not speech_act:
            found.denied, found.cue = True, found.cue or gov.text
            heads = speakers_of(gov) if is_say(gov) or lemma(gov) in SPEECH_NOUNS else []
            claimed = _sort_speakers(reg, idx, found, heads, claim=not by_gov) or claimed
            passed_speech = True
            continue
        if via.dep_ in SUBJECT_DEPS:
            said = is_say(gov)
            # "The attack was reported by X", "fighting was reported": the subject is what
            # is said; of two subjects (a misparse) the one that is not the speaker.
            content = said and (
                via.dep_ == "nsubjpass"
                or (via.dep_ == "nsubj" and speaker_subject(gov) not in (None, via))
            )
            if not content:
                continue  # inside the speaker, not in what it says
        glem = lemma(gov)
        if is_verb and glem in DENY_VERBS and via.dep_ != "conj":
            # ("denied the claim and accused Y of shelling X": what is denied is the claim,
            # not the act told in the conjoined accusation)
            if not speech_act:
                found.denied, found.cue = True, found.cue or gov.text
            _sort_speakers(reg, idx, found, speakers_of(gov), claim=False)
            passed_speech = True
            continue
        speech_noun = (
            gov.pos_ == "NOUN"
            and glem in SPEECH_NOUNS
            and via.dep_ in {"prep", "acl", "pcomp", "pobj", "ccomp"}
        )
        if (is_verb and (is_say(gov) or glem in RECORD_VERBS)) or speech_noun:
            heads = speakers_of(gov)
            if glem in RECORD_VERBS and not heads:
                found.record = found.record or is_passive(gov)
                continue
            got = _sort_speakers(reg, idx, found, heads, claim=not claimed)
            claimed = claimed or got
            if not speech_act:
                found.mark(gov.text)
            passed_speech = True
            continue
        if via.dep_ == "advcl" and not any(c.lower_ in CONDITIONAL_MARKS for c in via.children):
            passed_speech = True  # "once the bombing was over": what it hangs on is not its mood
        if not passed_speech and is_verb and via.dep_ in {"xcomp", "ccomp", "dobj", "prep"}:
            if glem in PLANNED_VERBS and via.dep_ == "xcomp":
                found.modality = found.modality or "planned"
            elif glem in HYPOTHETICAL_VERBS and via.dep_ in {"xcomp", "ccomp", "dobj"}:
                found.modality = found.modality or "hypothetical"
            elif via.dep_ == "xcomp":
                found.modality = found.modality or _modality(gov)
    _sources(reg, idx, trigger.doc, found, claim=not claimed)
    _reporting_clauses(reg, idx, trigger, found)
    if speech_act and not found.claimants:
        # An accusation read off another word ("Israel launched strikes, accusing Hamas
        # of ..."): the speaker of the sentence's accusing or denying verb.
        for tok in trigger.doc:
            if tok.pos_ == "VERB" and lemma(tok) in SPEECH_ACT_WORDS:
                if _sort_speakers(reg, idx, found, speakers_of(tok), claim=True):
                    break
    return found


_SOURCE_WORDS = frozenset({"according", "per", "citing", "quoting"})


def _source_words(doc: Doc) -> list[Token]:
    """The tokens of `doc` that can open a source phrase (found once per parse)."""
    cache = doc_cache(doc)
    found = cache.get("attribution.sources")
    if found is None:
        found = cache["attribution.sources"] = [t for t in doc if t.lower_ in _SOURCE_WORDS]
    return found


def _sources(reg: Speakers, idx: int, doc: Doc, found: _Found, *, claim: bool) -> None:
    """'according to X', 'citing X', 'as per X', 'quoting X' anywhere in the sentence."""
    for tok in _source_words(doc):
        low = tok.lower_
        if low == "according" and next_is(tok, "to"):
            heads, cue = objects_of(tok.nbor(1)), "according to"
        elif low == "per" and tok.i > 0 and tok.nbor(-1).lower_ == "as":
            heads, cue = objects_of(tok), "as per"
        elif low in {"citing", "quoting"} and tok.dep_ != "ROOT":
            heads, cue = [c for c in tok.children if c.dep_ == "dobj"], low
        else:
            continue
        if not heads:
            continue
        if not found.speech_act:
            found.mark(cue)
        _sort_speakers(
            reg, idx, found, [(h, SOURCE) for h in heads], claim=claim or cue == "citing"
        )


def _reporting_clauses(reg: Speakers, idx: int, trigger: Token, found: _Found) -> None:
    """A reporting clause hung on the event clause: "Troops shelled the town, he said"."""
    path = [trigger, *trigger.ancestors]
    on_path = {t.i for t in path}
    for t in path:
        for c in t.children:
            if c.i in on_path or c.dep_ not in {"parataxis", "advcl", "conj"} or not is_say(c):
                continue
            content = {"ccomp", "xcomp"} if lemma(c) == "tell" else {"ccomp", "xcomp", "dobj"}
            if any(g.dep_ in content for g in c.children):
                continue
            if c.dep_ == "conj" and not any(g.dep_ == "nsubj" for g in c.children):
                continue  # "fired and said ...": no reporting clause of its own
            heads = speakers_of(c)
            if heads:
                claim = not found.claimants and not found.speech_act
                _sort_speakers(reg, idx, found, heads, claim=claim)
                if not found.speech_act:
                    found.mark(c.text)


# --- beyond the sentence -------------------------------------------------------------------


def _quote_speaker(reg: Speakers, offset: int) -> Actor | None:
    """The speaker of the direct quotation holding article offset `offset`, if any."""
    if reg.quotes is None:
        from truceline.extract.quotes import extract_quotes  # quotes build on this module

        extract_quotes(reg.ctx)
    for q in reg.quotes or []:
        if q.start <= offset < q.end:
            return q.speaker
    return None


def _follow_up(reg: Speakers, idx: int) -> _Found | None:
    """A next sentence in the paragraph that only attributes ("This was citing X.")."""
    nxt = idx + 1
    sents = reg.ctx.sentences
    if nxt >= len(sents) or sents[nxt].paragraph != sents[idx].paragraph:
        return None
    doc = reg.doc(nxt)
    if doc is None or not len(doc):
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    if not (is_say(root) or lemma(root) in {"cite", "quote"}):
        return None
    subj = [c for c in root.children if c.dep_ in SUBJECT_DEPS]
    anaphoric = any(s.lower_ in {"this", "that", "it", "these"} for s in subj)
    content = any(c.dep_ in {"ccomp", "xcomp"} for c in root.children)
    if not anaphoric and (content or len(doc) > 10 or is_passive(root)):
        return None  # "No casualties were reported." names nobody
    found = _Found()
    _sort_speakers(reg, nxt, found, speakers_of(root), claim=True)
    _sources(reg, nxt, doc, found, claim=True)
    if not (found.claimants or found.reporters):
        return None
    if not anaphoric and not any(a.country or a.kind != "unknown" for a in found.claimants):
        return None
    found.mark(root.text)
    return found


def _own(reg: Speakers, idx: int, depth: int = 0) -> _Found:
    """The attribution of a whole sentence (its root), inheritance included up to `depth`."""
    key = (idx, depth)
    if key in reg.own:
        return reg.own[key]
    found = _Found()
    reg.own[key] = found  # guards against cycles
    doc = reg.doc(idx)
    if doc is not None and len(doc):
        root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
        if is_say(root) and lemma(root) not in SPEECH_ACT_WORDS:
            # "Another 13 were wounded, the monitor said": read what was said.
            root = next((c for c in root.children if c.dep_ in {"ccomp", "parataxis"}), root)
        found = _in_sentence(reg, idx, root, speech_act=lemma(root) in SPEECH_ACT_WORDS)
        if not found.claimants and not found.denied:
            speaker = _quote_speaker(reg, reg.offset(idx, root))
            if speaker is not None:
                found.claim(speaker)
        if not found.claimants and not found.alleged and depth > 0:
            inherited = _inherited(reg, idx, root, found, depth)
            for a in inherited:
                found.claim(a)
    reg.own[key] = found
    return found


# Adverbs by which a sentence adds to the account before it.
ADDING_WORDS = frozenset(("also", "further", "additionally", "likewise"))


def _same_side(a: list[Actor], b: list[Actor]) -> bool:
    sides = {(x.country, x.group()) for x in a if x.country}
    return bool(sides & {(x.country, x.group()) for x in b if x.country}) or bool(
        {x.name for x in a} & {x.name for x in b}
    )


def _anaphoric_subject(trigger: Token) -> bool:
    """The clause's subject points back at reported acts ("The breaches also included")."""
    verb = _clause_verb(trigger)
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in ANAPHORIC_HEADS:
            if any(d.lower_ in {"the", "these", "those", "such"} for d in c.children):
                return True
    return False


def _goes_on(trigger: Token) -> bool:
    """The clause adds to the account before it ("A drone also wounded a soldier")."""
    verb = _clause_verb(trigger)
    return any(c.dep_ == "advmod" and c.lower_ in ADDING_WORDS for c in verb.children)


def _inherited(reg: Speakers, idx: int, trigger: Token, found: _Found, depth: int) -> list[Actor]:
    """Claimants a sentence without its own attribution takes from the account before it."""
    if idx == 0 or found.speech_act:
        return []
    prev = _own(reg, idx - 1, depth - 1 if depth > 0 else 0)
    if not prev.claimants or prev.speech_act:
        return []
    if found.record or _anaphoric_subject(trigger) or _goes_on(trigger):
        return list(prev.claimants)
    if idx + 1 < len(reg.ctx.sentences):
        nxt = _own(reg, idx + 1)
        # The same side speaks before and after: the sentence between is its account.
        if nxt.claimants and _same_side(prev.claimants, nxt.claimants):
            return list(prev.claimants)
    return []


# --- the entry point ---------------------------------------------------------------------------


def attribute(
    ctx: ArticleContext,
    sentence_index: int,
    trigger: Token,
    *,
    sub_event_type: str | None = None,
) -> Attribution:
    """According to whom the event at `trigger` happened, through which outlets, how surely.

    `trigger` is a token of the parse of sentence `sentence_index` of `ctx`.
    `sub_event_type`, when given, says whether the event is a speech act itself
    (Accusation, Denial: asserted, claimed by its speaker) or an act that a speech
    verb trigger reports ("X accused Y of shelling" read as the shelling); without
    it, the trigger word decides.
    """
    reg = article_speakers(ctx)
    reg.docs.setdefault(sentence_index, trigger.doc)
    word = lemma(trigger)
    if sub_event_type is not None:
        speech_act = sub_event_type in SPEECH_ACT_TYPES
    else:
        speech_act = word in SPEECH_ACT_WORDS and trigger.pos_ in {"VERB", "NOUN"}
    found = _in_sentence(reg, sentence_index, trigger, speech_act)
    if not speech_act and (is_say(trigger) or word in SPEECH_ACT_WORDS):
        # An act whose trigger is the speech reporting it: the speaker claims it.
        _sort_speakers(reg, sentence_index, found, speakers_of(trigger), claim=True)
        found.mark(trigger.text)
        if word in DENY_VERBS:
            found.denied = True
    offset = reg.offset(sentence_index, trigger)
    if not found.claimants and not found.denied:
        speaker = _quote_speaker(reg, offset)
        if speaker is not None:
            found.claim(speaker)
            if not speech_act:
                found.mark('"')
    if not found.claimants and not speech_act:
        follow = _follow_up(reg, sentence_index)
        if follow is not None:
            for a in follow.claimants:
                found.claim(a)
            for r in follow.reporters:
                found.report(r)
            found.mark(follow.cue or "")
    if not (found.claimants or found.reporters or found.alleged or found.denied or speech_act):
        inherited = _inherited(reg, sentence_index, trigger, found, depth=2)
        for a in inherited:
            found.claim(a)
        if inherited:
            found.mark("(account)")
    if found.reporters and not found.claimants and not speech_act:
        for r in found.reporters:
            found.claim(_media_actor(reg, r))
        found.mark(found.reporters[0])
    return Attribution(
        claimants=tuple(found.claimants),
        reporters=tuple(found.reporters),
        status=_status(found),
        cue=found.cue,
    )


def _status(found: _Found) -> StatusName:
    if found.speech_act:
        return "asserted"
    if found.denied:
        return "denied"
    if found.modality is not None:
        return found.modality
    if found.alleged or found.claimants:
        return "alleged"
    return "asserted"
