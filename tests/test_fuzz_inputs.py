"""Fuzzing the readers: any bytes give an article or an InputError naming the input."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truceline.errors import InputError
from truceline.extract.jsonl import parse_line
from truceline.inputs import article_from_bytes


def outcome(fn, *args, **kwargs):
    """(result, None) or (None, the InputError's message); any other exception propagates."""
    try:
        return fn(*args, **kwargs), None
    except InputError as exc:
        return None, str(exc)


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_give_an_article_or_a_named_input_error(data):
    art, error = outcome(article_from_bytes, data, "fuzz.txt", html=False)
    if error is not None:
        assert error.startswith("fuzz.txt: ")
    else:
        assert art.text.strip()


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_as_html_give_an_article_or_a_named_input_error(data):
    art, error = outcome(article_from_bytes, b"<html><body>" + data, "fuzz.html", html=True)
    if error is not None:
        assert error.startswith("fuzz.html: ")
    else:
        assert art.text.strip()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=500),
        st.dictionaries(
            st.sampled_from(["id", "text", "published", "title", "url", "x"]),
            json_values,
            max_size=5,
        ).map(lambda d: __import__("json").dumps(d).encode()),
    )
)
def test_any_jsonl_line_gives_an_article_or_a_named_record_error(raw):
    art, error = outcome(parse_line, raw, "in.jsonl:7")
    if error is not None:
        assert error.startswith("in.jsonl:7: ")
    else:
        assert art.text.strip()
        assert isinstance(art.id, str)
