"""Outlet profiles: whose claims an outlet carries, and how much it says in its own voice.

For each outlet (the publisher of the article, see `mentions.outlet_name`), over the
event mentions of its articles that are in incidents (hypothetical and planned events
are not): the share attributed to each claimant side (a
mention with k claimants gives 1/k to each) and the share stated without
attribution. The shares sum to 1. Accusations and denials count as claims of their
speakers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from truceline.incidents.model import Incident
from truceline.incidents.sides import side_label


class OutletProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outlet: str
    articles: int
    mentions: int
    own_voice: float  # share of mentions stated without attribution
    by_side: dict[str, float]  # side key -> share of mentions claimed by that side
    side_labels: dict[str, str]


def outlet_profiles(incidents: Sequence[Incident]) -> list[OutletProfile]:
    """Profiles of every outlet, the most prolific first."""
    articles: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    own: dict[str, float] = defaultdict(float)
    sides: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m in (m for inc in incidents for m in inc.mentions):
        articles[m.outlet].add(m.article_id)
        counts[m.outlet] += 1
        speakers = m.claimant_sides
        if not speakers:
            own[m.outlet] += 1
            continue
        for s in speakers:
            sides[m.outlet][s] += 1 / len(speakers)
    out = []
    for outlet, n in counts.items():
        shares = {
            s: round(v / n, 4)
            for s, v in sorted(sides[outlet].items(), key=lambda kv: (-kv[1], kv[0]))
        }
        out.append(
            OutletProfile(
                outlet=outlet,
                articles=len(articles[outlet]),
                mentions=n,
                own_voice=round(own[outlet] / n, 4),
                by_side=shares,
                side_labels={s: side_label(s) for s in shares},
            )
        )
    out.sort(key=lambda p: (-p.mentions, p.outlet))
    return out


def render_outlets_md(profiles: Sequence[OutletProfile]) -> str:
    lines = [
        "| outlet | articles | mentions | own voice | claims by side |",
        "|---|---:|---:|---:|---|",
    ]
    for p in profiles:
        sides = ", ".join(f"{p.side_labels[s]} {v:.0%}" for s, v in p.by_side.items()) or "-"
        lines.append(f"| {p.outlet} | {p.articles} | {p.mentions} | {p.own_voice:.0%} | {sides} |")
    return "\n".join(lines) + "\n"
