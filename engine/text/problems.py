"""pydantic validation of a parsed document, with errors as FILE:LINE: field: message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import InputError, Problem
from .load import Document, format_path

M = TypeVar("M", bound=BaseModel)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _message(err: ErrorDetails) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of fields (key: value), got {type(err['input']).__name__}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"got {err['input']!r}; expected one of {expected}"
    return msg.removeprefix("Value error, ")


def _path(err: ErrorDetails) -> tuple:
    """Drop pydantic's union-branch names (e.g. 'IndicatorRef', 'str') from the location."""
    loc = err["loc"]
    return tuple(p for p in loc if isinstance(p, int) or not (p[:1].isupper() or p in {"str", "int"}))


def problems_of(exc: ValidationError, doc: Document) -> list[Problem]:
    seen: dict[tuple, Problem] = {}
    for err in exc.errors(include_url=False):
        path = _path(err)
        problem = Problem(doc.name, doc.line_of(path), format_path(path), _message(err))
        seen.setdefault((path, problem.message), problem)
    return list(seen.values())


def validate(doc: Document, model: type[M]) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_of(exc, doc)) from None
