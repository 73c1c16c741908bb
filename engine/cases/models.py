"""The case file schema: families a policy team writes down, with what each decision must show.

A case file is `cases/*.yaml` in a pack. The family of each case is checked afterwards by the
same profile reader as `continuum triage` (engine/profile), so `members` and `family` are
kept as written here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from annotated_types import Ge, Le
from pydantic import BeforeValidator, Field, field_validator, model_validator

from ..contract import ROLES, Rating, Role
from ..text import did_you_mean
from ..text.values import Day, Flag, Id, Strict, Text

DEFAULT_DATE = dt.date(2026, 11, 20)  # the referral date of a case that gives none
TABLE_COLUMNS = (
    "id",
    "role",
    "age",
    "date_of_birth",
    "pregnant",
    "first_pregnancy",
    "gestation_weeks",
    "indicators",
)


def _one_or_many(value: Any) -> Any:
    return value if isinstance(value, list) else [value]


def _level(value: Any) -> Any:
    if isinstance(value, bool) or value not in (1, 2, 3, 4):
        raise ValueError(f"a level is 1, 2, 3 or 4, not {value!r}")
    return value


_Level = Annotated[int, Ge(1), Le(4)]
LevelCode = Annotated[int, BeforeValidator(_level, json_schema_input_type=_Level)]
Levels = Annotated[
    list[LevelCode],
    BeforeValidator(_one_or_many, json_schema_input_type=_Level | list[_Level]),
    Field(min_length=1, description="the level, or a list of levels any of which is right"),
]
Programmes = Annotated[list[Id], Field(min_length=1, description="programme ids from pathways/interventions.yaml")]
Words = Annotated[
    list[Text],
    BeforeValidator(_one_or_many, json_schema_input_type=Text | list[Text]),
    Field(min_length=1),
]


def _role(value: Any) -> Any:
    if value is None or value in ROLES:
        return value
    raise ValueError(f"unknown role {value!r}{did_you_mean(str(value), ROLES)}; roles: {', '.join(ROLES)}")


class Expect(Strict):
    """What the decision must show. Only what is written is checked."""

    level: Levels | None = None
    escalate: Flag | None = Field(None, description="true: a safeguarding escalation; false: none")
    lead: Annotated[Role | None, BeforeValidator(_role)] = Field(
        None, description="the suggested lead role; null: no lead professional"
    )
    offered: dict[str, Programmes] | None = Field(None, description="member id -> programmes offered to them")
    not_offered: dict[str, Programmes] | None = Field(None, description="member id -> programmes not offered")
    offered_nothing: list[str] | None = Field(None, min_length=1, description="members offered no programme")
    first: dict[str, Id] | None = Field(None, description="member id -> the programme ranked first for them")
    warnings: Words | None = Field(None, description="words that some warning must contain")
    title: Text | None = Field(None, description="words the lead's function (lead_professional.title) must contain")
    direction: Literal["step_up", "step_down", "same"] | None = Field(
        None, description="at a review (the case gives `current`): how the help changes"
    )
    urgency: Rating | None = Field(None, description="the front door's rating: red, amber or green")
    sf_eligible: Flag | None = Field(None, description="true: eligible for a Supporting Families whole-family plan")

    @model_validator(mode="after")
    def _says_something(self) -> Expect:
        if not self.model_fields_set:
            raise ValueError(
                "say what the decision must show: level, escalate, lead, offered, not_offered, "
                "offered_nothing, first, warnings, title, urgency, sf_eligible or direction"
            )
        return self

    @property
    def lead_given(self) -> bool:
        """Whether `lead` was written (null means: no lead professional)."""
        return "lead" in self.model_fields_set


class Case(Strict):
    """One family and what its decision must show."""

    name: Text = Field(description="what the case shows, in a plain sentence")
    why: str | None = Field(None, description="where the expected answer comes from (a document and section)")
    date: Day | None = Field(None, description="the referral date (default: the file's date, else 2026-11-20)")
    referral: Any = Field(None, description="optional: as in a profile (id, date, source, consent, type)")
    current: Any = Field(None, description="optional: as in a profile, the help the family has now (a review)")
    members: Any = Field(description="a table (id | role | age | indicators ...) or a list, as in a profile")
    family: Any = Field(None, description="optional: as in a profile (indicators, domestic_abuse_risk, ...)")
    expect: Expect

    @field_validator("members", mode="before")
    @classmethod
    def _table_or_list(cls, value: Any) -> Any:
        if (isinstance(value, str) and value.strip()) or (isinstance(value, list) and value):
            return value
        raise ValueError("give the members as a table (a header row, then one row per member) or as a list")

    @field_validator("referral", "current", "family", mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        if value is None or isinstance(value, dict):
            return value
        raise ValueError(f"expected a mapping of fields (key: value), got {type(value).__name__}")


class CasesFile(Strict):
    """A case file: `cases`, and optionally a referral `date` for every case in it."""

    date: Day | None = Field(None, description="the referral date of every case that gives none")
    cases: list[Case] = Field(min_length=1)


class CasesShape(CasesFile):
    """A case file read case by case, so that one broken case does not hide the problems of others."""

    cases: list[Any] = Field(min_length=1)


class CaseShape(Case):
    """A case whose family is read even when its expectations are broken (they are checked apart)."""

    expect: Any
