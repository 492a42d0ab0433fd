"""A corpus spanning twenty years (2005-2024), for the dashboard's timeline and map.

One truce a year between Armenia and Azerbaijan (imported as a user's YAML, each in
force until the next), and six reports of shelling a year at towns on both sides,
each alleged by one side's defence ministry; in three years both ministries accuse each
other over the same shelling (one incident alleged by two sides), and two reports give
no day (undated incidents). Every sentence is invented here; places are real towns.
"""

from __future__ import annotations

import datetime as dt
import random

import yaml
from sqlalchemy.orm import Session

from serve_corpus import ARM_FORCES, ARM_MOD, AZE_FORCES, AZE_MOD, A, E, document, place
from truceline.incidents import analyse
from truceline.incidents.persist import load_corpus, load_imports, save_build, save_imports
from truceline.incidents.registry import yaml_records
from truceline.store import add_article_with_extraction, make_engine, upgrade

FIRST_YEAR, LAST_YEAR = 2005, 2024
PER_YEAR = 6
BOTH_SIDES_YEARS = (2008, 2016, 2023)
TOWNS = [
    place("Tartar", "AZE", 40.34, 46.93),
    place("Fizuli", "AZE", 39.60, 47.15),
    place("Aghdam", "AZE", 39.99, 46.93),
    place("Goris", "ARM", 39.51, 46.34),
    place("Ijevan", "ARM", 40.88, 45.15),
    place("Berd", "ARM", 40.88, 45.39),
]
# Words to vary the reports, so that no two read as copies of each other.
WORDS = ("morning evening overnight dawn dusk heavy light sporadic sustained brief "
         "mortar howitzer rocket artillery village outskirts road bridge farm school "
         "residents officials witnesses spokesman ministry statement reported confirmed "
         "damage houses power line roof field orchard").split()  # fmt: skip


def truces_yaml() -> str:
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        rows.append({
            "id": f"span-truce-{year}",
            "name": f"Winter truce of {year}",
            "parties": [{"name": "Armenia", "country": "ARM", "kind": "government"},
                        {"name": "Azerbaijan", "country": "AZE", "kind": "government"}],
            "effective": f"{year}-01-01T00:00",
            "ended": f"{year}-12-31",
            "area": {"countries": ["ARM", "AZE"]},
        })  # fmt: skip
    return yaml.safe_dump({"ceasefires": rows})


def _report(n: int, day: str | None, town_index: int, by_armenia: bool, rng: random.Random) -> A:
    town = TOWNS[town_index % len(TOWNS)]
    ministry = ARM_MOD if by_armenia else AZE_MOD
    shooter, target = (AZE_FORCES, ARM_FORCES) if by_armenia else (ARM_FORCES, AZE_FORCES)
    lead = " ".join(rng.sample(WORDS, 9)).capitalize() + f", note {n}."
    sentence = (
        f"The {ministry.name} said {shooter.name} shelled {town.name} "
        f"({' '.join(rng.sample(WORDS, 3))}), in report {n}."
    )
    return A(
        key=f"span-{n}",
        outlet=("Lowland Gazette", "Ridge Bulletin", "Valley Wire")[n % 3],
        published=day or f"{FIRST_YEAR + n % 20}-06-30",
        title=f"Shelling reported at {town.name} ({n})",
        events=[
            E("Shelling/artillery/missile attack", sentence, day, shooter, target, town, [ministry])
        ],
        lead=lead,
        url=f"https://span.example/{n}",
    )


def span_articles() -> list[A]:
    rng = random.Random(20)
    out: list[A] = []
    n = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for k in range(PER_YEAR):
            day = (dt.date(year, 1, 20) + dt.timedelta(days=55 * k)).isoformat()
            out.append(_report(n, day, k + year, by_armenia=bool((k + year) % 2), rng=rng))
            n += 1
        if year in BOTH_SIDES_YEARS:  # the other side accuses back: the same shelling
            day = (dt.date(year, 1, 20) + dt.timedelta(days=55 * 2)).isoformat()
            out.append(_report(n, day, 2 + year, by_armenia=not (2 + year) % 2, rng=rng))
            n += 1
    for k in range(2):  # no day given
        out.append(_report(n, None, k, by_armenia=bool(k), rng=rng))
        n += 1
    return out


def seed_span(db_url: str) -> None:
    """Store the corpus, import the truces and build incidents."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with Session(engine) as session:
            for a in span_articles():
                add_article_with_extraction(session, *document(a))
            records = yaml_records(yaml.safe_load(truces_yaml()), "span.yaml")
            save_imports(session, records, "span.yaml")
            docs, texts = load_corpus(session)
            save_build(session, analyse(docs, load_imports(session), texts=texts))
    finally:
        engine.dispose()
