"""truceline's exceptions. Every one derives from `TrucelineError`.

    TrucelineError                 root: catch this to handle anything truceline raises
    ├── InputError                 an input cannot be read (names the input and what was wrong)
    │   ├── EmptyInputError        no text at all
    │   ├── BinaryInputError       bytes that are not text (NUL bytes, image, archive)
    │   ├── EncodingError          not valid UTF-8 (or the declared encoding)
    │   ├── TooLargeError          over the configured size cap
    │   ├── NoArticleError         HTML (or a feed item) with no article text in it
    │   ├── BadRecordError         a JSONL line that is not JSON or lacks `text`/`id`
    │   └── FetchError             a URL that could not be fetched
    │       └── RefusedUrlError    a URL truceline will not fetch (scheme, private address)
    ├── ModelError                 the spaCy pipeline or an event-typing model is missing/broken
    ├── StoreError                 the database cannot be opened, migrated or written
    ├── BusyError                  the server is at its limit of extractions at once (503)
    ├── NotFoundError              an id asked for (article, event, incident...) is not stored
    ├── ReviewError                a review names an unknown event, field or value (422/404)
    └── ConfigError                a setting or a user data file (YAML, CSV) is invalid
        └── BadParameterError      a request parameter (a filter value, an id) is not valid

Expected discards (duplicate article, non-English text, no events) are values in
the results, not exceptions. API errors carry their HTTP status as `status_code` and
a stable machine-readable `code` (the `error` field of the API's JSON errors); one
handler (truceline.api.errors) renders them.
"""

from __future__ import annotations


class TrucelineError(Exception):
    """Root of everything truceline raises on purpose."""

    status_code = 500
    code = "internal_error"


class InputError(TrucelineError):
    """An input (file, line, URL, feed item) cannot be read."""

    status_code = 422
    code = "unreadable_input"

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
    code = "too_large"


class NoArticleError(InputError):
    pass


class BadRecordError(InputError):
    pass


class FetchError(InputError):
    status_code = 502
    code = "fetch_failed"


class RefusedUrlError(FetchError):
    """The client asked for a URL truceline refuses to fetch: the request is at fault (400)."""

    status_code = 400
    code = "refused_url"


class ModelError(TrucelineError):
    code = "model_unavailable"


class StoreError(TrucelineError):
    status_code = 503
    code = "store_unavailable"


class NotFoundError(TrucelineError):
    """Nothing stored under the id asked for (the message names the id and where to look)."""

    status_code = 404
    code = "not_found"


class BusyError(TrucelineError):
    """Too much work at once (the API's extractions): try again in `retry_after` seconds."""

    status_code = 503
    code = "busy"

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class ReviewError(TrucelineError):
    """A review that cannot be recorded: an unknown event (404), a field a reviewer
    cannot correct or a value the contract does not allow (422)."""

    status_code = 422
    code = "invalid_review"

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        if status_code is not None:
            self.status_code = status_code
            if status_code == 404:
                self.code = "not_found"


class ConfigError(TrucelineError):
    status_code = 400
    code = "invalid_config"


class BadParameterError(ConfigError):
    """A request parameter is not valid; the message names it and the accepted form."""

    code = "bad_parameter"
