"""Place mentions in a sentence: which capitalised names are places, and which places.

The gazetteer comes first: the small spaCy model tags "Stepanakert" as PERSON and
"Nagorno-Karabakh" as ORG, so every run of capitalised tokens is looked up, and
spaCy's labels, the words around a match and its shape decide whether it names a place:

- for: a GPE/LOC/FAC label, a locative word before ("in", "near", "outskirts of"), a
  place word after ("X city", "X province"), a comma or bracket joining it to another
  place ("Apodaca, Nuevo Leon"; "(Gujba LGA, Borno)"), a curated region, a country;
- against: being part of a longer name that is not a place ("Azerbaijani Ministry of
  Defense", "Donetsk News Agency"), DATE-like labels ("May", "Sunday"), a title before
  ("President"), "-based" after, a common word on its own ("Police said"), a street or
  an actor it names ("Quds Street", "Kiev government troops").

Names the exact lookup misses are tried once more with a transliteration-tolerant key
("Qalqiliyah", "Idleb") when the context says they are places. `truceline.geo.locations`
turns the mentions into an event's location.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LENGTH, POS, SPACY
from spacy.tokens import Doc

from truceline import countries
from truceline.countries import name_key
from truceline.extract.doc_cache import doc_cache, doc_text
from truceline.extract.lexicon import lemmas
from truceline.geo.datelines import mark_dateline
from truceline.geo.gazetteer import Gazetteer, Place, encloses, get_gazetteer
from truceline.geo.place_words import (
    ACTOR_NOUNS,
    CITY_WORDS,
    COMMON_WORDS,
    CONNECTORS,
    DATE_WORDS,
    DIRECTIONS,
    FACILITY_WORDS,
    LOCATIVE,
    MAX_SPAN_TOKENS,
    MEDIA_WORDS,
    NEAR_WORDS,
    NOT_PLACE_LABELS,
    OF_PLACE_WORDS,
    PLACE_NOUNS,
    PLURAL_CITY_WORDS,
    REGION_OF_WORDS,
    REGION_WORDS,
    RESPONSE_NOUNS,
    SPLITTERS,
    STANCE_VERBS,
    STREET_WORDS,
    STRONG_LEVELS,
    TITLES,
)

if TYPE_CHECKING:
    from truceline.extract.context import ParsedSentence


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text: offsets into the article, the words, the candidates.

    `near`: the text says near/outside/outskirts of it. `hint`: "city" or "region" when a
    word beside it says which ("X district", "city of X"). `qualifies_previous`: it
    follows the mention before as its enclosing place ("Apodaca, Nuevo Leon";
    "Goniri (Gujba LGA, Borno)"). `strength`: how sure it is a place (0-1). `demonym`:
    a nationality word standing for its country ("Azerbaijani territory"). `fuzzy`: the
    candidates come from the transliteration-tolerant lookup. `dateline`: it opens the
    article as its dateline; it says where the text was filed, and only hints where the
    places it names are.
    """

    start: int
    end: int
    text: str
    candidates: tuple[Place, ...]
    near: bool = False
    hint: str | None = None
    qualifies_previous: bool = False
    strength: float = 1.0
    demonym: bool = False
    fuzzy: bool = False
    contains_previous: bool = False
    relative: bool = False
    dateline: bool = False  # "KYIV, March 3 (Reuters) -": where it was filed, not where
    # "some 70 km north of X": the place told is that far from X (km north, km east)
    offset_km: tuple[float, float] | None = None


# -- finding places --------------------------------------------------------------------


