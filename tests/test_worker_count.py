"""How a `--workers` value becomes a number of worker processes (ingest, reextract,
extract --jsonl)."""

from __future__ import annotations

import os

import pytest

from truceline.processes import worker_count


def test_workers_default_to_one_per_core() -> None:
    assert worker_count(None) == os.cpu_count()


@pytest.mark.parametrize(("given", "workers"), [(0, 0), (-3, 0), (1, 1), (5, 5)])
def test_a_given_number_of_workers_is_kept_and_zero_or_less_means_none(
    given: int, workers: int
) -> None:
    assert worker_count(given) == workers
