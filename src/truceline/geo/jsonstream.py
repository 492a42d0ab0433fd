"""Reading a large JSON object or array value by value, without holding it all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO


def iter_json_values(stream: TextIO, chunk_size: int = 1 << 20) -> Iterator[Any]:
    """The values of a top-level JSON object or array, parsed while reading `stream`."""
    decoder = json.JSONDecoder()
    buf, pos, eof = "", 0, False

    def fill() -> None:
        nonlocal buf, pos, eof
        more = stream.read(chunk_size)
        eof = not more
        buf, pos = buf[pos:] + more, 0

    def skip(chars: str) -> None:
        nonlocal pos
        while True:
            while pos < len(buf) and (buf[pos].isspace() or buf[pos] in chars):
                pos += 1
            if pos < len(buf) or eof:
                return
            fill()

    def value() -> Any:
        nonlocal pos
        while True:
            try:
                obj, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                if eof:
                    raise
                fill()
                continue
            if end == len(buf) and not eof:  # a number may go on in the next chunk
                fill()
                continue
            pos = end
            return obj

    fill()
    skip("")
    if pos >= len(buf) or buf[pos] not in "{[":
        raise ValueError("not a JSON object or array")
    opener = buf[pos]
    pos += 1
    closer = "}" if opener == "{" else "]"
    while True:
        skip(",")
        if pos >= len(buf) or buf[pos] == closer:
            return
        if opener == "{":
            value()
            skip(":")
        yield value()
