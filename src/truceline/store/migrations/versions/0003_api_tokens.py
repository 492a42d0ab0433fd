"""api_tokens, and indexes for the API's lists

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03

The table's model is in `truceline.api.tokens`, the indexes in `truceline.api.indexes`
(on the store's `Base.metadata`); importing them here registers them whenever the
migration chain is loaded (see 0002).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import truceline.api.indexes
import truceline.api.tokens  # noqa: F401  (register the models, see above)

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)
INDEXES = (
    ("ix_events_date_id", "events", ["date", "id"]),
    ("ix_events_country_date_id", "events", ["country", "date", "id"]),
    ("ix_events_event_type_date_id", "events", ["event_type", "date", "id"]),
    ("ix_events_sub_event_type_date_id", "events", ["sub_event_type", "date", "id"]),
    ("ix_events_status_date_id", "events", ["status", "date", "id"]),
    ("ix_incidents_date_id", "incidents", ["date", "id"]),
    ("ix_incidents_ceasefire_id_date_id", "incidents", ["ceasefire_id", "date", "id"]),
    ("ix_incidents_country_date_id", "incidents", ["country", "date", "id"]),
)


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_used_at", TS),
        sa.Column("revoked_at", TS),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("api_tokens")
