"""Language identification (py3langid): truceline extracts English only.

Other languages are kept in the store with the reason they were not extracted. A
text is called non-English only when the identifier is confident and the text is long
enough to judge: a short English headline full of place names must not be dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MIN_WORDS = 8
MIN_CONFIDENCE = 0.9
SAMPLE_CHARS = 5000


@dataclass(slots=True, frozen=True)
class Language:
    code: str | None  # ISO 639-1, None when too short to tell
    confidence: float

    @property
    def is_english(self) -> bool:
        return self.code in (None, "en") or self.confidence < MIN_CONFIDENCE


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Language:
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return Language(None, 0.0)
    code, confidence = _identifier().classify(sample)
    return Language(str(code), float(confidence))


def skip_reason(language: Language) -> str | None:
    """Why an article in `language` is not extracted (None: it is extracted)."""
    if language.is_english:
        return None
    return f"not English (detected {language.code}): truceline extracts English text only"
