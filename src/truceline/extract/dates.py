"""Dates in text, resolved against the publication date.

Candidate expressions are located with patterns ("on Sunday", "9 May 2020", "late
April", "earlier in the day", "at midnight on Monday"); the calendar work is done by
dateparser with the reference day as RELATIVE_BASE. Conventions:

- News reports past events: a weekday or a day-month without year is the most recent
  one on or before the reference day, unless the clause looks ahead ("will take effect
  from Monday", "starting Friday"), then the first on or after it.
- Deictic expressions ("yesterday", "on Sunday", "last week", "this morning") count
  from the publication date. Anaphoric ones ("earlier in the day", "the day before",
  "three days later", "overnight", a bare clock time) count from another day-level date
  of the same sentence, else the last date before them, else the publication date.
- Periods resolve to their first day with a coarser precision: "in March" -> 1 March
  (month), "last week" -> seven days before (week), "in 2019" -> 1 January (year);
  "mid"/"late" move a month to the 15th/25th. The current period ("this week",
  "earlier this month", "this year") is the reference day itself, with the period's
  precision (the dev gold dates such events to the publication day). "Around 9 May",
  "9 May (or around)" and "as reported on 9 May" are week precision (ACLED's reading).
- The event's date (`resolve_event_date`) is the expression nearest the trigger,
  skipping dates of statements ("said on Monday"), months and years when a day is
  near, and dates in a clause about something else ("a truce that took effect on
  Friday"); else the previous day-level date (`last_date_before`), else publication.
- Numeric dates ("2/10/2022") are left alone: day and month order is unknowable.
- A clock time ("at midnight", "from 6 a.m.", "at 08.00") sets `time`; a future
  midnight with no day named ("will take effect at midnight") is the next day's 00:00.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

Precision = Literal["day", "week", "month", "year"]
_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date expression of the text, resolved to a calendar date."""

    date: dt.date
    precision: Precision
    start: int
    end: int  # offsets of the expression in the text given
    text: str
    time: str | None = None  # "HH:MM" when the text gives a clock time


# --- the patterns ---------------------------------------------------------------------

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
MONTHS = frozenset(_MONTH_NAMES.split("|"))
# Month names are matched case-sensitively ("May" the month, not "may" the verb).
_MONTH = rf"(?:{_MONTH_NAMES}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_PART = r"(?:morning|afternoon|evening|night|dawn|daybreak|noon)"
_PREP = r"(?i:in|since|during|by|until|till|from|of|throughout|before|after|through)"
_AT = r"(?i:at|from|until|till|since|by|around|about|after|before|as\s+of)"
_ZONE = r"(?i:hours\b|hrs\b|GMT\b|UTC\b|local\s+time\b)"
_PERIOD_MOD = (
    r"(?i:early|mid|late|the\s+(?:beginning|start|middle|end|first\s+half|second\s+half)\s+of)"
)

