"""Deaths reported for an event: "killed six", "two soldiers died", "no casualties" -> 0.

A death word (killed, died, dead, martyred, fatalities ...) is found with spaCy's
tagger; its victims are the noun phrase on its left ("two soldiers and a civilian
were killed", "20 fighters killed") or, for an active verb, on its right ("the strike
killed at least eight people, among them three children"). Each conjunct of that phrase
counts: a number (digits or words, read with text2num), "a"/"one"/"another" + noun,
"his brother", a person's name; "including ..." and "among them ..." are subsets and
end the phrase. Conventions:

- "at least 9", "more than 20", "nearly 50" -> the number given.
- Vague quantities ("dozens", "several", "scores of", "a number of") -> None.
- Injuries and "casualties" are not deaths; "killed or injured" counts nothing.
- "no casualties", "no one was killed", "no fatalities", "neither fatalities nor
  injuries" -> 0 (when nothing else in the text counts deaths).
- Several mentions in one text add up ("three soldiers died while four rebels were
  killed" -> 7); a definite phrase ("the two soldiers", "his body", "killed him") or
  the same figure about the same people in a later sentence is taken as the same
  deaths again ("two other guards" are new); a figure from "other sources" or one
  that "contests" the first replaces it when lower (ACLED codes the lowest).
- Deaths behind another event are not its fatalities: "protested after police killed
  two", "over the death of a driver", "accused the army of killing 50", "tried to
  lynch three men" count nothing unless `anchor` points into that clause.
- "between 8 and 10" and "8-10" count the lower bound.
- A count of "fatalities" ("2 fatalities", "fatalities coded as 10") outranks the
  verbs; when the text splits fatalities between events ("20 fatalities split
  between 3 events", "spread across two locations in two days"), the share of one
  event is the figure in brackets if given ("(4)"), else the total divided by the
  number of events, rounded half up (ACLED's convention).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.attrs import ORTH, TAG
from spacy.tokens import Doc, Span, Token

from truceline.extract.doc_cache import doc_cache, doc_text
from truceline.extract.nlp import load_pipeline
from truceline.extract.scope import CONFLICT_NOUNS
from truceline.extract.victim_phrases import (
    count_phrase,
    is_number_token,
    left_phrase,
    number_of,
    right_phrase,
    skip_back,
    starts_quantity,
)

logger = logging.getLogger(__name__)

# Words whose victims are counted. Dual verbs are active with an object on the right
# ("killed six") and passive with the victims on the left ("six were killed").
_DUAL = {
    "kill", "killled", "murder", "execute", "assassinate", "massacre", "slaughter", "slay",
    "behead", "lynch", "martyr", "shoot", "eliminate", "neutralize", "neutralise",
}  # fmt: skip

_ZERO_PHRASES = re.compile(
    r"\b(?i:no|without|neither|nor)\s+(?:(?:immediate|reported|known|human|other|further)\s+)*"
    r"(?:casualties|fatalities|fatality|deaths|loss\s+of\s+(?:human\s+)?li(?:fe|ves)|"
    r"one\s+(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:killed|hurt|injured|harmed|"
    r"wounded)|body\s+(?:was\s+)?(?:killed|hurt|injured|died))"
    r"|\b(?i:did\s+not|didn't)\s+(?:cause|result\s+in|lead\s+to)\s+(?:any\s+)?"
    r"(?:casualties|deaths|fatalities)\b"
    r"|\b(?i:caused|resulted\s+in|there\s+were)\s+no\s+(?:casualties|deaths|fatalities)\b"
)
_CODED = re.compile(
    r"(?:fatalit\w*|deaths?)[^.;]{0,60}?\b(?:coded\s+as|rounded\s+(?:down\s+|up\s+)?to|"
    r"ranges?\s+from|ranging\s+from)\s+"
    r"(\d[\d,]*|[a-z]+)\b",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\b(?:split|spread|distributed|divided|shared|coded)\b(?:\s+up)?\s+(?:evenly\s+|equally\s+)?"
    r"(?:between|across|among|over|into)\s+(?:the\s+)?(\d+|[a-z]+)\s+"
    r"(?:separate\s+|different\s+)?(events?|locations?|days?|incidents?|places?|areas?|"
    r"villages?|attacks?|sites?|fronts?|districts?)"
    r"(?:\s+(?:in|over|across|and)\s+(\d+|[a-z]+)\s+(events?|locations?|days?))?"
    r"(?:\s*\((\d+)\))?",
    re.IGNORECASE,
)
_TOLL = re.compile(
    r"\bdeath\s+toll\b[^.;]{0,50}?\b(?:to|at|of|reached|hit|is|was|stood\s+at|stands\s+at)\s+"
    r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some)\s+)?"
    r"(\d[\d,]*|[a-z]+(?:[\s-][a-z]+)?)\b",
    re.IGNORECASE,
)
# "bringing / raising the death toll to": a running total, not this act's deaths.
_RUNNING_TOLL = re.compile(r"\b(?:bring|rais|push|tak|lift|driv)\w*\s+(?:the\s+)?$", re.I)
_EITHER = re.compile(
    r"\bkilled,\s+(?:injured|wounded)\b|"
    r"\b(?:killed|killing|dead|died)\s+(?:or|and/or|and)\s+(?:injured|injuring|wounded|"
    r"wounding|hurt)\b|\b(?:injured|injuring|wounded|wounding|hurt)\s+(?:or|and/or|and)\s+"
    r"(?:killed|killing|dead)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Mention:
    count: int
    start: int  # offset of the victims' phrase
    sentence: int
    anaphoric: bool
    nominal: bool  # "N fatalities": a summary figure
    head: str  # the last noun of the victims' phrase, lower case
    new: bool  # "two other policemen", "another soldier": not the ones counted before
    alternative: bool  # "other sources said ...", "villagers contest that figure"


_DEATH_NOUNS = {"dead", "deaths", "fatalities", "fatality", "fatalites", "lives"}
_BODIES = {"body", "bodies", "corpse", "corpses", "remains"}
_FOUND = re.compile(r"\b(?:found|discovered|recovered|retrieved|dumped|lying|washed)\b")
_FATALLY = {"fatally", "mortally"}


def _victims(sent: Span, tok: Token) -> list[Token] | None:
    """The victims' phrase of a death word, or None when `tok` is no death word."""
    doc = sent.doc
    lemma, low = tok.lemma_.lower(), tok.lower_
    prev = doc[tok.i - 1] if tok.i > sent.start else None
    nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if low in _BODIES and not _FOUND.search(sent.text):
        return None
    if low in ("death", "deaths", "killing", "killings", *_BODIES) and (
        nxt is not None and nxt.lower_ == "of"
    ):
        right = right_phrase(sent, tok.i + 1)  # "the death of a bystander"
        if low in _BODIES and count_phrase(right)[0] is None:
            return left_phrase(sent, tok.i)  # "five corpses of suspected militants"
        return right
    if low == "death" and prev is not None and prev.lower_ in ("his", "her"):
        return [prev]  # "resulting in his death": one, most likely named before
    if low in _BODIES:
        return left_phrase(sent, tok.i)  # "five corpses were found", "a man's body"
    if low == "death" and prev is not None and is_number_token(prev):
        return [prev]  # "resulting in one death"
    if low == "death" and prev is not None and prev.lower_ == "to" and tok.i - 2 >= sent.start:
        return left_phrase(sent, tok.i - 2)  # "was beaten to death"
    if low in _DEATH_NOUNS:
        if low == "lives" and not (prev is not None and prev.lower_ in ("their", "his", "her")):
            if prev is not None and is_number_token(prev):
                return left_phrase(sent, tok.i)  # "claimed more than 100 lives"
            return None
        if low == "dead" and prev is not None and prev.lower_ == "shot" and nxt is not None:
            right = right_phrase(sent, tok.i)  # "the army shot dead a man"
            if right:
                return right
        if low == "lives":
            return left_phrase(sent, prev.i - 1 if prev is not None else tok.i)
        return left_phrase(sent, tok.i)
    if lemma in ("die", "perish", "succumb") or low in ("died", "perished"):
        return left_phrase(sent, tok.i)
    fatally = prev is not None and prev.lower_ in _FATALLY and tok.pos_ == "VERB"
    if fatally or (
        (lemma in _DUAL and lemma != "shoot") or low in ("killed", "killing", "killled", "slain")
    ):
        aux = doc[skip_back(sent, tok.i - 1, False) or tok.i - 1] if tok.i > sent.start else None
        passive = tok.tag_ == "VBN" and (
            (aux is not None and (aux.lemma_ in ("be", "get") or aux.lower_ in ("been", "got")))
            or any(t.lemma_ in ("be", "get") for t in doc[max(sent.start, tok.i - 3) : tok.i])
        )
        if passive:
            return left_phrase(sent, tok.i)
        right = right_phrase(sent, tok.i)
        if starts_quantity(right):
            return right
        left = left_phrase(sent, tok.i)
        if starts_quantity(left):
            return left  # "20 fighters killed", "1 killed, 7 injured"
        return right or (left if tok.tag_ == "VBN" else [])
    return None


