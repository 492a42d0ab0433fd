"""`truceline` command line. Each module registers its commands on `app`.

Modules import their heavy dependencies inside the commands, so `--help` is fast.
"""

from __future__ import annotations

import logging
import sys

from truceline.cli import (  # noqa: F401  (each registers its commands)
    evaluate,
    extract,
    gazetteer,
    incidents,
    review,
    run,
    serve,
    store,
)
from truceline.cli.app import app


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sys.exit(app())


__all__ = ["app", "main"]