_ATOMS: list[tuple[str, str]] = [
    # 9 May 2020, May 9, 2020, 9th of May 2020, 2020-05-09
    ("full", rf"\b{_DAYNUM}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b"),
    ("full", rf"\b{_MONTH}\s+{_DAYNUM},?\s+{_YEAR}\b"),
    ("full", r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"),
    # early September 2020, in March 2019
    ("monthyear", rf"(?:\b{_PERIOD_MOD}[\s-]+)?\b{_MONTH},?\s+{_YEAR}\b"),
    # 9 May, May 9, the 9th of May
    ("daymonth", rf"\b{_DAYNUM}(?:\s+of)?\s+{_MONTH}(?![\w-])"),
    ("daymonth", rf"\b{_MONTH}\s+{_DAYNUM}\b(?![:.,]?\d|\s*(?:%|per\s*cent))"),
    # late April, in March, since early September
    ("month", rf"\b{_PERIOD_MOD}[\s-]+{_MONTH}\b"),
    ("month", rf"\b{_PREP}\s+(?P<x>{_MONTH})\b"),
    # in 2019, since early 2014
    ("year", rf"\b{_PERIOD_MOD}[\s-]+{_YEAR}\b"),
    ("year", rf"\b{_PREP}\s+(?P<x>{_YEAR})\b(?![\w%-]|\s*(?:people|per))"),
    # (early/late) (on) Sunday (morning|night)
    ("weekday", rf"(?:\b(?i:early|late)\s+(?:(?i:on)\s+)?)?\b{_WEEKDAY}\b(?:\s+{_PART}\b)?"),
    ("weekend", r"\b(?i:(?:at|over|during)\s+the\s+weekend|last\s+weekend|this\s+weekend)\b"),
    (
        "rel",
        rf"\b(?i:today|yesterday|tomorrow|tonight|last\s+night|overnight|during\s+the\s+night|"
        rf"the\s+(?:previous|preceding|following|next|same)\s+(?:day|night|morning|evening)|"
        rf"the\s+day\s+(?:before|after)|the\s+night\s+before|"
        rf"(?:a|one|the)\s+day\s+(?:earlier|later|before|after)|"
        rf"(?:earlier|later)\s+(?:in|on)\s+the\s+day|later\s+(?:that|the\s+same)\s+day|"
        rf"that\s+(?:same\s+)?(?:day|night|morning|evening|afternoon)|"
        rf"(?:earlier\s+|later\s+)?this\s+(?:morning|afternoon|evening)|"
        rf"earlier\s+today|"
        rf"{_NUMWORD}\s+(?:days?|weeks?|months?|years?)\s+(?:ago|earlier|later|before|after)|"
        rf"(?:earlier\s+|later\s+)?(?:last|this|next|past)\s+(?:week|month|year)|"
        rf"(?:in|over|during)\s+the\s+(?:past|last|previous)\s+"
        rf"(?:day|24\s+hours|twenty-four\s+hours|48\s+hours|week|month|year))\b",
    ),
    ("time", rf"(?:\b{_AT}\s+)?\b(?i:midnight|midday|noon)\b"),
    ("time", rf"(?:\b{_AT}\s+)?\b\d{{1,2}}(?:[:.]\d{{2}})?\s*(?i:a\.m\.|p\.m\.|am\b|pm\b)"),
    ("time", rf"\b{_AT}\s+[0-2]?\d[:.][0-5]\d\b(?:\s*{_ZONE})?"),
    ("time", rf"\b[0-2]?\d[:.]?[0-5]\d\s*{_ZONE}"),
    ("part", r"\b(?i:(?:early|late)\s+)?(?i:in\s+the|at|before|at\s+around)\s+" + _PART + r"\b"),
]
_ATOM_RES = [(kind, re.compile(p)) for kind, p in _ATOMS]

# What may sit between two atoms of one expression: "3pm on Saturday", "Thursday,
# November 9", "midnight on Sunday", "Wednesday night and early on Thursday" is two.
_JOIN = re.compile(r"^[\s,()]*(?:(?i:on|at|of|in\s+the|around|about)\s+)?[\s()]*$")
_NAME_BEFORE = re.compile(r"\b(?i:the)\s+$")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_APPROX_BEFORE = re.compile(
    r"\b(?i:around|about|circa|approximately|(?:as\s+)?reported\s+on|(?:in\s+)?the\s+week\s+of)"
    r"\s+(?:(?i:on)\s+)?$"
)
_APPROX_AFTER = re.compile(r"^\s*\((?i:or\s+around|week\s+of|as\s+reported[^)]*|midweek)\)")
_REPORTING_BEFORE = re.compile(
    r"\b(?i:said|says|say|told|tells|reported|reports|announced|stated|statement|claimed|added|"
    r"confirmed|published|tweeted|wrote|posted|declared|briefing|interview|conference|"
    r"communiqu[eé]|report)\b[^.;]{0,25}$"
)
_FUTURE_CUE = re.compile(
    r"\b(?i:will|shall|'ll|(?:is|are|was|were)\s+(?:due|set|scheduled|expected|going|planned|"
    r"slated)\s+to|would\s+(?:take|come|go|begin|start|last|run|expire|end|be)|"
    r"to\s+(?:take\s+effect|come\s+into|go\s+into|begin|start|expire|end|last)|"
    r"plans?\s+to|intends?\s+to|next|upcoming|coming|"
    r"(?:begins|starts|takes\s+effect|comes\s+into\s+(?:force|effect)|goes\s+into\s+effect|"
    r"expires|lapses))\b"
)
_FROM_CUE = re.compile(
    r"\b(?i:from|starting|beginning|as\s+of|effective|until|till|through)\s+(?:(?i:on)\s+)?$"
)
_PAST_CUE = re.compile(r"\b(?i:was|were|had|did|has\s+been|have\s+been|ago)\b")
_REPORTING_VERB = re.compile(
    r"\b(?i:said|says|told|reported|announced|stated|added|confirmed|claimed)\b"
)
# Sentence ends for the cheap splitting done here (the pipeline passes sentences anyway).
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n")
_CLAUSE_END = re.compile(r"[;.!?]|\n")

_DEICTIC_DAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}
_DIRECTION_OF = {"ago": -1, "earlier": -1, "before": -1, "later": 1, "after": 1}
_MOD_DAY = {"early": 1, "beginning": 1, "start": 1, "first half": 1, "mid": 15, "middle": 15}
_MOD_DAY |= {"late": 25, "end": 25, "second half": 16}


