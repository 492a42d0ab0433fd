"""`truceline eval` and `truceline train` on files the tests write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from truceline.cli import app
from truceline.extract.typing_model import EventTypeModel

runner = CliRunner()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def clash(**fields) -> dict:
    return {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2022-05-01",
            "location": {"name": "x", "latitude": 12.0, "longitude": 8.5,
                         "precision": "exact"}, "status": "asserted"} | fields  # fmt: skip


def gold_and_pred(tmp_path: Path) -> tuple[Path, Path]:
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "a", "granularity": "multi", "text": "...",
         "gold": {"events": [clash(), clash(date="2022-04-20")], "ceasefires": []}},
    ])  # fmt: skip
    pred = write_jsonl(tmp_path / "pred.jsonl", [
        {"schema": "truceline/1", "article": {"id": "a"}, "events": [clash(status="alleged")],
         "ceasefires": [], "quotes": []},
    ])  # fmt: skip
    return gold, pred


def test_eval_prints_precision_recall_and_matched_rates(tmp_path: Path):
    result = runner.invoke(app, ["eval", *map(str, gold_and_pred(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "event_precision                  1.0" in result.output
    assert "event_recall                     0.5" in result.output
    assert "matched_status                   0.0  (n=1)" in result.output


def test_eval_json_gives_the_scorers_figures(tmp_path: Path):
    result = runner.invoke(app, ["eval", *map(str, gold_and_pred(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["multi"]["event_f1"] == 0.6667
    assert figures["multi"]["matched_geo_25km"] == 1.0


def test_eval_names_a_bad_prediction_line(tmp_path: Path):
    gold, pred = gold_and_pred(tmp_path)
    pred.write_text("not json\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), str(pred)])
    assert result.exit_code == 1
    assert "pred.jsonl:1: not JSON" in result.output


TRAINING = [
    ("Tanks shelled the eastern districts.", "Shelling/artillery/missile attack"),
    ("Mortars hit the village.", "Shelling/artillery/missile attack"),
    ("Rockets struck the airport.", "Shelling/artillery/missile attack"),
    ("Nurses marched to the ministry.", "Peaceful protest"),
    ("Students held a sit-in.", "Peaceful protest"),
    ("Farmers rallied in the square.", "Peaceful protest"),
]


def test_train_saves_a_model_that_loads(tmp_path: Path):
    examples = write_jsonl(tmp_path / "notes.jsonl", [
        {"id": f"n{i}", "text": text, "gold": {"events": [{"sub_event_type": label}]}}
        for i, (text, label) in enumerate(TRAINING)
    ])  # fmt: skip
    out = tmp_path / "model"
    result = runner.invoke(app, ["train", "--examples", str(examples), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "saved a model of 2 sub-event types" in result.output
    model = EventTypeModel.load(out)
    assert model.provenance["trained_on"] == str(examples)
    assert model.predict(["Artillery shelled the town."])[0][0] == (
        "Shelling/artillery/missile attack"
    )


def test_train_refuses_examples_of_unknown_types(tmp_path: Path):
    examples = write_jsonl(tmp_path / "notes.jsonl", [{"text": "x", "sub_event_type": "Party"}])
    result = runner.invoke(app, ["train", "--examples", str(examples), "-o", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "notes.jsonl:1" in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_train_with_defaults_adds_the_shipped_examples(tmp_path: Path):
    examples = write_jsonl(tmp_path / "notes.jsonl", [
        {"text": text, "sub_event_type": label} for text, label in TRAINING
    ])  # fmt: skip
    out = tmp_path / "model"
    result = runner.invoke(
        app, ["train", "--examples", str(examples), "-o", str(out), "--with-defaults"]
    )
    assert result.exit_code == 0, result.output
    model = EventTypeModel.load(out)
    assert model.provenance["with_defaults"] is True
    assert len(model.labels) > 25  # every shipped type, not only the two of the file
    assert model.rule_trust  # measured on the examples' rule decisions
