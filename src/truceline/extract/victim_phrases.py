"""The phrase that names who died and how many, on either side of a death word: "two
soldiers and a civilian were killed", "20 fighters killed", "the strike killed at least
eight people, among them three children". Each conjunct of the phrase counts: a number
(digits or words, read with text2num), "a"/"one"/"another" + noun, "his brother", a
person's name; "including ..." and "among them ..." are subsets and end the phrase.
`fatalities.py` decides which of these phrases are an act's deaths.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from truceline.extract.doc_cache import ent_at
from truceline.extract.speakers import is_say

# Verbs of harm short of death: their victims are not counted.
_NOT_KILL = {"injure", "wound", "hurt", "injuring", "wounding", "maim", "abduct", "arrest"}
# Words passed over between the victims and the death word ("found dead", "also killed").
_SKIP_BEFORE = {
    "find", "found", "declare", "declared", "pronounce", "pronounced", "confirm", "confirmed",
    "report", "reported", "believe", "believed", "fear", "feared", "shoot", "shot", "leave",
    "left", "also", "all", "reportedly", "allegedly", "later", "subsequently", "eventually",
    "both", "ultimately", "instantly", "immediately", "each",
}  # fmt: skip
# Words that open a subset of the victims already counted ("including two children").
_SUBSET = {"including", "among", "mostly", "mainly", "of whom", "most", "included", "except"}
# Words around a number that do not change it ("at least", "more than", "some").
_MODIFIERS = {
    "at", "least", "more", "than", "over", "nearly", "almost", "about", "around", "some",
    "up", "to", "as", "many", "approximately", "roughly", "an", "estimated", "total", "of",
    "no", "fewer", "less", "upwards", "close", "just", "under", "a", "the", "another",
    "only", "exactly", "whopping", "reported", "further", "additional", "other", "between",
}  # fmt: skip
# Quantities that give no number ("dozens", "several").
_VAGUE = {
    "dozens", "scores", "hundreds", "thousands", "several", "many", "numerous", "few",
    "number", "multiple", "handful", "some", "various", "countless", "unknown", "unspecified",
}  # fmt: skip
_ONE = {"a", "an", "one", "another", "single", "his", "her", "its"}
_ZERO = {"no", "none", "nobody", "neither", "zero"}
PLURAL_NOUNS = {"people", "men", "women", "children", "police", "personnel", "troops"}
PLURAL_NOUNS |= {"forces", "militia", "civilians", "others", "youths", "staff", "crew"}
_ANAPHORIC = {"the", "these", "those", "both", "all", "they", "them"}
_NOUNISH = ("NOUN", "PROPN", "ADJ")
_CALENDAR = re.compile(
    r"\b(?:(?:19|20)\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|"
    r"Sat|Sun|day|days|week|weeks|month|months|year|years|ago|today|yesterday|tonight|"
    r"morning|evening|night|hours?|minutes?)",
    re.IGNORECASE,
)


def number_of(words: str) -> int | None:
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


def is_number_token(tok: Token) -> bool:
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
    numbers = [t for t in head if is_number_token(t)]
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
        value = number_of(" ".join(t.text for t in run))
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
    plural = last.tag_ in ("NNS", "NNPS") or last.lower_ in PLURAL_NOUNS
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


def count_phrase(tokens: list[Token]) -> tuple[int | None, bool]:
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


def skip_back(sent: Span, j: int, participle: bool) -> int | None:
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


def left_phrase(sent: Span, i: int, participle: bool = True) -> list[Token]:
    """The victims' phrase ending just before token i."""
    doc = sent.doc
    j = skip_back(sent, i - 1, participle)
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
                    if t.lower_ in ("and", ",") and starts_quantity(phrase[n + 1 :])
                ),
                None,
            )
            subset_total = count_phrase(phrase)[0]
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
        if tok.lower_ == "," and not starts_quantity(phrase[cut:n]):
            cut = n + 1
        elif tok.lower_ in ("and", "&") and not starts_quantity(phrase[cut:n]):
            if any(t.like_num for t in phrase[n + 1 :]):
                cut = n + 1  # "the area and two militants"; not "the officer and her son"
        elif tok.lower_ == "," and not starts_quantity(phrase[n + 1 :]):
            cut = n + 1  # "Hayk Minasyan, a soldier" keeps the appositive only
    return phrase[cut:]


def starts_quantity(tokens: list[Token]) -> bool:
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


def right_phrase(sent: Span, i: int) -> list[Token]:
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
                and starts_quantity([doc[k + 1]])
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
