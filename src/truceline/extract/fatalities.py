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
from text_to_num import text2num

from truceline.extract.doc_cache import doc_cache, doc_text, ent_at
from truceline.extract.nlp import load_pipeline
from truceline.extract.scope import CONFLICT_NOUNS
from truceline.extract.speakers import is_say

logger = logging.getLogger(__name__)

# Words whose victims are counted. Dual verbs are active with an object on the right
# ("killed six") and passive with the victims on the left ("six were killed").
_DUAL = {
    "kill", "killled", "murder", "execute", "assassinate", "massacre", "slaughter", "slay",
    "behead", "lynch", "martyr", "shoot", "eliminate", "neutralize", "neutralise",
}  # fmt: skip
_NOT_KILL = {"injure", "wound", "hurt", "injuring", "wounding", "maim", "abduct", "arrest"}
_SKIP_BEFORE = {
    "find", "found", "declare", "declared", "pronounce", "pronounced", "confirm", "confirmed",
    "report", "reported", "believe", "believed", "fear", "feared", "shoot", "shot", "leave",
    "left", "also", "all", "reportedly", "allegedly", "later", "subsequently", "eventually",
    "both", "ultimately", "instantly", "immediately", "each",
}  # fmt: skip
_SUBSET = {"including", "among", "mostly", "mainly", "of whom", "most", "included", "except"}
_MODIFIERS = {
    "at", "least", "more", "than", "over", "nearly", "almost", "about", "around", "some",
    "up", "to", "as", "many", "approximately", "roughly", "an", "estimated", "total", "of",
    "no", "fewer", "less", "upwards", "close", "just", "under", "a", "the", "another",
    "only", "exactly", "whopping", "reported", "further", "additional", "other", "between",
}  # fmt: skip
_VAGUE = {
    "dozens", "scores", "hundreds", "thousands", "several", "many", "numerous", "few",
    "number", "multiple", "handful", "some", "various", "countless", "unknown", "unspecified",
}  # fmt: skip
_ONE = {"a", "an", "one", "another", "single", "his", "her", "its"}
_ZERO = {"no", "none", "nobody", "neither", "zero"}
_PLURAL_NOUNS = {"people", "men", "women", "children", "police", "personnel", "troops"}
_PLURAL_NOUNS |= {"forces", "militia", "civilians", "others", "youths", "staff", "crew"}
_ANAPHORIC = {"the", "these", "those", "both", "all", "they", "them"}

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


def _number(words: str) -> int | None:
    """Digits ("1,100") or English number words ("twenty-seven", "a dozen")."""
    words = words.strip().lower().replace(",", "")
    if words.isdigit():
        return int(words)
    if words in ("a dozen", "dozen", "one dozen"):
        return 12
    if words in _ZERO:
        return 0
    try:
        return int(text2num(words.replace("-", " "), "en"))
    except ValueError:
        return None


_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _is_number_token(tok: Token) -> bool:
    if not tok.like_num or tok.lower_ in ("a", "an") or tok.tag_ != "CD" or _is_date(tok):
        return False
    doc = tok.doc
    if tok.i > 1 and doc[tok.i - 1].text in ("-", "–") and _YEAR.fullmatch(doc[tok.i - 2].text):
        return False  # "1937-38": the end of a span of years
    if tok.i > 0 and doc[tok.i - 1].text in ("-", "–") and tok.i > 1 and doc[tok.i - 2].like_num:
        return True  # "twenty-three"
    # "48-year-old", "B-10": numbers that are not counts.
    hyphen = tok.i + 2 < len(doc) and doc[tok.i + 1].text in ("-", "–")
    if hyphen and _YEAR.fullmatch(tok.text) and re.fullmatch(r"\d\d(?:\d\d)?", doc[tok.i + 2].text):
        return False  # "the massacres of 1937-38": a span of years
    return not hyphen or doc[tok.i + 2].like_num