def _sentences(doc: Doc) -> list[Span]:
    """Sentences cut at final punctuation only: the parser's own boundaries split
    ACLED-style text badly ("... militants. 14 | Al Shabaab militants were killed")."""
    cache = doc_cache(doc)
    if "fatalities.sentences" not in cache:
        cache["fatalities.sentences"] = _cut_sentences(doc)
    return cache["fatalities.sentences"]


def _cut_sentences(doc: Doc) -> list[Span]:
    spans, start = [], 0
    strings = doc.vocab.strings
    period, paragraph = strings["."], strings["\n\n"]
    for i, (tag, orth) in enumerate(doc.to_array([TAG, ORTH]).tolist()):
        if tag == period or orth == paragraph:
            spans.append(doc[start : i + 1])
            start = i + 1
    if start < len(doc):
        spans.append(doc[start:])
    return spans


_ALTERNATIVE = re.compile(
    r"\b(?:other|some|different|conflicting|separate)\s+(?:sources|reports|estimates|accounts)\b|"
    r"\b(?:contest|contests|contested|dispute|disputes|disputed)\b|"
    r"\bput\s+the\s+(?:death\s+)?toll\s+at\b",
    re.IGNORECASE,
)
_BACKGROUND_PREP = {"after", "following", "since", "over", "against", "for", "into", "about"}
_BACKGROUND_VERB = {"condemn", "protest", "denounce", "mourn", "avenge", "investigate", "demand"}
_CLAIM_VERBS = {"accuse", "blame", "deny"}
_BACKGROUND_VERB |= _CLAIM_VERBS  # the deaths belong to the act, not the claim
_INTENT = {"try", "attempt", "threaten", "plan", "want", "seek", "vow", "intend", "fail"}


