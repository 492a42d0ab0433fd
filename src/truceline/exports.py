"""Exports of incidents: ACLED-style CSV, GeoJSON, Parquet.

One row per incident (default) or per event mention (`unit="event"`).

ACLED CSV: ACLED's column names and order, `event_date` as ACLED writes it
("20 March 2023"), event types in ACLED's view (truceline's Ceasefire is an
`Agreement`, Accusation/Denial/Sanctions/Displacement are `Other`), `inter1`/`inter2`
as ACLED's numeric actor codes (1 state forces ... 8 external forces, empty when the
kind has none) and `interaction` as the two codes, lower first (`10` for one actor),
`iso` the ISO 3166 numeric code, `region` ACLED's region, `geo_precision` 1 (exact),
2 (near, part of a region) or 3 (region, country), `time_precision` 1 (day), 2 (week),
3 (month or coarser), `fatalities` 0 when no report gives a number (ACLED's
convention). Actors as ACLED codes them on the event's date (the Houthis' forces as Yemen's
state forces from 2015, the Taliban's as Afghanistan's from 15 August 2021:
`actor_conventions.acled_actor`). `event_id_cnty` is the ISO3 code followed by the incident id.
truceline's own findings (status, accusing sides, ceasefire, violation, incident id)
go in `tags`, separated by "; ", with `verified=K/N` (K of the incident's N events
verified or corrected by an analyst); `notes` is the evidence sentence of the first report.

GeoJSON (RFC 7946): a FeatureCollection of Point features, one per incident ([longitude, latitude]);
incidents without coordinates have a null geometry.

Parquet: the ACLED columns with their types, plus truceline's columns
(`incident_id`, `status`, `accusing_sides`, `n_outlets`, `n_sides`, `ceasefire_id`,
`violation`, `outlets`, `mentions` as JSON, `n_events`, `n_verified`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pycountry

from truceline.countries import country_name as common_country_name
from truceline.extract.actor_conventions import acled_actor
from truceline.incidents.model import Incident, IncidentMention
from truceline.incidents.sides import side_label
from truceline.schemas import ACLED_VIEW, Actor, Location

Unit = Literal["incident", "event"]
Format = Literal["acled-csv", "geojson", "parquet"]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
TRUCELINE_COLUMNS: tuple[str, ...] = (
    "incident_id", "status", "accusing_sides", "n_outlets", "n_sides", "ceasefire_id",
    "violation", "outlets", "mentions", "n_events", "n_verified",
)  # fmt: skip

INTER_CODES = {
    "state_forces": 1, "government": 1, "rebels": 2, "political_militia": 3,
    "identity_militia": 4, "rioters": 5, "protesters": 6, "civilians": 7,
    "external_forces": 8,
}  # fmt: skip
GEO_PRECISION = {"exact": 1, "near": 2, "region": 3, "country": 3}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

_REGIONS: dict[str, str] = {
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN",
    "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD TZA "
    "UGA ZMB ZWE",
    "Southern Africa": "BWA SWZ LSO NAM ZAF",
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "East Asia": "CHN HKG JPN MAC MNG PRK KOR TWN",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "Europe": "ALB AND AUT BLR BEL BIH BGR HRV CYP CZE DNK EST FRO FIN FRA DEU GIB GRC GGY "
    "HUN ISL IRL IMN ITA JEY XKX LVA LIE LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU "
    "RUS SMR SRB SVK SVN ESP SWE CHE UKR GBR VAT ALA",
    "Central America": "BLZ CRI SLV GTM HND MEX NIC PAN",
    "Caribbean": "AIA ATG ABW BHS BRB VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI "
    "BLM KNA LCA MAF VCT SXM TTO TCA VIR BES",
    "South America": "ARG BOL BRA CHL COL ECU FLK GUF GUY PRY PER SUR URY VEN",
    "North America": "CAN USA BMU GRL SPM",
    "Oceania": "AUS NZL PNG FJI SLB VUT NCL PYF WSM TON KIR TUV NRU FSM MHL PLW ASM GUM "
    "MNP COK NIU TKL WLF NFK PCN",
}
REGION_OF: dict[str, str] = {iso: r for r, codes in _REGIONS.items() for iso in codes.split()}
# ACLED's own spellings where they differ from truceline's common short names
# (`countries.country_name`, used for every other country): part of ACLED's format.
COUNTRY_NAMES = {
    "COD": "Democratic Republic of Congo", "COG": "Republic of Congo", "PSE": "Palestine",
    "RUS": "Russia", "CIV": "Ivory Coast", "CZE": "Czech Republic", "TUR": "Turkey",
    "MKD": "North Macedonia", "SWZ": "eSwatini", "CPV": "Cape Verde", "BRN": "Brunei",
    "FSM": "Micronesia", "XKX": "Kosovo", "GMB": "Gambia", "BHS": "Bahamas",
}  # fmt: skip


def country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    if iso3 in COUNTRY_NAMES:
        return COUNTRY_NAMES[iso3]
    return common_country_name(iso3) or iso3


def iso_numeric(iso3: str | None) -> int | None:
    c = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return int(c.numeric) if c else None


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event type."""
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "Political violence"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub_event_type == "Mob violence":
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments"


