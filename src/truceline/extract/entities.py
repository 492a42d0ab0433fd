"""Named entities from the project's own lexicons, in place of the statistical recognizer.

spaCy's English NER costs about as much as the tagger, parser and lemmatizer together
(it runs its own embedding layer over every token), and the extraction reads only a few
of its labels: who is a person, an organisation, a nationality or a place, and which
words are dates. `truceline_entities` (a pipeline component, after the lemmatizer) sets
`doc.ents` from what the project already knows:

- DATE and TIME: the date expressions of `extract.dates` ("9 May 2020", "on Sunday
  night", "in the past 24 hours") and spans of time ("for three days", "48 hours");
- names: runs of capitalised words (`geo.mentions.name_runs`), split at a possessive
  ("Armenia's Defence Ministry" is a country and an organisation), each labelled by
  the first source that knows it:
  a country or capital (GPE) or its people (NORP), from `countries`; a named actor of
  `data/actors.yaml` (ORG, or PERSON for a person); a news outlet (ORG); a name headed
  by an organisation word or an acronym (ORG); a place the gazetteer knows, where it
  stands as a noun of its own (GPE); else a person: two or more proper nouns not told
  as a place, or one after a title or before a verb of speech.

The recognizer is chosen by the setting `ner` (`TRUCELINE_NER`): `rules` (this module,
the default) or `spacy` (the model's own: several times the cost, and about the same
figures on the dev data; `benchmarks/extraction_quality.py` measures either).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from truceline.countries import country_named, country_of_capital, country_of_demonym
from truceline.extract.actor_lexicon import named_actors
from truceline.extract.dates import date_spans
from truceline.extract.doc_cache import doc_text
from truceline.extract.lexicon import lemmas
from truceline.extract.outlets import known_outlet

COMPONENT = "truceline_entities"
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,6}s?")
# "three days", "48 hours", "two-week": a span of time (no calendar date, still a DATE)
_DURATION = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"twenty-four|several|few|many)[\s-]+(?:(?:more|full|straight|consecutive|long)\s+)?"
    r"(?:hours?|days?|nights?|weeks?|months?|years?|decades?)\b",
    re.I,
)
_SPLIT_WORDS = frozenset({"and", "at", "as", "in", "on", "to", "or"})
_ARTICLES = frozenset({"a", "an", "the"})
_ORG_LINKS = frozenset({"for", "of", "on", "the", "and"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


@Language.factory(COMPONENT)
def make_entities(nlp: Language, name: str) -> EntityRules:
    return EntityRules()


class EntityRules:
    """The pipeline component: `doc.ents` from the lexicons (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        doc.set_ents(find_entities(doc), default="outside")
        return doc

    def pipe(self, stream, *, batch_size: int = 128):  # type: ignore[no-untyped-def]
        for doc in stream:
            yield self(doc)


def find_entities(doc: Doc) -> list[Span]:
    """The entities of `doc`, in order, without overlaps."""
    from truceline.geo.mentions import name_runs
    from truceline.geo.place_words import REGION_WORDS

    text = doc_text(doc)
    spans: list[Span] = []
    taken = [False] * len(doc)
    for start, end, label in _time_spans(text):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or any(taken[span.start : span.end]):
            continue
        spans.append(span)
        for k in range(span.start, span.end):
            taken[k] = True
    for i, j in name_runs(doc):
        for a, b in _pieces(doc, i, j, taken):
            for x, y, label in _names(doc, a, b):
                last = spans[-1] if spans else None
                if (
                    last is not None
                    and last.label_ == "ORG"
                    and 0 < x - last.end <= 2
                    and all(t.lower_ in _ORG_LINKS for t in doc[last.end : x])
                    and doc[y - 1].lower_ not in REGION_WORDS  # "police chief of X district"
                ):  # "the Observatory for Human Rights", "Committee of the Red Cross"
                    spans[-1] = Span(doc, last.start, y, label="ORG")
                else:
                    spans.append(Span(doc, x, y, label=label))
    spans.sort(key=lambda s: s.start)
    return spans


def _time_spans(text: str) -> list[tuple[int, int, str]]:
    found = [(s, e, "TIME" if kind == "time" else "DATE") for kind, s, e in date_spans(text)]
    found += [(m.start(), m.end(), "DATE") for m in _DURATION.finditer(text)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    return found


def _pieces(doc: Doc, i: int, j: int, taken: list[bool]) -> list[tuple[int, int]]:
    """The run cut at dates and possessives, less a leading article."""
    out: list[tuple[int, int]] = []
    a = i
    for k in range(i, j + 1):
        if k == j or taken[k] or doc[k].text in _POSSESSIVE:
            if k > a:
                out.append((a, k))
            a = k + 1
    trimmed = []
    for a, b in out:
        while a < b and (doc[a].lower_ == "the" or doc[a].is_punct):
            a += 1
        while b > a and (doc[b - 1].is_punct or doc[b - 1].lower_ in {"of", "and", "-"}):
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


_OPENERS = frozenset({'"', "“", "(", "-", "—", ":"})


def _opens(doc: Doc, a: int) -> bool:
    """Does token `a` open the sentence or a quote, a bracket or a clause after a dash?
    (There a capital says nothing of a name.)"""
    return a == 0 or doc[a - 1].text in _OPENERS


def _label(doc: Doc, a: int, b: int, *, titled: bool = False) -> str | None:
    first = doc[a]
    opening = _opens(doc, a)
    name = doc[a:b].text
    country = _country_label(name)
    if country is not None:
        return country
    if "-" in name and all(_country_label(part) for part in name.split("-") if part):
        return "NORP"  # "Armenian-Azerbaijani", "Russia-Ukraine": the sides, not a name
    if name.lower() in lemmas("holidays"):
        return "DATE"
    if b - a == 1 and opening and first.pos_ != "PROPN":
        return None  # a sentence's first word, capitalised as such
    if b - a == 1 and first.pos_ in {"VERB", "AUX"}:
        return None  # read as a verb: the parse does not take it for a name either
    heads = lemmas("organisation_heads")
    if any(t.lower_ in heads for t in doc[a:b]):
        return "ORG"
    actor = _actor_label(name)
    if actor is not None:
        return actor
    if known_outlet(name) is not None:
        return "ORG"
    proper = all(t.pos_ == "PROPN" or t.text == "-" for t in doc[a:b])
    if proper and _is_place(name) and _stands_as_place(doc, a, b):
        return "GPE"
    if b - a == 1:
        if _ACRONYM.fullmatch(first.text):
            return "ORG"
        if first.pos_ == "PROPN" and (titled or _speaks(first)):
            return "PERSON"
        if first.pos_ == "PROPN" and _where(first) and not _is_place(name):
            return "GPE"  # "raided X", "fighting in X": a place the gazetteer lacks
        return None
    if proper and not _placed(doc, a, b):
        return "PERSON"
    return None  # a name told as a place: the place finder reads it on its own


def _outlet_end(doc: Doc, b: int) -> int | None:
    """The end of an outlet's name that runs on past the capitalised words: a number
    before a media noun ("X 2 television"), or the media noun itself ("X news agency")."""
    k = b
    if k < len(doc) and doc[k].like_num:
        k += 1
    while k < len(doc) and doc[k].lower_ in {"news", "state", "state-run", "official"}:
        k += 1
    if k < len(doc) and doc[k].lower_ in lemmas("media_heads"):
        return k
    return None


def _names(doc: Doc, a: int, b: int) -> list[tuple[int, int, str]]:
    """The labelled names of the run `a:b`: a title inside it ends what comes before and
    opens a person ("Georgian Interior Minister NAME" is a nationality, then a person), and
    a nationality opening a name it does not label is a name of its own."""
    ands = [k for k in range(a + 1, b - 1) if doc[k].text in _SPLIT_WORDS]
    if ands and _whole_name(doc[a:b].text) is None:
        # "Israel and Iran", "X and an Army base", "Aleppo at Easter": two names (the name
        # finder joins such words for "Ras al Ain"; a name with "and" inside it, "Trinidad
        # and Tobago", is known to a lexicon whole)
        out: list[tuple[int, int, str]] = []
        start = a
        for k in [*ands, b]:
            while start < k and doc[start].lower_ in _ARTICLES:
                start += 1
            if k > start:
                out.extend(_names(doc, start, k))
            start = k + 1
        return out
    from truceline.geo.place_words import REGION_WORDS

    ofs = [k for k in range(a + 1, b - 2) if doc[k].lower_ == "of"]
    if ofs and doc[b - 1].lower_ in REGION_WORDS and doc[ofs[-1] + 1].lower_ != "the":
        # "Police Command of X District": an office, then the district it serves
        k = ofs[-1]
        office = any(t.lower_ in lemmas("organisation_heads") for t in doc[a:k])
        return [*([(a, k, "ORG")] if office else []), (k + 1, b, "GPE")]
    titles = lemmas("person_titles")
    outlet_end = _outlet_end(doc, b)
    if outlet_end is not None and _country_label(doc[a:b].text) is None:
        return [(a, outlet_end if outlet_end > b and doc[b].like_num else b, "ORG")]
    for k in range(b - 2, a - 1, -1):
        if doc[k].lower_.rstrip(".") in titles and doc[k + 1].pos_ == "PROPN":
            start = k + 1
            while k > a and doc[k - 1].lower_.rstrip(".") in titles:
                k -= 1
            label = _label(doc, start, b, titled=True)
            person = [(start, b, label)] if label is not None else []
            return (_names(doc, a, k) if k > a else []) + person
    label = _label(doc, a, b)
    if label is not None:
        return [(a, b, label)]
    first = _country_label(doc[a].text) if b - a > 1 else None
    if first is not None:
        return [(a, a + 1, first), *_names(doc, a + 1, b)]
    return []


def _whole_name(name: str) -> str | None:
    """The label a lexicon gives `name` as a whole (a country, a named actor), or None."""
    return _country_label(name) or _actor_label(name)


@lru_cache(maxsize=16384)
def _country_label(name: str) -> str | None:
    """NORP for a nationality, GPE for a country's name or capital (not for a bare ISO
    code: "IS" is a group, not Iceland; "US" and "UAE" are names too and stay GPE)."""
    if country_of_demonym(name):
        return "NORP"
    if country_named(name) or country_of_capital(name):
        return "GPE"
    return None


@lru_cache(maxsize=16384)
def _actor_label(name: str) -> str | None:
    hits = named_actors(name)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(name):
        return "PERSON" if hits[0][2].kind == "person" else "ORG"
    return None


@lru_cache(maxsize=16384)
def _is_place(name: str) -> bool:
    from truceline.geo.gazetteer import get_gazetteer

    return bool(get_gazetteer().lookup(name))


def _speaks(tok) -> bool:  # type: ignore[no-untyped-def]
    return tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lemma_.lower() in lemmas("speech_verbs")


def _placed(doc: Doc, a: int, b: int) -> bool:
    """Whether the text tells the name `a:b` as a place: a locative preposition stands
    before it, or a place noun after it ("X village")."""
    from truceline.geo.place_words import CITY_WORDS, LOCATIVE, REGION_WORDS

    if a > 0 and doc[a - 1].lower_ in LOCATIVE:
        return True
    return b < len(doc) and doc[b].lower_ in CITY_WORDS | REGION_WORDS


def _stands_as_place(doc: Doc, a: int, b: int) -> bool:
    """A name the gazetteer knows is labelled a place where it stands as a noun of its own
    (not a modifier: "X cocktails", "the X operation"), unless it opens the sentence as
    a capitalised common word."""
    if doc[b - 1].dep_ in {"compound", "amod", "nmod"} and not _placed(doc, a, b):
        return False
    return not (b - a == 1 and _opens(doc, a) and doc[a].lower_ in _common_words())


def _where(tok) -> bool:  # type: ignore[no-untyped-def]
    """The object of a locative preposition or of a verb: where a lone name is a place."""
    from truceline.geo.place_words import LOCATIVE

    if tok.dep_ == "pobj":
        return tok.head.lower_ in LOCATIVE
    return tok.dep_ == "dobj"


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Every plain word of the lexicon's classes: common nouns and verbs, no names."""
    from truceline.extract.lexicon import class_names, word_class

    words = (
        w.lower()
        for c in class_names()
        for w in (word_class(c).lemmas or word_class(c).words or ())
    )
    return frozenset(w for w in words if w.isalpha())