class _Tokens:
    """The token attributes the finder reads, copied once out of the spaCy Doc (fast)."""

    __slots__ = ("_doc", "dep", "end", "ent", "ents", "head", "lower", "n", "name", "pos",
                 "start", "text", "words", "ws")  # fmt: skip

    def __init__(self, doc: Doc) -> None:
        # (weakly: the table is cached with the Doc, and must not keep it alive)
        self._doc = weakref.ref(doc)
        self.text = text = doc_text(doc)
        strings = doc.vocab.strings
        rows = doc.to_array([IDX, LENGTH, SPACY, POS, DEP, HEAD]).tolist()
        self.n = len(rows)
        self.start = [r[0] for r in rows]
        self.end = [r[0] + r[1] for r in rows]
        self.words = [text[a:b] for a, b in zip(self.start, self.end, strict=True)]
        self.lower = [w.lower() for w in self.words]
        self.ws = [bool(r[2]) for r in rows]
        self.pos = [strings[r[3]] for r in rows]
        self.dep = [strings[r[4]] if r[4] else "" for r in rows]
        # HEAD is stored relative to the token, as an unsigned 64-bit number
        self.head = [
            k + (r[5] - (1 << 64) if r[5] >= 1 << 63 else r[5]) for k, r in enumerate(rows)
        ]
        self.name = [bool(w) and w[0].isupper() and any(c.isalpha() for c in w) for w in self.words]
        self.ents: list[tuple[int, int, str]] = []  # read by `read_entities` when needed
        self.ent = [-1] * self.n

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        assert doc is not None, "the Doc of a token table is gone"
        return doc

    def read_entities(self) -> None:
        """The entities of the Doc as they are now (the entity recognizer sets them after
        reading the name runs of the same tokens)."""
        strings = self.doc.vocab.strings
        self.ents = []
        self.ent = [-1] * self.n
        rows = self.doc.to_array([ENT_IOB, ENT_TYPE]).tolist() if self.n else []
        for k, (iob, label) in enumerate(rows):
            if iob == 3:  # B
                self.ents.append((k, k + 1, strings[label]))
                self.ent[k] = len(self.ents) - 1
            elif iob == 1 and self.ents and self.ents[-1][1] == k:  # I
                a, _, lab = self.ents[-1]
                self.ents[-1] = (a, k + 1, lab)
                self.ent[k] = len(self.ents) - 1

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.start[i] : self.end[j - 1]]

    def before(self, i: int, k: int = 1) -> str:
        return self.lower[i - k] if i - k >= 0 else ""

    def after(self, j: int) -> str:
        return self.lower[j] if j < self.n else ""

    def entity(self, i: int, j: int) -> tuple[int, int, str] | None:
        for k in range(i, j):
            if self.ent[k] >= 0:
                return self.ents[self.ent[k]]
        return None


# Function words capitalised only because they open a sentence or a clause.
_OPENING_WORDS = LOCATIVE | frozenset("on at as while after before during".split())


def name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens of `doc` (token indices, end excluded), with
    connectors ("of", "al-") and hyphens inside them."""
    return _name_runs(_tokens_of(doc))


def _tokens_of(doc: Doc) -> _Tokens:
    """The token table of `doc`, made once per Doc (the entity recognizer and the place
    finder read the same sentences); its entities are read again by `find_places`."""
    cache = doc_cache(doc)
    tokens = cache.get("mentions.tokens")
    if tokens is None:
        tokens = cache["mentions.tokens"] = _Tokens(doc)
    return tokens


def _name_runs(t: _Tokens) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, with connectors and hyphens inside them."""
    runs: list[tuple[int, int]] = []
    n, name, lower = t.n, t.name, t.lower

    def name_at(k: int) -> bool:
        return k < n and name[k]

    i = 0
    while i < n:
        starts = name[i] or (
            lower[i] in CONNECTORS and not t.ws[i] and i + 2 < n
            and t.words[i + 1] == "-" and name[i + 2]
        )  # fmt: skip
        if not starts or (i >= 2 and t.words[i - 1] == "-" and not t.ws[i - 2]):
            i += 1  # not a name, or the end of a hyphenated word ("Deir ez-Zor")
            continue
        if lower[i] in _OPENING_WORDS and (i == 0 or not t.words[i - 1][-1:].isalnum()):
            i += 1  # "In Kabul, ...": a capitalised preposition opening the sentence
            continue
        j = i + 1
        while j < n:
            if name[j]:
                j += 1
                continue
            if t.words[j] in ("-", "'s", "’s") and not t.ws[j - 1] and name_at(j + 1):
                j += 1
                continue
            # "de los", "bin al-": up to three connectors (and hyphens) before a name
            k = j
            while k < n and k < j + 4 and (lower[k] in CONNECTORS or t.words[k] == "-"):
                k += 1
            if k > j and name_at(k):
                j = k
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _hint(t: _Tokens, i: int, j: int) -> str | None:
    after, before1, before2 = t.after(j), t.before(i), t.before(i, 2)
    if after in CITY_WORDS or (
        before1 == "of" and before2 in CITY_WORDS and before2 not in PLURAL_CITY_WORDS
    ):
        return "city"
    if after in REGION_WORDS or (before1 == "of" and before2 in REGION_OF_WORDS):
        return "region"
    if before1 == "of" and before2 in PLURAL_CITY_WORDS:  # "the villages of X": X holds them
        # ... but "the towns of X and Y" lists them
        return "city" if after in ("and", "or") or (after == "," and t.name[j + 1]) else "region"
    if (
        after in ("refugee", "idp", "displacement", "border", "market")
        and t.after(j + 1) in (CITY_WORDS)
    ) or (after in ACTOR_NOUNS and t.after(j + 1) in FACILITY_WORDS):
        return "city"  # "the Tulkarm refugee camp", "the X border town", "X Police station"
    if before1 == "rural" or after == "countryside":
        return "region"
    if after in ("'s", "’s") and t.lower[t.head[j - 1]] in CITY_WORDS | REGION_WORDS:
        return "region"  # "Kherson's X district", "Idlib's X village": the region holding it
    return None


