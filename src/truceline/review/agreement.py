"""How often reviewers agree with the extractor, per field and per event type.

Over every review with a verdict (attached or orphaned: an orphaned review still says
what a person read in that sentence): a verified event agrees on every field, a
corrected one on every field it did not change, a rejected one on none (the act was
not there to type). Types are the extractor's sub-event types, so a team sees which
types the extractor gets right and which it needs reviewing most.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.store.review import (
    CORRECTABLE,
    SIGNED_OFF,
    Review,
    event_reviews,
    list_reviews,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldAgreement(_Model):
    field: str
    reviewed: int  # verified or corrected events
    agreed: int  # of them with this field unchanged
    rate: float | None


class TypeAgreement(_Model):
    sub_event_type: str  # as the extractor read it
    reviewed: int
    verified: int
    corrected: int
    rejected: int
    type_agreed: int  # verified, or corrected without changing the type
    rate: float | None  # type_agreed / reviewed (rejections count as disagreement)
    corrected_to: dict[str, int]  # the sub-event types reviewers gave instead


class ReviewStats(_Model):
    reviews: int
    by_verdict: dict[str, int]
    attached: int
    orphaned: int
    reviewers: dict[str, int]
    fields: list[FieldAgreement]
    types: list[TypeAgreement]


def _rate(agreed: int, total: int) -> float | None:
    return round(agreed / total, 4) if total else None


def agreement(reviews: Sequence[Review], extracted_types: dict[int, str]) -> ReviewStats:
    """Agreement over `reviews`; `extracted_types` maps a review id to the sub-event type
    the extractor gave the event it reviewed."""
    judged = [r for r in reviews if r.verdict != "unreviewed"]
    kept = [r for r in judged if r.verdict in SIGNED_OFF]
    fields = [
        FieldAgreement(
            field=f,
            reviewed=len(kept),
            agreed=sum(1 for r in kept if f not in r.changes),
            rate=_rate(sum(1 for r in kept if f not in r.changes), len(kept)),
        )
        for f in CORRECTABLE
    ]
    by_type: dict[str, list[Review]] = defaultdict(list)
    for r in judged:
        by_type[extracted_types.get(r.id, "?")].append(r)
    types = []
    for sub, group in sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        verdicts = Counter(r.verdict for r in group)
        agreed = sum(
            1 for r in group if r.verdict in SIGNED_OFF and
            "sub_event_type" not in r.changes and "event_type" not in r.changes
        )  # fmt: skip
        corrected_to = Counter(
            str(r.changes["sub_event_type"]) for r in group if "sub_event_type" in r.changes
        )
        types.append(
            TypeAgreement(
                sub_event_type=sub, reviewed=len(group), verified=verdicts["verified"],
                corrected=verdicts["corrected"], rejected=verdicts["rejected"],
                type_agreed=agreed, rate=_rate(agreed, len(group)),
                corrected_to=dict(corrected_to.most_common()),
            )
        )  # fmt: skip
    return ReviewStats(
        reviews=len(judged),
        by_verdict=dict(Counter(r.verdict for r in judged).most_common()),
        attached=sum(1 for r in judged if r.state == "attached"),
        orphaned=sum(1 for r in judged if r.state == "orphaned"),
        reviewers=dict(Counter(r.reviewer for r in judged).most_common()),
        fields=fields,
        types=types,
    )


def review_stats(session: Session) -> ReviewStats:
    """`agreement` over every review in the store."""
    reviews = list_reviews(session)
    types = {
        rid: str((extracted or {}).get("sub_event_type", "?"))
        for rid, extracted in session.execute(select(event_reviews.c.id, event_reviews.c.extracted))
    }
    session.rollback()
    return agreement(reviews, types)
