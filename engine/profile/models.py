"""The profile schema: what a hub worker writes about a family (contract section 2)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from ..contract import MemberRole, Role
from ..pack.models import Day, Flag, Strict, Text


class Referral(Strict):
    id: Text
    date: Day
    source: str | None = None
    consent: Flag | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Member(Strict):
    id: Text
    role: MemberRole
    date_of_birth: Day | None = None
    age: int | None = Field(None, ge=0, le=120, strict=True)
    pregnant: Flag | None = None
    first_pregnancy: Flag | None = None
    gestation_weeks: int | None = Field(None, ge=0, le=45, strict=True)
    indicators: list[str] = Field(default_factory=list)

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _born_or_aged(self) -> Member:
        if (self.date_of_birth is None) == (self.age is None):
            raise ValueError("give exactly one of date_of_birth or age")
        return self


class FamilyPart(Strict):
    indicators: list[str] = Field(default_factory=list)
    domestic_abuse_risk: int | None = Field(None, ge=1, le=4, strict=True)
    involved: list[Role] = Field(default_factory=list)
    preferred_lead: Role | None = None


class Profile(Strict):
    referral: Referral
    members: list[Member] = Field(min_length=1)
    family: FamilyPart = Field(default_factory=FamilyPart)
