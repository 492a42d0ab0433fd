"""event_reviews and review_audit: analysts' verdicts and corrections, and their log

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

The tables' model is in `truceline.store.review` (on the store's `Base.metadata`);
importing it here registers it whenever the migration chain is loaded (see 0002).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.store.review  # noqa: F401  (register the models, see above)
from truceline.store.models import JsonDoc

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "event_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(64)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("changes", JsonDoc, nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("reviewed_at", TS, nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("extracted", JsonDoc, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_event_reviews_article_id_articles",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_reviews"),
        sa.UniqueConstraint("article_id", "event_id", name="uq_event_reviews_article_id_event_id"),
    )
    for column in ("article_id", "state", "verdict", "reviewed_at"):
        op.create_index(f"ix_event_reviews_{column}", "event_reviews", [column])
    op.create_table(
        "review_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("before", JsonDoc),
        sa.Column("after", JsonDoc, nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["event_reviews.id"],
            ondelete="CASCADE",
            name="fk_review_audit_review_id_event_reviews",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_audit"),
    )
    op.create_index("ix_review_audit_review_id", "review_audit", ["review_id"])


def downgrade() -> None:
    op.drop_table("review_audit")
    op.drop_table("event_reviews")