def acled_date(iso: str | None) -> str:
    """'2023-03-20' -> '20 March 2023' (ACLED's format, no leading zero issue: %d)."""
    return dt.date.fromisoformat(iso[:10]).strftime("%d %B %Y") if iso else ""


def _inter(actor: Actor | None) -> int | None:
    return INTER_CODES.get(actor.kind) if actor else None


def _interaction(a: int | None, b: int | None) -> int | None:
    if a is None and b is None:
        return None
    codes = sorted(c for c in (a, b) if c is not None)
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _row(
    *,
    row_id: str,
    event_type: str,
    sub_event_type: str,
    date: str | None,
    date_precision: str | None,
    actor1: Actor | None,
    actor2: Actor | None,
    location: Location | None,
    sources: Sequence[str],
    notes: str,
    fatalities: int | None,
    tags: Sequence[str],
    timestamp: int,
) -> dict[str, Any]:
    # ACLED's own coding of the actors on the event's date (the Houthis' forces as Yemen's
    # state forces since 2015...: `data/acled_actor_conventions.yaml`)
    actor1, actor2 = acled_actor(actor1, date), acled_actor(actor2, date)
    iso3 = location.country if location else None
    iso3 = iso3 or (actor1.country if actor1 else None)
    i1, i2 = _inter(actor1), _inter(actor2)
    acled_sub = ACLED_VIEW.get(sub_event_type, sub_event_type)
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{row_id}",
        "event_date": acled_date(date),
        "year": int(date[:4]) if date else None,
        "time_precision": TIME_PRECISION.get(date_precision or "day", 1),
        "disorder_type": disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": acled_sub,
        "actor1": actor1.name if actor1 else "",
        "assoc_actor_1": "",
        "inter1": i1,
        "actor2": actor2.name if actor2 else "",
        "assoc_actor_2": "",
        "inter2": i2,
        "interaction": _interaction(i1, i2),
        "civilian_targeting": "Civilian targeting"
        if actor2 is not None and actor2.kind == "civilians"
        else "",
        "iso": iso_numeric(iso3),
        "region": REGION_OF.get(iso3 or "", ""),
        "country": country_name(iso3),
        "admin1": (location.admin1 or "") if location else "",
        "admin2": "",
        "admin3": "",
        "location": location.name if location else "",
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "geo_precision": GEO_PRECISION.get(location.precision or "", 2) if location else None,
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": notes,
        "fatalities": fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": timestamp,
    }


def _first_act(inc: Incident) -> IncidentMention:
    return next((m for m in inc.mentions if m.role == "act"), inc.mentions[0])


def _incident_tags(inc: Incident) -> list[str]:
    tags = [f"truceline incident={inc.id}", f"status={inc.status}"]
    if inc.accusing_sides:
        tags.append("alleged by=" + ", ".join(side_label(s) for s in inc.accusing_sides))
    if inc.ceasefire_id:
        tags.append(f"ceasefire={inc.ceasefire_id}")
        if inc.violation:
            tags.append("alleged violation")
    tags.append(f"verified={_verified(inc)}/{len(inc.mentions)}")
    return tags


def _verified(inc: Incident) -> int:
    """Events of the incident an analyst verified or corrected."""
    return sum(1 for m in inc.mentions if m.review is not None)


def _extras(inc: Incident) -> dict[str, Any]:
    return {
        "incident_id": inc.id,
        "status": inc.status,
        "accusing_sides": list(inc.accusing_sides),
        "n_outlets": inc.n_outlets,
        "n_sides": inc.n_sides,
        "ceasefire_id": inc.ceasefire_id,
        "violation": inc.violation,
        "outlets": list(inc.outlets),
        "mentions": json.dumps([m.model_dump(mode="json") for m in inc.mentions],
                               ensure_ascii=False),
        "n_events": len(inc.mentions),
        "n_verified": _verified(inc),
    }  # fmt: skip


