"""A seed-style corpus for the API and dashboard tests (every sentence written here).

A truce between Armenia and Azerbaijan (invented reports, real place names), imported
from YAML and also reported in an article, with mutual accusations after it took
effect, one clash stated in an outlet's own voice, one report whose text holds markup
(`<script>`, `<img onerror>`) that must show as text, and a protest in Yemen that no
ceasefire covers. Documents are written straight into the store (the repository's
own functions) and the incidents are built by truceline's real build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from sqlalchemy.orm import Session

from truceline.incidents import analyse
from truceline.incidents.persist import load_corpus, load_imports, save_build, save_imports
from truceline.incidents.registry import yaml_records
from truceline.inputs import content_id
from truceline.schemas import (
    SUB_EVENT_TO_TYPE,
    Actor,
    ArticleMeta,
    Ceasefire,
    Document,
    Event,
    Evidence,
    Location,
)
from truceline.store import NewArticle, add_article_with_extraction, make_engine, upgrade

ARMENIA = Actor(name="Armenia", country="ARM", kind="government")
AZERBAIJAN = Actor(name="Azerbaijan", country="AZE", kind="government")
ARM_MOD = Actor(name="Armenian Defence Ministry", country="ARM", kind="state_forces")
AZE_MOD = Actor(name="Azerbaijani Defence Ministry", country="AZE", kind="state_forces")
ARM_FORCES = Actor(name="Armenian forces", country="ARM", kind="state_forces")
AZE_FORCES = Actor(name="Azerbaijani forces", country="AZE", kind="state_forces")
HOUTHIS = Actor(name="Houthi supporters", country="YEM", kind="protesters")


def place(name: str, country: str, lat: float, lon: float) -> Location:
    return Location(name=name, country=country, latitude=lat, longitude=lon, precision="exact")


TARTAR = place("Tartar", "AZE", 40.34, 46.93)
STEPANAKERT = place("Stepanakert", "AZE", 39.82, 46.75)
HADRUT = place("Hadrut", "AZE", 39.52, 47.03)
MARTUNI = place("Martuni", "AZE", 39.79, 47.11)
SANAA = place("Sanaa", "YEM", 15.35, 44.21)

TRUCE_ID = "karabakh-truce-2020"
YAML_TEXT = f"""\
ceasefires:
  - id: {TRUCE_ID}
    name: Humanitarian truce in Karabakh
    parties:
      - {{name: Armenia, country: ARM, kind: government}}
      - {{name: Azerbaijan, country: AZE, kind: government}}
    announced: 2020-10-10
    effective: 2020-10-10T12:00
    area: {{countries: [ARM, AZE]}}