def _count_conjunct(tokens: list[Token]) -> int | None:
    """The number of people one conjunct names ("four members of armed groups" -> 4)."""
    if not tokens:
        return None
    head: list[Token] = []
    for tok in tokens:
        if tok.lower_ in ("of", "from") and head:
            break
        head.append(tok)
    numbers = [t for t in head if _is_number_token(t)]
    if numbers:
        first = numbers[0]
        run = [first]
        for t in head[head.index(first) + 1 :]:
            if t.like_num or (t.lower_ in ("and", "-") and run[-1].like_num):
                run.append(t)
            else:
                break
        while run and run[-1].lower_ in ("and", "-"):
            run.pop()
        if run[0].text.replace(",", "").isdigit():
            return int(run[0].text.replace(",", ""))  # "8-10 residents" -> 8
        value = _number(" ".join(t.text for t in run))
        return value
    words = [t.lower_ for t in head]
    if any(w in _VAGUE for w in words) and not ("a" in words and "dozen" in words):
        return None
    if "dozen" in words:
        return 12
    if words[0] in _ZERO or words[:2] == ["no", "one"]:
        return 0
    if words[0] == "both":
        return 2
    nouns = [t for t in head if t.pos_ in ("NOUN", "PROPN")]
    last = nouns[-1] if nouns else head[-1]
    plural = last.tag_ in ("NNS", "NNPS") or last.lower_ in _PLURAL_NOUNS
    if words in (["the", "other"], ["the", "latter"], ["the", "former"]):
        return 1
    if words[0] in ("a", "an", "another", "single") and words[-1] not in ("few", "lot"):
        return 1  # "a security forces personnel"
    if words[0] in _ONE | {"their", "our", "my", "your"} and not plural:
        return 1
    if words[0] in ("the", "this", "that") and nouns and not plural and len(head) > 1:
        return 1  # "killing the man": counted only when nothing else is
    if words[0] in ("him", "her"):
        return 1
    if all(t.pos_ == "PROPN" for t in head) and any(t.ent_type_ == "PERSON" for t in head):
        return 1
    if head[0].pos_ == "NOUN" and not plural and head[0].tag_ == "NN":
        # "killed officer Mahdi Khreis", "killed policeman X"
        if any(t.ent_type_ == "PERSON" for t in head):
            return 1
    return None


def _count_phrase(tokens: list[Token]) -> tuple[int | None, bool]:
    """Sum over the conjuncts of a victims' phrase; (count, anaphoric)."""
    if not tokens:
        return None, False
    anaphoric = tokens[0].lower_ in _ANAPHORIC | {"him", "her", "his"}
    conjuncts: list[list[Token]] = [[]]
    skip = 0
    for n, tok in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        low = tok.lower_
        if low in ("and", "to", "-", "or") and n >= 2 and tokens[n - 2].lower_ == "between":
            skip = 1  # "between 43 and 52 people": the lower bound counts
            continue
        if low in ("and", "&", ",", "as", "well") and conjuncts[-1]:
            conjuncts.append([])
        elif low not in ("and", ",", "as", "well"):
            conjuncts[-1].append(tok)
    conjuncts = [c for c in conjuncts if c]
    counts = [_count_conjunct(c) for c in conjuncts]
    if len(conjuncts) > 1 and any(t.like_num for c in conjuncts for t in c):
        # "the area and two militants": only quantities add up; but "the officer and
        # her daughter" are two people
        counts = [
            n if c[0].lower_ not in _ANAPHORIC else None
            for n, c in zip(counts, conjuncts, strict=True)
        ]
    known = [c for c in counts if c is not None]
    if not known:
        return None, anaphoric
    return sum(known), anaphoric


def _nominal(tok: Token) -> bool:
    if _is_date(tok):
        return False
    if tok.is_upper and len(tok.text) >= 2 and tok.is_alpha:
        return True  # "IS militants", "BH/IS fighters": acronyms the tagger calls verbs
    return tok.pos_ in ("NOUN", "PROPN", "NUM", "ADJ", "DET") or tok.tag_ in (
        "PRP$",
        "POS",
        "HYPH",
    )


