"""truceline: ceasefire monitoring from news."""

from truceline.errors import TrucelineError
from truceline.schemas import (
    Actor,
    ArticleInput,
    Ceasefire,
    Document,
    Event,
    Evidence,
    Location,
    Quote,
)
from truceline.version import EXTRACTOR_VERSION, __version__

__all__ = [
    "EXTRACTOR_VERSION",
    "Actor",
    "ArticleInput",
    "Ceasefire",
    "Document",
    "Event",
    "Evidence",
    "Location",
    "Quote",
    "TrucelineError",
    "__version__",
]
