"""One `Settings` for truceline: env prefix `TRUCELINE_`, optional TOML file, CLI flags override."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path(platformdirs.user_data_dir("truceline", appauthor=False))
CACHE_DIR = Path(platformdirs.user_cache_dir("truceline", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TRUCELINE_",
        toml_file=[Path("truceline.toml")],
        extra="ignore",
    )

    # Store: SQLAlchemy URL. Default: one SQLite file in the user's data dir.
    db: str = f"sqlite:///{DATA_DIR / 'truceline.sqlite'}"
    # spaCy pipeline: an installed package name or a path.
    spacy_model: str | None = None
    # Named entities: "rules" (the project's lexicons, `extract/entities.py`; fast) or
    # "spacy" (the model's statistical recognizer; about twice the parse time).
    ner: Literal["rules", "spacy"] = "rules"
    # Event-typing model saved by `truceline train` (None: the shipped default).
    model: Path | None = None
    # Where derived data (the compiled gazetteer) is cached.
    cache_dir: Path = CACHE_DIR
    # Largest input accepted, in bytes (files, URLs, request bodies).
    max_input_bytes: int = 50_000_000

    # Work per article (ingest and the API; raise them for unusual inputs). A JSONL line
    # over `max_line_bytes` is refused as soon as it passes the limit, without holding
    # it; HTML over `max_html_bytes` is read by a streaming text reader instead of
    # trafilatura; text over `max_article_chars` characters or `max_article_sentences`
    # sentences is cut there and the article flagged `truncated`; an article whose
    # reading or extraction takes over `article_seconds` is stored `not_extracted:
    # timeout` (or failed, when it could not even be read) and the run moves on.
    max_line_bytes: int = 20_000_000
    max_html_bytes: int = 5_000_000
    max_article_chars: int = 500_000
    max_article_sentences: int = 1_000
    article_seconds: float = 30.0
    # `ingest` when stderr is not a terminal: a progress line every this many seconds.
    progress_seconds: float = 30.0

    # `truceline serve`: map tiles ({z}/{x}/{y} URL template; "" or "off", the default: no
    # tiles, the country outlines served by truceline itself; a tile server sees every
    # area an analyst looks at), whether reading the API needs a token, and the largest
    # request body accepted.
    tile_url: str = "off"
    tile_attribution: str = "© OpenStreetMap contributors"
    read_auth: bool = False
    max_request_bytes: int = 10_000_000
    # POST /api/articles: extractions at once (more get 503 with Retry-After), and
    # seconds `serve` gives requests in hand to finish after SIGTERM or Ctrl-C.
    api_extractions: int = 2
    shutdown_seconds: float = 5.0

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):  # type: ignore[override]
        from pydantic_settings import TomlConfigSettingsSource

        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
