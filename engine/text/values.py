"""Value types every schema shares: codes and ids, non-blank text, strict flags, calendar dates.

Kept apart from the pack and profile models so that reading a profile does not build the pack
schema's models.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from .words import quote

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="a lower_snake_case code")]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="a lower-kebab-case id")]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
Flag = Annotated[bool, Field(strict=True)]  # true or false only: never "yes", 1 or "0"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_OF_DAY = re.compile(r"\d{4}-\d{2}-\d{2}([Tt ]|\s+)\d{1,2}:\d{2}.*")


def _day(value: Any) -> Any:
    """A calendar date as YYYY-MM-DD: never a number (a timestamp) and never a time of day."""
    if isinstance(value, dt.datetime):
        raise ValueError("write the date without a time of day, as YYYY-MM-DD")
    if isinstance(value, bool):
        return value  # refused as not a date
    if isinstance(value, (int, float)):
        raise ValueError(f"write the date as YYYY-MM-DD, not as the number {value!r}")
    if isinstance(value, str):
        written = value.strip()
        if _TIME_OF_DAY.fullmatch(written):
            raise ValueError("write the date without a time of day, as YYYY-MM-DD")
        if not _ISO_DAY.fullmatch(written):
            raise ValueError(f"expected a date written as YYYY-MM-DD, got {quote(value)}")
        try:
            return dt.date.fromisoformat(written)
        except ValueError:
            raise ValueError(f"{written} is not a date in the calendar") from None
    return value


Day = Annotated[dt.date, BeforeValidator(_day)]


def _pair(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


Pair = Annotated[tuple[int, int], BeforeValidator(_pair)]  # written as a list: [youngest, oldest]


class Strict(BaseModel):
    """Unknown fields refused; no conversions: "3" is not 3, and "no" is not false."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
