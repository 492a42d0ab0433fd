import pytest

from truceline.errors import NoArticleError
from truceline.extract.normalise import html_to_text, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the\u00a0ministry", "the ministry"),
        ("\u201cWe deny it,\u201d he said", '"We deny it," he said'),
        ("Armenia\u2019s MoD", "Armenia's MoD"),
        ("2020\u20132021", "2020-2021"),
        ("a\u200bb\tc", "a b c"),
        ("line\r\nnext", "line\n\nnext"),
    ],
)
def test_normalise_text_replaces_characters_one_for_one(raw, expected):
    out = normalise_text(raw)
    assert out == expected
    assert len(out) == len(raw)


def test_normalise_text_keeps_offsets_of_every_character():
    raw = "\u201cShelling\u201d\u00a0near Tegh \u2014 ministry"
    out = normalise_text(raw)
    assert out.index("Tegh") == raw.index("Tegh")


def test_html_to_text_finds_article_body_and_title():
    html = (
        "<html><head><title>Truce broken near the border</title></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Truce broken near the border</h1>"
        "<p>Government forces shelled rebel positions near the town overnight, the army said on "
        "Tuesday, hours after a ceasefire came into force.</p>"
        "<p>Rebel commanders accused the army of breaking the truce and said two fighters were "
        "killed in the shelling.</p></article><footer>Copyright</footer></body></html>"
    )
    page = html_to_text(html, source="page.html")
    assert "shelled rebel positions" in page.text
    assert "Copyright" not in page.text
    assert page.title == "Truce broken near the border"


def test_html_to_text_refuses_page_without_article():
    with pytest.raises(NoArticleError, match=r"menu\.html"):
        html_to_text(
            "<html><body><nav><a href='/'>Home</a></nav></body></html>", source="menu.html"
        )
