"""truceline's exceptions. Every one derives from `TrucelineError`.

    TrucelineError                 root: catch this to handle anything truceline raises
    ├── InputError                 an input cannot be read (names the input and what was wrong)
    │   ├── EmptyInputError        no text at all
    │   ├── BinaryInputError       bytes that are not text (NUL bytes, image, archive)
    │   ├── EncodingError          not valid UTF-8 (or the declared encoding)
    │   ├── TooLargeError          over the configured size cap
    │   ├── NoArticleError         HTML (or a feed item) with no article text in it
    │   ├── BadRecordError         a JSONL line that is not JSON or lacks `text`/`id`
    │   └── FetchError             a URL that could not be fetched or was refused
    ├── ModelError                 the spaCy pipeline or an event-typing model is missing/broken
    ├── StoreError                 the database cannot be opened, migrated or written
    ├── BusyError                  the server is at its limit of extractions at once (503)
    ├── ReviewError                a review names an unknown event, field or value (422/404)
    └── ConfigError                a setting or a user data file (YAML, CSV) is invalid

Expected discards (duplicate article, non-English text, no events) are values in
the results, not exceptions. API errors carry their HTTP status as `status_code`.
"""

from __future__ import annotations


class TrucelineError(Exception):
    """Root of everything truceline raises on purpose."""

    status_code = 500


class InputError(TrucelineError):
    """An input (file, line, URL, feed item) cannot be read."""

    status_code = 422

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLargeError(InputError):
    status_code = 413


class NoArticleError(InputError):
    pass


class BadRecordError(InputError):
    pass


class FetchError(InputError):
    status_code = 502


class ModelError(TrucelineError):
    pass


class StoreError(TrucelineError):
    status_code = 503


class BusyError(TrucelineError):
    """Too much work at once (the API's extractions): try again in `retry_after` seconds."""

    status_code = 503

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class ReviewError(TrucelineError):
    """A review that cannot be recorded: an unknown event (404), a field a reviewer
    cannot correct or a value the contract does not allow (422)."""

    status_code = 422

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        if status_code is not None:
            self.status_code = status_code


class ConfigError(TrucelineError):
    status_code = 400
