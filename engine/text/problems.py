"""pydantic validation of a parsed document, with errors as FILE:LINE: field: message in plain words."""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..contract import MAX_PROBLEMS
from ..errors import InputError, Problem
from .load import Document, format_path
from .words import describe

M = TypeVar("M", bound=BaseModel)

_SUGGEST_LIMIT = 60  # longer words get no suggestion (difflib's cost grows with length)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    options = list(choices)
    if len(word) > _SUGGEST_LIMIT or not options:
        return ""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_TYPE_WORDS = {
    "model_type": "a mapping of fields (key: value)",
    "model_attributes_type": "a mapping of fields (key: value)",
    "dict_type": "a mapping (key: value)",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written as YYYY-MM-DD",
    "date_parsing": "a date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written as YYYY-MM-DD",
}
_PATTERNS = {
    r"^[a-z][a-z0-9_]*$": "a lower_snake_case code (a-z, 0-9 and _)",
    r"^[a-z0-9][a-z0-9-]*$": "a lower-kebab-case id (a-z, 0-9 and -)",
}
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_BOUNDS = {
    "greater_than_equal": ("ge", "greater than or equal to {}"),
    "greater_than": ("gt", "greater than {}"),
    "less_than_equal": ("le", "less than or equal to {}"),
    "less_than": ("lt", "less than {}"),
}


def _message(err: ErrorDetails, fields: Iterable[str] = ()) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx", {})
    if kind == "extra_forbidden":
        key = err["loc"][-1]
        return "unknown field" + (did_you_mean(key, fields) if isinstance(key, str) else "")
    if kind == "missing":
        return "required field is missing"
    if kind in _TYPE_WORDS:
        if kind.startswith("int") and isinstance(value, str) and _LEADING_ZERO.fullmatch(value):
            return f"expected a whole number without leading zeros, got {describe(value)}"
        return f"expected {_TYPE_WORDS[kind]}, got {describe(value)}"
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        return f"must be {words.format(ctx.get(name))}, got {describe(value)}"
    if kind in ("too_short", "too_long"):
        n = len(value) if isinstance(value, (list, tuple, dict)) else ctx.get("actual_length", "?")
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        named = [part for part in err["loc"] if isinstance(part, str) and part.endswith("s")]
        items = named[-1] if named else "items"  # members, indicators, levels...
        if kind == "too_short":
            at_least = f"one {items.removesuffix('s')}" if bound == 1 else f"{bound} {items}"
            return f"must list at least {at_least}" + (", got none" if not n else f", got {n}")
        return f"lists {n:,} {items}; at most {bound:,} are allowed"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        n = len(value) if isinstance(value, str) else 0
        return f"is {n:,} characters long; at most {ctx.get('max_length'):,} are allowed"
    if kind == "string_pattern_mismatch":
        wanted = _PATTERNS.get(str(ctx.get("pattern")), "text of the expected form")
        return f"expected {wanted}, got {describe(value)}"
    msg = err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg.replace("Input should be", "expected")


def _data_path(err: ErrorDetails, data: Any) -> tuple[tuple[str | int, ...], bool]:
    """The error's location in the data, and whether pydantic named a union branch on the way.

    pydantic's location also holds names of its own (a union branch such as 'IndicatorRef' or
    'str', a validator); they are not keys of the data, so following the data drops them.
    """
    loc, out, node, branch = err["loc"], [], data, False
    for i, part in enumerate(loc):
        in_map = isinstance(node, dict) and isinstance(part, str) and part in node
        if in_map or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            out.append(part)
            node = node[part]
        elif i == len(loc) - 1 and err["type"] in ("missing", "extra_forbidden") and isinstance(part, str):
            out.append(part)
        else:
            branch = True
    return tuple(out), branch


def _strip(t: Any) -> Any:
    while get_origin(t) is Annotated:
        t = get_args(t)[0]
    return t


def _step(t: Any, part: str | int) -> Any:
    """The type found at `part` inside type `t` (for did-you-mean on unknown fields)."""
    t = _strip(t)
    origin = get_origin(t)
    if origin is Union or origin is types.UnionType:
        args = [_strip(a) for a in get_args(t) if a is not type(None)]
        for a in args:
            if getattr(a, "__name__", None) == part:
                return a
        shaped = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        shaped += [a for a in args if get_origin(a) in (list, dict, tuple)]
        return _step((shaped or args)[0], part) if shaped or args else None
    if isinstance(t, type) and issubclass(t, BaseModel):
        if isinstance(part, str) and part in t.model_fields:
            return t.model_fields[part].annotation
        return t if getattr(t, "__name__", None) == part else None
    if origin in (list, tuple) and get_args(t):
        return get_args(t)[0]
    if origin is dict and get_args(t):
        return get_args(t)[1]
    return None


def _fields_at(model: type[BaseModel] | None, loc: tuple[str | int, ...]) -> list[str]:
    t: Any = model
    for part in loc:
        if t is None:
            return []
        t = _step(t, part)
    t = _strip(t)
    if get_origin(t) in (Union, types.UnionType):
        t = next((a for a in map(_strip, get_args(t)) if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return list(t.model_fields) if isinstance(t, type) and issubclass(t, BaseModel) else []


def problems_of(exc: ValidationError, doc: Document, model: type[BaseModel] | None = None) -> list[Problem]:
    """Each error once, at its place in the data, in plain words.

    Where a value may take one of several shapes (an indicator code, or a mapping with `who`),
    pydantic reports each shape's complaint: the ones about the wrong shape are dropped when
    another shape's complaint points inside the value, and the choices of literals are joined.
    """
    placed = [(err, *_data_path(err, doc.data)) for err in exc.errors(include_url=False)]
    # a complaint other than "wrong shape" at or inside each path
    telling = [path for err, path, _ in placed if err["type"] not in _TYPE_WORDS]
    literals: dict[tuple, tuple[ErrorDetails, list[str]]] = {}
    out: dict[tuple, Problem] = {}

    def add(path: tuple, message: str) -> None:
        out.setdefault((path, message), Problem(doc.name, doc.line_of(path), format_path(path), message))

    for err, path, branch in placed:
        if branch and err["type"] in _TYPE_WORDS and any(p[: len(path)] == path for p in telling):
            continue  # another shape's complaint says more
        if err["type"] == "literal_error":
            expected = str(err.get("ctx", {}).get("expected", ""))
            literals.setdefault(path, (err, []))[1].extend(re.findall(r"'([^']*)'", expected) or [expected])
            continue
        suggest = err["type"] == "extra_forbidden" and len(out) < MAX_PROBLEMS
        fields = _fields_at(model, err["loc"][:-1]) if suggest else ()
        add(path, _message(err, fields))
    for path, (err, choices) in literals.items():
        value = err.get("input")
        shown = [f"'{c}'" for c in dict.fromkeys(choices)]
        expected = shown[0] if len(shown) == 1 else "one of " + ", ".join(shown[:-1]) + " or " + shown[-1]
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        add(path, f"expected {expected}, got {describe(value)}{hint}")
    return list(out.values())


def validate(doc: Document, model: type[M]) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_of(exc, doc, model)) from None
