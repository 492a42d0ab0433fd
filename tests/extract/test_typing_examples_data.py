"""The shipped broad typing examples (`truceline/data/typing_examples/`): well-formed,
one type per file named by its slug, every type covered, no sentence twice."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import truceline
from truceline.schemas import SUB_EVENT_TO_TYPE

EXAMPLES_DIR = Path(truceline.__file__).parent / "data" / "typing_examples"
NO_EVENT = "No event"
LABELS = set(SUB_EVENT_TO_TYPE) | {NO_EVENT}
MIN_PER_TYPE = 130
MIN_NO_EVENT = 250


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.jsonl"))


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_each_file_holds_one_known_type_named_by_its_slug(path: Path) -> None:
    rows = _rows(path)
    assert rows, f"{path.name} is empty"
    for row in rows:
        assert set(row) == {"text", "sub_event_type"}, row
        assert row["sub_event_type"] in LABELS, row
        assert 6 <= len(row["text"].split()) <= 60, row["text"]
    labels = {row["sub_event_type"] for row in rows}
    assert len(labels) == 1, f"{path.name} mixes {sorted(labels)}"
    assert path.stem == _slug(labels.pop())


def test_every_type_is_covered_and_no_text_repeats() -> None:
    counts: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    for path in _files():
        for row in _rows(path):
            counts[row["sub_event_type"]] += 1
            texts[row["text"].strip().lower()] += 1
    assert set(counts) == LABELS
    thin = {label: n for label, n in counts.items() if label != NO_EVENT and n < MIN_PER_TYPE}
    assert not thin, f"types with fewer than {MIN_PER_TYPE} examples: {thin}"
    assert counts[NO_EVENT] >= MIN_NO_EVENT
    repeated = [text for text, n in texts.items() if n > 1]
    assert not repeated, f"repeated texts: {repeated[:5]}"