def _near(t: _Tokens, i: int) -> bool:
    before = [t.before(i, k) for k in (3, 2, 1)]
    if any(w in NEAR_WORDS for w in before):
        return True
    return before[2] == "of" and before[1] in DIRECTIONS  # "10 km north of X"


def _locative_before(t: _Tokens, i: int) -> bool:
    prev, prev2 = t.before(i), t.before(i, 2)
    if prev in LOCATIVE or prev in NEAR_WORDS or prev == "(":
        return True
    if prev in ("al", "el", "as", "ad", "ar", "an") and prev2 in LOCATIVE:
        return True  # "in el Hermel"
    if (prev in ("the", "rural", "central", "greater") or prev in DIRECTIONS) and (
        prev2 in LOCATIVE or prev2 == "the"
    ):
        return True
    return prev == "of" and (
        prev2 in NEAR_WORDS or prev2 in DIRECTIONS or prev2 in CITY_WORDS
        or prev2 in REGION_WORDS or prev2 in FACILITY_WORDS or prev2 in OF_PLACE_WORDS
    )  # fmt: skip


def _owner_of_unknown(
    t: _Tokens, hits: list[tuple[int, int, tuple[Place, ...]]], end: int
) -> list[tuple[int, int, tuple[Place, ...]]]:
    """ "in Kherson's Xyz village": a region or town owning a place the gazetteer lacks
    (the name runs on to a place word) is where that place is; [] for any other run."""
    if len(hits) != 1 or t.after(end) not in CITY_WORDS | REGION_WORDS:
        return []
    i, j, places = hits[0]
    if j >= end or t.words[j] not in ("'s", "’s") or places[0].kind == "country":
        return []
    if not all(t.name[k] or t.words[k] == "-" for k in range(j + 1, end)):
        return []
    return [(i, j, places)]


def _allowed_leftover(t: _Tokens, k: int) -> bool:
    w = t.lower[k]
    return (
        w in FACILITY_WORDS or w in REGION_WORDS or w in CITY_WORDS or w in DIRECTIONS
        or w in CONNECTORS or w in DATE_WORDS
        or w in ("-", "'s", "’s", "the", "rural", "greater", "upper", "lower")
        or countries.country_of_demonym(t.words[k]) is not None
        or (w in ACTOR_NOUNS and t.after(k + 1) in FACILITY_WORDS)  # "X Police station"
    )  # fmt: skip


def _is_acronym(text: str) -> bool:
    return len(text) <= 5 and sum(ch.isupper() for ch in text) >= 2


