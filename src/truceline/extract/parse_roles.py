"""Who did it and to whom, as the dependency parse around a trigger word tells it: the
agent and the patient of an act before any convention shapes them (`arguments.py` applies
ACLED's conventions to what this module reads).

Parse patterns (trigger in capitals):
- verb, active: "X SHELLED Y", "X ACCUSED Y of ...", "X OPENED fire on Y", "X CLASHED with Y"
- verb, passive: "Y was ATTACKED by X"; victims of "killed"/"wounded" are the patient
- noun: "Israeli AIRSTRIKES", "Houthi ATTACK", "Russia's SHELLING", "SHELLING by X",
  "ATTACK on Y", "CLASHES between X and Y", "CLASHES with Y"; the noun's verb gives the
  rest: "X launched an ATTACK", "STRIKES killed Y", "killed in an ATTACK by X"
- participles and conjoined verbs share the subject of the verb they hang on;
  "a bomb exploded, TARGETING a convoy" and "X were killed in a FIREFIGHT with Y" name
  the target and the attacker.
A noun phrase becomes an actor through `actors.resolve_actor`; "it", "they" and "its" stand
for the speaker of the sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from truceline.extract.actor_conventions import STATE_KINDS, is_armed, state_forces
from truceline.extract.actor_lexicon import named_actors
from truceline.extract.actors import resolve_actor
from truceline.extract.lexicon import lemmas
from truceline.extract.speakers import reduced_passive_accusation
from truceline.schemas import Actor


@dataclass(frozen=True, slots=True)
class Arg:
    actor: Actor
    span: tuple[int, int]


SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj", "iobj"}
MODIFIER_DEPS = {"amod", "npadvmod", "compound", "nmod", "advmod", "nummod"}
_MODIFIERS = {"amod", "compound", "nmod", "poss", "npadvmod"}
# Prepositions introducing the target of an attack, and the co-party of a clash.
_TARGET_PREPS = {"on", "against", "at", "upon", "targeting", "toward", "towards", "into"}
_WITH_PREPS = {"with"}
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_LOCATIVE = {"at", "into", "toward", "towards", "upon"}
# Heads of the noun phrase that are never actors.
_NOT_ACTOR_POS = {"PRON", "NUM", "DET"}
_REPORT_VERBS = lemmas("verbs_about_acts")  # "X condemned the attack": not its agent
_EVENT_NOUNS = lemmas("agentive_act_nouns")  # "Israeli breaches": the modifier did it
_CLAIM_NOUNS = lemmas("claim_nouns")
HARM_VERBS = lemmas("harm_verbs") | lemmas("damage_verbs")
_TARGET_VERBS = lemmas("targeting_verbs")
_UNDERGO_VERBS = lemmas("undergo_verbs")  # "two soldiers died": the subject undergoes it
# Verbs whose subject says what their clause tells: the speaker, not the agent.
SPEECH_VERBS = lemmas("speech_verbs") | lemmas("deny_verbs") | {"warn"}
REPROACH_VERBS = lemmas("reproach_verbs")
MUTUAL = lemmas("mutual_acts")


# --- phrases -----------------------------------------------------------------------------


def _phrase(tok: Token) -> Span:
    """The noun phrase headed by `tok`: modifiers, "of" phrases and appositions, without
    relative clauses, other prepositions and conjuncts (at any depth, except inside a
    name such as "Jammu and Kashmir Police")."""
    keep = [tok.i]
    for child in tok.children:
        dep = child.dep_
        if dep in {"relcl", "acl", "advcl", "conj", "cc", "punct", "prep", "agent", "preconj"}:
            if (
                dep == "prep"
                and child.lower_ in {"of", "from"}
                and child.i > tok.i
                and any(c.dep_ == "pobj" and c.tag_ != "VBG" for c in child.children)
            ):
                keep.extend(_without_conjuncts(child))
            continue
        keep.extend(_without_conjuncts(child))
    kept = set(keep)
    for child in tok.children:  # "villages Monday", "Friday members": a date is no part
        if child.ent_type_ in {"DATE", "TIME"} and child.dep_ in {"npadvmod", "compound"}:
            kept -= set(_without_conjuncts(child))
    return _trim(tok, kept)


# Tokens that end a noun phrase: "Aden - Houthi fighters", "villages: A, B", "(EFE).-".
_BOUNDARY = frozenset(":;|—–") | {"-", "--", ").-", ")-", ".-"}


def _trim(tok: Token, kept: set[int]) -> Span:
    """The words from the first to the last of `kept` around the head `tok`, never across
    a colon, dash or dateline, and without dates, prepositions or punctuation at its
    edges ("villages on Monday: A" -> "villages", "Friday members of X" -> "members of
    X")."""
    doc = tok.doc
    lo, hi = min(kept | {tok.i}), max(kept | {tok.i})

    def boundary(k: int) -> bool:
        t = doc[k]
        if t.text not in _BOUNDARY:
            return False
        # "non-local", "pro-government": a hyphen inside a word is no boundary
        return t.text != "-" or bool(t.whitespace_) or (k > 0 and bool(doc[k - 1].whitespace_))

    for k in range(tok.i - 1, lo - 1, -1):
        if boundary(k):
            lo = k + 1
            break
    for k in range(tok.i + 1, hi + 1):
        if boundary(k):
            hi = k - 1
            break

    def edge(t: Token) -> bool:
        return t.i != tok.i and (
            t.is_punct or t.ent_type_ in {"DATE", "TIME"} or t.pos_ in {"ADP", "CCONJ"}
        )

    while lo < tok.i and edge(doc[lo]):
        lo += 1
    while hi > tok.i and edge(doc[hi]):
        hi -= 1
    return doc[lo : hi + 1]


def _without_conjuncts(tok: Token) -> list[int]:
    out = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t.i)
        for c in t.children:
            if c.dep_ in {"conj", "cc"} and not (c.ent_iob_ == "I"):
                continue
            stack.append(c)
    return out