"""

SCRIPT_SENTENCE = (
    "A sign in the square read <script>alert(1)</script> and <img src=x "
    'onerror="window.__xss=1"> after Armenian officials said Azerbaijani artillery '
    "hit Martuni on Monday."
)
SCRIPT_TITLE = "<script>window.__xss_title=1</script>Shells on Martuni"


@dataclass
class E:
    sub: str
    text: str
    date: str | None
    actor1: Actor | None = None
    actor2: Actor | None = None
    where: Location | None = None
    claimants: list[Actor] = field(default_factory=list)
    status: str | None = None
    violation: bool | None = None
    ceasefire: str | None = None


@dataclass
class A:
    """An article: its sentences are the evidence of its events, in order."""

    key: str
    outlet: str
    published: str
    title: str
    events: list[E]
    lead: str = ""
    # (sentence, effective day): a ceasefire the article mentions (no day: a reference to
    # the one in force when it was published)
    ceasefire: tuple[str, str | None] | None = None
    url: str | None = None


ARTICLES = [
    A(
        "north-1",
        "Northern Herald",
        "2020-10-10",
        "Truce takes hold in Karabakh",
        [
            E(
                "Ceasefire",
                "The truce took effect at noon, the foreign ministers said.",
                "2020-10-10",
                ARMENIA,
                AZERBAIJAN,
                None,
                violation=False,
                ceasefire="c1",
            )
        ],
        ceasefire=(
            "Armenia and Azerbaijan agreed a humanitarian truce from noon on Saturday.",
            "2020-10-10T12:00",
        ),
        url="https://herald.example/truce",
    ),
    A(
        "north-2",
        "Northern Herald",
        "2020-10-11",
        "Baku says Tartar shelled",
        [
            E(
                "Shelling/artillery/missile attack",
                "Azerbaijan's defence ministry said Armenian forces shelled the town of Tartar "
                "on Sunday.",
                "2020-10-11",
                ARM_FORCES,
                AZE_FORCES,
                TARTAR,
                [AZE_MOD],
            )
        ],
        url="https://herald.example/tartar",
    ),
    A(
        "south-1",
        "Southern Courier",
        "2020-10-11",
        "Yerevan reports drone strikes",
        [
            E(
                "Air/drone strike",
                "Armenia's defence ministry said Azerbaijani drones struck Stepanakert on Sunday.",
                "2020-10-11",
                AZE_FORCES,
                ARM_FORCES,
                STEPANAKERT,
                [ARM_MOD],
                violation=True,
                ceasefire="c1",
            ),
            E(
                "Denial",
                "The ministry denied that its troops had fired on Tartar.",
                "2020-10-11",
                ARM_MOD,
                None,
                TARTAR,
                [ARM_MOD],
                status="denied",
            ),
        ],
        ceasefire=("The ministry said the truce had not lasted a day.", None),
        url="https://courier.example/drones",
    ),
    A(
        "wire-1",
        "Caspian Wire",
        "2020-10-12",
        "Clashes near Hadrut",
        [
            E(
                "Armed clash",
                "Fighting broke out near Hadrut on Monday morning.",
                "2020-10-12",
                ARM_FORCES,
                AZE_FORCES,
                HADRUT,
            )
        ],
        url="https://wire.example/hadrut",
    ),
    A(
        "south-2",
        "Southern Courier",
        "2020-10-12",
        SCRIPT_TITLE,
        [
            E(
                "Shelling/artillery/missile attack",
                SCRIPT_SENTENCE,
                "2020-10-12",
                AZE_FORCES,
                ARM_FORCES,
                MARTUNI,
                [ARMENIA],
            )
        ],
        lead="Residents sheltered in basements overnight.",
        url="javascript:alert('url')",
    ),
    A(
        "gulf-1",
        "Gulf Monitor",
        "2021-03-01",
        "Protest in Sanaa",
        [
            E(
                "Peaceful protest",
                "Thousands of Houthi supporters marched in Sanaa on Monday.",
                "2021-03-01",
                HOUTHIS,
                None,
                SANAA,
            )
        ],
        url="https://gulf.example/sanaa",
    ),
]


def document(a: A) -> tuple[NewArticle, Document]:
    parts: list[str] = []
    pos = 0

    def put(sentence: str) -> Evidence:
        nonlocal pos
        start = pos
        parts.append(sentence)
        pos += len(sentence) + 1
        return Evidence(text=sentence, start=start, end=start + len(sentence))

    if a.lead:
        put(a.lead)
    ceasefires = []
    if a.ceasefire:
        sentence, effective = a.ceasefire
        ceasefires.append(
            Ceasefire(
                id="c1",
                parties=[ARMENIA, AZERBAIJAN],
                effective=effective,
                announced=a.published if effective else None,
                evidence=put(sentence),
            )
        )
    events = []
    for n, e in enumerate(a.events, start=1):
        events.append(Event(
            id=f"e{n}", primary=n == 1, event_type=SUB_EVENT_TO_TYPE[e.sub],
            sub_event_type=e.sub, date=e.date, date_precision="day", actor1=e.actor1,
            actor2=e.actor2, location=e.where, claimants=e.claimants,
            status=e.status or ("alleged" if e.claimants else "asserted"),
            ceasefire_id=e.ceasefire, violation=e.violation, evidence=put(e.text),
            confidence=0.8,
        ))  # fmt: skip
    text = " ".join(parts)
    aid = content_id(text)
    meta = ArticleMeta(id=aid, url=a.url, title=a.title, outlet=a.outlet, published=a.published,
                       language="en")  # fmt: skip
    new = NewArticle(
        id=aid, text=text, source=f"test:{a.key}", title=a.title, outlet=a.outlet,
        published=__import__("datetime").date.fromisoformat(a.published), language="en",
        urls=(a.url,) if a.url else (),
    )  # fmt: skip
    return new, Document(article=meta, events=events, ceasefires=ceasefires)


def article_ids() -> dict[str, str]:
    """Key ("north-1"...) -> stored article id."""
    return {a.key: document(a)[0].id for a in ARTICLES}


def seed(db_url: str, articles: list[A] | None = None, *, build: bool = True) -> None:
    """Store the corpus, import the truce, and build incidents (unless not `build`), as
    `truceline ingest`, `ceasefires import` and `incidents build` would."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with Session(engine) as session:
            for a in ARTICLES if articles is None else articles:
                new, doc = document(a)
                add_article_with_extraction(session, new, doc)
            save_imports(session, yaml_records(yaml.safe_load(YAML_TEXT), "truce.yaml"),
                         "truce.yaml")  # fmt: skip
            if build:
                docs, texts = load_corpus(session)
                save_build(session, analyse(docs, load_imports(session), texts=texts))
    finally:
        engine.dispose()
