"""API test fixtures: the seed-style corpus (tests/serve_corpus.py) in a store on
SQLite and on PostgreSQL (`db_url`, tests/pg.py), and httpx talking to the app
(`api_client.ApiClient`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_client import ApiClient, dispose, make_client
from sqlalchemy.orm import Session

from serve_corpus import article_ids, seed
from truceline.api.tokens import create_token


@pytest.fixture
def seeded(db_url: str) -> str:
    """The URL of a store holding the corpus and its incidents build."""
    seed(db_url)
    return db_url


@pytest.fixture
def api(seeded: str) -> Iterator[ApiClient]:
    client = make_client(seeded)
    yield client
    dispose(client)


@pytest.fixture
def token(api: ApiClient) -> str:
    with Session(api.app.state.truceline.engine) as session:
        value, _ = create_token(session, "tests")
    return value


@pytest.fixture(scope="session")
def ids() -> dict[str, str]:
    return article_ids()
