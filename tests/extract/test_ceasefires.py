import datetime as dt
from collections import Counter

import pytest

from truceline.extract.actors import resolve_actor
from truceline.extract.ceasefires import (
    build_ceasefires,
    ceasefire_in_force,
    link_violations,
    read_mention,
)
from truceline.extract.dates import find_dates
from truceline.schemas import Actor, Ceasefire, Event, Evidence

PUBLISHED = dt.date(2024, 3, 4)  # a Monday


def _mention(text, index=0, start=0):
    return read_mention(
        index,
        start,
        text,
        find_dates=lambda t: [(d.start, d.date, d.time) for d in find_dates(t, PUBLISHED)],
        resolve_actor=lambda t: resolve_actor(t),
    )


def _country(iso):
    return Actor(name=iso, country=iso, kind="government")


def test_sentence_without_truce_is_no_mention():
    assert _mention("Troops shelled the village on Sunday.") is None


def test_midnight_start_after_agreement_day():
    m = _mention("The truce agreed on Saturday came into force at midnight.")
    assert m is not None
    assert m.announced == dt.date(2024, 3, 2)
    assert m.effective_time == "00:00"
    [(cf, _)] = build_ceasefires([m], Counter({"ARM": 2, "AZE": 2}), country_actor=_country)
    assert cf.effective == "2024-03-03T00:00"
    assert {p.country for p in cf.parties} == {"ARM", "AZE"}


def test_mediator_and_parties_are_read():
    m = _mention("The ceasefire between Armenia and Azerbaijan was brokered by Russia on Friday.")
    assert m is not None
    assert {a.country for a in m.parties} == {"ARM", "AZE"}
    assert [a.country for a in m.mediators] == ["RUS"]
    [(cf, _)] = build_ceasefires([m], Counter(), country_actor=_country)
    assert {p.country for p in cf.parties} == {"ARM", "AZE"}
    assert cf.announced == "2024-03-01"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A Turkish-brokered truce came into force on Sunday.", "Turkey"),
        ("Both sides said the Qatari-mediated ceasefire was holding.", "Qatar"),
        ("An Egyptian-mediated truce held overnight.", "Egypt"),
    ],
)
def test_a_mediator_told_by_its_adjective_is_named_as_the_state(text, name):
    m = _mention(text)
    assert m is not None
    assert [a.name for a in m.mediators] == [name]


@pytest.mark.parametrize(
    ("text", "mediators"),
    [
        ("The truce brokered by Kenya and Ethiopia held on Friday.", ["KEN", "ETH"]),
        (
            "A ceasefire mediated by Qatar, Egypt and the United States began.",
            ["QAT", "EGY", "USA"],
        ),
    ],
)
def test_every_mediator_of_a_list_is_a_mediator_not_a_party(text, mediators):
    m = _mention(text)
    assert m is not None
    assert [a.country for a in m.mediators] == mediators
    [(cf, _)] = build_ceasefires([m], Counter({"SDN": 2}), country_actor=_country)
    assert not {p.country for p in cf.parties} & set(mediators)


def test_a_truce_in_a_conflict_zone_still_has_its_start():
    m = _mention("The truce in the conflict zone had come into force as of March 1.")
    assert m is not None
    assert m.effective == dt.date(2024, 3, 1)


def test_who_brokered_a_truce_dates_nothing():
    m = _mention("Rebels accused the army of violating a Qatar-brokered truce this month.")
    assert m is not None
    assert m.announced is None
    assert [a.country for a in m.mediators] == ["QAT"]


def test_two_truces_with_different_dates_stay_apart():
    a = _mention("A new truce took effect on Sunday.", 0)
    b = _mention("The previous ceasefire, agreed on 10 February, had collapsed.", 1, 40)
    groups = build_ceasefires([a, b], Counter({"UKR": 1}), country_actor=_country)
    assert len(groups) == 2


