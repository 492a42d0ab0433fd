"""truceline's shipped data files, and the one reader of the YAML ones."""

from __future__ import annotations

from importlib import resources
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from truceline.errors import ModelError

M = TypeVar("M", bound=BaseModel)


def load_data_file(name: str, model: type[M]) -> M:
    """The shipped data file `name` (YAML) validated as `model`; `ModelError` naming the
    file when it is not valid YAML or does not fit the model."""
    text = resources.files("truceline.data").joinpath(name).read_text(encoding="utf-8")
    try:
        return model.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ModelError(f"data/{name} is malformed: {exc}") from exc
