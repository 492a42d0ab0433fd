"""Reviewed sentences as event-typing examples: what `truceline train --from-store` learns.

Each verified or corrected review gives its evidence sentence and the type the reviewer
settled on (the corrected sub-event type, else the extracted one). Rejected events
teach nothing about types and are left out. Training itself is the typer's own
`train_typer` (`truceline.extract.typer`), called through `train_from_reviews`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.errors import ModelError
from truceline.extract.typer import train_typer
from truceline.extract.typing_model import SHIPPED_RULE_TRUST, EventTypeModel, default_examples
from truceline.store.review import SIGNED_OFF, event_reviews

log = logging.getLogger(__name__)


def reviewed_examples(session: Session) -> list[tuple[str, str]]:
    """(sentence, sub_event_type) of every verified or corrected review, oldest first."""
    stmt = (
        select(event_reviews.c.changes, event_reviews.c.extracted)
        .where(event_reviews.c.verdict.in_(SIGNED_OFF))
        .order_by(event_reviews.c.reviewed_at, event_reviews.c.id)
    )
    out = []
    for changes, extracted in session.execute(stmt):
        text = ((extracted or {}).get("evidence") or {}).get("text", "")
        label = (changes or {}).get("sub_event_type") or (extracted or {}).get("sub_event_type")
        if text.strip() and label:
            out.append((text, str(label)))
    session.rollback()
    return out


def train_from_reviews(
    reviewed: Sequence[tuple[str, str]],
    *,
    with_defaults: bool = False,
) -> EventTypeModel:
    """A typing model fitted on `reviewed` examples (and the shipped ones, if asked).

    A sentence a reviewer typed replaces the shipped example of the same text: the
    reviewer's reading wins.
    """
    pairs = list(reviewed)
    if with_defaults:
        mine = {text for text, _ in pairs}
        pairs += [(t, label) for t, label in default_examples() if t not in mine]
    if not reviewed:
        raise ModelError(
            "the store holds no verified or corrected events to learn from: review some "
            "with `truceline review set` or the dashboard's review page first"
        )
    # the shipped typer's kind: the same model, the rules trusted as in the default
    model = train_typer(pairs, rule_trust=SHIPPED_RULE_TRUST)
    model.provenance["reviewed_examples"] = len(reviewed)
    model.provenance["with_defaults"] = with_defaults
    log.info(
        "trained on %d reviewed and %d other examples", len(reviewed), len(pairs) - len(reviewed)
    )
    return model
