"""Once an article has been read, the loaded models are left out of garbage collection."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import gc, json
from truceline.extract.pipeline import Extractor
from truceline.schemas import ArticleInput
before = gc.get_freeze_count()
extractor = Extractor()
first = extractor.extract(ArticleInput(id="a", text="Troops shelled the town on Monday."))
after_first = gc.get_freeze_count()
extractor.extract(ArticleInput(id="b", text="Rebels attacked a convoy near the border."))
after_second = gc.get_freeze_count()
extractor.extract(ArticleInput(id="c", text="Gunmen kidnapped two aid workers."))
print(json.dumps({"before": before, "after_first": after_first, "after_second": after_second,
                  "after_third": gc.get_freeze_count(), "events": len(first.events)}))
"""


def test_the_models_are_frozen_once_before_the_second_batch():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=300
    )
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    assert counts["before"] == counts["after_first"] == 0  # lazy tables may still load
    assert counts["after_second"] > 10_000  # the pipeline, gazetteer and lexicons
    # once per process: a second freeze would add the third article's objects; a frozen
    # object freed later (a pattern evicted from re's cache) only leaves the count
    assert counts["after_third"] <= counts["after_second"]
    assert counts["events"] >= 1