def _event(date, sub="Shelling/artillery/missile attack", etype="Explosions/Remote violence"):
    return Event(
        id="e",
        event_type=etype,
        sub_event_type=sub,
        date=date,
        evidence=Evidence(text="x", start=0, end=1),
    )


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2024-03-03", "c2"), ("2024-03-05", "c2"), ("2024-02-20", "c1"), ("2024-01-01", None)],
)
def test_event_links_to_latest_ceasefire_started_before_it(date, expected):
    cfs = [Ceasefire(id="c1", effective="2024-02-10"), Ceasefire(id="c2", effective="2024-03-03")]
    got = ceasefire_in_force(_event(date), cfs)
    assert (got.id if got else None) == expected


def test_only_violence_is_marked_as_violation():
    cfs = [Ceasefire(id="c1", effective="2024-03-01")]
    shelling = _event("2024-03-03")
    protest = _event("2024-03-03", sub="Peaceful protest", etype="Protests")
    link_violations([shelling, protest], cfs)
    assert (shelling.ceasefire_id, shelling.violation) == ("c1", True)
    assert (protest.ceasefire_id, protest.violation) == (None, None)


def test_the_sides_that_agreed_are_the_parties():
    m = _mention(
        "KHARTOUM (AP) - Sudan's army and the paramilitary Rapid Support Forces agreed to a "
        "seven-day ceasefire starting at midnight on Monday."
    )
    assert m is not None
    assert {(a.country, a.group()) for a in m.parties} == {("SDN", "state"), ("SDN", "armed")}


def test_truces_in_general_are_no_agreement_of_their_own():
    new = _mention("The two sides agreed on Saturday to a truce that took effect at midnight.", 0)
    old = _mention("Previous truces have been repeatedly violated.", 1, 80)
    assert old is not None
    assert old.generic
    groups = build_ceasefires([new, old], Counter({"SDN": 2}), country_actor=_country)
    assert len(groups) == 1


def test_third_countries_announcing_the_sides_agreement_are_its_mediators():
    m = _mention(
        "Sudan's army and the Rapid Support Forces agreed to a seven-day ceasefire, Saudi "
        "Arabia and the United States said in a joint statement."
    )
    assert m is not None
    assert {a.country for a in m.mediators} == {"SAU", "USA"}
    assert {a.country for a in m.parties} == {"SDN"}


def test_a_side_announcing_its_own_agreement_is_no_mediator():
    m = _mention("Armenia and Azerbaijan agreed to a new truce, Armenia said on Sunday.")
    assert m is not None
    assert m.mediators == []


def test_sides_accusing_each_other_of_breaking_the_truce_are_its_parties():
    m = _mention(
        "Yemen's Houthi group and the Yemeni government on Friday accused each other of "
        "violating the UN-brokered truce in Taiz."
    )
    assert m is not None
    assert {(a.country, a.group()) for a in m.parties} == {("YEM", "armed"), ("YEM", "state")}


@pytest.mark.slow
def test_a_new_truce_told_beside_an_old_one_is_of_this_story() -> None:
    from truceline.extract.pipeline import Extractor
    from truceline.schemas import ArticleInput

    text = (
        "Government jets bombed Saraqib on Tuesday, killing four people. Since then, more "
        "civilians have died in raids by forces that flouted a 2018 truce and a new one that "
        "began on Jan. 12."
    )
    doc = Extractor().extract(ArticleInput(id="t", text=text, published="2020-02-25"))
    assert [c.effective for c in doc.ceasefires] == ["2020-01-12"]


@pytest.mark.slow
def test_what_started_before_a_truce_was_agreed_is_the_fighting() -> None:
    from truceline.extract.pipeline import Extractor
    from truceline.schemas import ArticleInput

    text = (
        "After fighting which started on May 2 and killed dozens, a truce between Armenia "
        "and Azerbaijan was agreed on May 5."
    )
    doc = Extractor().extract(ArticleInput(id="t", text=text, published="2024-05-10"))
    [truce] = doc.ceasefires
    assert truce.effective != "2024-05-02"