def rows(
    incidents: Sequence[Incident],
    unit: Unit = "incident",
    now: dt.datetime | None = None,
    extras: bool = False,
) -> list[dict[str, Any]]:
    """ACLED rows (and truceline's columns when `extras`), one per incident or event."""
    stamp = int((now or dt.datetime.now(dt.UTC)).timestamp())
    out: list[dict[str, Any]] = []
    for inc in incidents:
        if unit == "incident":
            first = _first_act(inc)
            row = _row(
                row_id=inc.id[1:].upper(), event_type=inc.event_type,
                sub_event_type=inc.sub_event_type, date=inc.date,
                date_precision=None, actor1=inc.actor1, actor2=inc.actor2,
                location=inc.location, sources=inc.outlets, notes=first.evidence.text,
                fatalities=inc.fatalities, tags=_incident_tags(inc), timestamp=stamp,
            )  # fmt: skip
            out.append({**row, **_extras(inc)} if extras else row)
            continue
        for m in inc.mentions:
            key = hashlib.sha1(f"{m.article_id}#{m.event_id}".encode()).hexdigest()[:10]
            row = _row(
                row_id=key.upper(),
                event_type=inc.event_type if m.role == "act" else "Strategic developments",
                sub_event_type=_sub_event_type_of(m, inc),
                date=m.date or inc.date, date_precision=None, actor1=inc.actor1,
                actor2=inc.actor2, location=m.location or inc.location,
                sources=[m.outlet], notes=m.evidence.text, fatalities=m.fatalities,
                tags=[*_incident_tags(inc), f"article={m.article_id}", f"event={m.event_id}",
                      f"role={m.role}", f"event status={m.status}",
                      f"review={m.review or 'unreviewed'}"],
                timestamp=stamp,
            )  # fmt: skip
            out.append({**row, **_extras(inc)} if extras else row)
    return out


def _sub_event_type_of(m: IncidentMention, inc: Incident) -> str:
    if m.role == "accusation":
        return "Accusation"
    if m.role == "denial":
        return "Denial"
    return inc.sub_event_type


def write_acled_csv(
    incidents: Sequence[Incident],
    path: Path,
    unit: Unit = "incident",
    now: dt.datetime | None = None,
) -> int:
    """Write ACLED's columns; returns the number of rows."""
    data = rows(incidents, unit, now)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ACLED_COLUMNS)
        w.writeheader()
        for r in data:
            w.writerow({k: "" if v is None else v for k, v in r.items()})
    return len(data)


def geojson_collection(incidents: Sequence[Incident]) -> dict[str, Any]:
    features = []
    for inc in incidents:
        loc = inc.location
        geometry = None
        if loc is not None and loc.latitude is not None and loc.longitude is not None:
            geometry = {"type": "Point", "coordinates": [loc.longitude, loc.latitude]}
        features.append({
            "type": "Feature",
            "id": inc.id,
            "geometry": geometry,
            "properties": {
                "date": inc.date, "date_end": inc.date_end, "kind": inc.kind,
                "event_type": inc.event_type, "sub_event_type": inc.sub_event_type,
                "actor1": inc.actor1.name if inc.actor1 else None,
                "actor2": inc.actor2.name if inc.actor2 else None,
                "location": loc.name if loc else None,
                "country": loc.country if loc else None,
                "geo_precision": loc.precision if loc else None,
                "fatalities": inc.fatalities, "status": inc.status,
                "accusing_sides": inc.accusing_sides, "n_outlets": inc.n_outlets,
                "n_sides": inc.n_sides, "outlets": inc.outlets,
                "ceasefire_id": inc.ceasefire_id, "violation": inc.violation,
                "evidence": _first_act(inc).evidence.text,
                "n_events": len(inc.mentions), "n_verified": _verified(inc),
            },
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def write_geojson(incidents: Sequence[Incident], path: Path) -> int:
    data = geojson_collection(incidents)
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(data["features"])


def parquet_schema():  # type: ignore[no-untyped-def]
    import pyarrow as pa

    text, i32, f64 = pa.string(), pa.int32(), pa.float64()
    types = {
        "year": i32, "time_precision": i32, "inter1": i32, "inter2": i32,
        "interaction": i32, "iso": i32, "latitude": f64, "longitude": f64,
        "geo_precision": i32, "fatalities": i32, "timestamp": pa.int64(),
        "accusing_sides": pa.list_(text), "n_outlets": i32, "n_sides": i32,
        "violation": pa.bool_(), "outlets": pa.list_(text), "n_events": i32,
        "n_verified": i32,
    }  # fmt: skip
    return pa.schema([(c, types.get(c, text)) for c in (*ACLED_COLUMNS, *TRUCELINE_COLUMNS)])


def write_parquet(
    incidents: Sequence[Incident],
    path: Path,
    unit: Unit = "incident",
    now: dt.datetime | None = None,
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = rows(incidents, unit, now, extras=True)
    table = pa.Table.from_pylist(data, schema=parquet_schema())
    pq.write_table(table, path)
    return table.num_rows


def export(incidents: Sequence[Incident], fmt: Format, path: Path, unit: Unit = "incident") -> int:
    """Write `incidents` to `path` in `fmt`; returns the number of rows/features."""
    if fmt == "acled-csv":
        return write_acled_csv(incidents, path, unit)
    if fmt == "geojson":
        return write_geojson(incidents, path)
    if fmt == "parquet":
        return write_parquet(incidents, path, unit)
    raise ValueError(f"unknown export format {fmt!r}: use acled-csv, geojson or parquet")