@dataclass(frozen=True, slots=True)
class _Atom:
    kind: str
    start: int
    end: int
    text: str


# Something every atom needs (a digit, a month, or a word of time): a text without any
# has no date expression.
_ANY_ATOM = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
    r"(?i:day|tomorrow|night|morning|evening|afternoon|week|month|year|hours|noon|dawn)"
)


def date_spans(text: str) -> list[tuple[str, int, int]]:
    """The date and time expressions of `text` as (kind, start, end): "time" for a time of
    day, else a kind of date; the atoms `find_dates` builds its dates from."""
    return [(a.kind, a.start, a.end) for a in _atoms(text)]


def _atoms(text: str) -> list[_Atom]:
    return list(_atoms_of(text))


@lru_cache(maxsize=4096)
def _atoms_of(text: str) -> tuple[_Atom, ...]:
    """The atoms of `text` (cached: the entity recognizer and the date stage read the
    same sentences)."""
    if not _ANY_ATOM.search(text):
        return ()
    found: list[_Atom] = []
    for kind, rx in _ATOM_RES:
        for m in rx.finditer(text):
            s, e = m.span("x") if "x" in rx.groupindex else m.span()
            if (
                kind == "daymonth"
                and _NAME_BEFORE.search(text, 0, s)
                and _NAME_AFTER.match(text, e)
            ):
                continue  # "the March 23 Movement" is a name
            if e > s:
                found.append(_Atom(kind, s, e, text[s:e]))
    # Longest first wins where atoms overlap ("9 May 2020" over "9 May" and "May 2020").
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[_Atom] = []
    for atom in found:
        if any(atom.start < k.end and k.start < atom.end for k in kept):
            continue
        kept.append(atom)
    return tuple(sorted(kept, key=lambda a: a.start))


def _groups(text: str, atoms: list[_Atom]) -> list[list[_Atom]]:
    groups: list[list[_Atom]] = []
    for atom in atoms:
        if groups:
            last = groups[-1]
            kinds = {a.kind for a in last}
            gap = text[last[-1].end : atom.start]
            absolute = {"full", "daymonth", "monthyear", "month", "year"}
            clash = (atom.kind in absolute and kinds & absolute) or (
                atom.kind == "weekday" and "weekday" in kinds
            )
            same_moment = atom.kind == "time" and "time" in kinds and "(" in gap
            if _JOIN.match(gap) and not clash and (atom.kind not in kinds or same_moment):
                last.append(atom)
                continue
        groups.append([atom])
    return groups


# --- calendar work (dateparser) ---------------------------------------------------------


@lru_cache(maxsize=64)
def _parser(base: dt.date, prefer: str) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12, 0),
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY",
    }
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _parse(expr: str, base: dt.date, prefer: str = "past") -> tuple[dt.date, str] | None:
    """dateparser's reading of `expr` from `base` (the same few expressions recur: cached)."""
    data = _parser(base, prefer).get_date_data(expr)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


_LAST_BEFORE = re.compile(r"\blast\s+$", re.I)


def _weekday(name: str, base: dt.date, future: bool) -> dt.date | None:
    """The weekday on or before `base` (on or after when `future`).

    Computed directly: what dateparser gives for the name from the day after `base`
    (preferring the past) or the day before it (preferring the future).
    """
    if name in _WEEKDAYS:
        day = _WEEKDAYS.index(name)
        if future:
            return base + dt.timedelta(days=(day - base.weekday()) % 7)
        return base - dt.timedelta(days=(base.weekday() - day) % 7)
    if future:
        got = _parse(name, base - dt.timedelta(days=1), "future")
    else:
        got = _parse(name, base + dt.timedelta(days=1), "past")
    return got[0] if got else None


_NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUM_WORDS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _clock(expr: str) -> str | None:
    """ "HH:MM" of a time atom ("at midnight", "3 p.m.", "08.00 hours", "0600 GMT")."""
    low = expr.lower()
    if "midnight" in low:
        return "00:00"
    if "noon" in low or "midday" in low:
        return "12:00"
    m = re.search(r"(\d{1,2})(?:[:.]?(\d{2}))?\s*(a\.m\.|p\.m\.|am|pm)?", low)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if len(m.group(1)) <= 2 and m.group(2) is None and not m.group(3):
        return None
    meridian = (m.group(3) or "").replace(".", "")
    if meridian == "pm" and hour < 12:
        hour += 12
    elif meridian == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, last = [], 0
    for m in _SENT_END.finditer(text):
        bounds.append((last, m.start()))
        last = m.end()
    bounds.append((last, len(text)))
    return bounds


def _clause_before(text: str, start: int) -> str:
    cut = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    return text[cut:start]


def _clause_after(text: str, end: int) -> str:
    m = _CLAUSE_END.search(text, end)
    return text[end : m.start() if m else len(text)]


def _looks_ahead(text: str, start: int, end: int) -> bool:
    """True when the clause around text[start:end] speaks of the future."""
    before = _clause_before(text, start)
    cues = list(_FUTURE_CUE.finditer(before))
    cue = cues[-1] if cues else None
    if cue is not None and not _REPORTING_VERB.search(before[cue.end() :]):
        return not re.search(r"\b(?i:ago|last)\b", text[start:end])
    if _FROM_CUE.search(before):
        clause = before + text[start:end] + _clause_after(text, end)
        return not _PAST_CUE.search(clause) or bool(_FUTURE_CUE.search(clause))
    return False


# --- resolution of one expression ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    published: dt.date | None
    previous: ResolvedDate | None


_OVERNIGHT = re.compile(r"(?i)overnight|during\s+the\s+night")


def _is_anaphoric(group: list[_Atom]) -> bool:
    kinds = {a.kind for a in group}
    if kinds & {"full", "daymonth", "monthyear", "month", "year", "weekday", "weekend"}:
        return False
    if "rel" in kinds:
        rel = next(a for a in group if a.kind == "rel").text.lower()
        return not re.search(
            r"today|tonight|yesterday|tomorrow|last night|this |last |next |past |ago", rel
        )
    return True  # a clock time or a part of day alone


def _resolve_absolute(atom: _Atom, base: dt.date | None, future: bool) -> tuple[dt.date, str]:
    expr = atom.text
    mod = re.match(rf"\s*{_PERIOD_MOD}[\s-]+", expr)
    core = expr[mod.end() :] if mod else expr
    core = re.sub(rf"^{_PREP}\s+", "", core).strip()
    base = base or dt.date.today()
    got = _parse(core, base, "future" if future else "past")
    if got is None:
        raise ValueError(expr)
    day, period = got
    if not future and atom.kind == "daymonth" and (base - day).days > 300:
        ahead = _parse(core, base, "future")
        if ahead is not None and 0 < (ahead[0] - base).days <= 14:
            day = ahead[0]  # "from 6 - 7 May" in a report of 6 May: days ahead, not a year ago
    if atom.kind == "year":
        day, period = dt.date(day.year, 1, 1), "year"
    elif atom.kind in ("month", "monthyear"):
        day, period = day.replace(day=1), "month"
    if mod and atom.kind in ("month", "monthyear"):
        key = re.sub(r"^the\s+|\s+of$", "", mod.group(0).strip(" -").lower())
        key = re.sub(r"\s+", " ", key)
        day = day.replace(day=_MOD_DAY.get(key, 1))
    return day, period


