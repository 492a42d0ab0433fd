"""End to end: the `truceline extract` command as users run it (a real process, real spaCy)."""

import json
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

SCHEMA = json.loads(resources.files("truceline.data").joinpath("document.schema.json").read_text())
ARTICLE = (
    "Rebels shell town despite truce\n\n"
    "Government forces said on Monday that rebels shelled the town of Ganja overnight, killing "
    "three civilians, hours after a ceasefire came into force at midnight.\n\n"
    "The rebels denied the accusation."
)

pytestmark = pytest.mark.slow


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "truceline.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=600,
    )


def test_extract_file_prints_a_schema_valid_document(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    proc = run("extract", str(path), "--published", "2024-03-04", "--outlet", "Wire")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["article"] == {
        "id": "report",
        "url": None,
        "title": None,
        "outlet": "Wire",
        "author": None,
        "published": "2024-03-04",
        "language": "en",
    }
    assert sum(e["primary"] for e in doc["events"]) == 1
    shelling = [
        e for e in doc["events"] if e["sub_event_type"] == "Shelling/artillery/missile attack"
    ]
    assert shelling
    assert shelling[0]["date"] == "2024-03-04"
    assert doc["ceasefires"], "the truce is reported"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"", "is empty"),
        ("bin.txt", b"\x00\x01\x02" * 100, "binary"),
        ("bad.txt", b"caf\xe9 shelling", "not valid UTF-8"),
    ],
)
def test_extract_bad_file_gives_one_clear_line_and_no_traceback(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    proc = run("extract", str(path))
    assert proc.returncode == 1
    assert name in proc.stderr
    assert says in proc.stderr
    assert "Traceback" not in proc.stderr


def test_extract_jsonl_keeps_order_and_reports_bad_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "published": "2024-03-04"}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps(
            {
                "id": "d",
                "text": "Protesters rallied in Yerevan on Sunday.",
                "published": "2024-03-04",
            }
        ),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run("extract", "--jsonl", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [d["article"]["id"] for d in docs] == ["a", "in.jsonl:2", "c", "d"]
    assert "error" in docs[1]
    assert "not JSON" in docs[1]["error"]
    assert "error" in docs[2]
    assert "text" in docs[2]["error"]
    for d in docs:
        jsonschema.validate(d, SCHEMA)
    assert "in.jsonl:2" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_extract_jsonl_exits_1_when_every_line_failed(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text("[1, 2]\nnull\n", encoding="utf-8")
    proc = run("extract", "--jsonl", str(src))
    assert proc.returncode == 1
    assert proc.stdout.count("\n") == 2


def test_explain_prints_the_rules_that_typed_each_event(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run("extract", str(article), "--published", "2024-03-04", "--explain")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("a e")]
    assert lines, result.stderr
    assert any("lemma:shell" in line and "combined -> Shelling" in line for line in lines)
    json.loads(result.stdout)  # the document itself is unchanged JSON on stdout
