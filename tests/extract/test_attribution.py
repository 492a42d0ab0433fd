"""Attribution: claimants, reporters and status of invented event sentences."""

from __future__ import annotations

import pytest

from truceline.countries import countries_in_text
from truceline.extract.attribution import Attribution, attribute, find_reporters
from truceline.extract.context import ArticleContext, ParsedSentence
from truceline.extract.normalise import normalise_text
from truceline.extract.sentences import split_sentences
from truceline.schemas import ArticleInput


@pytest.fixture(scope="module")
def attributed(nlp):
    """attributed(text, word, outlet=None, sentence=None, sub=None) -> Attribution.

    The article `text` is parsed whole; the trigger is the first token spelled `word`
    in sentence `sentence` (default: the first sentence holding it).
    """

    def _run(
        text: str,
        word: str,
        *,
        outlet: str | None = None,
        sentence: int | None = None,
        sub: str | None = None,
    ) -> Attribution:
        norm = normalise_text(text)
        ctx = ArticleContext(
            article=ArticleInput(id="t", text=text, outlet=outlet),
            text=norm,
            sentences=split_sentences(norm),
        )
        for s in ctx.sentences:
            ctx.parsed[s.index] = ParsedSentence(s, nlp(s.text))
        ctx.countries = countries_in_text(norm)
        for idx, ps in sorted(ctx.parsed.items()):
            if sentence is not None and idx != sentence:
                continue
            tok = next((t for t in ps.doc if t.text == word), None)
            if tok is not None:
                return attribute(ctx, idx, tok, sub_event_type=sub)
        raise AssertionError(f"no token {word!r} in {text!r}")

    return _run


def sides(att: Attribution) -> set[tuple[str | None, str]]:
    return {(a.country, a.group()) for a in att.claimants}


@pytest.mark.parametrize(
    ("text", "word", "claimants"),
    [
        (
            "Armenian forces shelled the village overnight, the Azerbaijani defence ministry said.",
            "shelled",
            {("AZE", "state")},
        ),
        (
            "According to the Syrian Observatory for Human Rights, government warplanes "
            "bombed the market.",
            "bombed",
            {("SYR", "ngo")},
        ),
        (
            "The Ukrainian army accused separatist fighters of shelling a school near Donetsk.",
            "shelling",
            {("UKR", "state")},
        ),
        (
            "A spokesman for the Israeli army said militants fired rockets at Sderot.",
            "fired",
            {("ISR", "state")},
        ),
        (
            "Two policemen were killed in the ambush, Colombia's national police said in a "
            "statement on Sunday.",
            "killed",
            {("COL", "state")},
        ),
        (
            "Two soldiers were killed in the ambush, according to a statement from the "
            "Malian army.",
            "killed",
            {("MLI", "state")},
        ),
        (
            "Ukraine's military said Russian forces launched 45 drones, 40 of which were "
            "shot down.",
            "shot",
            {("UKR", "state")},
        ),
    ],
)
def test_speaker_of_a_reported_event_is_its_claimant(attributed, text, word, claimants):
    att = attributed(text, word)
    assert sides(att) == claimants
    assert att.status == "alleged"


@pytest.mark.parametrize(
    "text",
    [
        "Rebels stormed the army base at dawn and killed three soldiers.",
        "Two Georgian soldiers died when their post came under fire on Monday.",
    ],
)
def test_event_in_the_texts_own_voice_is_asserted_without_claimants(attributed, text):
    word = text.split()[1]
    att = attributed(text, word)
    assert att.claimants == ()
    assert att.status == "asserted"


@pytest.mark.parametrize(
    ("text", "word", "claimant"),
    [
        ("The Ukrainian army accused separatist fighters of shelling a school.", "accused",
         ("UKR", "state")),
        ("Hamas denied firing the rockets at Ashkelon.", "denied", ("PSE", "armed")),
        ("The Sudanese army blamed the Rapid Support Forces for the attack.", "blamed",
         ("SDN", "state")),
    ],
)  # fmt: skip
def test_speech_act_is_asserted_and_claimed_by_its_speaker(attributed, text, word, claimant):
    att = attributed(text, word)
    assert att.status == "asserted"
    assert claimant in sides(att)


def test_accusation_event_read_from_a_said_clause_is_claimed_by_the_speaker(attributed):
    text = "The Ethiopian military said Tigrayan forces had violated the truce near Kobo."
    att = attributed(text, "violated", sub="Accusation")
    assert att.status == "asserted"
    assert sides(att) == {("ETH", "state")}


def test_what_a_side_denies_is_denied(attributed):
    att = attributed("Hamas denied firing the rockets at Ashkelon.", "firing")
    assert att.status == "denied"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (
            "The army rejected the report and accused the rebels of shelling two villages.",
            "shelling",
        ),
        (
            "Kyiv denied the claim, calling it propaganda, and accused Russian troops of "
            "striking a school in the city on Friday.",
            "striking",
        ),
    ],
)
def test_an_act_told_in_an_accusation_beside_a_denial_is_alleged_not_denied(attributed, text, word):
    # what the speaker denies is the claim; the act it accuses the other side of, in the
    # conjoined clause, is alleged by it
    att = attributed(text, word)
    assert att.status == "alleged"
    assert att.claimants


