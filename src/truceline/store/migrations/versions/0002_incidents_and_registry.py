"""incidents, incident_mentions, ceasefire_imports, registry_ceasefires

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02

The models of these tables are in `truceline.incidents.persist` (on the store's
`Base.metadata`). Importing it here registers them whenever the migration chain is
loaded, so that comparing `Base.metadata` with a migrated database sees them too.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

import truceline.incidents.persist  # noqa: F401  (registers the models, see above)

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JsonDoc = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ceasefire_imports",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("file", sa.Text()),
        sa.Column("effective", sa.String(16)),
        sa.Column("data", JsonDoc, nullable=False),
        sa.Column("imported_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ceasefire_imports"),
    )
    op.create_table(
        "registry_ceasefires",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("effective", sa.String(16)),
        sa.Column("window_start", sa.Date()),
        sa.Column("window_end", sa.Date()),
        sa.Column("data", JsonDoc, nullable=False),
        sa.Column("built_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_registry_ceasefires"),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("sub_event_type", sa.String(48), nullable=False),
        sa.Column("date", sa.Date()),
        sa.Column("country", sa.String(3)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("ceasefire_id", sa.String(64)),
        sa.Column("violation", sa.Boolean()),
        sa.Column("n_outlets", sa.Integer(), nullable=False),
        sa.Column("n_sides", sa.Integer(), nullable=False),
        sa.Column("data", JsonDoc, nullable=False),
        sa.Column("built_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    for column in ("event_type", "date", "country", "status", "ceasefire_id"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column])
    op.create_table(
        "incident_mentions",
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("incident_id", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "event_id", name="pk_incident_mentions"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="fk_incident_mentions_article_id_articles",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            ondelete="CASCADE",
            name="fk_incident_mentions_incident_id_incidents",
        ),
    )
    op.create_index("ix_incident_mentions_incident_id", "incident_mentions", ["incident_id"])


def downgrade() -> None:
    for table in ("incident_mentions", "incidents", "registry_ceasefires", "ceasefire_imports"):
        op.drop_table(table)
