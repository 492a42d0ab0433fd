"""Acts told apart in one sentence (`truceline.extract.clauses`), acts pointed back to
(`merge.point_back`) and acts named only as a backdrop (`scope.backdrop`), on sentences
the tests write."""

from __future__ import annotations

import pytest
from spacy.language import Language

from truceline.extract.nlp import load_pipeline
from truceline.extract.pipeline import Extractor
from truceline.extract.scope import backdrop, negated
from truceline.extract.triggers import detect_triggers, group_triggers
from truceline.schemas import ArticleInput, Document, Event

PUBLISHED = "2024-06-12"  # a Wednesday
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def kept(nlp: Language, sentence: str) -> list[str]:
    doc = nlp(sentence)
    return [t.sub_event_type for t in group_triggers(detect_triggers(doc), doc)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # two agents, two places, one family: two acts
        (
            "Government jets struck the town of Saraqib while rebel fighters shelled the "
            "village of Kafr Nabl on Monday.",
            ["Air/drone strike", "Shelling/artillery/missile attack"],
        ),
        # a clause of its own after a semicolon, with its own agent and another family
        (
            "Troops shelled the district on Monday; militiamen abducted two aid workers in "
            "the north.",
            ["Shelling/artillery/missile attack", "Abduction/forced disappearance"],
        ),
        # a police statement: two clauses, two agents, two families
        (
            "Police said gunmen kidnapped a trader in the market and soldiers later clashed "
            "with rebels near the bridge.",
            ["Armed clash", "Abduction/forced disappearance"],
        ),
    ],
)
def test_acts_in_clauses_that_differ_are_kept_apart(
    nlp: Language, sentence: str, expected: list[str]
) -> None:
    assert kept(nlp, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # the harm an act did, told in a participle: the same act
        "Forces shelled the village and fired on its houses, killing two.",
        # a verb sharing its subject goes on telling the act
        "Rebel fighters captured a military camp and seized three army trucks on the edge "
        "of Alpha town on Saturday.",
        # a clause naming neither who nor where goes on telling the scene
        '"From the northern side, shelling of our positions continues, and in some areas, '
        'intense battles are going on," it said.',
        # one family at one place: one scene
        "On 2 June, in the town of Alpha, residents banged pots in protest against the "
        "price of bread, while drivers also honked in protest.",
        # two sources' versions of one act
        "The agency said they were killed near the border while a local paper said they "
        "were kidnapped in a village of the same district.",
        # a clause of time: when the act happened, not a second act
        "A militiaman was killed when government troops shelled the village.",
        # the same agent told again after a semicolon
        "Troops shelled the district on Monday; they also fired on the market.",
        # a note's one act, told in verbs sharing their subject
        "On 2 June, in the town of Alpha, nurses went on strike and barricaded themselves "
        "into the hospital director's office to protest against unpaid wages.",
        "On 3 June, soldiers killed four militiamen and detained two others during an "
        "operation near the river Beta.",
        # a clause whose subject suffered the act: no agent of its own
        "A petrol bomb was hurled at the home of a local party official and his car was "
        "also set on fire by unknown people in Alpha.",
    ],
)
def test_one_act_told_in_several_clauses_is_one(nlp: Language, sentence: str) -> None:
    assert len(kept(nlp, sentence)) == 1


@pytest.mark.parametrize(
    ("sentence", "out"),
    [
        ("Dozens of households were moved away from the area of the fighting.", "fighting"),
        ("Reporters were kept away from the scene of the attack.", "attack"),
        ("Camps for people displaced by the fighting are full.", "fighting"),
        ("Thousands fled the shelling overnight.", "shelling"),
    ],
)
def test_an_act_named_only_as_a_backdrop_is_out_of_scope(
    nlp: Language, sentence: str, out: str
) -> None:
    doc = nlp(sentence)
    assert backdrop(next(t for t in doc if t.text == out))


def test_an_act_told_as_the_subject_of_its_clause_is_no_backdrop(nlp: Language) -> None:
    doc = nlp("The fighting displaced hundreds of families near the border.")
    assert not backdrop(next(t for t in doc if t.text == "fighting"))


# -- whole reports ------------------------------------------------------------------------


# A report's background paragraph (no act in it): a text this long is a report, not a
# one-event note.
BACKGROUND = (
    "Diplomats from several countries met in Geneva on Wednesday to discuss humanitarian "
    "access. The talks, which lasted four hours, focused on the delivery of food and "
    "medicine to towns cut off by the front line. Aid agencies said they hoped to send "
    "convoys next week if the parties gave guarantees. The envoy told reporters that "
    "progress had been slow but that both delegations had agreed to meet again. Prices of "
    "bread and fuel have risen sharply in recent months, and many families depend on aid "
    "to get through the winter. Local officials said schools would reopen once repairs to "
    "their roofs were finished, and that water supplies had been restored in most districts."
)


def read(extractor: Extractor, text: str) -> Document:
    return extractor.extract(ArticleInput(id="t", text=text, published=PUBLISHED))


def read_report(extractor: Extractor, text: str) -> Document:
    return read(extractor, f"{text}\n\n{BACKGROUND}")