def _is_date(tok: Token) -> bool:
    """Part of a date or time ("On 9 May 2020"), but not an age ("a 48-year-old man")."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return False
    ent = ent_at(tok.doc, tok.i)
    if ent is None:
        return True
    if re.search(r"\bold\b|-year", ent.text):
        return False  # an age
    # The tagger also calls "between 40 and 52" a DATE: require a calendar word.
    return bool(_CALENDAR.search(ent.text))


def _is_modifier(tok: Token, following: Token | None) -> bool:
    """Words before a number that do not change it: "at least", "more than", "up to"."""
    low = tok.lower_
    nxt = following.lower_ if following is not None else ""
    num = following is not None and following.like_num and not _is_date(following)
    if low in ("least", "most"):
        return nxt == "" or num
    if low == "at":
        return nxt in ("least", "most")
    if low == "than":
        return num
    if low in ("more", "fewer", "less"):
        return nxt == "than"
    if low == "as":
        return nxt == "many" or num
    if low == "many":
        return nxt == "as"
    if low == "to":
        return num
    if low == "up":
        return nxt == "to"
    return num and low in _MODIFIERS


def _skip_back(sent: Span, j: int, participle: bool) -> int | None:
    """Index of the last word of the victims' phrase, walking back from j over
    auxiliaries and adverbs ("were reportedly", "was found"); None on a negation."""
    doc = sent.doc
    while j >= sent.start:
        tok = doc[j]
        if tok.lower_ in ("not", "n't", "never"):
            return None
        if tok.pos_ in ("AUX", "PART", "ADV") and tok.lower_ not in ("least", "'s", "’s"):
            j -= 1
        elif tok.lower_ in _SKIP_BEFORE:
            j -= 1
        elif (
            tok.lower_ in ("and", "or")
            and j - 1 >= sent.start
            and doc[j - 1].tag_ in ("VBN", "VBD")
        ):
            j -= 2  # "was shot and killed", "was detained and later found dead"
        elif (
            participle
            and tok.lower_ == ","
            and j - 1 >= sent.start
            and _nominal(doc[j - 1])
            and not _is_date(doc[j - 1])
        ):
            j -= 1  # "50 civilians, heinously murdered", "X, a soldier, was killed"
        else:
            break
    return j


def _left_phrase(sent: Span, i: int, participle: bool = True) -> list[Token]:
    """The victims' phrase ending just before token i."""
    doc = sent.doc
    j = _skip_back(sent, i - 1, participle)
    if j is None:
        return []
    phrase: list[Token] = []
    subset_total: int | None = None
    tail = 0
    k = j
    while k >= sent.start:
        tok = doc[k]
        low = tok.lower_
        first = phrase[0] if phrase else None
        if low == ")":  # skip a parenthesis: "four Maoist (CPI-Maoist) cadres"
            opening = next(
                (n for n in range(k - 1, max(sent.start, k - 25) - 1, -1) if doc[n].text == "("),
                None,
            )
            if opening is None:
                break
            k = opening - 1
            continue
        if low in _SUBSET or (low == "of" and first is not None and first.lower_ == "whom"):
            # "30 rebels including 3 leaders and 5 guards": the subset ends at the
            # first "and" followed by a new quantity; what follows is counted.
            cut = next(
                (
                    n
                    for n, t in enumerate(phrase)
                    if t.lower_ in ("and", ",") and _starts_quantity(phrase[n + 1 :])
                ),
                None,
            )
            subset_total = _count_phrase(phrase)[0]
            phrase = phrase[cut:] if cut is not None else []
            tail = len(phrase)
            k -= 1
            while k >= sent.start and doc[k].text == ",":
                k -= 1  # "Two people, including a child, were killed"
            continue
        if _nominal(tok) or low in ("of", "from", "'s", "’s", "-", "/"):
            pass
        elif tok.tag_ in ("VBN", "VBG") and first is not None and first.pos_ in _NOUNISH:
            pass  # "displaced person", "armed men"
        elif low in ("and", ",", "&") and first is not None and k - 1 >= sent.start:
            if not (_nominal(doc[k - 1]) or doc[k - 1].text in (")", ",")):
                break
        elif low in ("as", "well") and first is not None and first.lower_ in ("as", "well"):
            pass  # "as well as"
        elif low == "as" and first is not None and first.lower_ == "well":
            pass
        elif _is_modifier(tok, first):
            pass
        else:
            break
        phrase.insert(0, tok)
        k -= 1
    if tail and subset_total is not None:
        # "five personnel including one policeman and four soldiers": when the subset
        # adds up to the conjunct before it, all of it was a breakdown of that figure.
        prefix = phrase[: len(phrase) - tail]
        last = max((n for n, t in enumerate(prefix) if t.lower_ in ("and", ",")), default=-1)
        if _count_conjunct(prefix[last + 1 :]) == subset_total:
            phrase = prefix
    while phrase and phrase[0].lower_ in (",", "and", "of", "&", "as", "well"):
        phrase.pop(0)
    # Conjuncts before a comma must each carry a quantity, else they are other things
    # ("In the village of X, two people were killed", "Hayk Minasyan, a soldier, ...").
    cut = 0
    for n, tok in enumerate(phrase):
        if tok.lower_ == "," and not _starts_quantity(phrase[cut:n]):
            cut = n + 1
        elif tok.lower_ in ("and", "&") and not _starts_quantity(phrase[cut:n]):
            if any(t.like_num for t in phrase[n + 1 :]):
                cut = n + 1  # "the area and two militants"; not "the officer and her son"
        elif tok.lower_ == "," and not _starts_quantity(phrase[n + 1 :]):
            cut = n + 1  # "Hayk Minasyan, a soldier" keeps the appositive only
    return phrase[cut:]


