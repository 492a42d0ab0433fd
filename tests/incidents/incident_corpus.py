"""A small corpus written for these tests: builders and the two-ceasefire scenario.

Scenario (all sentences written here):

- Ceasefire 1, India-Pakistan, found in articles: agreed and effective from midnight
  on 25 February 2021 ("valley-1"); "valley-2" mentions it again without dates.
- Poonch, 27 Feb: the Indian Army says Pakistani troops shelled its posts and accuses
  Pakistan ("valley-2"); the next day Pakistan's military denies it ("courier-2").
- Kotli, 27 Feb: Pakistan's military says Indian shelling killed a villager and
  accuses India ("courier-1"): mutual accusations, each on a different place.
- Uri, 28 Feb: a wire story of a clash, published by "Global Wire" and republished
  word for word a day later by "Daily Reprint".
- Nowshera, 1 Mar: "Frontier Post" reports shelling in its own voice, "Mountain News"
  quotes UN military observers (UNMOGIP) on it; Frontier Post also warns of more
  shelling (hypothetical: not an incident).
- Poonch, 20 Feb: shelling before the ceasefire ("valley-1").
- Ceasefire 2, Yemen, from the user's YAML: effective 2 April 2022 19:00. Marib,
  3 Apr: the army says the Houthis attacked; the Houthis say the army attacked and
  accuse the government ("aden-1", "sanaa-1").
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


def actor(name: str, country: str | None = None, kind: str = "unknown") -> Actor:
    return Actor(name=name, country=country, kind=kind)  # type: ignore[arg-type]


def place(
    name: str,
    country: str | None,
    lat: float | None = None,
    lon: float | None = None,
    precision: str = "exact",
    admin1: str | None = None,
) -> Location:
    return Location(
        name=name, country=country, latitude=lat, longitude=lon, precision=precision, admin1=admin1
    )  # type: ignore[arg-type]


@dataclass
class E:
    """An event to put in an article: `text` is its sentence."""

    sub: str
    text: str
    date: str | None = None
    a1: Actor | None = None
    a2: Actor | None = None
    where: Location | None = None
    claimants: list[Actor] = field(default_factory=list)
    status: str | None = None
    reporters: list[str] = field(default_factory=list)
    cf: str | None = None
    violation: bool | None = None
    fatalities: int | None = None
    same_sentence: bool = False  # told in the sentence of the event before (`text` ignored)


@dataclass
class C:
    """A ceasefire to put in an article."""

    id: str
    text: str
    parties: list[Actor]
    name: str | None = None
    announced: str | None = None
    effective: str | None = None
    ended: str | None = None
    scope: str | None = None


def article(
    aid: str,
    outlet: str | None,
    published: str | None,
    events: list[E],
    ceasefires: list[C] = (),
    url: str | None = None,  # type: ignore[assignment]
    title: str | None = None,
) -> tuple[Document, str]:
    """A contract document and its text: the sentences, evidence offsets into it."""
    parts: list[str] = []
    pos = 0

    def put(sentence: str) -> Evidence:
        nonlocal pos
        start = pos
        parts.append(sentence)
        pos += len(sentence) + 1
        return Evidence(text=sentence, start=start, end=start + len(sentence))

    cfs = [
        Ceasefire(
            id=c.id,
            name=c.name,
            parties=c.parties,
            announced=c.announced,
            effective=c.effective,
            ended=c.ended,
            scope=c.scope,
            evidence=put(c.text),
        )
        for c in ceasefires
    ]
    evs: list[Event] = []
    for n, e in enumerate(events, start=1):
        status = e.status or ("alleged" if e.claimants else "asserted")
        evs.append(
            Event(
                id=f"e{n}",
                primary=n == 1,
                event_type=SUB_EVENT_TO_TYPE[e.sub],
                sub_event_type=e.sub,
                date=e.date,
                date_precision="day" if e.date else None,
                actor1=e.a1,
                actor2=e.a2,
                location=e.where,
                fatalities=e.fatalities,
                claimants=e.claimants,
                reporters=e.reporters,
                status=status,
                ceasefire_id=e.cf,
                violation=e.violation,
                evidence=evs[-1].evidence if e.same_sentence and evs else put(e.text),
                confidence=0.8,
            )
        )
    meta = ArticleMeta(id=aid, outlet=outlet, published=published, url=url, title=title)
    return Document(article=meta, events=evs, ceasefires=cfs), " ".join(parts)


# -- the scenario --------------------------------------------------------------
INDIA = actor("India", "IND", "government")
PAKISTAN = actor("Pakistan", "PAK", "government")
INDIAN_ARMY = actor("Indian Army", "IND", "state_forces")
PAK_ARMY = actor("Pakistani troops", "PAK", "state_forces")
ISPR = actor("Inter-Services Public Relations", "PAK", "state_forces")
UNMOGIP = actor("UN Military Observer Group in India and Pakistan (UNMOGIP)", None, "igo")
VILLAGERS = actor("villagers", "PAK", "civilians")
HOUTHIS = actor("Houthi forces", "YEM", "rebels")
HOUTHI_SPOKESMAN = actor("Houthi military spokesman", "YEM", "rebels")
YEMENI_ARMY = actor("Yemeni army", "YEM", "state_forces")
YEMENI_GOVERNMENT = actor("Yemeni government", "YEM", "government")

POONCH = place("Poonch", "IND", 33.77, 74.09, admin1="Jammu and Kashmir")
KOTLI = place("Kotli", "PAK", 33.52, 73.90, admin1="Azad Kashmir")
URI = place("Uri", "IND", 34.08, 74.05, admin1="Jammu and Kashmir")
NOWSHERA = place("Nowshera", "IND", 33.15, 74.23, admin1="Jammu and Kashmir")
MARIB = place("Marib", "YEM", 15.46, 45.32, admin1="Marib")
MARIB_CITY = place("Marib city", "YEM", 15.47, 45.33, admin1="Marib")

WIRE_TEXT = (
    "Troops of India and Pakistan exchanged small-arms fire near Uri on Sunday, two soldiers "
    "were killed in the clash along the Line of Control, officials at the border said later."
)

YAML_TEXT = """\
ceasefires:
  - id: yemen-truce-2022
    name: Nationwide truce in Yemen
    parties:
      - {name: Yemeni government, country: YEM, kind: government}
      - {name: Houthis, country: YEM, kind: rebels}
    mediators:
      - {name: United Nations, kind: igo}
    announced: 2022-04-01
    effective: 2022-04-02T19:00
    ended: 2022-10-02
    scope: nationwide
    area: {countries: [YEM]}
