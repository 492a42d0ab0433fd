"""Language identification (py3langid): truceline extracts English only.

Files that are no article at all (a readme, a licence, text without one sentence with
a verb) are skipped with the reason (`not_article_reason`): they are not stored.

Other languages are kept in the store with the reason they were not extracted. A
text is called non-English only when the identifier is confident and the text is long
enough to judge: a short English headline full of place names must not be dropped.
"""

from __future__ import annotations

import re
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


def load_identifier() -> None:
    """Load the identifier's model now (once per process; it takes about half a second),
    so that no article's reading time pays for it."""
    _identifier()


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


# -- article detection ---------------------------------------------------------------
# Files that are no news article: a readme, a licence, notes beside a corpus. Rules are
# data with ids; each carries the examples its test runs (tests/ingest/test_language.py).
@dataclass(slots=True, frozen=True)
class NotArticleRule:
    id: str
    reason: str
    pattern: re.Pattern[str]
    on: str  # "name" (the file name before its first dot) or "text"
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()


NOT_ARTICLE_RULES: tuple[NotArticleRule, ...] = (
    NotArticleRule(
        "readme-name",
        "a readme, licence or notes file (by its name)",
        re.compile(
            r"^(?:readme[\w-]*|read_me|licen[cs]e|copying|notice|changelog|changes|authors|"
            r"contributing|manifest|sources?|citation|credits)$",
            re.I,
        ),
        "name",
        ("SOURCE.txt", "README.md", "LICENSE", "licence.txt", "README-data.txt"),
        ("d001.txt", "sources-of-conflict-report.html", "resource.txt"),
    ),
    NotArticleRule(
        "licence-text",
        "a licence text",
        re.compile(
            r"permission is hereby granted, free of charge|gnu (?:lesser |affero )?general "
            r"public license|licensed under the apache license|creative commons "
            r"(?:attribution|legal code)|this (?:software|work) is provided [\"']?as is",
            re.I,
        ),
        "text",
        ("Permission is hereby granted, free of charge, to any person obtaining a copy.",),
        ("The rebels said they were granted permission to leave the town.",),
    ),
)

# A sentence with a verb: at least four words, one of them a common verb form or a
# word with a verb ending. A list of links, a table or a bare headline has none.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|may|"
    r"might|must|shall|should|said|says|say|told|killed|fired|hit|struck|left|began|"
    r"[a-z]{2,}(?:ed|ing|es))\b"
)


def not_article_name(name: str) -> str | None:
    """Why a file called `name` is no article (a readme, a licence), or None."""
    return _first_rule("name", name.split(".")[0])


def not_article_reason(text: str, name: str | None = None, english: bool = True) -> str | None:
    """Why `text` (from a file called `name`) is no article, or None when it may be one.

    The verb test reads English only: a text in another language is kept (with the
    reason it is not extracted, see `skip_reason`).
    """
    reason = not_article_name(name) if name else None
    reason = reason or _first_rule("text", text[:SAMPLE_CHARS])
    if reason is None and english and not has_sentence_with_verb(text):
        reason = "not an article: no sentence with a verb [no-verb]"
    return reason


def _first_rule(on: str, target: str) -> str | None:
    for rule in NOT_ARTICLE_RULES:
        if rule.on == on and target and rule.pattern.search(target):
            return f"not an article: {rule.reason} [{rule.id}]"
    return None


def has_sentence_with_verb(text: str) -> bool:
    for m in _SENTENCE.finditer(text[: SAMPLE_CHARS * 4]):
        sentence = m.group(0)
        if len(sentence.split()) >= 4 and _VERBISH.search(sentence):
            return True
    return False
