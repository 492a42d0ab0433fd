"""News outlets a text relays claims through: the curated list and outlet-like names.

`data/outlets.yaml` lists wire agencies and outlets worldwide with their aliases
and countries. Names not listed are recognised by their shape ("X News Agency",
"X Times", "state television", "Lebanese media"). `find_reporters` reads plain
text and wants a reporting cue beside a name ("told X", "X reported", "according
to X", "(X)"); `outlet_of` judges a noun phrase the parse already puts in a
reporting role (the subject of "reported", the object of "told").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Token

from truceline.errors import ConfigError
from truceline.extract.doc_cache import doc_text


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    country: str | None
    kind: str  # agency | newspaper | broadcaster | online
    state: bool = False


@dataclass(frozen=True, slots=True)
class OutletIndex:
    by_alias: dict[str, Outlet]
    guarded: frozenset[str]  # aliases that count only in a reporting context
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def outlets() -> OutletIndex:
    """The curated outlets (`data/outlets.yaml`), indexed by every alias."""
    path = resources.files("truceline.data").joinpath("outlets.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("outlets"), list):
        raise ConfigError(f"{path}: expected a mapping with an `outlets:` list")
    by_alias: dict[str, Outlet] = {}
    guarded: set[str] = set()
    for row in raw["outlets"]:
        if not isinstance(row, dict) or not row.get("name"):
            raise ConfigError(f"{path}: outlet entry without a name: {row!r}")
        outlet = Outlet(
            str(row["name"]),
            row.get("country"),
            str(row.get("kind", "online")),
            bool(row.get("state", False)),
        )
        aliases = [row["name"], *(row.get("aliases") or []), *(row.get("guarded") or [])]
        for alias in aliases:
            by_alias.setdefault(str(alias), outlet)
        guarded.update(str(g) for g in row.get("guarded") or [])
    names = sorted(by_alias, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    return OutletIndex(by_alias, frozenset(guarded), pattern)


def known_outlet(name: str) -> Outlet | None:
    """The curated outlet called `name` (any alias), or None."""
    return outlets().by_alias.get(name)


# Heads that make a noun phrase an outlet ("state television", "the news agency").
OUTLET_HEADS = frozenset(
    "agency newspaper daily television tv channel radio broadcaster website outlet "
    "outlets media press newswire magazine tabloid portal publication weekly "
    "broadcasters newspapers".split()
)
# Capitalised last words of outlet names ("The Kyiv Post", "Caucasian Knot").
OUTLET_PROPER_HEADS = frozenset(
    "Times Post Herald Tribune Gazette Journal Chronicle Observer Telegraph Express "
    "Mirror News Reporter Insider Knot Bulletin Inquirer Dispatch Courier Online TV "
    "Television Radio".split()
)
_NEWS_AGENCY = frozenset({"news", "press", "information"})

# A reporting cue right before or after an outlet name in running text.
_CUE_BEFORE = re.compile(
    r"(\btold|\baccording to|\bciting|\bquoting|\bcited by|\breported by|\bquoted by|"
    r"\bspeaking (?:to|with)|\binterview with|\bas per|\bvia|\bconfirmed to|"
    r"\breports? (?:in|on|by)|\bpublished (?:in|by)|\bbroadcast (?:on|by)|\bwrote in)"
    r"\s+(?:the\s+|an?\s+|[A-Z]\w+'s\s+)?$",
    re.I,
)
_CUE_AFTER = re.compile(
    r"^(?:'s)?\s*(?:news agency\s+|agency\s+|television\s+|TV\s+|radio\s+|newspaper\s+|"
    r"channel\s+|website\s+|daily\s+)?(?:,?\s*(?:has |had |also |later |earlier |"
    r"previously )?(?:reported|reports|said|says|quoted|cited|claimed|wrote|writes|"
    r"broadcast|aired|published|learned|learnt|understands|correspondent|reporter|"
    r"journalist|photographer|cameraman|footage))",
    re.I,
)
_DEMONYM = r"[A-Z][a-z]+(?:an|ian|ese|i|ish|ic|ch)"
_GENERIC_MEDIA = re.compile(
    r"\b((?:(?i:local|state|state-run|state-owned|official|pro-government|opposition|"
    r"independent|regional)|" + _DEMONYM + r")\s+(?:state\s+|news\s+|mass\s+)?"
    r"(?:media|press|television|TV|news agency|news outlets?|newspapers?|radio))\b"
)
_PATTERN_OUTLET = re.compile(
    r"\b((?:[A-Z][\w'.-]*\s+){0,3}?[A-Z][\w'.-]*\s+(?:News\s+Agency|Press\s+Agency|"
    r"Information\s+Agency|News|Times|Post|Herald|Tribune|Gazette|Journal|Chronicle|"
    r"Observer|Telegraph|TV|Television|Radio|Daily|Online|Knot)|Radio\s+[A-Z][\w-]+)\b"
)
_ANNOUNCES = re.compile(
    r"^\s*(?:have |has |had )?(?:also )?(?:reported|said|quoted|claimed|cited|broadcast|aired)"
)


def find_reporters(text: str) -> list[str]:
    """Outlets `text` relays something through ("Caucasian Knot reported", "told AFP").

    Known outlets and outlet-like names ("X News Agency", "X Times", "state
    television") count when a reporting cue stands beside them; generic media
    ("local media") when they report. Names are canonical for known outlets,
    else as written (leading article dropped, first letter capitalised).
    """
    idx = outlets()
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []

    def cued(start: int, end: int) -> bool:
        return bool(
            _CUE_BEFORE.search(text[max(0, start - 40) : start])
            or _CUE_AFTER.match(text[end : end + 60])
        )

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in spans)

    for m in idx.pattern.finditer(text):
        if cued(m.start(), m.end()) and free(m.start(), m.end()):
            found.append((m.start(), idx.by_alias[m.group(1)].name))
            spans.append((m.start(), m.end()))
    for m in _PATTERN_OUTLET.finditer(text):
        if free(m.start(), m.end()) and cued(m.start(), m.end()):
            found.append((m.start(), tidy_name(m.group(1))))
            spans.append((m.start(), m.end()))
    for m in _GENERIC_MEDIA.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if cued(m.start(), m.end()) or _ANNOUNCES.match(text[m.end() : m.end() + 30]):
            found.append((m.start(), tidy_name(m.group(1))))
            spans.append((m.start(), m.end()))
    out: list[str] = []
    for _, name in sorted(found):
        if name not in out:
            out.append(name)
    return out


def tidy_name(name: str) -> str:
    """'the Donetsk News Agency' -> 'Donetsk News Agency'; 'local media' -> 'Local media'."""
    name = re.sub(r"^(?:the|a|an|some)\s+", "", name.strip(), flags=re.I)
    return name[:1].upper() + name[1:]


def outlet_of(tokens: list[Token], *, relayed: bool = False) -> Outlet | None:
    """The outlet a noun phrase in a reporting role names, or None if it names none.

    `tokens` is the phrase (from the parse) that reported, was told, was cited;
    `relayed` says it was told or quoted by ("told AFP"), where even an ambiguous
    alias ("AFP", also the Armed Forces of the Philippines) names the outlet. A
    known outlet counts when its name covers the phrase's head ("Georgia's
    Rustavi 2 television"); otherwise the head must be an outlet word ("state
    television", "the Donetsk News Agency", "Lebanese media", "the Kyiv Post").
    """
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])
    base = tokens[0].idx
    text = doc_text(tokens[0].doc)[base : tokens[-1].idx + len(tokens[-1].text)]
    idx = outlets()
    for m in idx.pattern.finditer(text):
        start, end = base + m.start(), base + m.end()
        covers = start <= head.idx < end
        # "Rustavi 2 television", "the Xinhua news agency": the name precedes its head.
        described = end <= head.idx and head.lower_ in OUTLET_HEADS
        alias = m.group(1)
        if alias in idx.guarded and not (relayed or described):
            continue
        if covers or described:
            return idx.by_alias[alias]
    low = head.lower_
    if low == "agency" and not any(t.lower_ in _NEWS_AGENCY for t in tokens):
        return None
    if low in {"media", "press"} and not any(
        t.dep_ in {"amod", "compound"} or t.lower_ in {"the"} for t in head.children
    ):
        return None
    if low in OUTLET_HEADS or (head.text in OUTLET_PROPER_HEADS and head.pos_ == "PROPN"):
        core = [t for t in tokens if not (t.dep_ in {"det", "poss", "case"} and t.i < head.i)]
        core = [t for t in core if not (t.dep_ == "poss" or t.head.dep_ == "poss")]
        words = "".join(t.text_with_ws for t in core).strip(" ,;:")
        return Outlet(tidy_name(words), None, "online")
    return None