"""


def scenario() -> list[tuple[Document, str]]:
    cf_india = C(
        "c1",
        "India and Pakistan agreed to observe the ceasefire from midnight on Thursday.",
        [INDIA, PAKISTAN],
        name="India-Pakistan ceasefire understanding",
        announced="2021-02-25",
        effective="2021-02-25T00:00",
        scope="Line of Control",
    )
    docs = [
        article(
            "valley-1",
            "Valley Times",
            "2021-02-25",
            [
                E(
                    "Ceasefire",
                    "The two armies said the truce would hold along the frontier.",
                    "2021-02-25",
                    INDIA,
                    PAKISTAN,
                    cf="c1",
                    violation=False,
                ),
                E(
                    "Shelling/artillery/missile attack",
                    "Last Saturday Pakistani troops shelled posts in Poonch.",
                    "2021-02-20",
                    PAK_ARMY,
                    INDIAN_ARMY,
                    POONCH,
                ),
            ],
            [cf_india],
            url="https://valleytimes.example/1",
        ),
        article(
            "valley-2",
            "Valley Times",
            "2021-02-27",
            [
                E(
                    "Shelling/artillery/missile attack",
                    "The Indian Army said Pakistani troops shelled its forward posts in Poonch.",
                    "2021-02-27",
                    PAK_ARMY,
                    INDIAN_ARMY,
                    POONCH,
                    [INDIAN_ARMY],
                    cf="c1",
                    violation=True,
                ),
                E(
                    "Accusation",
                    "The army accused Pakistan of breaking the ceasefire.",
                    "2021-02-27",
                    INDIAN_ARMY,
                    PAK_ARMY,
                    None,
                    [INDIAN_ARMY],
                    status="asserted",
                    cf="c1",
                    violation=True,
                ),
            ],
            [C("c1", "It was the first breach of the ceasefire.", [INDIA, PAKISTAN])],
        ),
        article(
            "courier-1",
            "Karachi Courier",
            "2021-02-27",
            [
                E(
                    "Shelling/artillery/missile attack",
                    "The military's media wing said Indian shelling killed a villager in Kotli.",
                    "2021-02-27",
                    INDIAN_ARMY,
                    VILLAGERS,
                    KOTLI,
                    [ISPR],
                    fatalities=1,
                ),
                E(
                    "Accusation",
                    "It accused India of violating the truce.",
                    "2021-02-27",
                    ISPR,
                    INDIAN_ARMY,
                    None,
                    [ISPR],
                    status="asserted",
                ),
            ],
        ),
        article(
            "courier-2",
            "Karachi Courier",
            "2021-02-28",
            [
                E(
                    "Denial",
                    "The military denied that its troops had fired on Indian posts.",
                    "2021-02-28",
                    ISPR,
                    INDIAN_ARMY,
                    None,
                    [ISPR],
                    status="asserted",
                ),
            ],
        ),
        article(
            "wire-1",
            "Global Wire",
            "2021-02-28",
            [
                E("Armed clash", WIRE_TEXT, "2021-02-28", PAK_ARMY, INDIAN_ARMY, URI, fatalities=2),
            ],
        ),
        article(
            "reprint-1",
            "Daily Reprint",
            "2021-03-01",
            [
                E("Armed clash", WIRE_TEXT, "2021-02-28", PAK_ARMY, INDIAN_ARMY, URI, fatalities=2),
            ],
        ),
        article(
            "frontier-1",
            "Frontier Post",
            "2021-03-01",
            [
                E(
                    "Shelling/artillery/missile attack",
                    "Shells fired from across the line landed near Nowshera on Monday morning.",
                    "2021-03-01",
                    PAK_ARMY,
                    None,
                    NOWSHERA,
                ),
                E(
                    "Shelling/artillery/missile attack",
                    "Residents fear the shelling could resume within days.",
                    "2021-03-03",
                    None,
                    None,
                    NOWSHERA,
                    status="hypothetical",
                ),
            ],
        ),
        article(
            "mountain-1",
            "Mountain News",
            "2021-03-01",
            [
                E(
                    "Shelling/artillery/missile attack",
                    "UN military observers confirmed that artillery rounds hit Nowshera.",
                    "2021-03-01",
                    PAK_ARMY,
                    None,
                    NOWSHERA,
                    [UNMOGIP],
                ),
            ],
        ),
        article(
            "aden-1",
            "Aden Daily",
            "2022-04-03",
            [
                E(
                    "Armed clash",
                    "The army said Houthi forces attacked its positions near Marib.",
                    "2022-04-03",
                    HOUTHIS,
                    YEMENI_ARMY,
                    MARIB,
                    [YEMENI_ARMY],
                ),
            ],
        ),
        article(
            "sanaa-1",
            "Sanaa Voice",
            "2022-04-03",
            [
                E(
                    "Armed clash",
                    "A Houthi spokesman said army units attacked near Marib city.",
                    "2022-04-03",
                    YEMENI_ARMY,
                    HOUTHIS,
                    MARIB_CITY,
                    [HOUTHI_SPOKESMAN],
                ),
                E(
                    "Accusation",
                    "He accused the government of violating the truce.",
                    "2022-04-03",
                    HOUTHI_SPOKESMAN,
                    YEMENI_GOVERNMENT,
                    None,
                    [HOUTHI_SPOKESMAN],
                    status="asserted",
                ),
            ],
        ),
    ]
    return docs