def _evidence(t: _Tokens, i: int, j: int, places: Sequence[Place], run: tuple[int, int]) -> float:
    """How sure we are that tokens i:j (in a run of names) name a place: 0 to 1."""
    ent = t.entity(i, j)
    label = ent[2] if ent is not None else ""
    prev = t.before(i)
    levels = {p.level for p in places}
    strong_kind = bool(STRONG_LEVELS & levels)
    if prev in TITLES:
        return 0.0
    if j == i + 1 and _allowed_leftover(t, i):
        return 0.0  # "Zone", "Airport", "North" on their own
    if j + 1 < t.n and t.words[j] == "-" and t.lower[j + 1] in (
        "based", "backed", "led", "born", "made", "era", "brokered", "mediated", "sponsored",
        "funded", "allied", "aligned", "controlled", "held", "occupied", "installed", "run",
        "and", "or",  # "U.S.- and French-brokered": the first half of a pair of modifiers
    ):  # fmt: skip
        return 0.0
    if all(t.lower[k] in TITLES for k in range(i, j)):
        return 0.0  # "the Minister of Finance": a title, not a namesake town
    if t.words[j - 1].endswith("-") and len(t.words[j - 1]) > 1:
        return 0.0  # "U.S.- and French-brokered": the first half of a pair of modifiers
    if label in NOT_PLACE_LABELS and not ({"zone", "country"} & levels):
        return 0.0
    if ent is not None and label not in ("GPE", "LOC", "FAC"):
        # part of a longer non-place name in the same run ("Donetsk News Agency")
        rest = [k for k in range(max(ent[0], run[0]), min(ent[1], run[1])) if not i <= k < j]
        if not all(_allowed_leftover(t, k) for k in rest):
            return 0.0
    if _is_acronym(t.span_text(i, j)) and not {"zone", "country", "admin1"} & levels:
        return 0.0  # acronyms ("UN", "RPG") only for curated aliases and countries
    if (
        len(t.span_text(i, j)) == 2
        and not {"zone", "country"} & levels
        and not (t.before(i) == "," and t.after(j) in (")", ",", "."))
        and not (
            t.before(i) == "("
            and t.after(j) == ")"
            and j + 1 < t.n
            and (t.lower[j + 1] in (",", ".") or t.words[j + 1].islower())
        )
    ):
        return 0.0  # "TN" is Tamil Nadu only where a state is due: "(Vellore, TN)"
    first = t.lower[i]
    if label in ("GPE", "LOC", "FAC"):
        return 1.0
    if _locative_before(t, i) or _hint(t, i, j) is not None:
        if first in COMMON_WORDS and prev not in LOCATIVE:
            return 0.5
        return 0.8 if prev == "from" else 1.0  # "from X" is often where people came from
    if first in COMMON_WORDS and j == i + 1:
        return 0.0
    if label:  # PERSON, ORG, NORP, PRODUCT...: spaCy thinks it is something else
        if strong_kind:
            return 0.8
        if t.dep[j - 1] in ("dobj", "pobj", "nsubjpass", "conj"):
            # "shelled Avdiivka" (tagged PERSON): a place if the text confirms its country
            return 0.6 if any(p.population >= 100_000 for p in places) else 0.5
        if "admin2" in levels and t.before(i) in (",", "(") and t.after(j) in (")", ",", "."):
            return 0.6  # "Logobou (Logobou, Tapoa)": a district in the list of where
        return 0.0
    sentence_initial = i == 0 or t.words[i - 1] in ('"', "“", "(", ":", "'")
    if sentence_initial and not strong_kind:
        return 0.0
    if all(t.pos[k] == "PROPN" for k in range(i, j) if t.name[k]):
        return 0.8
    return 0.6 if strong_kind else 0.0


def _filter_candidates(text: str, places: Sequence[Place]) -> tuple[Place, ...]:
    if _is_acronym(text):
        return tuple(p for p in places if p.level in ("zone", "country", "admin1"))
    if len(text) <= 3:  # "Up", "As": a short word is no abbreviation of a region
        key = name_key(text)
        return tuple(p for p in places if p.level != "admin1" or name_key(p.name) == key)
    return tuple(places)


@dataclass(slots=True)
class _Match:
    i: int
    j: int
    places: tuple[Place, ...]
    strength: float
    fuzzy: bool = False
    demonym: bool = False


def _lookup(t: _Tokens, i: int, j: int, gaz: Gazetteer) -> tuple[Place, ...]:
    text = t.span_text(i, j)
    return _filter_candidates(text, gaz.lookup_key(name_key(text)))


def _greedy(
    t: _Tokens, start: int, end: int, gaz: Gazetteer
) -> list[tuple[int, int, tuple[Place, ...]]]:
    out = []
    i = start
    while i < end:
        hit = None
        if t.name[i]:
            for j in range(min(end, i + MAX_SPAN_TOKENS), i, -1):
                if t.name[j - 1] and (places := _lookup(t, i, j, gaz)):
                    hit = (i, j, places)
                    break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def _pieces(t: _Tokens, start: int, end: int) -> list[tuple[int, int]]:
    pieces, last = [], start
    for k in range(start, end):
        if t.lower[k] in SPLITTERS:
            if k > last:
                pieces.append((last, k))
            last = k + 1
    if last < end:
        pieces.append((last, end))
    return pieces


def _context_says_place(t: _Tokens, i: int, j: int) -> bool:
    ent, h = t.entity(i, j), t.head[j - 1]  # "A in X and B in Y": B is listed with A
    if (ent is not None and ent[2] in ("GPE", "LOC", "FAC")) or (
        t.dep[j - 1] == "conj" and h < i and (t.entity(h, h + 1) or (0, 0, ""))[2] == "GPE"
    ):
        return True
    return _locative_before(t, i) or _hint(t, i, j) is not None or t.after(j) in (",", ")")