def _starts_quantity(tokens: list[Token]) -> bool:
    for tok in tokens:
        if tok.lower_ in ("and", ",", "as", "well"):
            continue
        return (tok.like_num and not _is_date(tok)) or tok.lower_ in _ONE | _ZERO | {
            "at",
            "more",
            "some",
            "nearly",
            "over",
            "about",
            "around",
            "between",
            "up",
        }
    return False


def _speaker(doc: Doc, k: int, end: int) -> bool:
    """ "killing two civilians, a monitor said": the phrase at `k` is who says it (the
    subject of a verb of saying), no further victim."""
    for tok in doc[k : min(end, k + 5)]:
        if tok.lower_ in (",", "and", "&"):
            return False  # the next conjunct: still the list
        if tok.dep_ == "nsubj" and is_say(tok.head) and tok.head.i > tok.i:
            return True
    return False


def _right_phrase(sent: Span, i: int) -> list[Token]:
    """The object of an active death verb: token i+1 onwards."""
    doc, end = sent.doc, sent.end
    k = i + 1
    # "killing and injuring ten": the figure covers both, so it is no death count
    if k + 1 < end and doc[k].lower_ in ("and", "or"):
        nxt = doc[k + 1]
        if nxt.lemma_.lower() in _NOT_KILL or nxt.lower_ in _NOT_KILL:
            return []
    phrase: list[Token] = []
    started = False  # a number or noun of the current conjunct has been seen
    while k < end:
        tok = doc[k]
        low = tok.lower_
        if low in _SUBSET or low in ("who", "which", "that", "when", "while", "after", "as"):
            if not (low == "as" and not started):
                break
        if low in ("and", ",", "&"):
            if (
                started
                and k + 1 < end
                and _starts_quantity([doc[k + 1]])
                and not _speaker(doc, k + 1, end)
            ):
                phrase.append(tok)
                started = False
                k += 1
                continue
            break
        following = doc[k + 1] if k + 1 < end else None
        if not started and (_is_modifier(tok, following) or low == "between"):
            phrase.append(tok)
        elif _is_date(tok):
            break
        elif _nominal(tok) or low in ("of", "'s", "’s", "-") or tok.tag_ == "PRP":
            phrase.append(tok)
            started = started or tok.pos_ in ("NUM", "NOUN", "PROPN", "PRON")
        elif tok.tag_ in ("VBN", "VBG") and following is not None and _nominal(following):
            phrase.append(tok)  # "a suspected commander"
        else:
            break
        if tok.tag_ == "PRP":
            break
        k += 1
    while phrase and phrase[-1].lower_ in ("of", ",", "and", "-"):
        phrase.pop()
    if k < end and (doc[k].lemma_.lower() in _NOT_KILL or doc[k].lower_ in _NOT_KILL):
        return []  # "1 killed 3 injured": the figure belongs to the next verb
    return phrase


