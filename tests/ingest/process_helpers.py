"""Helpers for the process tests: run the real CLI in a subprocess, find what it started,
measure its peak memory, write hostile inputs cheaply."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import psutil

CLI = [sys.executable, "-c", "from truceline.cli import main; main()"]
# Runs a command and writes the peak RSS (KiB) of it and its descendants to a file.
PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)

# Short texts in French and German (written for these tests): read, stored, not
# extracted (truceline extracts English only), so no spaCy model is loaded.
FOREIGN = [
    "Le marché du village a rouvert ce matin après trois semaines de travaux, et les "
    "habitants sont venus nombreux acheter des légumes et du pain frais.",
    "Die Bibliothek der Stadt bleibt im Sommer länger geöffnet, damit die Schüler in den "
    "Ferien ruhig lesen und lernen können, sagte die Leiterin am Montag.",
    "Les pêcheurs du port ont ramené une belle quantité de poissons hier soir, malgré le "
    "vent fort qui soufflait depuis le début de la semaine sur la côte.",
    "Im Tal wurde eine neue Brücke über den Fluss gebaut, die den Weg zur Schule für viele "
    "Kinder aus den Dörfern deutlich kürzer macht als bisher.",
    "La chorale de la paroisse prépare un concert pour la fin du mois, avec des chants "
    "anciens et quelques pièces nouvelles écrites par un musicien de la région.",
    "Der Bäcker an der Ecke backt seit zwanzig Jahren jeden Morgen frisches Brot, und die "
    "Nachbarn stehen schon vor sechs Uhr in einer langen Schlange vor seiner Tür.",
]

# English paragraphs for a large page (written for these tests).
PARAGRAPHS = [
    "Officials in the northern district said on Tuesday that the road to the market had "
    "reopened after repairs, and traders returned with grain and vegetables.",
    "Teachers at the village school asked for more books, saying that forty children now "
    "share a single shelf of worn textbooks in the main classroom.",
    "The river rose after two days of rain, and farmers moved their goats to higher ground "
    "while the council opened the community hall for families.",
    "A new clinic opened near the bus station on Monday, with two nurses and a doctor who "
    "will visit from the city every Thursday morning.",
]


def start(
    args: list[str], log: IO[bytes], env: dict[str, str] | None = None, *, stdout: int | None = None
) -> subprocess.Popen:
    """`truceline ARGS` in its own session, stdout piped (or `stdout`), stderr to `log`."""
    return subprocess.Popen(
        [*CLI, *args],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=log,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )


def wait_for(what: Callable[[], Any], seconds: float, message: str) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = what()
        if value:
            return value
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


def workers_of(parent: psutil.Process) -> list[psutil.Process]:
    """The multiprocessing worker processes under `parent` (spawned: `spawn_main`)."""
    found = []
    for p in parent.children(recursive=True):
        try:
            if any("spawn_main" in part for part in p.cmdline()):
                found.append(p)
        except psutil.NoSuchProcess:
            pass
    return found


def alive(processes: list[psutil.Process], within: float) -> list[psutil.Process]:
    """Those of `processes` still running after `within` seconds."""
    _gone, still = psutil.wait_procs(processes, timeout=within)
    return [p for p in still if p.status() != psutil.STATUS_ZOMBIE]


def write_corpus(root: Path, texts: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (root / f"a{i:04}.txt").write_text(text, encoding="utf-8")
    return root


def write_gz_with_long_line(path: Path, line_mib: int, before: str, after: str) -> None:
    """A .jsonl.gz whose second line is `line_mib` MiB long, written in a blink: one
    compressed MiB repeated (a gzip file may be many members; readers join them)."""
    member = gzip.compress(b"a" * (1 << 20), compresslevel=9)
    with open(path, "wb") as f:
        f.write(gzip.compress(f'{before}\n{{"id": "long", "text": "'.encode()))
        for _ in range(line_mib):
            f.write(member)
        f.write(gzip.compress(f'"}}\n{after}\n'.encode()))


def write_large_html(path: Path, size: int) -> None:
    """An HTML page of about `size` bytes, nearly all paragraph text."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("<!doctype html><html><head><title>A long page</title>")
        f.write("<script>var settings = {};</script></head><body><article>")
        n = 0
        while f.tell() < size:
            block = "".join(
                f"<p>{PARAGRAPHS[(n + i) % len(PARAGRAPHS)]} (Note {n + i}.)</p>\n"
                for i in range(500)
            )
            f.write(block)
            n += 500
        f.write("</article></body></html>")