def _match_run(
    t: _Tokens, start: int, end: int, gaz: Gazetteer, rejected: list[_Match] | None = None
) -> list[_Match]:
    """The places a run of names holds; `rejected` collects names the context alone did
    not make places (the region named after them may, see `_rescue`)."""
    whole = _lookup(t, start, end, gaz)
    pieces = [(start, end)] if whole else _pieces(t, start, end)
    out: list[_Match] = []
    for a, b in pieces:
        hits = [(start, end, whole)] if whole else _greedy(t, a, b, gaz)
        covered = {k for i, j, _ in hits for k in range(i, j)}
        if hits and not all(_allowed_leftover(t, k) for k in range(a, b) if k not in covered):
            # a place name inside a longer name ("Donetsk News Agency"), unless it owns a
            # place the gazetteer lacks ("Kherson's Xyz village")
            hits = _owner_of_unknown(t, hits, b)
        if (
            len(hits) > 1
            and not all(
                any(encloses(o, i) for o in y[2][:20] for i in x[2][:20])
                or (  # "Russia's Belgorod region": the owner holds what follows
                    t.words[x[1]] in ("'s", "’s")
                    and any(encloses(o, i) for o in x[2][:20] for i in y[2][:20])
                )
                for x, y in pairwise(hits)
            )
        ):
            hits = []  # "Hay Oban Ramadan" is a name; "Tijuana Baja California" two places
        for i, j, places in hits:
            strength = _evidence(t, i, j, places, (start, end))
            if t.after(j) in STREET_WORDS or t.after(end) in STREET_WORDS:
                strength = 0.0  # "Murree road", "the Khulna-Jessore highway": named after
            elif (
                strength == 0 and rejected is not None and t.before(i) not in TITLES
                and t.lower[i] not in COMMON_WORDS and not _is_acronym(t.span_text(i, j))
            ):  # fmt: skip
                rejected.append(_Match(i, j, places, 0.0))
            if strength > 0:
                out.append(_Match(i, j, places, strength))
        if not hits:
            # Trim place words at the edges ("Bossaso Town"), then a fuzzy lookup.
            i, j = a, b
            while j > i + 1 and _allowed_leftover(t, j - 1):
                j -= 1
            if _context_says_place(t, i, j) and not any(
                t.lower[k] in COMMON_WORDS or t.lower[k] in TITLES or t.lower[k] in ACTOR_NOUNS
                for k in range(i, j)
            ):  # "the Minister of Finance" is no misspelt Minster
                text = t.span_text(i, j)
                places = _filter_candidates(text, gaz.lookup_fuzzy(text))
                strength = _evidence(t, i, j, places, (start, end)) if places else 0.0
                if strength > 0:
                    out.append(_Match(i, j, places, min(strength, 0.8), fuzzy=True))
    return out


_JOIN = re.compile(r"\s*[,(]\s*")


def _rescue(t: _Tokens, rejected: list[_Match], matches: list[_Match]) -> list[_Match]:
    """Names the tagger took for something else that the province or district named right
    after them holds: "Carora, Lara state", "Kantchari (Tapoa)"."""
    out = []
    for r in rejected:
        after = [m for m in matches if m.i >= r.j and not m.demonym]
        if not after:
            continue
        nxt = min(after, key=lambda m: m.i)
        if not _JOIN.fullmatch(t.text[t.end[r.j - 1] : t.start[nxt.i]]):
            continue
        regions = [o for o in nxt.places[:10] if o.level in ("admin1", "admin2")]
        if any(encloses(o, p) for o in regions for p in r.places[:20]):
            out.append(_Match(r.i, r.j, r.places, 0.6))
    return out


def _is_modifier(t: _Tokens, i: int, j: int) -> bool:
    """A name modifying a noun ("US forces", "Kiev government", "Syria's army") rather
    than naming where; "Idlib province", "Aleppo countryside", "Kabul airport" are places."""
    last = j - 1
    if t.dep[last] in ("compound", "amod", "poss", "nmod") and t.head[last] >= j:
        head = t.lower[t.head[last]]
        return not (
            head in PLACE_NOUNS or head.rstrip("s") in PLACE_NOUNS or head in REGION_WORDS
            or head in CITY_WORDS or head in FACILITY_WORDS or head in STREET_WORDS
        )  # fmt: skip
    return t.after(j) in lemmas("currencies")  # "the US dollar", "the Turkish lira"