_NOUNISH = ("NOUN", "PROPN", "ADJ")
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
        right = _right_phrase(sent, tok.i + 1)  # "the death of a bystander"
        if low in _BODIES and _count_phrase(right)[0] is None:
            return _left_phrase(sent, tok.i)  # "five corpses of suspected militants"
        return right
    if low == "death" and prev is not None and prev.lower_ in ("his", "her"):
        return [prev]  # "resulting in his death": one, most likely named before
    if low in _BODIES:
        return _left_phrase(sent, tok.i)  # "five corpses were found", "a man's body"
    if low == "death" and prev is not None and _is_number_token(prev):
        return [prev]  # "resulting in one death"
    if low == "death" and prev is not None and prev.lower_ == "to" and tok.i - 2 >= sent.start:
        return _left_phrase(sent, tok.i - 2)  # "was beaten to death"
    if low in _DEATH_NOUNS:
        if low == "lives" and not (prev is not None and prev.lower_ in ("their", "his", "her")):
            if prev is not None and _is_number_token(prev):
                return _left_phrase(sent, tok.i)  # "claimed more than 100 lives"
            return None
        if low == "dead" and prev is not None and prev.lower_ == "shot" and nxt is not None:
            right = _right_phrase(sent, tok.i)  # "the army shot dead a man"
            if right:
                return right
        if low == "lives":
            return _left_phrase(sent, prev.i - 1 if prev is not None else tok.i)
        return _left_phrase(sent, tok.i)
    if lemma in ("die", "perish", "succumb") or low in ("died", "perished"):
        return _left_phrase(sent, tok.i)
    fatally = prev is not None and prev.lower_ in _FATALLY and tok.pos_ == "VERB"
    if fatally or (
        (lemma in _DUAL and lemma != "shoot") or low in ("killed", "killing", "killled", "slain")
    ):
        aux = doc[_skip_back(sent, tok.i - 1, False) or tok.i - 1] if tok.i > sent.start else None
        passive = tok.tag_ == "VBN" and (
            (aux is not None and (aux.lemma_ in ("be", "get") or aux.lower_ in ("been", "got")))
            or any(t.lemma_ in ("be", "get") for t in doc[max(sent.start, tok.i - 3) : tok.i])
        )
        if passive:
            return _left_phrase(sent, tok.i)
        right = _right_phrase(sent, tok.i)
        if _starts_quantity(right):
            return right
        left = _left_phrase(sent, tok.i)
        if _starts_quantity(left):
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


_CALENDAR = re.compile(
    r"\b(?:(?:19|20)\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|"
    r"Sat|Sun|day|days|week|weeks|month|months|year|years|ago|today|yesterday|tonight|"
    r"morning|evening|night|hours?|minutes?)",
    re.IGNORECASE,
)
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
            count, anaphoric = _count_phrase(phrase)
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
    parts = _number(m.group(1))
    if m.group(3):
        other = _number(m.group(3))
        parts = parts * other if parts and other else parts
    if total is None or not parts:
        return total
    before = text[max(0, m.start() - 60) : m.start()]
    own = re.search(r"\b(\d[\d,]*|[a-z]+)\s+fatalit\w*\s*$", before, re.IGNORECASE)
    if own and _number(own.group(1)) is not None:
        total = _number(own.group(1)) or total
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
    if coded and _number(coded.group(1)) is not None:
        return _split_share(text, _number(coded.group(1)))
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
    if toll and _number(toll.group(1)) is not None:
        total = max(total or 0, _number(toll.group(1)) or 0)
    if total is None and _ZERO_PHRASES.search(text):
        return 0
    return _split_share(text, total)
