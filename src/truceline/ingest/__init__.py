"""Ingest: read news from files, directories, JSONL, feeds, WARC and URLs into the store.

sources.py   what the user names -> items (directories, suffixes, URLs)
feeds.py     RSS/Atom entries -> pages to fetch
warc.py      WARC records -> pages (truncation detected)
fetch.py     HTTP with limits and the guard against private addresses
language.py  py3langid: English is extracted, other languages kept with the reason
worker.py    per process: read, dedupe by content hash, extract
runner.py    the process pool, the single store writer, the summary
watch.py     polling feeds with conditional requests
progress.py  the rich progress bar and summary table
"""

from truceline.ingest.runner import Ingestor, IngestSummary, ReextractSummary, ingest, reextract

__all__ = ["IngestSummary", "Ingestor", "ReextractSummary", "ingest", "reextract"]