def _tally_clause(verb: Token) -> bool:
    """The clause of a whole conflict's toll: "a war that has killed 4,000", "the conflict
    has killed more than 3,000", "the fighting killed dozens since 2020"."""
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in CONFLICT_NOUNS:
        return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (
        subject is not None
        and subject.lemma_.lower() in CONFLICT_NOUNS
        and any(c.dep_ == "aux" and c.lower_ in {"has", "have", "had"} for c in verb.children)
    )


def _background(tok: Token, anchor: int | None) -> bool:
    """True when the death word sits in a clause about an earlier or other event:
    "protested after police killed two", "over the death of a driver", "tried to
    lynch three men"; unless that clause holds the anchor (it is the event)."""
    if tok.tag_ == "VB" and any(a.lemma_ in _INTENT for a in list(tok.ancestors)[:2]):
        return True
    verb = tok
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    scope: Token | None = None
    if _tally_clause(tok) or _tally_clause(verb):
        # "a war that has killed 4,000", "the conflict has killed 3,000": not the act's
        # toll, unless the act is told in that very clause
        own = [verb] + [
            t
            for c in verb.children
            if c.dep_ not in {"ccomp", "advcl", "conj", "parataxis", "relcl"}
            for t in c.subtree
        ]
        return anchor is None or not any(t.idx <= anchor < t.idx + len(t) for t in own)
    if any(c.dep_ == "mark" and c.lower_ in ("after", "following", "since") for c in verb.children):
        scope = verb
    else:
        for ancestor in verb.ancestors:
            if ancestor.dep_ in ("prep", "mark") and ancestor.lower_ in _BACKGROUND_PREP:
                scope = ancestor
                break
            if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() in _BACKGROUND_VERB:
                scope = ancestor
                break
            if ancestor.pos_ == "VERB":
                break  # the death word belongs to this verb's clause
    if scope is None:
        return False
    if anchor is None:
        return True
    if scope.lemma_.lower() in _CLAIM_VERBS:
        # "accused the army of bombing a market, killing 12": the deaths are the act's
        # (wherever the parser hangs them), not the accusation's
        sub = list(scope.subtree)
        inside = sub[0].idx <= anchor < sub[-1].idx + len(sub[-1])
        return not inside or scope.idx <= anchor < scope.idx + len(scope)
    sub = list(scope.subtree) if scope.lower_ in _BACKGROUND_PREP else list(verb.subtree)
    return not (sub[0].idx <= anchor < sub[-1].idx + len(sub[-1]))


