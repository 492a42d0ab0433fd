"""article_sources: every input an article was read from (one text, many files)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

The same report read as a .txt file, an .html page and a JSONL line is one article
(one normalised text); this table lists where each copy came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "article_sources",
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("source_hash", sa.String(32), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "source_hash", name="pk_article_sources"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_article_sources_article_id_articles",
        ),
    )
    # every stored article was read from its `source` at least
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, source, ingested_at FROM articles")).all()
    table = sa.table(
        "article_sources",
        sa.column("article_id"),
        sa.column("source_hash"),
        sa.column("source"),
        sa.column("first_seen"),
    )
    if rows:
        op.bulk_insert(
            table,
            [
                {"article_id": r.id, "source_hash": _hash(r.source), "source": r.source,
                 "first_seen": r.ingested_at}
                for r in rows
            ],
        )  # fmt: skip


def _hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]


def downgrade() -> None:
    op.drop_table("article_sources")
