"""articles, their URLs, extractions, events, ceasefires, quotes, feed state

Revision ID: 0001
Revises:
Create Date: 2025-01-01

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JsonDoc = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("outlet", sa.Text()),
        sa.Column("author", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("language", sa.String(16)),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("external_id", sa.Text()),
        sa.Column("ingested_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_ingested_at", "articles", ["ingested_at"])

    op.create_table(
        "article_urls",
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("url_hash", sa.String(32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "url_hash", name="pk_article_urls"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_article_urls_article_id_articles",
        ),
    )
    op.create_index("ix_article_urls_url_hash", "article_urls", ["url_hash"])

    op.create_table(
        "extractions",
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("extractor_version", sa.String(32)),
        sa.Column("extracted_at", TS, nullable=False),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_ceasefires", sa.Integer(), nullable=False),
        sa.Column("n_quotes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_extractions"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_extractions_article_id_articles",
        ),
    )
    op.create_index("ix_extractions_status", "extractions", ["status"])
    op.create_index("ix_extractions_extractor_version", "extractions", ["extractor_version"])

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("sub_event_type", sa.String(48), nullable=False),
        sa.Column("date", sa.Date()),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3)),
        sa.Column("admin1", sa.Text()),
        sa.Column("location_name", sa.Text()),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("violation", sa.Boolean()),
        sa.Column("ceasefire_id", sa.String(64)),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("data", JsonDoc, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_events_article_id_articles",
        ),
        sa.UniqueConstraint("article_id", "event_id", name="uq_events_article_id_event_id"),
    )
    for column in ("article_id", "event_type", "sub_event_type", "date", "status", "country"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_index("ix_events_latitude_longitude", "events", ["latitude", "longitude"])

    op.create_table(
        "ceasefires",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("ceasefire_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("announced", sa.Date()),
        sa.Column("effective", sa.String(16)),
        sa.Column("ended", sa.Date()),
        sa.Column("data", JsonDoc, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ceasefires"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_ceasefires_article_id_articles",
        ),
        sa.UniqueConstraint(
            "article_id", "ceasefire_id", name="uq_ceasefires_article_id_ceasefire_id"
        ),
    )
    op.create_index("ix_ceasefires_article_id", "ceasefires", ["article_id"])

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("speaker_country", sa.String(3)),
        sa.Column("data", JsonDoc, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quotes"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_quotes_article_id_articles",
        ),
    )
    op.create_index("ix_quotes_article_id", "quotes", ["article_id"])

    op.create_table(
        "feeds",
        sa.Column("url_hash", sa.String(32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("last_polled", TS),
        sa.Column("last_status", sa.Integer()),
        sa.PrimaryKeyConstraint("url_hash", name="pk_feeds"),
    )


def downgrade() -> None:
    for table in ("feeds", "quotes", "ceasefires", "events", "extractions", "article_urls"):
        op.drop_table(table)
    op.drop_table("articles")