def _resolve(tok: Token | None, ctx: ParseContext) -> Arg | None:
    if tok is not None and tok.lower_ in {"it", "they", "we"} and tok.dep_ in SUBJ:
        return _speaker_of(tok, ctx)  # "Hezbollah said it fired rockets": the speaker
    if tok is None or (tok.pos_ in _NOT_ACTOR_POS and tok.lower_ not in {"two", "three"}):
        return None
    span = _phrase(tok)
    doc = tok.doc
    if span.start > 0 and _ACRONYM.fullmatch(doc[span.start - 1].text):
        # "IS snipers" with "IS" misread as a verb: the acronym belongs to the phrase.
        if named_actors(doc[span.start - 1].text):
            span = doc[span.start - 1 : span.end]
    actor = ctx.actor(span.text)
    if actor is None and tok.ent_type_ and tok.ent_iob_ != "O":
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            span = ent
            actor = ctx.actor(ent.text)
    owner = _pronoun_owner(tok, ctx)
    if owner is not None and (actor is None or not actor.country or actor.kind in STATE_KINDS):
        # "shelled its positions", "firing on its soldiers": the speaker's own, named by
        # the speaker's name ("its positions" names no one)
        if owner.kind == "government" and actor is not None and actor.kind == "state_forces":
            actor = state_forces(owner.country)  # a ministry's "positions": its forces
        else:
            actor = owner
    if actor is None:
        if tok.pos_ == "NOUN" and tok.dep_ in SUBJ | PASS_SUBJ | OBJ:
            # "violations by Ukrainian troops", "Israeli breaches": an event noun names
            # its agent.
            inner = _agent(tok)
            if inner is not None and inner is not tok:
                return _resolve(inner, ctx)
            if tok.lemma_.lower() not in _EVENT_NOUNS:
                return None
            for mod in sorted(children(tok, _MODIFIERS), key=lambda t: t.i):
                arg = _resolve_modifier(mod, ctx)
                if arg is not None:
                    return arg
        return None
    if actor.kind == "person" and tok.ent_type_ != "PERSON":
        return None  # capitalised words that are not a person's name ("Lake Rweru")
    return Arg(actor, (span.start, span.end))


