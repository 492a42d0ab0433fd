"""Scale-out: `truceline run` over many shards on Dask, partitioned Parquet out, resumable.

shards.py    input files from globs; articles read from JSONL and WARC shards
warc.py      articles from WARC records (HTTP responses, WET-style text)
tables.py    contract documents <-> the four Arrow tables
output.py    the output directory: atomic per-shard Parquet, reading a run back
manifest.py  which shards are done (per-shard JSON entries)
runner.py    the per-shard task, the per-worker extractor, the Dask driver
"""

from truceline.scale.output import (
    is_run_output,
    iter_run_records,
    read_run_articles,
    read_run_errors,
    read_run_output,
)
from truceline.scale.runner import RunPlan, RunSummary, plan_run, process_shard, run

__all__ = [
    "RunPlan",
    "RunSummary",
    "is_run_output",
    "iter_run_records",
    "plan_run",
    "process_shard",
    "read_run_articles",
    "read_run_errors",
    "read_run_output",
    "run",
]
