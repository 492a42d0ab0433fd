"""Dates in text resolved against the publication date (sentences written for the tests)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from truceline.extract.dates import (
    _WEEKDAYS,
    ResolvedDate,
    _parse,
    _weekday,
    find_dates,
    last_date_before,
    resolve_event_date,
)
from truceline.extract.triggers import CEASEFIRE_WORDS

WEDNESDAY = dt.date(2021, 3, 10)


def only(text: str, published: dt.date | None) -> ResolvedDate:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels shelled the town on Sunday.", dt.date(2021, 3, 7)),
        ("Rebels shelled the town on Wednesday.", WEDNESDAY),  # the publication day itself
        ("Rebels shelled the town on Thursday.", dt.date(2021, 3, 4)),
        ("Rebels shelled the town on Tuesday night.", dt.date(2021, 3, 9)),
        ("Rebels shelled the town early on Monday.", dt.date(2021, 3, 8)),
    ],
)
def test_weekday_is_the_latest_one_on_or_before_publication(text, expected):
    got = only(text, WEDNESDAY)
    assert (got.date, got.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The truce will take effect on Friday.", dt.date(2021, 3, 12)),
        ("The ceasefire will hold from Monday.", dt.date(2021, 3, 15)),
        ("Both sides are expected to sign the deal on Wednesday.", WEDNESDAY),
        ("The truce begins at midnight on Sunday.", dt.date(2021, 3, 14)),
    ],
)
def test_weekday_looks_ahead_when_the_clause_speaks_of_the_future(text, expected):
    assert only(text, WEDNESDAY).date == expected


def test_future_cue_before_a_reporting_verb_does_not_move_the_report_date():
    found = find_dates("The truce will start on Friday, officials said on Monday.", WEDNESDAY)
    assert [f.date for f in found] == [dt.date(2021, 3, 12), dt.date(2021, 3, 8)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked a checkpoint overnight.", WEDNESDAY),
        ("Gunmen attacked a checkpoint yesterday.", dt.date(2021, 3, 9)),
        ("Gunmen attacked a checkpoint last night.", dt.date(2021, 3, 9)),
        ("Gunmen attacked a checkpoint this morning.", WEDNESDAY),
        ("Gunmen attacked a checkpoint two days ago.", dt.date(2021, 3, 8)),
    ],
)
def test_relative_days_count_from_publication(text, expected):
    got = only(text, WEDNESDAY)
    assert (got.date, got.precision) == (expected, "day")


@pytest.mark.parametrize(
    "text",
    [
        "A guard was shot dead earlier in the day, a police officer said on Monday.",
        "A police officer said on Monday that a guard had been shot dead earlier in the day.",
        "A guard was shot dead overnight into Monday, the police said.",
    ],
)
def test_same_day_expressions_lean_on_the_day_named_in_the_sentence(text):
    assert all(f.date == dt.date(2021, 3, 8) for f in find_dates(text, WEDNESDAY))


@pytest.mark.parametrize(
    "text",
    [
        "Talks failed on Monday. Overnight, drones hit a depot near the port.",
        "Talks failed on Monday. During the night, rebels fired on a border post.",
    ],
)
def test_a_night_told_alone_is_the_one_that_ends_on_the_report_day(text):
    night = find_dates(text, WEDNESDAY)[-1]
    assert (night.date, night.precision) == (WEDNESDAY, "day")


@pytest.mark.parametrize(
    "text",
    [
        "The rebel army on Monday reported shelling of its villages since last Friday.",
        "Medics on Monday said that airstrikes have hit the town since Friday.",
    ],
)
def test_acts_reported_since_a_day_date_to_that_day_not_to_the_report(text):
    anchor = re.search(r"shelling|airstrikes", text).start()
    assert resolve_event_date(text, WEDNESDAY, anchor=anchor) == (dt.date(2021, 3, 5), "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # hours after a truce's moment: that day's act
            "Troops shelled the valley only hours after a truce was signed in Geneva on "
            "March 8, rebels said.",
            dt.date(2021, 3, 8),
        ),
        (  # a truce's end to come does not date the act
            "Troops shelled the valley before the truce expires on March 12, rebels said.",
            WEDNESDAY,
        ),
    ],
)
def test_a_truce_date_dates_an_act_told_hours_after_it(text, expected):
    anchor = text.index("shelled")
    got = resolve_event_date(text, WEDNESDAY, anchor=anchor, other_topic=CEASEFIRE_WORDS)
    assert got == (expected, "day")


def test_day_offsets_count_from_the_last_date_before_them():
    text = "Talks failed on 3 March. Two days later, fighting resumed. A day earlier, roads closed."
    found = find_dates(text, WEDNESDAY)
    assert [f.date for f in found] == [
        dt.date(2021, 3, 3),
        dt.date(2021, 3, 5),
        dt.date(2021, 3, 4),  # a day before the fighting resumed
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        ("Clashes broke out last week.", WEDNESDAY, dt.date(2021, 3, 3), "week"),
        ("Clashes broke out at the weekend.", WEDNESDAY, dt.date(2021, 3, 6), "week"),
        ("Clashes broke out three weeks ago.", WEDNESDAY, dt.date(2021, 2, 17), "week"),
        ("Clashes broke out in March.", dt.date(2021, 5, 2), dt.date(2021, 3, 1), "month"),
        ("Clashes broke out in late April.", dt.date(2021, 5, 2), dt.date(2021, 4, 25), "month"),
        ("Clashes broke out in mid-March.", dt.date(2021, 5, 2), dt.date(2021, 3, 15), "month"),
        ("Clashes broke out last month.", dt.date(2021, 5, 2), dt.date(2021, 4, 1), "month"),
        ("Clashes broke out in February 2019.", WEDNESDAY, dt.date(2019, 2, 1), "month"),
        ("Clashes broke out in 2019.", WEDNESDAY, dt.date(2019, 1, 1), "year"),
        ("Clashes broke out last year.", WEDNESDAY, dt.date(2020, 1, 1), "year"),
        # the current period is dated to the reference day itself
        ("Troops withdrew earlier this week.", WEDNESDAY, WEDNESDAY, "week"),
        ("Troops withdrew this month.", WEDNESDAY, WEDNESDAY, "month"),
    ],
)
def test_periods_resolve_with_a_coarser_precision(text, published, expected, precision):
    got = only(text, published)
    assert (got.date, got.precision) == (expected, precision)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("On 9 May 2020, farmers marched to the capital.", "day"),
        ("On 9 May 2020 (or around), farmers marched to the capital.", "week"),
        ("Around 9 May 2020 (as reported), farmers marched to the capital.", "week"),
        ("As reported on 9 May 2020, farmers marched to the capital.", "week"),
        ("On 9th May 2020, farmers marched to the capital.", "day"),
        ("On May 9, 2020, farmers marched to the capital.", "day"),
        ("On 9 May, 2020, farmers marched to the capital.", "day"),
    ],
)
def test_full_dates_need_no_publication_date_and_approximations_are_weeks(text, precision):
    got = only(text, None)
    assert (got.date, got.precision) == (dt.date(2020, 5, 9), precision)


def test_relative_expressions_are_not_guessed_without_a_publication_date():
    assert find_dates("Rebels shelled the town on Sunday and again yesterday.", None) == []


@pytest.mark.parametrize(
    ("text", "published", "expected", "time"),
    [
        ("The truce begins at midnight on Sunday.", WEDNESDAY, dt.date(2021, 3, 14), "00:00"),
        ("Shelling resumed from 6 a.m. on Tuesday.", WEDNESDAY, dt.date(2021, 3, 9), "06:00"),
        ("A shell landed at 08.00 near the school.", WEDNESDAY, WEDNESDAY, "08:00"),
        ("The attack began around 3pm on Saturday.", WEDNESDAY, dt.date(2021, 3, 6), "15:00"),
        ("Sirens sounded at 2130 GMT on Monday.", WEDNESDAY, dt.date(2021, 3, 8), "21:30"),
        ("Fighting went on until noon on Monday.", WEDNESDAY, dt.date(2021, 3, 8), "12:00"),
        # a midnight still to come is the start of the next day
        ("The ceasefire will take effect at midnight.", WEDNESDAY, dt.date(2021, 3, 11), "00:00"),
        ("The ceasefire has held since midnight.", WEDNESDAY, WEDNESDAY, "00:00"),
    ],
)
def test_clock_times_are_kept_with_their_day(text, published, expected, time):
    got = only(text, published)
    assert (got.date, got.time) == (expected, time)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Fighting erupted on December 30.", dt.date(2021, 1, 2), dt.date(2020, 12, 30)),
        ("Fighting erupted on Thursday.", dt.date(2021, 1, 2), dt.date(2020, 12, 31)),
        ("Fighting erupted in December.", dt.date(2021, 1, 2), dt.date(2020, 12, 1)),
        ("Fighting erupted yesterday.", dt.date(2021, 1, 1), dt.date(2020, 12, 31)),
        ("Talks will begin on January 4.", dt.date(2020, 12, 30), dt.date(2021, 1, 4)),
        ("The truce will expire on Saturday.", dt.date(2020, 12, 31), dt.date(2021, 1, 2)),
    ],
)
def test_dates_cross_the_year_boundary(text, published, expected):
    assert only(text, published).date == expected


def test_offsets_point_at_the_expression():
    text = "Talks collapsed on 14 February 2021 after rebels shelled Kala on Sunday night."
    for found in find_dates(text, WEDNESDAY):
        assert text[found.start : found.end] == found.text
    assert [f.text for f in find_dates(text, WEDNESDAY)] == ["14 February 2021", "Sunday night"]


def test_resolved_dates_are_immutable():
    found = only("Rebels shelled the town on Sunday.", WEDNESDAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.date = WEDNESDAY  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "anchor_word", "expected"),
    [
        # the date nearest the trigger wins over the date of the statement
        (
            "A soldier was killed on Tuesday, the army said in a statement on Thursday.",
            "killed",
            dt.date(2021, 3, 9),
        ),
        (
            "The army said in a statement on Thursday that a soldier was killed on Tuesday.",
            "killed",
            dt.date(2021, 3, 9),
        ),
        # the anchor is the statement itself
        (
            "The army said in a statement on Thursday that a soldier was killed on Tuesday.",
            "statement",
            dt.date(2021, 3, 4),
        ),
        # a date in a clause about something else does not date the event
        (
            "Rebels shelled Kala, breaking a truce that took effect on 2 March.",
            "shelled",
            WEDNESDAY,
        ),
        # ... but the trigger's own clause does
        ("Fighting which started on 2 March has killed dozens.", "Fighting", dt.date(2021, 3, 2)),
        # ... and so does a clause about one of the acts the trigger names
        (
            'He said the militia was "staging raids... the latest of which left 9 herders '
            'dead on Monday near the river."',
            "raids",
            dt.date(2021, 3, 8),
        ),
        (
            "The army fired two shells, one of which hit a school on Tuesday.",
            "shells",
            dt.date(2021, 3, 9),
        ),
        # a date inside a since-clause before the trigger dates what started, not the act
        (
            "Aid was suspended after the heaviest strikes since the truce took hold a week "
            "ago, the army said, accusing rebels of firing on its posts.",
            "firing",
            WEDNESDAY,
        ),
    ],
)
def test_event_date_is_the_expression_governing_the_trigger(text, anchor_word, expected):
    got, precision = resolve_event_date(text, WEDNESDAY, anchor=text.index(anchor_word))
    assert (got, precision) == (expected, "day")


def test_event_date_without_anchor_skips_the_reporting_date():
    text = "A soldier was killed on Tuesday, the army said in a statement on Thursday."
    assert resolve_event_date(text, WEDNESDAY) == (dt.date(2021, 3, 9), "day")


def test_event_date_falls_back_on_the_reporting_date_when_it_is_the_only_one():
    text = "A soldier was killed in shelling, the ministry said on Monday."
    assert resolve_event_date(text, WEDNESDAY) == (dt.date(2021, 3, 8), "day")


def test_event_date_continues_the_previous_dated_sentence():
    previous = only("On Saturday, rebels attacked two villages.", WEDNESDAY)
    got = resolve_event_date("They burned a school and a clinic.", WEDNESDAY, previous=previous)
    assert got == (dt.date(2021, 3, 6), "day")


@pytest.mark.parametrize(
    "previous_text",
    [
        "The war began in 2014.",  # a period is background, not the day of the next event
        "Elections will be held on Friday.",  # an announcement of something to come
    ],
)
def test_event_date_ignores_a_previous_date_that_cannot_carry_over(previous_text):
    previous = only(previous_text, WEDNESDAY)
    got = resolve_event_date("Rebels shelled the town.", WEDNESDAY, previous=previous)
    assert got == (WEDNESDAY, "day")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Rebels shelled the town.", WEDNESDAY, (WEDNESDAY, "day")),
        ("Rebels shelled the town.", None, (None, None)),
        ("Since then, both sides have traded fire frequently.", WEDNESDAY, (None, None)),
    ],
)
def test_event_date_without_expression(text, published, expected):
    assert resolve_event_date(text, published) == expected


def test_event_date_uses_the_previous_date_for_day_offsets():
    previous = only("Talks failed on 3 March.", WEDNESDAY)
    got = resolve_event_date("A day later, fighting resumed.", WEDNESDAY, previous=previous)
    assert got == (dt.date(2021, 3, 4), "day")


def test_last_date_before_takes_the_latest_day_in_range():
    text = "Rebels attacked on Sunday. In 2019 a truce was signed. Talks resumed on Monday. X."
    found = find_dates(text, WEDNESDAY)
    offset = text.index("X.")
    assert last_date_before(found, offset).date == dt.date(2021, 3, 8)
    # periods are skipped, and nothing before `since` counts
    assert last_date_before(found, text.index("Talks")).date == dt.date(2021, 3, 7)
    assert last_date_before(found, offset, since=text.index("Talks") + 20) is None


@pytest.mark.parametrize(
    "text",
    [
        "A week later, the truce collapsed.",  # nothing to count from: not after publication
        "The March 23 Movement issued a statement.",  # a name, not a date
        "Troops fired 12.7mm rounds and 120 shells at 14 villages.",
    ],
)
def test_expressions_that_are_no_dates_here(text):
    assert find_dates(text, WEDNESDAY) == []


def test_a_clock_time_in_another_zone_joins_the_one_written_first():
    text = "The truce took effect at 12:00 local time (0800 GMT) on Saturday."
    got = only(text, WEDNESDAY)
    assert (got.date, got.time, got.text) == (
        dt.date(2021, 3, 6),
        "12:00",
        "at 12:00 local time (0800 GMT) on Saturday",
    )


@pytest.mark.parametrize("future", [False, True])
@pytest.mark.parametrize("base", [dt.date(2020, 2, 24) + dt.timedelta(days=n) for n in range(9)])
def test_weekdays_are_the_days_dateparser_gives_from_the_day_after_or_before(base, future):
    # Across a month end and a leap day: the direct computation agrees with dateparser.
    shifted = base - dt.timedelta(days=1) if future else base + dt.timedelta(days=1)
    for name in _WEEKDAYS:
        expected = _parse(name, shifted, "future" if future else "past")
        assert expected is not None
        assert _weekday(name, base, future) == expected[0]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a date standing before the truce names the truce, not the act
        (
            "The two armies have accused one another of shooting first in breach of the July "
            "2011 ceasefire accord.",
            "accused",
            WEDNESDAY,
        ),
        ("The rebels accused the army of breaking the March 3 truce.", "accused", WEDNESDAY),
        (
            "The alliance says the army is violating last week's Chinese-brokered ceasefire "
            "deal by shelling villages.",
            "violating",
            WEDNESDAY,
        ),
        # ... but a date of its own clause, before "the truce", still dates the act
        (
            "On March 8 the truce collapsed as troops shelled the valley.",
            "shelled",
            dt.date(2021, 3, 8),
        ),
        # a past before the report's own day, told with no date: the day before it
        (
            "Both sides had earlier accused each other of starting the fighting.",
            "accused",
            dt.date(2021, 3, 9),
        ),
        (
            "The army had previously reported shelling near the border.",
            "shelling",
            dt.date(2021, 3, 9),
        ),
    ],
)
def test_a_date_naming_the_truce_does_not_date_the_act_and_an_earlier_past_is_the_day_before(
    text, word, expected
):
    got = resolve_event_date(text, WEDNESDAY, anchor=text.index(word), other_topic=CEASEFIRE_WORDS)
    assert got == (expected, "day")


@pytest.mark.parametrize(
    ("text", "anchor_word", "expected"),
    [
        # a charge is dated by the statement that makes it, not by the act it charges
        (
            "In a statement released on Tuesday, the rebels called the army's raid on Monday a "
            "grave breach of the truce.",
            "breach",
            dt.date(2021, 3, 9),
        ),
        (
            "The militia, in a communique issued on Monday, blamed the soldiers for the ambush "
            "on Sunday.",
            "blamed",
            dt.date(2021, 3, 8),
        ),
        # a day the charge is told on, with a later "said on", stays the charge's day
        (
            "The army accused the rebels on Monday of shelling a farm on Sunday, the ministry "
            "said on Tuesday.",
            "accused",
            dt.date(2021, 3, 8),
        ),
        # with no date of the statement, the act's date stands
        (
            "The rebels called the raid on Monday a grave breach of the truce.",
            "breach",
            dt.date(2021, 3, 8),
        ),
    ],
)
def test_a_speech_act_is_dated_by_its_statement(text, anchor_word, expected):
    got, precision = resolve_event_date(
        text, WEDNESDAY, anchor=text.index(anchor_word), other_topic=CEASEFIRE_WORDS, speech=True
    )
    assert (got, precision) == (expected, "day")