def _mentions(doc: Doc, anchor: int | None = None) -> list[_Mention]:
    found: list[_Mention] = []
    seen: set[int] = set()
    text = doc_text(doc)
    for s_index, sent in enumerate(_sentences(doc)):
        for tok in sent:
            window = text[max(0, tok.idx - 20) : tok.idx + 25]
            phrase = _victims(sent, tok)
            if not phrase or _EITHER.search(window) or phrase[0].i in seen:
                continue
            if _background(tok, anchor):
                continue
            count, anaphoric = count_phrase(phrase)
            if count is None:
                continue
            seen.add(phrase[0].i)
            nominal = tok.lower_ in ("fatalities", "fatality", "fatalites")
            nouns = [t.lemma_.lower() for t in phrase if t.pos_ in ("NOUN", "PROPN")]
            head = nouns[-1] if nouns else ""
            new = any(
                t.lower_ in ("other", "others", "another", "more", "additional") for t in phrase
            )
            alternative = bool(_ALTERNATIVE.search(sent.text))
            found.append(
                _Mention(count, phrase[0].idx, s_index, anaphoric, nominal, head, new, alternative)
            )
    return found


def _total(mentions: list[_Mention]) -> int | None:
    if not mentions:
        return None
    nominal = [m for m in mentions if m.nominal]
    if nominal:
        return sum(m.count for m in nominal)
    total, counted = 0, list[_Mention]()
    for m in sorted(mentions, key=lambda m: m.start):
        if m.anaphoric and counted:
            continue
        if counted and m.alternative:
            total = min(total, m.count)  # "other sources say 2 were killed": the lower one
            continue
        if not m.new and any(
            c.count == m.count and c.sentence != m.sentence and m.head in (c.head, "")
            for c in counted
        ):
            continue  # the same figure about the same people again in a later sentence
        counted.append(m)
        total += m.count
    return total


def _split_share(text: str, total: int | None) -> int | None:
    m = _SPLIT.search(text)
    if not m:
        return total
    if m.group(5):
        return int(m.group(5))
    parts = number_of(m.group(1))
    if m.group(3):
        other = number_of(m.group(3))
        parts = parts * other if parts and other else parts
    if total is None or not parts:
        return total
    before = text[max(0, m.start() - 60) : m.start()]
    own = re.search(r"\b(\d[\d,]*|[a-z]+)\s+fatalit\w*\s*$", before, re.IGNORECASE)
    if own and number_of(own.group(1)) is not None:
        total = number_of(own.group(1)) or total
    return math.floor(total / parts + 0.5)


# Lemmas `_victims` reads as death words; and the lower-case forms it reads as such.
_DEATH_LEMMAS = frozenset({"die", "perish", "succumb", *_DUAL} - {"shoot"})
_DEATH_FORMS = frozenset(
    {*_BODIES, *_DEATH_NOUNS, *_FATALLY, "death", "deaths", "killing", "killings", "died"}
    | {"perished", "killed", "killled", "slain"}
)
# (components that set lemmas the tables foresee, or none: `truceline_entities` sets entities)
_KNOWN_PIPES = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter",
                "truceline_entities"}  # fmt: skip


