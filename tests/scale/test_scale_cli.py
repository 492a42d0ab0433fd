"""`truceline run` refuses bad arguments before starting any cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from truceline.cli.app import app


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--engine", "spark"], "choose dask or local"),
        (["--engine", "local", "--workers", "2"], "apply to --engine dask only"),
    ],
)
def test_bad_engine_options_are_refused(tmp_path: Path, extra: list[str], message: str) -> None:
    (tmp_path / "s.jsonl").write_text('{"id": "a", "text": "x"}\n')
    args = ["run", "--input", str(tmp_path / "*.jsonl"), "--output", str(tmp_path / "out")]

    result = CliRunner().invoke(app, args + extra)

    assert result.exit_code == 2
    assert message in result.output


def test_a_glob_matching_nothing_fails_with_a_message_naming_it(tmp_path: Path) -> None:
    pattern = str(tmp_path / "missing-*.warc.gz")

    result = CliRunner().invoke(app, ["run", "--input", pattern, "--output", str(tmp_path / "o")])

    assert result.exit_code == 1
    assert f"error: {pattern}: matches no files" in result.output