def _resolve_rel(expr: str, ref: dt.date, published: dt.date) -> tuple[dt.date, str]:
    low = re.sub(r"\s+", " ", expr.lower())
    if low in _DEICTIC_DAY:
        return published + dt.timedelta(days=_DEICTIC_DAY[low]), "day"
    m = re.match(rf"({_NUMWORD}) (day|week|month|year)s? (ago|earlier|later|before|after)", low)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUM_WORDS[m.group(1)]
        unit, sign = m.group(2), _DIRECTION_OF[m.group(3)]
        base = published if m.group(3) == "ago" else ref
        word = "ago" if sign < 0 else "in"
        phrase = f"{n} {unit}s ago" if word == "ago" else f"in {n} {unit}s"
        got = _parse(phrase, base, "past" if sign < 0 else "future")
        if got:
            return got[0], {"day": "day", "week": "week"}.get(unit, unit)
    if re.search(r"day (?:before|earlier)|previous (?:day|night)|preceding|night before", low):
        return ref - dt.timedelta(days=1), "day"
    if re.search(r"day after|day later|following|next (?:day|night|morning|evening)", low):
        return ref + dt.timedelta(days=1), "day"
    m = re.search(r"(last|this|next|past|previous) (week|month|year)", low)
    if m:
        which, unit = m.groups()
        base = published if which in ("last", "this", "next") else ref
        if which == "this":  # the current period, as of the reference day
            return base, unit  # type: ignore[return-value]
        if unit == "week":
            return base + dt.timedelta(days=7 if which == "next" else -7), "week"
        got = _parse(f"{'next' if which == 'next' else 'last'} {unit}", base, "past")
        day = got[0] if got else base
        if unit == "year":
            return dt.date(day.year, 1, 1), "year"
        return day.replace(day=1), "month"
    if re.search(r"(?:past|last|previous) (?:day|24|twenty-four)", low):
        return ref - dt.timedelta(days=1), "day"  # the day before the report
    if re.search(r"(?:past|last|previous) 48", low):
        return ref - dt.timedelta(days=2), "day"  # from the first day of the range
    # "overnight" in a report is the night that ends on its day: the report's day (the
    # dev gold reads it so; only "the past 24 hours" is the day before).
    return ref, "day"  # earlier in the day, that day, overnight, this morning ...


def _resolve_group(group: list[_Atom], ctx: _Context, ref: dt.date | None) -> ResolvedDate | None:
    text, published = ctx.text, ctx.published
    start, end = group[0].start, group[-1].end
    future = _looks_ahead(text, start, end)
    kinds: dict[str, _Atom] = {}
    for atom in group:
        kinds.setdefault(atom.kind, atom)  # the first clock time is the one written out
    clock = _clock(kinds["time"].text) if "time" in kinds else None
    base = published or ref
    day: dt.date | None = None
    period = "day"
    try:
        absolute = next(
            (kinds[k] for k in ("full", "daymonth", "monthyear", "month", "year") if k in kinds),
            None,
        )
        if absolute is not None:
            if base is None and absolute.kind not in ("full", "monthyear", "year"):
                return None
            day, period = _resolve_absolute(absolute, base, future)
        elif "weekday" in kinds:
            if base is None:
                return None
            name = re.search(_WEEKDAY, kinds["weekday"].text)
            day = _weekday(name.group(0), base, future) if name else None
            atom = kinds["weekday"]
            if (
                day == base
                and not future
                and _LAST_BEFORE.search(text[max(0, atom.start - 6) : atom.start])
            ):
                day = base - dt.timedelta(days=7)  # "last Wednesday", said on a Wednesday
        elif "weekend" in kinds:
            if base is None:
                return None
            day = _weekday("Saturday", base, future or "next" in kinds["weekend"].text.lower())
            period = "week"
        elif "rel" in kinds:
            if base is None or ref is None:
                return None
            day, period = _resolve_rel(kinds["rel"].text, ref, base)
        else:  # a clock time or part of day: the reference day
            if ref is None:
                return None
            day = ref
            if clock == "00:00" and future and not re.search(r"(?i)\bto-?night\b", text[start:end]):
                day = ref + dt.timedelta(days=1)
    except ValueError:
        logger.debug("could not resolve date expression %r", text[start:end])
        return None
    if day is None:
        return None
    precision: Precision = period if period in _RANK else "day"  # type: ignore[assignment]
    if precision == "day" and (
        _APPROX_BEFORE.search(text[max(0, start - 40) : start])
        or _APPROX_AFTER.match(text[end : end + 40])
    ):
        precision = "week"
    return ResolvedDate(day, precision, start, end, text[start:end], clock)


def _resolve_all(
    text: str, published: dt.date | None, previous: ResolvedDate | None
) -> list[ResolvedDate]:
    if published is None:  # resolved against today's date: not cached
        return list(_resolve_uncached(text, published, previous))
    return list(_resolve_cached(text, published, previous))


@lru_cache(maxsize=2048)
def _resolve_cached(
    text: str, published: dt.date, previous: ResolvedDate | None
) -> tuple[ResolvedDate, ...]:
    """The stages ask for the dates of one sentence several times (events, ceasefires)."""
    return _resolve_uncached(text, published, previous)


