"""Values as a message names them: quoted, cut short, in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

QUOTE_LIMIT = 40  # characters of a value a message quotes; longer values are cut short


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """'text' in quotes, cut short with its length when long: a message never echoes a long value."""
    if len(text) <= limit:
        return f"'{text}'"
    return f"'{text[:limit]}...' ({len(text):,} characters)"


def describe(value: Any) -> str:
    """What a value is, in words a person who wrote YAML or JSON recognises."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        shown = str(value)
        return f"the number {shown if len(shown) <= QUOTE_LIMIT else shown[:QUOTE_LIMIT] + '...'}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {quote(value)}" if value else "empty text ('')"
    if isinstance(value, dict):
        return "a mapping of fields (key: value)"
    if isinstance(value, (list, tuple)):
        return "a list"
    return "a value of another kind"
