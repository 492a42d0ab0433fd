"""What a bag of n-grams misses in a text to be typed: who acts, who is hit, what came of it.

The learned typer (`truceline.extract.typing_model`) reads a text as word and character
n-grams, so it knows "FARDC", "Imbonerakure" or "villagers" only if its examples used
those very words. This module turns a text into cue tokens from what truceline already
knows, defined once elsewhere:

- `class:NAME` for each word class of `data/lexicon.yaml` in `CUE_CLASSES` that the text
  holds (civilians, armed men, the state's side, crowds, weapons, arson, casualties...);
- `kind:KIND` for each named actor of `data/actors.yaml` the text names, by its contract
  kind (a rebel group, state forces, a militia, an IGO...);
- `role:ROLE` for each generic role word of the actor lexicon (forces, protesters, police...);
- `first:KIND` (or `first:ROLE`) for the actor named first, who in a summary is mostly the
  one that acts: "the army retook X from the rebels" and "the rebels took X from the army"
  hold the same words of both sides, but not the same first one;
- `register:dated` when the text opens with a date, as a one-line event summary does
  ("On 4 May 2021, ..."): such a text reports an event. The date itself and a summary's
  crowd-size tag ("[size=hundreds]") tell nothing of the type; `drop_register` takes them
  out of what the n-gram blocks read, lest the model learn which types its examples
  happened to write as summaries.

The tokens form one feature block of the model (`cue_tokens` is its analyzer), so two
notes of the same kind of act share features even when they share no word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from truceline.extract.actor_lexicon import named_actors, role_matches
from truceline.extract.lexicon import pattern

__all__ = ["CUE_CLASSES", "cue_tokens", "drop_register"]

# A summary's leading date, after the label of a category when it has one
# ("Security measures: On 4 May 2021, ..."; the label stays).
_LEADING_DATE = re.compile(
    r"^(\s*(?:[A-Za-z][A-Za-z -]{0,30}:\s*)?)"
    r"(?:on|around|between|reported on|as reported on)\s+[^;:.]{0,40}?\b\d{4}\b"
    r"(?:\s*\([^)]{0,40}\))?\s*,\s*",
    re.IGNORECASE,
)
_SIZE_TAG = re.compile(r"\[\s*size\s*=[^\]]*\]", re.IGNORECASE)

# The word classes whose presence is a cue: the sides (civilians, armed people, the
# state's side, crowds, groups outside the state), the means (weapons, heavy weapons,
# air power, planted explosives) and what happened (fighting, force on protesters,
# damage, arson, casualties, a place taken, a device disrupted).
CUE_CLASSES = (
    "civilians",
    "armed",
    "state_side",
    "crowd",
    "mob",
    "non_state_captors",
    "protest_words",
    "labour_strike",
    "demands",
    "protest_intervention",
    "force_on_protesters",
    "grave_force",
    "damaging",
    "rioting",
    "arson",
    "goods",
    "casualties",
    "weapons",
    "heavy_weapons",
    "air_power",
    "planted_explosives",
    "exploded",
    "disrupted",
    "device_disrupted",
    "exchange_of_fire",
    "mutual_fire",
    "repelled",
    "territory",
    "no_fighting",
)


def drop_register(text: str) -> str:
    """`text` without a leading date ("On 4 May 2021, ") and crowd-size tags."""
    return _SIZE_TAG.sub(" ", _LEADING_DATE.sub(r"\1", text, count=1))


def cue_tokens(text: str) -> list[str]:
    """The cue tokens of `text`, sorted, each once."""
    return list(_cue_tokens(text))


@lru_cache(maxsize=32768)
def _cue_tokens(text: str) -> tuple[str, ...]:
    found = {f"class:{name}" for name in CUE_CLASSES if pattern(name).search(text)}
    actors = [(start, f"kind:{entry.kind}") for start, _, entry in named_actors(text)]
    actors += [(start, f"role:{role}") for start, _, role in role_matches(text)]
    found.update(token for _, token in actors)
    if actors:  # the side named first: in a summary, mostly the one that acts
        found.add("first:" + min(actors)[1].split(":", 1)[1])
    if _LEADING_DATE.match(text):
        found.add("register:dated")
    return tuple(sorted(found))