def _resolve_uncached(
    text: str, published: dt.date | None, previous: ResolvedDate | None
) -> tuple[ResolvedDate, ...]:
    groups = _groups(text, _atoms(text))
    ctx = _Context(text, published, previous)
    sentences = _sentence_bounds(text)

    def sentence_of(offset: int) -> tuple[int, int]:
        return next(((s, e) for s, e in sentences if s <= offset < e), (0, len(text)))

    resolved: dict[int, ResolvedDate] = {}
    # Deictic and absolute expressions first, then the anaphoric ones, which lean on them.
    order = sorted(range(len(groups)), key=lambda i: (_is_anaphoric(groups[i]), i))
    last_seen = previous
    for i in order:
        group = groups[i]
        ref = published
        if _is_anaphoric(group):
            s, e = sentence_of(group[0].start)
            same = [
                r
                for j, r in resolved.items()
                if s <= r.start < e and r.precision == "day" and j != i
            ]
            before = [
                r for r in resolved.values() if r.end <= group[0].start and r.precision == "day"
            ]
            if same:
                ref = min(same, key=lambda r: abs(r.start - group[0].start)).date
            elif _OVERNIGHT.fullmatch(text[group[0].start : group[-1].end].strip()):
                pass  # "Overnight, drones hit X": the night that ends on the report's day,
                # not the night after a day told in the sentences before ("on Tuesday")
            elif before:
                ref = max(before, key=lambda r: r.end).date
            elif last_seen is not None:
                ref = last_seen.date
            elif re.search(
                r"(?i)\b(?:later|after|following|next)\b", text[group[0].start : group[-1].end]
            ):
                continue  # "a week later" with nothing to count from: not after publication
        got = _resolve_group(group, ctx, ref)
        if got is not None:
            resolved[i] = got
    return tuple(resolved[i] for i in sorted(resolved))


def find_dates(text: str, published: dt.date | None) -> list[ResolvedDate]:
    """Every date expression of `text`, in text order, resolved against `published`."""
    return _resolve_all(text, published, None)


# --- the event's date ------------------------------------------------------------------

_GENERIC = re.compile(
    r"\b(?i:since\s+then|for\s+(?:years|months|decades)|over\s+the\s+(?:years|decades)|"
    r"in\s+recent\s+(?:years|months|weeks|fighting)|frequently|routinely|regularly|"
    r"habitually|time\s+and\s+again)\b"
)


# An act told as following a truce's moment closely, on its day ("hours after the signing").
_HOURS_AFTER = re.compile(
    r"(?i)\b(?:hours|minutes|moments|shortly|soon|immediately|right)\s+after\b"
)
# Words that may stand between "since" and the day it names ("since last Friday").
_SINCE_MODIFIERS = re.compile(r"(?i)\b(?:last|this|early|late|the)\b")
# Before "which"/"whom": a part of what the trigger names ("massacres, the most recent of
# which", "strikes, one of which", "raids... two of whom"), so the clause tells the act.
_PARTITIVE = re.compile(r"[\W_]*(?:[\w-]+\s+){1,3}of\s+", re.I)
# A reporting verb just after a date: "the army on Monday reported shelling since Friday".
_REPORTING_AFTER = re.compile(
    r"\s*,?\s*(?i:said|says|reported|announced|stated|claimed|confirmed|published|"
    r"declared|told)\b"
)


def _is_reporting(text: str, found: ResolvedDate, anchor: int | None) -> bool:
    window = text[max(0, found.start - 40) : found.start]
    hit = _REPORTING_BEFORE.search(window)
    if not hit:
        after = _REPORTING_AFTER.match(text, found.end)
        return after is not None and (anchor is None or not found.end <= anchor < after.end())
    if anchor is not None and found.start - 40 + hit.start() <= anchor < found.start:
        return False  # the anchor is the reporting act itself
    return True


# A date told as a written statement's: "in a statement published on Saturday", "a
# communique issued on Monday" (not "said on Monday", which may follow a dated charge).
_STATEMENT_BEFORE = re.compile(
    r"\b(?i:statement|communiqu[eé]|press release|published|issued|released|posted|"
    r"tweeted)\b[^.;]{0,25}$"
)


def _of_statement(text: str, found: ResolvedDate) -> bool:
    return _STATEMENT_BEFORE.search(text[max(0, found.start - 40) : found.start]) is not None


