"""Indexes the API's lists need (revision 0003): each list is read in (day, id) order
with a keyset condition, so an index that starts with a filtered column and goes on
with (date, id) serves a filtered page without sorting every matching row.

Declared here on the store's tables (so that `Base.metadata` matches the migrated
schema, see tests/store/test_migrations.py) and created by migration 0003.
"""

from __future__ import annotations

from sqlalchemy import Index

from truceline.incidents.persist import incidents
from truceline.store.models import events

API_INDEXES = (
    Index("ix_events_date_id", events.c.date, events.c.id),
    Index("ix_events_country_date_id", events.c.country, events.c.date, events.c.id),
    Index("ix_events_event_type_date_id", events.c.event_type, events.c.date, events.c.id),
    Index("ix_events_sub_event_type_date_id", events.c.sub_event_type, events.c.date, events.c.id),
    Index("ix_events_status_date_id", events.c.status, events.c.date, events.c.id),
    Index("ix_incidents_date_id", incidents.c.date, incidents.c.id),
    Index(
        "ix_incidents_ceasefire_id_date_id",
        incidents.c.ceasefire_id,
        incidents.c.date,
        incidents.c.id,
    ),
    Index("ix_incidents_country_date_id", incidents.c.country, incidents.c.date, incidents.c.id),
)
