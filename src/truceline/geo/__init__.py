"""Places: the gazetteer (GeoNames cities500 + curated regions) and locations in text."""

from truceline.geo.gazetteer import Gazetteer, Place, get_gazetteer
from truceline.geo.locations import PlaceMention, find_places, location_of_country, resolve_location

__all__ = [
    "Gazetteer",
    "Place",
    "PlaceMention",
    "find_places",
    "get_gazetteer",
    "location_of_country",
    "resolve_location",
]