def violent(doc: Document) -> list[Event]:
    return [e for e in doc.events if e.event_type in VIOLENT]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a wire report: two sides, two places
            "Government jets bombed the town of Saraqib on Monday while rebel fighters "
            "shelled the village of Kafr Nabl.",
            {("Air/drone strike", "Saraqib"), ("Shelling/artillery/missile attack", "Kafranbel")},
        ),
        (  # a ministry's account: each act keeps the place of its own clause
            "An air strike hit a farm near Kupiansk on Tuesday, killing a tractor driver, "
            "while Russian artillery fire on the town of Vovchansk wounded two women.",
            {("Air/drone strike", "Kupyansk"), ("Air/drone strike", "Vovchansk")},
        ),
    ],
)
def test_two_acts_of_one_sentence_of_a_report_are_two_events_at_their_own_places(
    extractor: Extractor, text: str, expected: set[tuple[str, str]]
) -> None:
    events = violent(read_report(extractor, text))
    got = {(e.sub_event_type, e.location.name) for e in events if e.location is not None}
    assert expected <= got
    assert len(events) == len(expected)


@pytest.mark.slow
def test_acts_pointed_back_to_at_places_of_their_own_are_the_act_told_before(
    extractor: Extractor,
) -> None:
    doc = read(
        extractor,
        "Russian jets carried out air strikes in the Kharkiv region on Tuesday, the governor "
        "said. The attacks hit the towns of Izium and Kupiansk.",
    )
    events = violent(doc)
    assert {e.location.name for e in events if e.location is not None} >= {"Izyum", "Kupyansk"}
    for e in events:  # the type, the day and the hand of the air strikes told before
        assert e.sub_event_type == "Air/drone strike"
        assert e.date == "2024-06-11"
        assert e.actor1 is not None
        assert e.actor1.country == "RUS"


@pytest.mark.slow
def test_harm_told_with_no_act_word_is_done_by_the_hand_of_the_act_told_before(
    extractor: Extractor,
) -> None:
    doc = read(
        extractor,
        "Russian forces shelled Kharkiv on Tuesday, the governor said. Two civilians were "
        "killed in Izium, he added.",
    )
    [izium] = [e for e in violent(doc) if e.location is not None and e.location.name == "Izyum"]
    assert izium.actor1 is not None
    assert izium.actor1.country == "RUS"
    assert izium.date == "2024-06-11"


@pytest.mark.slow
def test_an_act_pointed_back_to_with_a_day_of_its_own_is_another_act(
    extractor: Extractor,
) -> None:
    doc = read(
        extractor,
        "Troops shelled the village of Pisky on Tuesday, the army said. The talks were "
        "called after the deadly attack on a market in Kramatorsk on May 2.",
    )
    by_place = {e.location.name: e.date for e in violent(doc) if e.location is not None}
    assert by_place == {"Pisky": "2024-06-11", "Kramatorsk": "2024-05-02"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Clashes between the army and the rebels broke out near Bentiu on Sunday. Dozens "
        "of households were moved away from the area of the fighting.",
        "Heavy fighting broke out near Bentiu on Sunday. Camps for people displaced by the "
        "fighting are full, aid groups said.",
    ],
)
def test_an_act_named_as_a_backdrop_adds_no_event(extractor: Extractor, text: str) -> None:
    assert len([e for e in violent(read(extractor, text)) if e.event_type == "Battles"]) == 1


@pytest.mark.parametrize(
    ("sentence", "displaced"),
    [
        ("Thousands of residents have been forced to evacuate.", True),
        ("The ministry said 2,300 villagers were evacuated from the border area.", True),
        ("Soldiers evacuated the wounded by helicopter.", False),
        ("Three embassy staff were evacuated on Friday.", False),
    ],
)
def test_a_population_evacuated_is_displaced_a_few_persons_are_not(
    nlp: Language, sentence: str, displaced: bool
) -> None:
    assert ("Displacement" in kept(nlp, sentence)) is displaced


@pytest.mark.slow
def test_a_note_tells_one_event_whatever_its_clauses(extractor: Extractor) -> None:
    doc = read(
        extractor,
        "On 3 June, government jets bombed the town of Saraqib while rebel fighters shelled "
        "the village of Kafr Nabl.",
    )
    assert len(violent(doc)) == 1


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The border is calm and there were no shots fired overnight, the ministry said.", "fired"),
        ("No rockets launched from the valley were seen on Sunday.", "launched"),
    ],
)
def test_an_act_told_of_no_thing_is_negated(nlp: Language, sentence: str, word: str) -> None:
    doc = nlp(sentence)
    assert negated(next(t for t in doc if t.text == word))


@pytest.mark.parametrize(
    ("sentence", "acts"),
    [
        # a participle telling the state of people is no act of its own
        ("The mayor visited the family of the martyred teacher on Sunday.", 0),
        ("Wounded soldiers were flown to the capital.", 0),
        # a participle of another act, with its object, is that act
        ("Gunmen gang-raped one woman during an attack on the village.", 1),
        # beside a clear act, the act is told
        ("Troops shelled the village, and wounded residents were taken to hospital.", 1),
    ],
)
def test_a_participle_telling_a_state_of_people_is_no_act_alone(
    nlp: Language, sentence: str, acts: int
) -> None:
    assert len([t for t in kept(nlp, sentence) if t != "Displacement"]) == acts