_CREDIT = frozenset({"responsibility", "credit"})  # "claimed responsibility for the attack"


def _claimed_by(noun: Token, ctx: ParseContext) -> Arg | None:
    """Who claimed the act: "X claimed responsibility for the attack", "X claimed the
    bombing" (whoever claims an act is its author, as ACLED codes it)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in _CREDIT:
        head = head.head.head  # "claimed responsibility for": the verb
    elif noun.dep_ != "dobj":
        return None
    if head.lemma_.lower() not in {"claim", "accept", "take"} or head.pos_ != "VERB":
        return None
    if head.lemma_.lower() != "claim" and not any(
        c.lemma_.lower() in _CREDIT for c in head.children
    ):
        return None
    subj, passive = _subject(head)
    return _resolve(_agent(head) if passive else subj, ctx)


def _speaker_of(pronoun: Token, ctx: ParseContext) -> Arg | None:
    """The side a subject pronoun stands for in a clause someone reports of itself: the
    subject of the nearest verb of saying above it ("the army said it repelled ...", "the
    rebels said they took ..."; "they" after one speaker is someone else). A verb of
    saying the pronoun is itself the subject of ("in what it called a breach") passes the
    question to the one above it."""
    for anc in pronoun.ancestors:
        if anc.pos_ in {"VERB", "AUX"} and anc.lemma_.lower() in SPEECH_VERBS:
            subj = next(children(anc, SUBJ), None)
            if subj is not None and subj.i == pronoun.i:
                continue  # "..., in what it called a breach, X said": X's "it"
            if subj is None or subj.pos_ == "PRON":
                return None
            if pronoun.lower_ == "they" and subj.tag_ not in {"NNS", "NNPS"}:
                return None  # "the spokesman said they were shelling": the other side
            return _resolve(subj, ctx)
    return None


def _pronoun_owner(tok: Token, ctx: ParseContext) -> Actor | None:
    """Whose "its"/"their" is: the speaker of the sentence (the subject of the verb of
    saying the phrase depends on), as in "the TNLA said the junta shelled its positions"."""
    if not any(c.dep_ == "poss" and c.lower_ in {"its", "their", "our"} for c in tok.children):
        return None
    for anc in tok.ancestors:
        if anc.pos_ in {"VERB", "AUX"} and anc.lemma_.lower() in SPEECH_VERBS:
            subj = next(children(anc, SUBJ), None)
            if subj is not None and subj.i != tok.i:
                span = _phrase(subj)
                return ctx.actor(span.text)
    return None


def coordinated(tok: Token, ctx: ParseContext) -> Arg | None:
    """The second party inside a coordinated phrase: "GNA and LNA forces", "Burundian
    and Rwandan soldiers", "forces of India and Pakistan", "X and Y"."""
    for conj in tok.conjuncts:
        if conj.pos_ in {"NOUN", "PROPN"}:
            arg = _resolve(conj, ctx)
            if arg is not None:
                return arg
    for mod in tok.children:
        if mod.dep_ in {"amod", "compound", "nmod", "poss"} and mod.i < tok.i:
            for conj in mod.conjuncts:
                if conj.i < tok.i:
                    actor = ctx.actor(f"{conj.text} {tok.text}")
                    if actor is not None:
                        return Arg(actor, (conj.i, conj.i + 1))
        if mod.dep_ == "prep" and mod.lower_ == "of":
            for obj in mod.children:
                for conj in obj.conjuncts:
                    actor = ctx.actor(f"{tok.text} of {conj.text}")
                    if actor is not None:
                        return Arg(actor, (conj.i, conj.i + 1))
    return None


@dataclass(frozen=True, slots=True)
class ParseContext:
    default_country: str | None
    countries: Counter[str] | None

    def actor(self, text: str) -> Actor | None:
        """The actor a phrase names, read with the event's country and the text's."""
        return resolve_actor(text, default_country=self.default_country, countries=self.countries)


# --- the parse around a trigger ---------------------------------------------------------


def children(tok: Token, deps: set[str]) -> Iterator[Token]:
    return (c for c in tok.children if c.dep_ in deps)


def _pobjs(tok: Token, preps: set[str]) -> Iterator[Token]:
    for child in tok.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    yield obj


def _agent(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            obj = next((o for o in child.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject, is_passive) of a verb, climbing through conjoined and dependent verbs."""
    seen, via = 0, ""
    while verb is not None and seen < 4:
        subj = next(children(verb, SUBJ), None)
        if subj is not None:
            return subj, False
        subj = next(children(verb, PASS_SUBJ), None)
        if subj is not None:
            # "X was shot and killed": a conjoined verb shares the passive; "X claimed to
            # have attacked" (often misparsed as passive) does not.
            return subj, seen == 0 or via == "conj"
        if verb.dep_ == "pcomp" and verb.head.lower_ in {"of", "for"}:
            # "X accused Y of shelling", "blamed Y for attacking": Y did it.
            accuser = verb.head.head
            obj = next(children(accuser, OBJ), None)
            if obj is not None and obj.i < verb.i:
                return obj, False
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
            break  # "X said that Y ...": X is the speaker, not Y's agent
        if reported_before(verb):
            break  # "shelling damaged houses, the governor said": he reports it
        if (
            verb.dep_ in {"conj", "xcomp", "advcl", "acl", "ccomp", "pcomp"}
            and verb.head is not verb
        ):
            if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
                # "militants using drones": the noun the participle hangs on is the agent.
                return verb.head, False
            via = verb.dep_
            verb = verb.head
            if verb.pos_ == "ADP" and verb.dep_ == "prep":
                verb = verb.head  # "violating the truce by resorting to shelling"
            seen += 1
            continue
        break
    return None, False


def _between(tok: Token) -> tuple[Token | None, Token | None]:
    for obj in _pobjs(tok, {"between", "among", "amongst"}):
        others = [c for c in obj.conjuncts if c.pos_ in {"NOUN", "PROPN"}]
        if not others:
            # "between members of X and Y": the conjunct hangs lower in the phrase.
            others = [t for t in obj.subtree if t.dep_ == "conj" and t.pos_ in {"NOUN", "PROPN"}]
        return obj, (others[0] if others else None)
    return None, None


def reported_before(verb: Token) -> bool:
    """A clause told before the verb of saying that reports it, parsed as hanging on it
    without a conjunction ("shelling damaged houses, the governor said", misread as an
    adverbial clause): its agent is not the speaker. "After shelling the town, the army
    said" has its preposition and keeps the speaker as the agent."""
    head = verb.head
    return (
        verb.dep_ in {"advcl", "parataxis"}
        and head is not verb
        and verb.i < head.i
        and head.lemma_.lower() in SPEECH_VERBS
        and not any(c.dep_ == "mark" for c in verb.children)
        and not (verb.i > 0 and verb.doc[verb.i - 1].pos_ == "ADP")
        # a subject before the clause is the clause's own, misparsed onto the verb of
        # saying ("members of X, stationed in A, fired at B, the ministry reported")
        and not any(c.dep_ in SUBJ and c.i < verb.i for c in head.children)
    )


def _verb_args(verb: Token, ctx: ParseContext) -> tuple[Arg | None, Arg | None]:
    a1 = a2 = None
    subj, passive = _subject(verb)
    agent = _agent(verb)
    if passive or verb.lemma_.lower() in _UNDERGO_VERBS:
        a1 = _resolve(agent, ctx)
        a2 = _resolve(subj, ctx)
    else:
        a1 = _resolve(subj, ctx)
        for obj in children(verb, OBJ):
            a2 = _resolve(obj, ctx)
            if a2 is not None:
                break
            if obj.lemma_.lower() in _CLAIM_NOUNS:
                # "dismissed Armenian media reports": whose claim is denied.
                a2 = _claim_source(obj, ctx)
                if a2 is not None:
                    break
            # "fired shells at Y": the object is the weapon, its target the patient.
            a2 = _first(_pobjs(obj, _TARGET_PREPS), ctx) or _acl_target(obj, ctx)
            if a2 is not None:
                break
        if a1 is None and agent is not None:
            a1 = _resolve(agent, ctx)
    if a2 is None:
        a2 = _first_target(verb, ctx)
    if a2 is None and verb.lemma_.lower() in SPEECH_VERBS:
        # "X said that Y violated the truce": the accused is the reported clause's subject.
        for clause in children(verb, {"ccomp", "xcomp"}):
            inner, inner_passive = _subject(clause)
            a2 = _resolve(_agent(clause) if inner_passive else inner, ctx)
            if a2 is not None:
                break
    x, y = _between(verb)
    if x is not None:
        a1 = a1 or _resolve(x, ctx)
        a2 = a2 or _resolve(y, ctx)
    return a1, a2


def clause_target(verb: Token, ctx: ParseContext) -> Arg | None:
    """The target named by a participle after the act: "a bomb exploded, targeting a
    convoy", "militants attacked the town, killing two soldiers"."""
    for clause in children(verb, {"advcl", "xcomp", "conj"}):
        if clause.i > verb.i and clause.lemma_.lower() in _TARGET_VERBS:
            arg = _first(children(clause, OBJ), ctx) or _first(_pobjs(clause, _TARGET_PREPS), ctx)
            if arg is not None:
                return arg
    return None


def _premodifiers(noun: Token, ctx: ParseContext) -> Arg | None:
    """All the words before an event noun read together as its agent: "Saudi-led
    coalition airstrikes", "Afghan military airstrikes"."""
    mods = [c for c in noun.children if c.i < noun.i and c.dep_ in _MODIFIERS | {"amod"}]
    if len(mods) < 2 and not any(m.left_edge.i < m.i for m in mods):
        return None  # one word: read by _resolve_modifier
    start = min(m.left_edge.i for m in mods)
    while start < noun.i and noun.doc[start].pos_ in {"DET", "NUM", "ADV"}:
        start += 1
    if start >= noun.i:
        return None
    span = noun.doc[start : noun.i]
    actor = ctx.actor(span.text)
    if actor is None or actor.kind in {"civilians", "person", "unknown", "media", "ngo"}:
        return None
    return Arg(actor, (span.start, span.end))


def _claim_source(noun: Token, ctx: ParseContext) -> Arg | None:
    """Who made a claim: "Armenian media reports", "Kyiv's allegations", "claims by X"."""
    for mod in sorted(children(noun, _MODIFIERS), key=lambda t: t.i):
        if mod.i < noun.i:
            span = noun.doc[mod.left_edge.i : mod.i + 1]
            actor = ctx.actor(span.text)
            if actor is not None:
                return Arg(actor, (span.start, span.end))
    return _first(_pobjs(noun, {"by", "from", "of"}), ctx)


def _first_target(verb: Token, ctx: ParseContext) -> Arg | None:
    """The target or co-party after a preposition ("fired on X", "clashed with X"); a
    name after "at" ("clashed at Mashru Al Hadba") is a place, not a person."""
    for obj in _pobjs(verb, _TARGET_PREPS | _WITH_PREPS):
        arg = _resolve(obj, ctx)
        if arg is None:
            continue
        if obj.head.lower_ in _LOCATIVE and (
            arg.actor.kind == "person" or verb.lemma_.lower() in MUTUAL
        ):
            continue  # "clashed at the market": where, not with whom
        return arg
    return None


def _first(tokens: Iterator[Token], ctx: ParseContext) -> Arg | None:
    for tok in tokens:
        arg = _resolve(tok, ctx)
        if arg is not None:
            return arg
    return None


def _acl_target(noun: Token, ctx: ParseContext) -> Arg | None:
    """ "shelling targeting homes", "strikes hitting the base": the participle's object."""
    for acl in children(noun, {"acl"}):
        arg = _first(children(acl, OBJ), ctx) or _first(_pobjs(acl, _TARGET_PREPS), ctx)
        if arg is not None:
            return arg
    return None


def _noun_args(noun: Token, ctx: ParseContext) -> tuple[Arg | None, Arg | None]:
    a1 = a2 = None
    co_party = False  # a2 is the "with" party of a clash noun
    if noun.dep_ in {"compound", "amod"} and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
        noun = noun.head  # "artillery shelling", "drone attack": the phrase's head
    x, y = _between(noun)
    if x is not None:
        a1, a2 = _resolve(x, ctx), _resolve(y, ctx)
    agent = _agent(noun)
    if agent is not None:
        a1 = _resolve(agent, ctx) or a1
    if a1 is None:
        # "came under attack from separatist forces", "fire from the Armenian side"
        origin = _first(_pobjs(noun, {"from"}), ctx)
        if origin is not None and is_armed(origin.actor):
            a1 = origin
    if a1 is None:
        a1 = _premodifiers(noun, ctx)
    if a1 is None:
        a1 = _claimed_by(noun, ctx)
    if a1 is None:
        for mod in sorted(children(noun, _MODIFIERS), key=lambda t: t.i):
            arg = _resolve_modifier(mod, ctx)
            if arg is not None:
                a1 = arg
                break
    if a2 is None:
        for obj in _pobjs(noun, _TARGET_PREPS | _WITH_PREPS | {"of"}):
            arg = _resolve(obj, ctx)
            if arg is not None and (obj.head.lower_ != "of" or arg.actor.kind == "civilians"):
                a2 = arg
                co_party = obj.head.lower_ in _WITH_PREPS
                break
    if a2 is None:
        a2 = _acl_target(noun, ctx)
    # The verb the noun hangs on: "X launched an attack", "strikes killed Y".
    head = noun.head
    if noun.dep_ in OBJ and head.pos_ in {"VERB", "AUX"}:
        if a1 is None and head.lemma_.lower() not in _REPORT_VERBS:
            subj, passive = _subject(head)
            a1 = _resolve(_agent(head) if passive else subj, ctx)
        if a2 is None:
            for obj in _pobjs(head, _TARGET_PREPS | _WITH_PREPS):
                a2 = _resolve(obj, ctx)
                if a2 is not None:
                    break
        if a1 is not None and a2 is None:
            x, y = _between(head)
            if x is not None:
                a2 = _resolve(y, ctx)
    elif noun.dep_ in SUBJ and head.pos_ in {"VERB", "AUX"}:
        if a2 is None:
            for obj in children(head, OBJ):
                a2 = _resolve(obj, ctx)
                if a2 is not None:
                    break
        if a2 is None:
            for obj in _pobjs(head, _TARGET_PREPS | _WITH_PREPS):
                a2 = _resolve(obj, ctx)
                if a2 is not None:
                    break
        if a2 is None:
            a2 = clause_target(head, ctx)  # "a landmine detonated, wounding a soldier"
        x, y = _between(head)
        if x is not None and a1 is None:
            a1, a2 = _resolve(x, ctx), a2 or _resolve(y, ctx)
    elif (
        noun.dep_ == "pobj" and head.dep_ in {"prep", "agent"} and head.head.pos_ in {"VERB", "AUX"}
    ):
        verb = head.head
        subj, passive = _subject(verb)
        lemma = verb.lemma_.lower()
        if head.dep_ == "agent":
            passive = True  # "killed by airstrikes"
        if passive or lemma in _UNDERGO_VERBS:
            if a2 is not None and a1 is None and co_party:
                # "a guard died in a shoot-out with raiders": the raiders did it.
                victims = _resolve(subj, ctx)
                if victims is not None and victims.actor != a2.actor:
                    a1, a2 = a2, victims
            if a2 is None:
                a2 = _resolve(subj, ctx)  # "two soldiers were killed in the attack"
            if a2 is None and verb.dep_ == "conj":
                # "eight militants were killed and six wounded by strikes"
                a2 = _resolve(_subject(verb.head)[0], ctx)
        else:
            if a2 is None and lemma in HARM_VERBS:
                a2 = _resolve(next(children(verb, OBJ), None), ctx)
            if a1 is None and lemma not in {"be", "occur", "happen", "take"} | _REPORT_VERBS:
                # "militants killed an officer by sniper fire", "X took part in the attack"
                a1 = _resolve(subj, ctx)
        if a1 is None and _agent(verb) is not None:
            a1 = _resolve(_agent(verb), ctx)
    return a1, a2


def _speech_verb(trigger: Token) -> Token | None:
    """The verb of saying an accusation hangs on: the trigger itself or an ancestor (a
    verb of reproach too: "slammed the raid as a breach of the truce")."""
    if trigger.lemma_.lower() in SPEECH_VERBS:
        return trigger
    for anc in trigger.ancestors:
        if anc.pos_ in {"VERB", "AUX"} and (
            anc.lemma_.lower() in SPEECH_VERBS or anc.lemma_.lower() in REPROACH_VERBS
        ):
            return anc
    return None


def _according_to(sent: Span, ctx: ParseContext) -> Arg | None:
    """ "according to X": X asserts what the sentence says."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            return _first((c for c in tok.nbor().children if c.dep_ == "pobj"), ctx)
    return None


def speech_args(
    trigger: Token, ctx: ParseContext, a1: Arg | None, a2: Arg | None
) -> tuple[Arg | None, Arg | None]:
    """An accusation or denial: the speaker is actor1; the accused (or the one whose
    claim is denied) is actor2. When the trigger is the act itself ("firing by Indian
    troops, said the ISPR"), its agent is the accused."""
    verb = _speech_verb(trigger)
    if verb is trigger and reduced_passive_accusation(trigger):
        # "Myanmar junta accused of breaking truce": the junta is the accused
        return _according_to(trigger.sent, ctx), a2 or a1
    if verb is None or verb is trigger:
        speaker = _according_to(trigger.sent, ctx) if a1 is None else None
        return (a1 or speaker), a2
    subj, passive = _subject(verb)
    speaker = _resolve(_agent(verb) if passive else subj, ctx) or _according_to(trigger.sent, ctx)
    if speaker is None:  # a speaker named only here ("Surname said"): who, attribution says
        return (None, a1 or a2) if subj is not None and not passive else (a1, a2)
    accused = a1 if a1 is not None and a1.actor != speaker.actor else a2
    return speaker, accused


def _resolve_modifier(mod: Token, ctx: ParseContext) -> Arg | None:
    """A pre-modifier of the event noun as its agent: "Israeli", "Houthi", "Russia's"."""
    if mod.i > mod.head.i or mod.pos_ not in {"ADJ", "PROPN", "NOUN"}:
        return None
    span = mod.doc[mod.left_edge.i : mod.i + 1]
    if mod.dep_ == "poss":
        span = mod.doc[mod.left_edge.i : mod.i + 1]
    text = span.text
    actor = ctx.actor(text)
    if actor is None or actor.kind in {"civilians", "person", "unknown", "media", "ngo"}:
        return None
    return Arg(actor, (span.start, span.end))


def parse_args(trigger: Token, ctx: ParseContext) -> tuple[Arg | None, Arg | None]:
    if trigger.pos_ in {"VERB", "AUX"} or (trigger.tag_.startswith("VB")):
        a1, a2 = _verb_args(trigger, ctx)
        head = trigger.head
        if a2 is None and trigger.dep_ == "advcl" and head.lemma_.lower() in HARM_VERBS:
            # "a militiaman was killed when troops shelled the area": the victim.
            subj, passive = _subject(head)
            victim = subj if passive or head.lemma_.lower() in _UNDERGO_VERBS else None
            a2 = _resolve(victim or next(children(head, OBJ), None), ctx)
        if a1 is None and a2 is None and trigger.dep_ == "amod":
            return _noun_args(trigger.head, ctx)
        return a1, a2
    return _noun_args(trigger, ctx)