def _capital_for_government(t: _Tokens, i: int, j: int, places: Sequence[Place]) -> bool:
    """A capital standing for its government: the subject of a verb of speech or stance
    ("Moscow said", "Baku denies") or the source of a response ("retaliation from Baku")."""
    key = name_key(t.span_text(i, j))
    if not any(
        p.kind == "city" and p.country
        and name_key(countries.country_capital(p.country) or "") == key
        for p in places[:3]
    ):  # fmt: skip
        return False
    last = j - 1
    if t.dep[last] == "nsubj" and t.doc[t.head[last]].lemma_.lower() in STANCE_VERBS:
        return True
    return t.before(i) == "from" and t.before(i, 2) in RESPONSE_NOUNS


def _capital_match(t: _Tokens, i: int, j: int, code: str, gaz: Gazetteer) -> _Match | None:
    """ "the Libyan capital", "Libya's capital", "the capital of Libya": its capital city."""
    if t.after(j) == "capital":
        span = (i, j + 1)
    elif t.after(j) in ("'s", "’s") and j + 1 < t.n and t.lower[j + 1] == "capital":
        span = (i, j + 2)
    elif t.before(i) == "of" and t.before(i, 2) == "capital":
        span = (i - 2, j)
    else:
        return None
    name = countries.country_capital(code)
    cities = [p for p in gaz.lookup(name) if p.country == code and p.kind == "city"] if name else []
    if not cities:
        return None
    strength = 1.0 if _locative_before(t, span[0] - (t.before(span[0]) == "the")) else 0.8
    return _Match(span[0], span[1], (cities[0],), strength)


def _country_place(code: str) -> Place | None:
    centroid = countries.country_centroid(code)
    if centroid is None:
        return None
    name = countries.country_name(code) or code
    return Place(name, code, None, centroid[0], centroid[1], 0, "country", None, "country")


def _direction_before(t: _Tokens, i: int) -> str | None:
    prev = t.before(i)
    if prev in DIRECTIONS:
        return prev
    if t.before(i, 2) == "-":  # "north-eastern"
        word = f"{t.before(i, 3)}-{prev}"
        return word if word in DIRECTIONS else None
    return None


_PARTS: dict[tuple[str, str, str], tuple[float, float]] = {}


def _part_of(gaz: Gazetteer, country: Place, direction: str) -> Place:
    """The northern/southern... part of a country: the mean of its places that way."""
    key = (str(gaz.path), country.country or "", direction)
    if key not in _PARTS:
        dlat, dlon = DIRECTIONS[direction]
        cities = gaz.places_in(country.country or "", "city")
        lat, lon = country.latitude, country.longitude
        if len(cities) >= 10:
            third = len(cities) // 3
            lats = sorted(p.latitude for p in cities)
            lons = sorted(p.longitude for p in cities)
            chosen = cities
            if dlat:
                chosen = [p for p in chosen if (p.latitude >= lats[-third] if dlat > 0
                                                else p.latitude <= lats[third])]  # fmt: skip
            if dlon:
                chosen = [p for p in chosen if (p.longitude >= lons[-third] if dlon > 0
                                                else p.longitude <= lons[third])]  # fmt: skip
            if not dlat and not dlon:
                chosen = [p for p in cities if lats[third] <= p.latitude <= lats[-third]
                          and lons[third] <= p.longitude <= lons[-third]]  # fmt: skip
            if chosen:
                lat = sum(p.latitude for p in chosen) / len(chosen)
                lon = sum(p.longitude for p in chosen) / len(chosen)
        _PARTS[key] = (lat, lon)
    lat, lon = _PARTS[key]
    name = f"{direction} {country.name}"
    return Place(name, country.country, None, lat, lon, country.population, "region", None, "part")