_SINCE_CLAUSE = re.compile(r"\b(?i:since)\b[^.;:,]*\s\w+\s+[^.;:,]*$")


_BARE_MONTH_DAY = re.compile(r"^(?!.*\b\d{4}\b).*[A-Za-z]{3,}.*\d|^\d{1,2}\s+[A-Za-z]{3,}")


# A bare month and day this many days after publication is the publication day (a range's
# end, a report dated early), not a day of the year before.
SOON_DAYS = 60


def _not_after(found: ResolvedDate, published: dt.date) -> ResolvedDate | None:
    """`found` as a date no later than `published`: a bare "December 28" well after it is
    of the year before, one just after it the publication day; None for any other
    expression after it (a truce's end to come)."""
    if found.date <= published:
        return found
    if found.precision == "day" and _BARE_MONTH_DAY.search(found.text):
        if (found.date - published).days <= SOON_DAYS:
            # "from 4-5 May" in a note of 4 May, a report dated a day early: not last year
            return replace(found, date=published)
        try:
            earlier = found.date.replace(year=found.date.year - 1)
        except ValueError:  # 29 February
            earlier = found.date.replace(year=found.date.year - 1, day=28)
        return replace(found, date=earlier) if earlier <= published else None
    return None


# Where a clause ends and another begins: "..., but", "; ", "..., while".
_CLAUSE_BREAK = re.compile(r";|,\s*(?:but|while|yet|and|as)\b|\bbut\b|\.\s")


def _governing(
    text: str,
    found: list[ResolvedDate],
    anchor: int | None,
    other_topic: re.Pattern[str] | None = None,
    speech: bool = False,
) -> ResolvedDate | None:
    if not found:
        return None
    if anchor is None:
        events = [f for f in found if not _is_reporting(text, f, None)] or found
        return next((f for f in events if _RANK[f.precision] <= _RANK["week"]), events[0])

    def cost(f: ResolvedDate) -> float:
        distance = f.start - anchor if f.start >= anchor else anchor - f.end
        between = text[min(anchor, f.end) : max(anchor, f.start)]
        cost = float(distance)
        cost += 40 * len(re.findall(r"[;:]|\.\s", between))
        if _is_reporting(text, f, anchor):
            cost += 150
        cost += 40 * max(0, _RANK[f.precision] - 1)  # months and years are background
        if f.start < anchor and not re.match(r"\s*(?i:on|in|at|early|late|around)?\b", between):
            cost += 10
        return cost

    # An expression in a clause about something else after the trigger ("breaking a
    # truce that took effect on 2 March", "the worst fighting since 1994") does not
    # date the event.
    word = re.match(r"\w*", text[anchor:])
    after_trigger = anchor + (word.end() if word else 0)

    def elsewhere(f: ResolvedDate) -> bool:
        if other_topic is not None and (_names_other(f) or _about_other(f)):
            return True
        if f.start <= anchor:
            # "... since the truce began ten days ago, and said ... shots at its
            # posts": a date inside a since-clause dates what started, not an event
            # told after it.
            return _SINCE_CLAUSE.search(text[max(0, f.start - 80) : f.start]) is not None
        between = text[after_trigger : f.start]
        cue = re.search(r"\b(?i:that|which|who|whose|since|until)\b(?=(.*))", between)
        if cue is None:
            return False
        if not re.search(r"\w", between[: cue.start()]):
            return False  # "fighting which started on 2 April": the trigger's own clause
        if _PARTITIVE.fullmatch(between[: cue.start()]):
            return False  # "raids, the latest of which hit X on Monday": one of the acts
        # not "since 2014" or "since last Friday" itself
        return bool(re.search(r"\w", _SINCE_MODIFIERS.sub("", cue.group(1))))

    def _names_other(f: ResolvedDate) -> bool:
        """ "the November 2003 truce", "last week's Chinese-brokered ceasefire": the date
        names the truce it stands before."""
        assert other_topic is not None
        return _before_noun(other_topic).match(text, f.end) is not None

    def _about_other(f: ResolvedDate) -> bool:
        assert other_topic is not None
        assert anchor is not None
        if f.start > anchor:  # "shelled X before the truce expires on Tuesday"
            between = text[after_trigger : f.start]
            # ... but "hours after the truce was signed on Monday": that day's act
            return other_topic.search(between) is not None and not _HOURS_AFTER.search(between)
        breaks = list(_CLAUSE_BREAK.finditer(text, 0, f.start))
        own_start = breaks[-1].end() if breaks else 0
        # "A truce agreed on Monday has held, but troops shelled X": the date is in the
        # truce's clause, and a clause break stands between it and the act
        return (
            _CLAUSE_BREAK.search(text, f.end, anchor) is not None
            and other_topic.search(text, own_start, f.start) is not None
        )

    governing = [f for f in found if not elsewhere(f)]
    if speech:  # a charge or denial is dated by its statement: "in a statement on Saturday"
        governing = [f for f in governing if _of_statement(text, f)] or governing
    return min(governing, key=cost) if governing else None


