"""Fixtures of the scale-out tests: shards of a corpus the tests write themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from scale_corpus import write_shards


@pytest.fixture
def shards(tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    """30 articles in 4 JSONL shards (the first small, so it finishes first)."""
    folder = tmp_path / "in"
    return folder, write_shards(folder, [3, 9, 9, 9])
