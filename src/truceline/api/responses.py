"""JSON responses serialised straight from pydantic models.

Routes declare their `response_model` for the OpenAPI document but return
`json_response(model)`: the models are built from validated store data already, and
serialising them once (pydantic-core) is about twice as fast as FastAPI validating the
returned value against the response model again.
"""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel, TypeAdapter

JSON = "application/json"


def json_response(value: BaseModel, status_code: int = 200) -> Response:
    return Response(value.model_dump_json(by_alias=True), status_code=status_code, media_type=JSON)


def json_list_response(adapter: TypeAdapter, values: list) -> Response:  # type: ignore[type-arg]
    return Response(adapter.dump_json(values, by_alias=True), media_type=JSON)
