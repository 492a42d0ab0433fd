"""Who speaks in an article: speech verbs, speaker phrases and what they refer to.

Shared by attribution (claimants) and quotes (speakers). `speakers_of(verb)` reads
the parse for who speaks through a speech verb or noun ("X said", "X told Y",
"X quoted him", "reports by X", "information spread in X media"). `Speakers`
(one per article, built once by `article_speakers`) keeps the parse of every
sentence that may name a speaker and the speaker mentions met so far, so that
"he", "the ministry", "the group" and "Goble" resolve to the fuller mention
before them.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.attrs import LOWER, POS
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Token

from truceline.countries import countries_in_text
from truceline.extract.actors import resolve_actor
from truceline.extract.context import ArticleContext
from truceline.extract.lexicon import lemmas
from truceline.extract.nlp import load_pipeline
from truceline.geo.locations import countries_of_places, resolve_location
from truceline.schemas import Actor

if TYPE_CHECKING:
    from truceline.schemas import Quote

log = logging.getLogger(__name__)

# --- the lexicon ----------------------------------------------------------------------

# Verbs (lemmas) through which someone claims something.
SAY_VERBS = lemmas("speech_verbs")
# Speech acts that are events of their own (Accusation, Denial).
ACCUSE_VERBS = lemmas("accuse_verbs")
DENY_VERBS = lemmas("deny_verbs")
SPEECH_NOUNS = frozenset(
    "report claim allegation accusation statement account rumour rumor assertion "
    "information news footage video videos image images photo photos picture pictures "
    "evidence recording data figures tally toll".split()
)
# Nouns naming a statement rather than who made it ("the statement said").
DOCUMENT_WORDS = frozenset(
    "statement communique communiqué release report post message letter note document "
    "announcement bulletin tweet".split()
)
# Verbs that say something was found, by whom if anyone ("violations were recorded").
RECORD_VERBS = frozenset("record register document observe count log".split())
# Verbs whose subject is the author of a statement, report or footage they take.
PRODUCE_VERBS = frozenset(
    "provide release issue publish post share show present make level file circulate "
    "distribute air broadcast exchange trade hurl".split()
)
# Verbs that only count as speech with content (not "provided aid", "called for talks").
WEAK_SAY = frozenset("show provide release issue spread circulate call list".split())
PERSON_WORDS = frozenset(
    "spokesman spokeswoman spokesperson official officials minister president governor "
    "commander general colonel major captain lieutenant chief head leader director "
    "adviser advisor envoy ambassador secretary mayor source sources witness witnesses "
    "resident residents analyst expert officer representative deputy aide assistant "
    "premier chairman member lawmaker senator medic medics doctor doctors paramedics "
    "rescuers nurses".split()
)
GROUP_WORDS = frozenset(
    "group organisation organization movement militia alliance coalition faction "
    "rebels insurgents fighters militants army military ministry government forces "
    "authorities agency office service command monitor observatory mission council "
    "committee department administration police".split()
)
ARMED_GROUP_WORDS = frozenset(
    "group movement militia alliance faction organisation organization rebels insurgents "
    "fighters militants".split()
)
PERSON_PRONOUNS = frozenset("he she him her his".split())
PRONOUNS = PERSON_PRONOUNS | frozenset("they them it its their".split())
DEMONSTRATIVES = frozenset("this that these those which".split())
SUBJECT_DEPS = frozenset("nsubj nsubjpass csubj csubjpass expl".split())
_FOREIGN = re.compile(r"\b(foreign|international|western|UN|U\.N\.|diplomat|diplomatic)\b")
_STATELESS = frozenset({"igo", "external_forces", "media"})
_FORMER = re.compile(r"\b(former|ex-|retired|onetime|one-time|erstwhile)", re.I)
# Offices of a place: their holder belongs to the country of the places told; so do those
# who speak from where the act happened (medics, hospitals, rescuers, residents), whatever
# army the sentence names.
_LOCAL_OFFICE = re.compile(
    r"\b(council|mayor|governor|administration|regional|municipal|provincial|district|"
    r"village head|local authorities|local official|medical|medics?|doctors?|paramedics?|"
    r"hospitals?|rescuers?|civil defen[cs]e|residents?|villagers?)\b",
    re.I,
)
_STATE_WORDS = re.compile(
    r"\b(defen[cs]e|army|military|ministry|government|police|interior|security)\b", re.I
)
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "spoke": "speak", "spoken": "speak", "shown": "show", "showed": "show",
    "sought": "seek", "set": "set",
}  # fmt: skip


def lemma(tok: Token) -> str:
    """The token's lemma, lower-cased (a rough one when the pipeline has no lemmatizer)."""
    if tok.lemma_:
        return tok.lemma_.lower()
    low = tok.lower_
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    for suffix in ("ies", "ied", "ing", "ed", "es", "s", "d"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            for cand in (stem + "y", stem, stem + "e", stem[:-1]):
                if cand in _KNOWN:
                    return cand
    return low


_CIVIL_BODIES = frozenset(("ngo", "igo", "media"))
# Verbs by which one side reproaches another ("condemned", "slammed"): a speaker's verbs.
REPROACH_VERBS = lemmas("reproach_verbs")
_KNOWN = SAY_VERBS | DENY_VERBS | SPEECH_NOUNS | RECORD_VERBS | {"speak", "denial"}


def is_say(tok: Token) -> bool:
    """A verb through which someone claims what its complement says."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    lem = lemma(tok)
    if lem not in SAY_VERBS:
        return False
    if lem == "call" and any(c.dep_ == "prep" and c.lower_ in {"on", "for"} for c in tok.children):
        return False  # "called for a truce", "calls on all sides": a request
    if lem in WEAK_SAY and lem != "call":
        return any(lemma(c) in SPEECH_NOUNS or c.dep_ == "ccomp" for c in tok.children)
    return True


# --- noun phrases -----------------------------------------------------------------------

_NP_SKIP = frozenset("relcl acl advcl ccomp conj cc parataxis".split())
_NP_PREP_SKIP = frozenset("on in at during after since before earlier".split())


_DATELINE_DASH = frozenset(("-", "--", "—", "–", ").-", ".-", ")-"))
# A token the tokenizer kept whole with the dash that ends a dateline ("(AFP).-").
_GLUED_DASH = re.compile(r".*[).][-–—]+")


def is_dateline_dash(tok: Token) -> bool:
    """The dash that ends a dateline ("Aden -", "(EFE).-", "AFP).—"): what comes before it
    is where and through whom the report was filed, no part of the phrase after it."""
    return tok.text in _DATELINE_DASH or bool(_GLUED_DASH.fullmatch(tok.text))


def text_of(tokens: list[Token]) -> str:
    out = "".join(t.text_with_ws for t in tokens).strip()
    return out.strip(" ,;:-\"'")


def head_of(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


def mention_tokens(head: Token) -> list[Token]:
    """The noun phrase headed by `head`, without clauses or coordinated siblings."""
    out: list[Token] = []

    def visit(t: Token) -> None:
        out.append(t)
        for c in t.children:
            if c.dep_ in _NP_SKIP:
                continue
            if c.dep_ == "prep" and c.lower_ in _NP_PREP_SKIP and t.i == head.i:
                continue
            visit(c)

    visit(head)
    out.sort(key=lambda t: t.i)
    # "Aden - Houthi officials", "(EFE).- Thailand": a dateline before a dash is no part
    cut = [k for k, t in enumerate(out) if t.i < head.i and is_dateline_dash(t)]
    if cut:
        out = out[cut[-1] + 1 :]
    while out and (out[0].is_punct or out[0].lower_ in {"and", "but"}):
        out.pop(0)
    while out and out[-1].is_punct:
        out.pop()
    return out


def conjuncts(head: Token) -> list[Token]:
    """`head` and the noun phrases coordinated with it ("Armenia and Azerbaijan")."""
    out = [head]
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON"}:
            out.extend(conjuncts(c))
    return out


def objects_of(prep: Token) -> list[Token]:
    out: list[Token] = []
    for c in prep.children:
        if c.dep_ == "pobj":
            out.extend(conjuncts(c))
    return out


def next_is(tok: Token, word: str) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == word


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


# --- who speaks through a verb or noun ----------------------------------------------------

SPEAKER, RELAY = "speaker", "relay"


def speakers_of(word: Token) -> list[tuple[Token, str]]:
    """Heads of who speaks through `word` (a speech verb or noun), each with a role.

    `RELAY` marks the party passing the speech on ("X quoted him", "told X", "in an
    interview with X"): an outlet there is a reporter, not a claimant.
    """
    if word.pos_ in {"NOUN", "PROPN"}:
        return _noun_speakers(word)
    lem = lemma(word)
    out: list[tuple[Token, str]] = []
    kids = list(word.children)
    passive = is_passive(word)
    if lem in {"quote", "cite"}:
        for c in kids:
            if c.dep_ == "nsubj" and c.lower_ not in DEMONSTRATIVES:
                out.extend((h, RELAY) for h in conjuncts(c))
            if c.dep_ in {"dobj", "nsubjpass"} and c.lower_ not in DEMONSTRATIVES:
                out.extend((h, SPEAKER) for h in conjuncts(c))
            if c.dep_ == "agent":
                out.extend((h, RELAY) for h in objects_of(c))
        return out
    subject = None if reduced_passive_accusation(word) else speaker_subject(word)
    for c in [subject] if subject is not None else []:
        if lemma(c) in SPEECH_NOUNS and c.lower_ not in DOCUMENT_WORDS:
            # "information spread in Armenian media": who spread it is in the preposition.
            continue
        out.extend((h, SPEAKER) for h in conjuncts(c))
    for c in kids:
        if c.dep_ == "agent" and passive:
            out.extend((h, SPEAKER) for h in objects_of(c))
        if lem == "tell" and c.dep_ in {"dobj", "dative"}:
            out.extend((h, RELAY) for h in conjuncts(c))
        if (
            c.dep_ == "prep"
            and c.lower_ in {"to", "with"}
            and lem in {"say", "speak", "tell", "confirm", "talk"}
        ):
            out.extend((h, RELAY) for h in objects_of(c))
        if (
            c.dep_ == "prep"
            and c.lower_ in {"in", "on"}
            and lem in {"spread", "circulate", "publish"}
        ):
            out.extend((h, SPEAKER) for h in objects_of(c) if _media_like(h))
        if c.dep_ == "prep" and c.lower_ == "in":
            for p in objects_of(c):
                for pp in p.children:
                    if pp.dep_ == "prep" and pp.lower_ in {"with", "to"}:
                        out.extend((h, RELAY) for h in objects_of(pp))
    if any(r == SPEAKER for _, r in out) or passive or reduced_passive_accusation(word):
        return out
    orphan = _orphan_subject(word)
    if orphan is not None:
        return [*out, (orphan, SPEAKER)]
    return out + _inherited_speakers(word)


def reduced_passive_accusation(verb: Token) -> bool:
    """ACCUSE/BLAME with no object and "of"/"for" right after: "X accused of Y" (a
    headline's or an apposition's passive; the active verb always takes whom it
    accuses). X is the accused, not the accuser."""
    if lemma(verb) not in {"accuse", "blame"} or verb.tag_ not in {"VBN", "VBD"}:
        return False
    if any(c.dep_ in {"dobj", "nsubjpass", "auxpass"} for c in verb.children):
        return False
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.lower_ in {"of", "for"}


def _orphan_subject(verb: Token) -> Token | None:
    """The speaker the parser hung elsewhere: "<content> in Idlib, the Observatory said"
    read with "the Observatory" as an apposition of "Idlib"."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and doc[j].pos_ in {"ADV", "AUX", "PART"}:
        j -= 1
    if j < 0:
        return None
    t = doc[j]
    for _ in range(6):
        if t.pos_ in {"NOUN", "PROPN"} and t.dep_ in {"appos", "conj", "npadvmod", "dobj"}:
            start = min(x.i for x in t.subtree)
            if start > 0 and doc[start - 1].text == "," and t.head.i < t.i:
                return t
        if t.head.i == t.i or t.head.i > verb.i:
            return None
        t = t.head
    return None


_MEDIA_WORDS = frozenset(
    "media press newspaper newspapers outlets outlet channels channel television websites "
    "website accounts account networks".split()
)


def _media_like(tok: Token) -> bool:
    """'spread in Armenian media', 'published on its website', 'issued by the agency'."""
    return tok.lower_ in _MEDIA_WORDS or tok.ent_type_ == "ORG"


def speaker_subject(verb: Token) -> Token | None:
    """The subject of a speech verb; of two (a misparse), the one nearest the verb.

    "<content>, the ministry reported" and "X said Y killed Z" with Z hung on "said"
    both put the speaker next to its verb.
    """
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in DEMONSTRATIVES]
    return min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None


def _inherited_speakers(verb: Token) -> list[tuple[Token, str]]:
    """A speech verb with no subject of its own ("..., calling it a violation")."""
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        noun = verb.head
        if lemma(noun) in SPEECH_NOUNS:
            return speakers_of(noun)
        return [(noun, SPEAKER)]
    if verb.dep_ not in {"advcl", "xcomp", "conj", "pcomp", "ccomp"}:
        return []
    # The nearest speech verb above speaks for it; else the verb it hangs on.
    for anc in verb.ancestors:
        if anc.pos_ in {"VERB", "AUX"} and is_say(anc):
            return [(h, r) for h, r in speakers_of(anc) if r == SPEAKER]
    head = verb.head
    if head.dep_ == "prep":
        head = head.head
    if head.pos_ in {"VERB", "AUX"}:
        return [
            (h, SPEAKER)
            for c in head.children
            if c.dep_ == "nsubj" and c.lower_ not in DEMONSTRATIVES
            for h in conjuncts(c)
        ]
    return []


def _noun_speakers(noun: Token) -> list[tuple[Token, str]]:
    """Who made a statement, report or claim: 'X's claim', 'reports by X', 'X media reports'."""
    out: list[tuple[Token, str]] = []
    for c in noun.children:
        if c.dep_ == "poss" and c.lower_ not in PRONOUNS:
            out.extend((h, SPEAKER) for h in conjuncts(c))
        if c.dep_ == "prep" and c.lower_ in {"by", "from"}:
            out.extend((h, SPEAKER) for h in objects_of(c))
        if c.dep_ == "acl" and lemma(c) in {"spread", "circulate", "publish", "issue", "release"}:
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ in {"in", "by", "on"}:
                    out.extend((h, SPEAKER) for h in objects_of(p) if _media_like(h))
    if out:
        return out
    mods = [
        c
        for c in noun.children
        if c.dep_ == "compound" and (c.ent_type_ or c.pos_ == "PROPN" or c.lower_ in {"media"})
    ]
    if mods:
        return [(mods[-1], SPEAKER)]
    # "the assistant provided footage of ...", "the army released a statement on ...".
    verb = noun.head
    if noun.dep_ == "dobj" and (lemma(verb) in PRODUCE_VERBS or is_say(verb)):
        return [
            (h, SPEAKER)
            for c in verb.children
            if c.dep_ == "nsubj" and c.lower_ not in DEMONSTRATIVES
            for h in conjuncts(c)
        ]
    return []


# --- the article's speakers ---------------------------------------------------------------


@dataclass(slots=True)
class Mention:
    sentence: int
    char: int  # article offset of the phrase head
    text: str
    actor: Actor | None
    person: bool
    speaker: bool


@dataclass(slots=True)
class Speakers:
    """Per-article registry: sentence parses, speaker mentions, cached results."""

    ctx: ArticleContext
    docs: dict[int, Doc] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    main_country: str | None = None
    own: dict[Any, Any] = field(default_factory=dict)  # attribution's per-sentence cache
    quotes: list[Quote] | None = None  # quotes.extract_quotes fills it

    def doc(self, idx: int) -> Doc | None:
        """The parse of sentence `idx` (parsed now if nobody has)."""
        if idx in self.docs:
            return self.docs[idx]
        if 0 <= idx < len(self.ctx.sentences):
            doc = self.docs[idx] = self.ctx.sentence_doc(idx)
            return doc
        return None

    def offset(self, idx: int, tok: Token) -> int:
        return self.ctx.sentences[idx].start + tok.idx


_REGISTRY: OrderedDict[int, Speakers] = OrderedDict()
_SPEECHY = re.compile(
    r"\b(said|says|say|told|tell|according|citing|cited|quot|report|claim|accus|alleg|"
    r"statement|announc|confirm|added|adding|stated|noted|insist|blam|denied|deny|denies|"
    r"explain|spokes|official|source)",
    re.I,
)


def may_report_speech(text: str) -> bool:
    """Cheap test: can this sentence name a speaker or source? (The registry reads the
    parse of every sentence that can.)"""
    return _SPEECHY.search(text) is not None


def article_speakers(ctx: ArticleContext) -> Speakers:
    """The registry of `ctx` (built on first use, then cached for the article)."""
    reg = _REGISTRY.get(id(ctx))
    if reg is not None and reg.ctx is ctx:
        _REGISTRY.move_to_end(id(ctx))
        return reg
    reg = Speakers(ctx)
    countries = ctx.countries or Counter()
    reg.main_country = countries.most_common(1)[0][0] if countries else None
    _REGISTRY[id(ctx)] = reg
    while len(_REGISTRY) > 8:
        _REGISTRY.popitem(last=False)
    for s in ctx.sentences:
        ps = ctx.parsed.get(s.index)
        if ps is not None:
            reg.docs[s.index] = ps.doc
    missing = [s for s in ctx.sentences if s.index not in reg.docs and may_report_speech(s.text)]
    unparsed = [s for s in missing if s.index not in ctx.docs]
    if unparsed:
        for s, doc in zip(unparsed, load_pipeline().pipe(s.text for s in unparsed), strict=True):
            ctx.docs[s.index] = doc
    for s in missing:
        reg.docs[s.index] = ctx.sentence_doc(s.index)
    for idx in sorted(reg.docs):
        _collect(reg, idx)
    return reg


_VERB_POS = frozenset({VERB, AUX})
_SOURCE_LOWER = ("according", "citing", "quoting")


def _speech_words(doc: Doc) -> list[Token]:
    """The tokens of `doc` `_collect` reads: verbs, and the words opening a source."""
    strings = doc.vocab.strings
    lowers = {strings[w] for w in _SOURCE_LOWER}
    return [
        doc[i]
        for i, (pos, low) in enumerate(doc.to_array([POS, LOWER]).tolist())
        if pos in _VERB_POS or low in lowers
    ]


def _collect(reg: Speakers, idx: int) -> None:
    doc = reg.docs[idx]
    seen: set[int] = set()
    for tok in _speech_words(doc):
        heads: list[Token] = []
        if is_say(tok) or (tok.pos_ in {"VERB", "AUX"} and lemma(tok) in DENY_VERBS):
            heads = [h for h, role in speakers_of(tok) if role == SPEAKER]
        elif tok.pos_ in {"VERB", "AUX"} and lemma(tok) in REPROACH_VERBS:
            # "X condemned the attack, which it said ...": who reproaches speaks
            heads = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        elif tok.lower_ == "according" and next_is(tok, "to"):
            heads = objects_of(tok.nbor(1))
        elif tok.lower_ in {"citing", "quoting"}:
            heads = [c for c in tok.children if c.dep_ == "dobj"]
        for h in heads:
            if h.i not in seen:
                seen.add(h.i)
                _add(reg, idx, h, speaker=True)
    for ent in doc.ents:
        root = ent.root
        if ent.label_ in {"PERSON", "ORG", "NORP"} and root.i not in seen:
            if root.dep_ in SUBJECT_DEPS | {"dobj", "pobj", "appos", "ROOT"}:
                seen.add(root.i)
                _add(reg, idx, root, speaker=False)


def _add(reg: Speakers, idx: int, head: Token, *, speaker: bool) -> None:
    tokens = mention_tokens(head)
    if not tokens:
        return
    actor = resolve_mention(reg, idx, tokens)
    reg.mentions.append(
        Mention(
            idx, reg.offset(idx, head), text_of(tokens), actor, _is_person(tokens, actor), speaker
        )
    )


def _is_person(tokens: list[Token], actor: Actor | None) -> bool:
    head = head_of(tokens)
    if head.lower_ in PERSON_PRONOUNS:
        return True
    if head.ent_type_ == "PERSON" or head.lower_ in PERSON_WORDS:
        return head.lower_ not in {"sources", "officials", "residents", "witnesses"}
    return actor is not None and actor.kind == "person"


def _good(actor: Actor | None) -> bool:
    return actor is not None and (actor.country is not None or actor.kind != "unknown")


def _resolve_text(text: str, countries: Counter[str] | None) -> Actor | None:
    if not text:
        return None
    try:
        return resolve_actor(text, countries=countries)
    except Exception:  # a resolver bug must not lose the event
        log.exception("resolve_actor failed on %r", text)
        return None


def resolve_mention(reg: Speakers, idx: int, tokens: list[Token]) -> Actor | None:
    """The Actor a speaker phrase names; pronouns and short references resolved."""
    head = head_of(tokens)
    before = reg.offset(idx, head)
    low = head.lower_
    if low in PRONOUNS and len(tokens) <= 2:
        return _antecedent(reg, before, person=low in PERSON_PRONOUNS)
    if low in DOCUMENT_WORDS and head.pos_ == "NOUN":
        # "a statement from the army" is the army's; "the statement said": whoever
        # issued it, named before.
        authors = [h for h, role in _noun_speakers(head) if role == SPEAKER and h.i != head.i]
        if authors:
            return resolve_mention(reg, idx, mention_tokens(authors[0]))
        own = [t for t in tokens if t.dep_ in {"poss", "compound", "amod"} and t.i != head.i]
        if not own:
            return _antecedent(reg, before, person=False)
    text = text_of(tokens)
    countries = reg.ctx.countries or None
    actor = _resolve_text(text, countries)
    if actor is not None and actor.country is not None:
        alone = _resolve_text(text, None)
        if alone is not None and alone.country is None:
            # The country came only from the article's most-named one: an unnamed local
            # speaker ("a defence spokesperson") is placed by `_local_country` below.
            actor = alone
    vague = _is_vague(tokens)
    parts = [p for p in (_resolve_text(text_of(t), None) for t in _parts(head)) if _good(p)]
    if actor is not None and _good(actor) and not vague:
        if (
            head.lower_ in ARMED_GROUP_WORDS
            and actor.group() not in {"armed"}
            and actor.kind not in _CIVIL_BODIES  # "a rights organization" is no armed group
        ):
            ante = _armed_antecedent(reg, before, actor.country)
            if ante is not None:
                return ante
        body = next(
            (p for p in parts if p is not None and p.kind not in {"person", "unknown"}), None
        )
        if actor.kind == "person" and actor.country is None and body is None:
            # "the movement's spokesperson, NAME": the movement named before speaks
            owner = _owner(reg, before, head)
            if owner is not None:
                return owner.model_copy(update={"name": text})
        if actor.kind == "person" and actor.country is None and body is not None:
            # "Anna Petrova, a spokeswoman for the Russian Defence Ministry" speaks for it;
            # "a former adviser to the U.S. president" only carries its country.
            if _FORMER.search(text):
                return actor.model_copy(update={"country": body.country})
            return body.model_copy(update={"name": text})
        if actor.country is None:
            country = next((p.country for p in parts if p is not None and p.country), None)
            if country is None and head.pos_ == "PROPN":
                ante = _antecedent_by_head(reg, before, head)
                if ante is not None:
                    return ante
            if country is None and actor.kind not in _STATELESS:
                # "the governor of the Donetsk region": the country of the office's place
                country = _place_country(reg, idx, tokens) or _local_country(reg, idx, text, before)
            if country is not None:
                return actor.model_copy(update={"country": country})
        return actor
    if parts and parts[0] is not None and not vague:
        return parts[0].model_copy(update={"name": text})
    if vague or head.pos_ == "PROPN":
        ante = _antecedent_by_head(reg, before, head)
        if ante is not None:
            return ante
    if actor is None and low in PERSON_WORDS | GROUP_WORDS:
        # "a defence spokesperson", "field sources": unnamed, of the country in the news.
        country = _local_country(reg, idx, text, before)
        kind = "government" if _STATE_WORDS.search(text) else "unknown"
        if country is not None:
            return Actor(name=text, country=country, kind=kind)  # type: ignore[arg-type]
    if actor is not None and actor.country is None and actor.kind not in _STATELESS:
        country = _local_country(reg, idx, text, before)
        if country is not None:
            return actor.model_copy(update={"country": country})
    return actor


def _owner(reg: Speakers, before: int, head: Token) -> Actor | None:
    """Whose representative a person is when the phrase says so with a bare group noun:
    "the movement's spokesperson", "a spokesman for the group" (the group named before)."""
    owners = [c for c in head.children if c.dep_ == "poss"]
    owners += [
        p
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in {"for", "of"}
        for p in c.children
        if p.dep_ == "pobj"
    ]
    for o in owners:
        if o.lower_ in GROUP_WORDS and not any(c.dep_ in {"compound", "amod"} for c in o.children):
            ante = _antecedent_by_head(reg, before, o)
            if ante is None and o.lower_ in ARMED_GROUP_WORDS:
                ante = _armed_antecedent(reg, before, None)
            if ante is not None and ante.kind != "person":
                return ante
    return None


def _place_country(reg: Speakers, idx: int, tokens: list[Token]) -> str | None:
    """The country of a place named inside a speaker's phrase ("governor of the X region",
    "the X city council"): where the office is."""
    if not tokens:
        return None
    start = reg.offset(idx, tokens[0])
    end = reg.offset(idx, tokens[-1]) + len(tokens[-1].text)
    inside = [m for m in reg.ctx.places.get(idx, ()) if start <= m.start and m.end <= end]
    where = resolve_location(inside, reg.ctx.countries) if inside else None
    return where.country if where is not None else None


def _local_country(reg: Speakers, idx: int, text: str, before: int) -> str | None:
    """The country an unnamed local speaker ("a war monitor") most likely belongs to.

    The country of a speaker just before it in the sentence, else the one the sentence
    names most by name or by its places (ties broken by the article's counts), else the
    article's main country; none for foreign or international speakers.
    """
    if _FOREIGN.search(text):
        return None
    # "Ukrainian officials reported, citing the regional governor": the relay's side.
    for m in reversed(reg.mentions):
        if m.sentence == idx and m.char < before and m.speaker and m.actor is not None:
            if m.actor.country and m.actor.group() in {"state", "armed"}:
                return m.actor.country
    # "Pakistani troops shelled posts near Uri, a defence spokesperson said": the places
    # of the report weigh as much as the country it names (often the accused one).
    places = countries_of_places(reg.ctx.places.get(idx, ()))
    if places and _LOCAL_OFFICE.search(text):
        # "a city council secretary", "the regional governor": an office of the places the
        # sentence names, whatever army it names
        article = reg.ctx.countries or Counter()
        return max(places, key=lambda c: (places[c], article.get(c, 0)))
    if _LOCAL_OFFICE.search(text) and reg.ctx.places.get(idx):
        # a place with a namesake abroad: where the sentence's places resolve
        where = resolve_location(list(reg.ctx.places[idx]), reg.ctx.countries)
        if where is not None and where.country:
            return where.country
    here = countries_in_text(reg.ctx.sentences[idx].text)
    here.update(places)
    if here:
        article = reg.ctx.countries or Counter()
        return max(here, key=lambda c: (here[c], article.get(c, 0)))
    return reg.main_country


def _is_vague(tokens: list[Token]) -> bool:
    """A definite common noun with nothing saying whose it is ("the group", "the ministry")."""
    head = head_of(tokens)
    if head.ent_type_:
        return False
    mods = [t for t in tokens if t.i != head.i and t.dep_ != "det"]
    return not mods and head.lower_ in GROUP_WORDS | PERSON_WORDS | {"observatory", "monitor"}


def _parts(head: Token) -> list[list[Token]]:
    """Sub-phrases saying whose speaker it is: appositions, "spokesman for X"."""
    out: list[list[Token]] = []
    for c in head.children:
        if c.dep_ == "appos":
            out.append(mention_tokens(c))
            out.extend(_parts(c))
        if c.dep_ == "prep" and c.lower_ in {"for", "of", "at", "from", "with", "in", "to"}:
            out.extend(mention_tokens(p) for p in c.children if p.dep_ == "pobj")
    comp = [c for c in head.children if c.dep_ in {"compound", "amod", "poss"}]
    if comp:
        out.append(sorted({t for c in comp for t in c.subtree}, key=lambda t: t.i))
    return [p for p in out if p]


def _antecedent(reg: Speakers, before: int, *, person: bool) -> Actor | None:
    """The nearest earlier speaker (then named actor) a pronoun can refer to."""
    cands = [m for m in reg.mentions if m.char < before and _good(m.actor)]
    for want_speaker in (True, False):
        for m in reversed(cands):
            if m.speaker == want_speaker and m.person == person:
                return m.actor
    return None


def _antecedent_by_head(reg: Speakers, before: int, head: Token) -> Actor | None:
    """An earlier, fuller mention sharing the head word ("the ministry", "Goble")."""
    word = _word_pattern(head.text)
    for m in reversed(reg.mentions):
        if m.char < before and m.actor is not None and m.actor.country and word.search(m.text):
            return m.actor
    if head.lower_ in ARMED_GROUP_WORDS:
        return _armed_antecedent(reg, before, None)
    return None


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(word) + r"\b", re.I)


def _armed_antecedent(reg: Speakers, before: int, country: str | None) -> Actor | None:
    for m in reversed(reg.mentions):
        a = m.actor
        if m.char < before and a is not None and a.group() == "armed":
            if country is None or a.country == country:
                return a
    return None