def test_reports_called_false_make_the_event_denied(attributed):
    text = "The ministry said reports of shelling in the village were baseless."
    assert attributed(text, "shelling").status == "denied"


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("Israel could launch new strikes on Gaza next week.", "strikes", "hypothetical"),
        ("Hezbollah threatened to attack Israeli positions along the border.", "attack",
         "hypothetical"),
        ("If the talks fail, the militia will resume attacks on the capital.", "resume",
         "hypothetical"),
        ("Officials warned that the rebels may attack the town.", "attack", "hypothetical"),
        ("The army plans to launch an offensive against the rebels in the north.", "offensive",
         "planned"),
        ("Rebels reportedly shelled the airport on Sunday.", "shelled", "alleged"),
        ("There were reports of heavy fighting near the town of Kobo.", "fighting", "alleged"),
        ("Troops launched an alleged attack on the camp.", "attack", "alleged"),
        ("Rebels are believed to have attacked the convoy near Goma.", "attacked", "alleged"),
        ("Heavy fighting was reported on the outskirts of Khartoum.", "fighting", "alleged"),
        ("The truce collapsed when gunmen attacked a police post in Kidal.", "attacked",
         "asserted"),
    ],
)  # fmt: skip
def test_status_follows_modality_and_hedges(attributed, text, word, status):
    assert attributed(text, word).status == status


def test_outlet_that_reports_is_a_reporter_and_its_media_the_claimant(attributed):
    att = attributed("Armenian troops shelled the border village, TASS reported.", "shelled")
    assert att.reporters == ("TASS",)
    assert sides(att) == {("RUS", "media")}
    assert att.status == "alleged"


def test_agency_relaying_a_ministry_gives_reporter_and_claimant(attributed):
    text = (
        "The Caucasian Knot reported that Azerbaijani positions were shelled overnight. "
        "The agency was citing the defence ministry of Azerbaijan."
    )
    att = attributed(text, "shelled")
    assert att.reporters == ("Caucasian Knot",)
    assert sides(att) == {("AZE", "state")}
    assert att.status == "alleged"


def test_outlet_told_something_is_a_reporter_and_the_teller_the_claimant(attributed):
    text = (
        "A Ukrainian army spokesman told the Kyiv Post that Russian drones struck a depot "
        "near Kharkiv."
    )
    att = attributed(text, "struck")
    assert att.reporters == ("Kyiv Post",)
    assert sides(att) == {("UKR", "state")}


def test_articles_own_outlet_is_not_a_reporter(attributed):
    text = "Militants attacked a checkpoint near Kidal, a Malian army officer told AFP."
    att = attributed(text, "attacked", outlet="Business Recorder (AFP)")
    assert att.reporters == ()
    assert sides(att) == {("MLI", "state")}


def test_quoted_speaker_in_a_later_sentence_claims_the_event(attributed):
    text = (
        '"Enemy drones struck our positions near Bakhmut twice. Two soldiers were wounded," '
        "the Ukrainian army spokesman said."
    )
    att = attributed(text, "struck")
    assert sides(att) == {("UKR", "state")}
    assert att.status == "alleged"


def test_pronoun_claimant_resolves_to_the_earlier_speaker(attributed):
    text = (
        "Anna Petrova, a spokeswoman for the Russian Defence Ministry, said the truce was "
        "holding. According to her, Ukrainian drones attacked a fuel depot in Belgorod."
    )
    att = attributed(text, "attacked", sentence=1)
    assert sides(att) == {("RUS", "state")}


def test_sentence_inside_an_account_inherits_its_claimant(attributed):
    text = (
        "Government shelling killed four people in Idlib, the Syrian Observatory for Human "
        "Rights said. In the village of Kafr Nabl, shelling struck a school. Another five "
        "people were wounded, the Observatory said."
    )
    att = attributed(text, "struck", sentence=1)
    assert sides(att) == {("SYR", "ngo")}
    assert att.status == "alleged"


def test_sentence_after_an_account_that_ends_keeps_its_own_voice(attributed):
    text = (
        "Rockets hit the airport in Tripoli, the Libyan interior ministry said. A drone "
        "struck a convoy south of the city. The truce had held for a week."
    )
    att = attributed(text, "struck", sentence=1)
    assert att.claimants == ()
    assert att.status == "asserted"


def test_sentence_that_also_tells_an_act_goes_on_with_the_account(attributed):
    text = (
        "Rockets hit the airport in Tripoli, the Libyan interior ministry said. A drone also "
        "struck a convoy south of the city. The truce had held for a week."
    )
    att = attributed(text, "struck", sentence=1)
    assert [(c.country, c.kind) for c in att.claimants] == [("LBY", "government")]
    assert att.status == "alleged"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Caucasian Knot reported that the village was shelled.", ["Caucasian Knot"]),
        ("He told the Kyiv Post that the shelling went on all night.", ["Kyiv Post"]),
        ("The Donetsk News Agency quoted a local official on two roofs that burned.",
         ["Donetsk News Agency"]),
        ("Local media reported clashes near the border.", ["Local media"]),
        ("Iranian state television said the drones were shot down.",
         ["Iranian state television"]),
        ("According to Xinhua, five soldiers were injured.", ["Xinhua"]),
        ("The Riverside Herald reported that the bridge was blown up.", ["Riverside Herald"]),
        ("Al Jazeera's office in Gaza was hit by a strike.", []),
        ("The Armed Forces of the Philippines (AFP) said rebels attacked a patrol.", []),
    ],
)  # fmt: skip
def test_find_reporters_names_outlets_in_a_reporting_role(text, expected):
    assert find_reporters(text) == expected


def test_a_following_note_that_nothing_was_reported_names_no_claimant(attributed):
    att = attributed(
        "Rebels attacked a police post in Kidal. No casualties were reported.", "attacked"
    )
    assert att.claimants == ()
    assert att.status == "asserted"