# Text between a place and the next that makes the next its enclosing place:
# "X, Y", "X (Y", "X city (Y", "X LGA, Y", "X) district, Y", "X in Y", "X district in
# rural Y", "X districts of Y", "X palace in Y". The second pattern says "X is in Y".
_PLACE_WORD = "|".join(sorted(CITY_WORDS | REGION_WORDS | FACILITY_WORDS | {"area", "areas"}))
_QUALIFIER_GAP = re.compile(
    r"\s*,\s*\(?\s*"
    r"|\s+[A-Za-z.]+(?:\s+[A-Za-z.]+)?\s*,\s*"
    r"|\s*\)\s*[A-Za-z.]+\s*,\s*"
    r"|\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s*,\s*"  # "X, Unknown, Y"
)
_CONTAINED_GAP = re.compile(
    r"\s*\(\s*"
    r"|\s+[A-Za-z.]+(?:\s+[A-Za-z.]+)?\s*\(\s*"
    r"|\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s*\(\s*"  # "X, Unknown (Y"
    r"|\s+[A-Za-z.]+(?:\s+[A-Za-z.]+)?\s*\(\s*(?:[A-Z][\w'-]*\s*){1,3},\s*"  # "X area (Unknown, Y"
    rf"|(?:\s+[A-Za-z]+)?(?:\s+(?i:{_PLACE_WORD}))?\s+in\s+"
    r"(?:rural\s+|the\s+(?:[a-z-]+\s+){0,2}?(?:of\s+)?)?"
    rf"|\s+(?:{_PLACE_WORD})\s+of\s+(?:the\s+)?"
    rf"|(?:\s+(?:{_PLACE_WORD}))?\s+near\s+(?:the\s+)?"
    # "X area of Unknown district, Y": the unknown district lies in Y, and so does X
    rf"|\s+(?:{_PLACE_WORD})\s+of\s+(?:[A-Z][\w'-]*\s+){{1,3}}(?i:{_PLACE_WORD})\s*,\s*"
)
# "a hamlet about 40 km north of the town of X": a distance and a bearing from X.
_OFFSET_BEFORE = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>km|kilomet(?:er|re)s?|miles?)\s*(?:\([^)]{0,20}\)\s*)?"
    r"(?P<dir>[a-z-]+)\s+of\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}$",
    re.IGNORECASE,
)
_MILE_KM = 1.609


def _offset_before(text: str) -> tuple[float, float] | None:
    """(km north, km east) when `text` ends with "N km DIRECTION of (the town of)"."""
    m = _OFFSET_BEFORE.search(text)
    if m is None:
        return None
    step = DIRECTIONS.get(m["dir"].lower())
    if step is None or step == (0, 0):
        return None
    km = float(m["n"]) * (_MILE_KM if m["unit"].lower().startswith("mile") else 1.0)
    scale = km / math.hypot(*step)
    return step[0] * scale, step[1] * scale


# "X district west of Y", "X, 10 km north of Y": Y only says where X is.
_DIRECTION = "|".join(sorted(DIRECTIONS, key=len, reverse=True))
_RELATIVE_GAP = re.compile(
    rf"(?:\s+[a-z]+)?,?\s+(?:(?:about|some)\s+)?(?:\d+\s*(?:km|kilometers|kilometres|miles)\s+)?"
    rf"(?:{_DIRECTION})\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
# "X and Y governorates", "X, Y and Z districts": the plural place word covers them all.
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and)\s*")
_PLURAL_REGION_WORDS = frozenset(w for w in REGION_WORDS if w.endswith("s"))


