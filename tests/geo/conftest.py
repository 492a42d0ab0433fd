"""Shared fixtures: the real compiled gazetteer (built once per session) and a parser."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from truceline.extract.context import ParsedSentence
from truceline.extract.nlp import load_pipeline
from truceline.extract.sentences import split_sentences
from truceline.geo.gazetteer import Gazetteer, ensure_gazetteer


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The gazetteer compiled from the installed GeoNames data (takes about a minute).

    TRUCELINE_TEST_GAZETTEER_DIR names a directory to keep it in between sessions (it is
    rebuilt there when out of date); by default it goes to a temporary directory.
    """
    keep = os.environ.get("TRUCELINE_TEST_GAZETTEER_DIR")
    cache = Path(keep) if keep else Path(tmp_path_factory.mktemp("gazetteer"))
    return Gazetteer(ensure_gazetteer(cache))


@pytest.fixture(scope="session")
def parse() -> Callable[[str], list[ParsedSentence]]:
    nlp = load_pipeline()

    def run(text: str) -> list[ParsedSentence]:
        sentences = split_sentences(text)
        docs = nlp.pipe(s.text for s in sentences)
        return [ParsedSentence(s, d) for s, d in zip(sentences, docs, strict=True)]

    return run
