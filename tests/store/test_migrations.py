"""The schema comes from migrations, matches the models, and the chain stays linear."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from truceline.errors import StoreError
from truceline.store import current_revision, head_revision, make_engine, require_current, upgrade
from truceline.store.migrate import alembic_config
from truceline.store.models import Base


def test_upgrade_creates_every_table_and_reaches_head(db_url: str) -> None:
    assert upgrade(db_url) == head_revision()
    engine = make_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {
        "articles",
        "article_urls",
        "extractions",
        "events",
        "ceasefires",
        "quotes",
        "feeds",
    } <= tables
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_upgrade_twice_is_a_no_op(db_url: str) -> None:
    first = upgrade(db_url)
    assert upgrade(db_url) == first


def test_models_match_the_migrations(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_reading_an_empty_database_says_to_run_db_upgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    with pytest.raises(StoreError, match="truceline db upgrade"):
        require_current(engine)
    engine.dispose()


def test_migration_chain_is_linear_with_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    assert heads == [head_revision()]
    revisions = list(script.walk_revisions())
    for rev in revisions:
        assert not isinstance(rev.down_revision, tuple | list), f"{rev.revision} is a merge"
    assert revisions[-1].revision == "0001"
    assert revisions[-1].down_revision is None


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url at all://"])
def test_unsupported_database_urls_are_refused_with_the_url(url: str) -> None:
    with pytest.raises(StoreError, match="not"):
        make_engine(url)