def find_places(parsed: ParsedSentence, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """The place mentions of one sentence, in text order, with their gazetteer candidates."""
    gaz = gazetteer or get_gazetteer()
    t = _tokens_of(parsed.doc)
    t.read_entities()
    matches: list[_Match] = []
    rejected: list[_Match] = []
    for start, end in _name_runs(t):
        matches.extend(_match_run(t, start, end, gaz, rejected))
    matches.extend(_rescue(t, rejected, matches))
    taken = {k for m in matches for k in range(m.i, m.j)}
    # Nationality words locating a place noun ("Azerbaijani territory", "Syrian villages"),
    # and capitals named by their country ("the Libyan capital", "capital of Libya").
    for k in range(t.n):
        if k in taken or not t.name[k]:
            continue
        code = countries.country_of_demonym(t.words[k])
        if code is None:
            continue
        head = t.lower[t.head[k]] if t.head[k] != k else ""
        place_noun = head in PLACE_NOUNS or head.rstrip("s") in PLACE_NOUNS
        ent = t.entity(k, k + 1)
        # The small model tags a lone "Azerbaijani" before "territory" as PERSON: a
        # nationality word on its own before a place noun is read as one all the same.
        if (
            ent is not None
            and ent[2] not in ("NORP", "GPE")
            and not (place_noun and ent[1] - ent[0] == 1)
        ):
            continue
        capital = _capital_match(t, k, k + 1, code, gaz)
        if capital is not None:
            matches.append(capital)
            continue
        place = _country_place(code)
        if place is not None and place_noun:
            matches.append(_Match(k, k + 1, (place,), 0.3, demonym=True))
    for m in list(matches):
        if m.places[0].kind == "country" and not m.demonym and m.places[0].country:
            capital = _capital_match(t, m.i, m.j, m.places[0].country, gaz)
            if capital is not None:
                matches.remove(m)
                matches.append(capital)
    matches.sort(key=lambda m: m.i)

    mentions: list[PlaceMention] = []
    prev_end: int | None = None
    for m in matches:
        places = m.places
        if t.after(m.j) in ("dollar", "dollars"):
            continue  # "the US dollar exchange rate": money, not a place
        if t.after(m.j) in MEDIA_WORDS and places[0].kind != "country":
            continue  # "the Saba news agency", "Al Mayadeen TV": an outlet's name
        if t.after(m.j) == "time" and places[0].kind != "country":
            continue  # "at 3pm Moscow time": a time zone
        if _outlet_reporting(t, m.i, m.j):
            continue  # "according to Saba", "Al Mayadeen reported": an outlet
        if not m.demonym and _is_modifier(t, m.i, m.j):
            if places[0].kind == "country":  # "US dollar", "Syria's army": no location
                m.strength, m.demonym = 0.3, True
            elif t.lower[t.head[m.j - 1]] in ACTOR_NOUNS and not (
                _locative_before(t, m.i) or _hint(t, m.i, m.j)  # "the X Police station"
            ):
                m.strength = min(m.strength, 0.3)  # "Kiev government troops"
        if _capital_for_government(t, m.i, m.j, places):
            continue  # "Moscow said", "retaliation from Baku": the government, not a place
        direction = _direction_before(t, m.i)
        if direction and places[0].kind == "country" and not m.demonym:
            zones = [
                p for p in gaz.lookup(f"{direction} {t.span_text(m.i, m.j)}") if p.level == "zone"
            ]  # "southern Lebanon", "northwest Syria": curated areas first
            places = (*zones, _part_of(gaz, places[0], direction), *places)
        start_char, end_char = t.start[m.i], t.end[m.j - 1]
        offset = _offset_before(t.text[max(0, start_char - 100) : start_char])
        gap = t.text[prev_end:start_char] if prev_end is not None else None
        contained = gap is not None and _CONTAINED_GAP.fullmatch(gap) is not None
        hint = _hint(t, m.i, m.j)
        mentions.append(
            PlaceMention(
                start=parsed.offset + start_char,
                end=parsed.offset + end_char,
                text=t.text[start_char:end_char],
                candidates=places,
                near=_near(t, m.i),
                hint=hint,
                qualifies_previous=contained
                or (gap is not None and _QUALIFIER_GAP.fullmatch(gap) is not None),
                strength=m.strength,
                demonym=m.demonym,
                fuzzy=m.fuzzy,
                contains_previous=contained,
                relative=gap is not None and _RELATIVE_GAP.fullmatch(gap) is not None,
                offset_km=offset,
            )
        )
        prev_end = end_char
    if parsed.sentence.index == 0:
        mentions = mark_dateline(mentions, parsed.offset, t.text)
    return _spread_plural_hints(mentions, parsed.offset, t)


REPORTING_BEFORE = frozenset("to told citing cited by".split())
REPORTING_AFTER = frozenset("reported reports said says quoted cited claimed".split())


def _outlet_reporting(t: _Tokens, i: int, j: int) -> bool:
    """An outlet's name in a reporting context ("according to Saba", "told Al Mayadeen",
    "Saba reported"): the relaying outlet, not a place (Al Mayadeen is also a town)."""
    from truceline.extract.outlets import known_outlet

    if known_outlet(t.span_text(i, j)) is None:
        return False
    return t.before(i) in REPORTING_BEFORE or t.after(j) in REPORTING_AFTER


def _spread_plural_hints(
    mentions: list[PlaceMention], offset: int, t: _Tokens
) -> list[PlaceMention]:
    """ "Al Bayda and Marib governorates": the plural word makes both regions."""
    out = list(mentions)
    spreading = False  # "Sana'a, Marib and Hajjah governorates": on through the list
    for k in range(len(out) - 1, 0, -1):
        cur, prev = out[k], out[k - 1]
        gap = t.text[prev.end - offset : cur.start - offset]
        if (
            cur.hint and prev.hint is None and _LIST_GAP.fullmatch(gap)
            and (spreading or _plural_after(cur, t, offset))
        ):  # fmt: skip
            out[k - 1] = replace(prev, hint=cur.hint)
            spreading = True
        else:
            spreading = False
    return out


def _plural_after(mention: PlaceMention, t: _Tokens, offset: int) -> bool:
    rest = t.text[mention.end - offset :].split(maxsplit=1)
    return bool(rest) and rest[0].lower().strip(",.;") in _PLURAL_REGION_WORDS
