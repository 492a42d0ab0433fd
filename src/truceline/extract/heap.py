"""The loaded models, set aside from the garbage collector once they are all in memory.

The pipeline, the gazetteer and the lexicons are loaded once and live as long as the
process, but CPython's collector walks every object of its oldest generation on each full
collection: about 60 ms a time, and a long run has one every few dozen articles. After the
first batch of articles (by then every lazy table has been loaded), `freeze_loaded` runs
one collection and moves what survives to the permanent generation (`gc.freeze`), which
later collections skip. Objects made afterwards are collected as before. It runs once per
process; a process that forks workers afterwards also shares those pages with them longer.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

_frozen = False


def freeze_loaded() -> None:
    """Collect once, then leave every object alive now out of later collections (once)."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()
    log.debug("%d loaded objects set aside from garbage collection", gc.get_freeze_count())
