"""The statistical event-typing model: training, probabilities, saving, loading, examples."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from truceline.errors import BadRecordError, InputError, ModelError
from truceline.extract import typing_model
from truceline.extract.typing_cues import cue_tokens
from truceline.extract.typing_model import (
    MANIFEST,
    NO_EVENT,
    WEIGHTS,
    EventTypeModel,
    assign_folds,
    default_model,
    examples_path,
    normalise_text,
    read_examples,
    train_model,
)
from truceline.schemas import SUB_EVENT_TO_TYPE
from truceline.settings import get_settings

EXAMPLES = [
    ("Artillery shelled the village overnight.", "Shelling/artillery/missile attack"),
    ("Mortar rounds hit the town centre.", "Shelling/artillery/missile attack"),
    ("Rockets were fired at the border posts.", "Shelling/artillery/missile attack"),
    ("Heavy shelling hit residential areas of the city.", "Shelling/artillery/missile attack"),
    ("Howitzers pounded the front-line positions.", "Shelling/artillery/missile attack"),
    ("Hundreds of teachers protested outside the ministry.", "Peaceful protest"),
    ("Students marched peacefully through the capital.", "Peaceful protest"),
    ("Residents held a sit-in against water cuts.", "Peaceful protest"),
    ("Farmers rallied in the square to demand subsidies.", "Peaceful protest"),
    ("Workers demonstrated in front of the factory gates.", "Peaceful protest"),
    ("Gunmen kidnapped two engineers on the highway.", "Abduction/forced disappearance"),
    ("Armed men abducted the village chief at night.", "Abduction/forced disappearance"),
    ("Kidnappers seized a doctor and demanded a ransom.", "Abduction/forced disappearance"),
    ("Bandits abducted schoolchildren from their dormitory.", "Abduction/forced disappearance"),
    ("A trader was kidnapped from his shop by gunmen.", "Abduction/forced disappearance"),
]


@pytest.fixture(scope="module")
def model() -> EventTypeModel:
    return train_model(EXAMPLES, calibrate=False)


def test_probabilities_cover_every_label_and_sum_to_one(model: EventTypeModel):
    probs = model.predict_proba(["Mortars shelled the outskirts.", "Nurses protested."])
    assert len(probs) == 2
    for p in probs:
        assert set(p) == set(model.labels) == {label for _, label in EXAMPLES}
        assert sum(p.values()) == pytest.approx(1.0)
        assert all(0.0 <= v <= 1.0 for v in p.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army shelled rebel positions with artillery.", "Shelling/artillery/missile attack"),
        ("Doctors protested outside the hospital.", "Peaceful protest"),
        ("Gunmen kidnapped a priest.", "Abduction/forced disappearance"),
    ],
)
def test_unseen_sentences_get_the_type_their_words_suggest(model, text, expected):
    label, probability = model.predict([text])[0]
    assert label == expected
    assert probability > 1 / len(model.labels)


def test_no_texts_give_no_predictions(model: EventTypeModel):
    assert model.predict_proba([]) == []


def test_features_equal_sklearns_tfidf(model: EventTypeModel):
    texts = [t for t, _ in EXAMPLES[:4]] + ["Nothing the model has seen: zzz qqq."]
    ours = model.features(texts).toarray()
    column = 0
    assert [b.name for b in model.blocks] == ["word", "char", "cues"]
    for block in model.blocks:
        if block.analyzer == "cues":
            params: dict[str, object] = {"analyzer": cue_tokens}
        else:
            params = {
                "analyzer": block.analyzer,
                "ngram_range": block.ngram_range,
                "lowercase": False,
                "preprocessor": normalise_text,
            }
            if block.analyzer == "word":
                params["token_pattern"] = r"(?u)\b\w+\b"
        reference = TfidfVectorizer(
            sublinear_tf=True,
            vocabulary={t: i for i, t in enumerate(block.vocabulary)},
            **params,  # type: ignore[arg-type]
        ).fit([t for t, _ in EXAMPLES])
        width = len(block.vocabulary)
        # the fitted IDF comes from the same corpus, so the matrices agree (times the
        # block's weight)
        np.testing.assert_allclose(block.idf, reference.idf_)
        np.testing.assert_allclose(
            ours[:, column : column + width], block.weight * reference.transform(texts).toarray()
        )
        column += width


def test_a_saved_model_loads_back_with_the_same_probabilities(model, tmp_path: Path):
    path = tmp_path / "typing"
    model.save(path)
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == typing_model.FORMAT
    assert manifest["labels"] == model.labels
    with np.load(path / WEIGHTS, allow_pickle=False) as arrays:  # nothing pickled inside
        assert arrays["coef"].shape == (len(model.labels), model.coef.shape[1])
    loaded = EventTypeModel.load(path)
    texts = ["Rockets hit the airport.", "A crowd gathered peacefully."]
    assert loaded.labels == model.labels
    for a, b in zip(loaded.predict_proba(texts), model.predict_proba(texts), strict=True):
        assert a == pytest.approx(b)


def test_saving_over_a_model_replaces_it_but_never_another_directory(model, tmp_path: Path):
    path = tmp_path / "typing"
    model.save(path)
    model.save(path)
    assert EventTypeModel.load(path).labels == model.labels
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ModelError, match="not a truceline model directory"):
        model.save(tmp_path / "notes")
    assert (tmp_path / "notes" / "mine.txt").exists()


def test_loading_a_missing_path_names_it(tmp_path: Path):
    with pytest.raises(ModelError, match=r"nowhere.*truceline train"):
        EventTypeModel.load(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: (p / MANIFEST).write_text("{not json", encoding="utf-8"), "damaged"),
        (lambda p: (p / WEIGHTS).write_bytes(b"PK\x03\x04 truncated"), "damaged"),
        (lambda p: (p / "vocabulary.json").unlink(), "damaged"),
        (
            lambda p: (p / MANIFEST).write_text(json.dumps({"format": "other/9"}), "utf-8"),
            "retrain it",
        ),
    ],
)
def test_a_damaged_model_is_a_model_error(model, tmp_path: Path, damage, message):
    path = tmp_path / "typing"
    model.save(path)
    damage(path)
    with pytest.raises(ModelError, match=message):
        EventTypeModel.load(path)


def test_training_needs_two_types():
    with pytest.raises(ModelError, match="at least two types"):
        train_model([("Rockets hit the town.", "Shelling/artillery/missile attack")] * 5)


def test_calibration_sets_a_temperature_from_held_out_scores():
    calibrated = train_model(EXAMPLES * 3, folds=3)
    assert calibrated.temperature != 1.0
    assert calibrated.provenance["temperature_from"] == "3-fold cross-validation"


def test_folds_are_stratified_and_rare_labels_never_held_out():
    labels = ["a"] * 6 + ["b"] * 3 + ["c"] * 2
    folds = assign_folds(labels, 3)
    assert Counter(f for f, y in zip(folds, labels, strict=True) if y == "a") == {0: 2, 1: 2, 2: 2}
    assert [f for f, y in zip(folds, labels, strict=True) if y == "c"] == [-1, -1]


# --- examples files ------------------------------------------------------------------------


def write_lines(path: Path, records: list) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_examples_come_from_single_gold_texts_multi_gold_evidence_and_plain_lines(tmp_path):
    path = write_lines(tmp_path / "ex.jsonl", [
        {"id": "n1", "text": "Police arrested the mayor.", "gold": {"events": [
            {"event_type": "Strategic developments", "sub_event_type": "Arrests"}]}},
        {"id": "a1", "granularity": "multi", "text": "Long article.", "gold": {"events": [
            {"sub_event_type": "Armed clash", "evidence": {"text": "Troops fought rebels.",
                                                           "start": 0, "end": 21}},
            {"sub_event_type": "Grenade", "evidence": {"text": "A grenade hit a bar.",
                                                       "start": 22, "end": 42}},
            {"sub_event_type": "Attack"},  # no evidence: nothing to learn from
        ]}},
        {"text": "Protesters burned tyres.", "sub_event_type": "Violent demonstration"},
    ])  # fmt: skip
    assert read_examples(path) == [
        ("Police arrested the mayor.", "Arrests"),
        ("Troops fought rebels.", "Armed clash"),
        ("A grenade hit a bar.", "Grenade"),
        ("Protesters burned tyres.", "Violent demonstration"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{oops", "not JSON"),
        ('{"text": "x", "sub_event_type": "Picnic"}', "'Picnic' is not an ACLED"),
        ('{"text": "x"}', "needs `text` and `sub_event_type`"),
        ('{"text": "x", "gold": {"events": "none"}}', "must be a list"),
    ],
)
def test_a_bad_example_line_is_named(tmp_path: Path, line: str, message: str):
    path = tmp_path / "ex.jsonl"
    path.write_text(
        '{"text": "Rockets hit.", "sub_event_type": "Grenade"}\n' + line + "\n", "utf-8"
    )
    with pytest.raises(BadRecordError, match=rf"ex\.jsonl:2.*{message}"):
        read_examples(path)


def test_an_unreadable_or_empty_examples_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="cannot be read"):
        read_examples(tmp_path / "missing.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no labelled examples"):
        read_examples(tmp_path / "empty.jsonl")


def test_the_shipped_examples_cover_every_sub_event_type_without_repeats():
    pairs = read_examples(examples_path())
    counts = Counter(label for _, label in pairs)
    assert set(counts) == set(SUB_EVENT_TO_TYPE)
    assert min(counts.values()) >= 10
    assert len({text for text, _ in pairs}) == len(pairs)


@pytest.mark.slow
def test_the_default_model_is_trained_once_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUCELINE_CACHE_DIR", str(tmp_path))
    get_settings.cache_clear()
    default_model.cache_clear()
    try:
        first = default_model()
        cached = list((tmp_path / "typing-model").glob(f"*/{MANIFEST}"))
        assert len(cached) == 1
        default_model.cache_clear()
        second = default_model()
        assert second.labels == first.labels == sorted([*SUB_EVENT_TO_TYPE, NO_EVENT])
        text = ["Warplanes bombed the market, killing ten people."]
        assert second.predict_proba(text)[0] == pytest.approx(first.predict_proba(text)[0])
        assert second.predict(text)[0][0] == "Air/drone strike"
    finally:
        default_model.cache_clear()
        get_settings.cache_clear()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Security measures: soldiers closed every road into the provincial capital.",
            "Change to group/activity",
        ),
        (
            "Troops dug new trenches and fortified positions north of the port.",
            "Change to group/activity",
        ),
        (
            "Militiamen looted the shops of the market and carried off the traders' goods.",
            "Looting/property destruction",
        ),
        (
            "Militiamen moved into an abandoned school and turned it into their base.",
            "Headquarters or base established",
        ),
    ],
)
def test_the_shipped_model_types_strategic_developments_the_rules_miss(text, expected):
    assert default_model().predict([text])[0][0] == expected


@pytest.mark.slow
def test_the_shipped_model_does_not_override_the_rules_in_a_note():
    from truceline.extract.pipeline import Extractor
    from truceline.schemas import ArticleInput

    note = (
        "On 3 March 2021, teachers protested over unpaid salaries outside the education "
        "office in the capital. Police fired tear gas to disperse them."
    )
    doc = Extractor().extract(ArticleInput(id="n1", text=note, published="2021-03-04"))
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == "Protest with intervention"


def test_the_rules_trust_moves_the_combined_decision(model: EventTypeModel):
    probs = {"Peaceful protest": 0.7, "Shelling/artillery/missile attack": 0.2,
             "Abduction/forced disappearance": 0.1}  # fmt: skip
    model.rule_trust = {"*": 0.0}
    assert model.combine(probs, "Shelling/artillery/missile attack")[0] == "Peaceful protest"
    model.rule_trust = {"*": 2.0}
    label, share = model.combine(probs, "Shelling/artillery/missile attack")
    assert label == "Shelling/artillery/missile attack"
    assert 0.5 < share < 1.0
    # a type the model never learned stays the rules' call when it is allowed
    assert model.combine(probs, "Grenade", {"Grenade"})[0] == "Grenade"
    model.rule_trust = {}


def test_the_rules_trust_against_some_types_is_their_own(model: EventTypeModel):
    probs = {"Armed clash": 0.02, "Government regains territory": 0.9, "Peaceful protest": 0.08}
    model.rule_trust = {"*": 4.0}
    assert model.combine(probs, "Armed clash")[0] == "Armed clash"
    # a refinement the model may make: the rules count less against it
    eased = {"Government regains territory": 2.0}
    assert model.combine(probs, "Armed clash", None, eased)[0] == "Government regains territory"
    # a reading the rules' type stands against: they count more
    probs = {"Violent demonstration": 0.001, "Peaceful protest": 0.999}
    assert model.combine(probs, "Violent demonstration")[0] == "Peaceful protest"
    kept = {"Peaceful protest": 8.0}
    assert model.combine(probs, "Violent demonstration", None, kept)[0] == "Violent demonstration"
    model.rule_trust = {}


def test_a_refinement_needs_the_model_to_read_it_first(model: EventTypeModel):
    # the model reads a speech act; of the act types left, the refinement leads the
    # rules' type, but the model never read a change of territory: the rules' type stands
    probs = {"Accusation": 0.8, "Government regains territory": 0.15, "Armed clash": 0.01,
             "Peaceful protest": 0.04}  # fmt: skip
    model.rule_trust = {"*": 4.0}
    eased = {"Government regains territory": 2.0}
    acts = {"Armed clash", "Government regains territory", "Peaceful protest"}
    assert model.combine(probs, "Armed clash", acts, eased)[0] == "Armed clash"
    # read first, the refinement wins as before
    probs = {"Government regains territory": 0.8, "Accusation": 0.15, "Armed clash": 0.01,
             "Peaceful protest": 0.04}  # fmt: skip
    assert model.combine(probs, "Armed clash", acts, eased)[0] == "Government regains territory"
    model.rule_trust = {}


def test_the_shipped_refinements_name_known_types():
    from truceline.extract.typer import refinements

    table = refinements()
    assert table["Armed clash"]["Non-state actor overtakes territory"] < 4.0
    assert table["Violent demonstration"]["Peaceful protest"] > 4.0


def test_training_with_the_rules_decisions_fits_a_trust_per_rule_type():
    texts = EXAMPLES * 3
    rules = [label if i % 5 else None for i, (_, label) in enumerate(texts)]
    model = train_model(texts, rule_labels=rules)
    assert "*" in model.rule_trust
    assert set(model.rule_trust) <= {"*", *(label for _, label in EXAMPLES)}
    assert all(t >= 0 for t in model.rule_trust.values())
    with pytest.raises(ModelError, match="rule labels"):
        train_model(EXAMPLES, rule_labels=[None])


def test_a_saved_model_keeps_its_trust(model: EventTypeModel, tmp_path: Path):
    model.rule_trust = {"*": 1.5, "Peaceful protest": 3.0}
    model.save(tmp_path / "m")
    assert EventTypeModel.load(tmp_path / "m").rule_trust == model.rule_trust
    model.rule_trust = {}


def test_no_event_examples_are_read(tmp_path: Path):
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"text": "The minister spoke about the economy.", "sub_event_type": NO_EVENT})
        + "\n",
        encoding="utf-8",
    )
    assert read_examples(path) == [("The minister spoke about the economy.", NO_EVENT)]
