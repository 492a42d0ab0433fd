"""`extract --jsonl`: one document per input line, bad lines as error documents."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from truceline.errors import BadRecordError, InputError
from truceline.inputs import decode_text
from truceline.schemas import ArticleInput, Document, ErrorDocument

log = logging.getLogger(__name__)
MAX_LINE_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class JsonlSummary:
    total: int = 0
    failed: int = 0


def parse_line(raw: bytes, source: str) -> ArticleInput:
    """One contract input line, or a BadRecordError naming the line and the problem."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadRecordError(source, f"line is {len(raw) / 1e6:.0f} MB, over the 20 MB limit")
    try:
        text = decode_text(raw, source)
    except InputError as exc:
        raise BadRecordError(source, exc.problem) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRecordError(source, f"is not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise BadRecordError(source, f"is JSON {type(obj).__name__}, not an object")
    if "id" not in obj:
        raise BadRecordError(source, 'has no "id"')
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise BadRecordError(source, 'has no "text" (or it is empty)')
    try:
        return ArticleInput.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadRecordError(source, f"field {where!r}: {first['msg']}") from None


def iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if raw.strip():
                yield n, raw


def _line_id(raw: bytes) -> Any:
    try:
        obj = json.loads(raw)
        return obj.get("id") if isinstance(obj, dict) else None
    except (ValueError, UnicodeDecodeError):
        return None


def extract_jsonl(
    path: Path,
    out: IO[str],
    extractor: Any,
    *,
    on_error: Callable[[str], None] | None = None,
) -> JsonlSummary:
    """Extract every line of `path` into `out` (one JSON document per line, same order)."""
    summary = JsonlSummary()
    if not path.exists():
        raise BadRecordError(str(path), "does not exist")
    for n, raw in iter_lines(path):
        summary.total += 1
        source = f"{path}:{n}"
        try:
            article = parse_line(raw, source)
            doc: Document | ErrorDocument = extractor.extract(article)
        except InputError as exc:
            summary.failed += 1
            if on_error:
                on_error(str(exc))
            line_id = _line_id(raw)
            article_id = str(line_id) if line_id is not None else f"{path.name}:{n}"
            doc = ErrorDocument(error=str(exc), article={"id": article_id})
        out.write(json.dumps(doc.to_contract(), ensure_ascii=False) + "\n")
    return summary
