"""The profile schema: what a hub worker writes about a family (contract section 2)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..contract import MAX_INDICATORS, MAX_MEMBERS, MAX_TEXT, MemberRole, Role
from ..errors import CONTROL
from ..text.values import Day, Flag, Strict


def _plain(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    bad = CONTROL.search(value)
    if bad is not None:
        what = "a line break" if bad.group() in "\n\r" else "a control character"
        raise ValueError(f"holds {what} (U+{ord(bad.group()):04X}), which is not allowed here: write it on one line")
    return value


def _id_text(value: Any) -> Any:
    """An id written as a whole number (7) or a date (2026-01-05) is that text, as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.isoformat() if isinstance(value, dt.date) else value


# Text a profile holds: an id or a source. Short, on one line, without control characters.
Words = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_plain)]
Code = Annotated[str, Field(max_length=MAX_TEXT)]  # an indicator code, checked against the pack's vocabulary
Codes = Annotated[list[Code], Field(max_length=MAX_INDICATORS)]


class Referral(Strict):
    id: Words
    date: Day
    source: Words | None = None
    consent: Flag | None = None
    type: Literal["new", "review"] = "new"

    _id = field_validator("id", mode="before")(_id_text)


class Current(Strict):
    """The help a family has now (a review): its level, its lead role or null, and since when."""

    level: int = Field(ge=1, le=4, strict=True)
    lead: Role | None
    since: Day


class Member(Strict):
    id: Words
    role: MemberRole
    date_of_birth: Day | None = None
    age: int | None = Field(None, ge=0, le=120, strict=True)
    pregnant: Flag | None = None
    first_pregnancy: Flag | None = None
    gestation_weeks: int | None = Field(None, ge=0, le=45, strict=True)
    indicators: Codes = Field(default_factory=list)

    _id = field_validator("id", mode="before")(_id_text)

    @model_validator(mode="after")
    def _born_or_aged(self) -> Member:
        if (self.date_of_birth is None) == (self.age is None):
            raise ValueError("give exactly one of date_of_birth or age")
        return self


class FamilyPart(Strict):
    indicators: Codes = Field(default_factory=list)
    domestic_abuse_risk: int | None = Field(None, ge=1, le=4, strict=True)
    involved: list[Role] = Field(default_factory=list, max_length=MAX_INDICATORS)
    preferred_lead: Role | None = None


class Profile(Strict):
    referral: Referral
    current: Current | None = None
    members: list[Member] = Field(min_length=1, max_length=MAX_MEMBERS)
    family: FamilyPart = Field(default_factory=FamilyPart)