@lru_cache(maxsize=1)
def _death_word_pattern() -> re.Pattern[str] | None:
    """A pattern that finds, in a lower-cased text, every word the pipeline can tag as a
    death word for `_victims` (by its form or by its lemma), and more; None when the
    pipeline's lemmas cannot be foreseen (then every text is parsed).

    The rule lemmatizer gives a word its exception lemma, a rule's rewrite of its suffix
    or the word itself: the forms that reach a death lemma are generated from its tables.
    """
    nlp = load_pipeline()
    if not set(nlp.pipe_names) <= _KNOWN_PIPES:
        return None
    forms = set(_DEATH_FORMS | _DEATH_LEMMAS)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        tables = getattr(lemmatizer, "lookups", None)
        if getattr(lemmatizer, "mode", None) != "rule" or tables is None:
            return None
        for rules in tables.get_table("lemma_rules", {}).values():
            for suffix, rewrite in rules:
                for lemma in _DEATH_LEMMAS:
                    if lemma.endswith(rewrite):
                        forms.add(lemma[: len(lemma) - len(rewrite)] + suffix)
        for exceptions in tables.get_table("lemma_exc", {}).values():
            forms.update(
                w.lower() for w, lemmas in exceptions.items() if set(lemmas) & _DEATH_LEMMAS
            )
    if "attribute_ruler" in nlp.pipe_names:
        ruler: Any = nlp.get_pipe("attribute_ruler")
        for pattern in ruler.patterns:
            if str(pattern.get("attrs", {}).get("LEMMA", "")).lower() in _DEATH_LEMMAS:
                return None
    # Tokenizer special cases that cut such a word out of a longer one.
    tokenizer: Any = nlp.tokenizer
    forms.update(
        key.lower()
        for key, pieces in tokenizer.rules.items()
        if any(str(piece.get(ORTH, "")).lower() in forms for piece in pieces)
    )
    forms.discard("")
    body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{body})(?![a-z])")


def _may_name_deaths(text: str) -> bool:
    """False only when no word of `text` can be a death word, whatever its parse."""
    pattern = _death_word_pattern()
    return pattern is None or pattern.search(text.lower()) is not None


@lru_cache(maxsize=16)
def _parsed(text: str) -> Doc:
    """`text` parsed by the project's pipeline; the events of one sentence share its text."""
    return load_pipeline()(text)


def count_fatalities(
    text: str,
    *,
    anchor: int | None = None,
    doc: Doc | None = None,
    parse: Callable[[], Doc] | None = None,
) -> int | None:
    """Deaths reported for the event described in `text`; None when no count is given.

    `anchor` (an offset in `text`, e.g. the trigger) makes the sentence holding it win
    over the others when it has a count of its own. `doc` is `text` already parsed by
    the project's spaCy pipeline; else `parse` makes that parse when one is needed (e.g.
    from parses of its sentences); else `text` is parsed here.
    """
    if not text.strip():
        return None
    coded = _CODED.search(text)
    if coded and number_of(coded.group(1)) is not None:
        return _split_share(text, number_of(coded.group(1)))
    if doc is None and not _may_name_deaths(text):
        mentions: list[_Mention] = []  # no parse needed: no word can count deaths
    else:
        if doc is None:
            doc = parse() if parse is not None else _parsed(text)
        mentions = _mentions(doc, anchor)
    if mentions and anchor is not None and doc is not None:
        sents = _sentences(doc)
        at = next((n for n, s in enumerate(sents) if s.start_char <= anchor < s.end_char), None)
        own = [m for m in mentions if m.sentence == at]
        if own:
            mentions = own
    toll = _TOLL.search(text)
    if toll and _RUNNING_TOLL.search(text[max(0, toll.start() - 25) : toll.start()]):
        toll = None  # "bringing the death toll since the truce to 85": a running total
    total = _total(mentions)
    if toll and number_of(toll.group(1)) is not None:
        total = max(total or 0, number_of(toll.group(1)) or 0)
    if total is None and _ZERO_PHRASES.search(text):
        return 0
    return _split_share(text, total)