# A past before the report's own day, told with no date: "X had earlier accused Y".
_EARLIER = re.compile(r"\bhad\s+(?:earlier|previously)\s+\w+(?:ed|en)\b", re.I)


@lru_cache(maxsize=8)
def _before_noun(noun: re.Pattern[str]) -> re.Pattern[str]:
    """A date standing before `noun`: "the May 3 truce", "last week's Chinese-brokered
    ceasefire deal" (a possessive, then up to two modifiers)."""
    modifier = r"(?!(?:the|a|an|this|that|its|their)\s)[\w-]+\s+"  # not a new phrase
    return re.compile(rf"(?:['’]s)?\s+(?:{modifier}){{0,2}}(?:{noun.pattern})", noun.flags)


def _previous_applies(text: str, previous: ResolvedDate, published: dt.date | None) -> bool:
    """A sentence with no date of its own continues the last dated one ..."""
    if previous.precision != "day":
        return False  # ... unless that was a period ("in 2014", "last week")
    if published is not None and previous.date > published:
        return False  # ... or an announcement of something to come
    # Present perfect and present tense read as current news, not as the earlier day.
    return not re.search(r"\b(?i:has|have|is|are)\s+(?:\w+ly\s+)?(?:been\s+)?\w+(?:ed|en)\b", text)


def resolve_event_date(
    text: str,
    published: dt.date | None,
    *,
    anchor: int | None = None,
    previous: ResolvedDate | None = None,
    other_topic: re.Pattern[str] | None = None,
    speech: bool = False,
) -> tuple[dt.date | None, str | None]:
    """The date and precision of the event whose trigger is at `anchor` in `text`.

    The expression governing the trigger if there is one; else `previous` (the last
    date of the paragraph) when the text continues it; else the publication date when
    the text reads as current news; else (None, None).

    `other_topic`: words naming what a date in another clause may be about instead (a
    truce): "A truce agreed on Monday has held, but troops shelled X" and "shelled X
    before the truce expires on Tuesday" do not date the shelling. `speech`: the event is
    a charge or denial, dated by the statement that makes it when the text dates that. No
    event is dated after `published`: a bare month and day after it is last year's; any
    other expression after it dates something to come, not the event.
    """
    found = _resolve_all(text, published, previous)
    if published is not None:
        found = [f for f in (_not_after(f, published) for f in found) if f is not None]
    chosen = _governing(text, found, anchor, other_topic, speech)
    if chosen is not None:
        return chosen.date, chosen.precision
    if _GENERIC.search(text):
        return None, None
    if previous is not None and _previous_applies(text, previous, published):
        return previous.date, previous.precision
    if published is not None and _EARLIER.search(text):
        return published - dt.timedelta(
            days=1
        ), "day"  # "had earlier accused": before the report's day
    if published is not None:
        return published, "day"
    return None, None


def begins_span(text: str, start: int) -> bool:
    """Does the date at `start` in `text` tell where a span began ("since April 15")? Such
    a day dates neither the act nor what the next sentences go on telling."""
    return text[:start].rstrip().lower().endswith("since")


def last_date_before(
    found: list[ResolvedDate], offset: int, *, since: int = 0
) -> ResolvedDate | None:
    """The last day-level date of `found` that ends before `offset` and starts at or
    after `since`: what `resolve_event_date` takes as `previous`. Callers pass the start
    of the paragraph before the event's: a report dates an act in the paragraph that
    tells it or in the lead just above, seldom further back."""
    before = [f for f in found if since <= f.start and f.end <= offset and f.precision == "day"]
    return max(before, key=lambda f: f.end) if before else None


def with_offset(found: ResolvedDate, offset: int) -> ResolvedDate:
    """The same date with its offsets moved by `offset` (sentence -> article)."""
    return replace(found, start=found.start + offset, end=found.end + offset)
