"""The pack schema: pydantic models for every rule-pack file.

They validate what people write, and export JSON Schema so editors can check files as
people type (`continuum schema`). Unknown fields are refused everywhere.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from ..contract import Role
from ..text.values import Code, Day, Id, Pair, Strict, Text

Domain = Literal["child_development", "parenting_capacity", "family_environment"]
AppliesTo = Literal["child", "adult", "any", "family"]
Who = Literal["member", "adults", "children", "family", "anyone"]

# ---------------------------------------------------------------- sources


class Source(Strict):
    """Where a value comes from: a document of rules/documents.yaml and a section of it."""

    doc: Id = Field(description="a document id from rules/documents.yaml")
    section: Text = Field(description="section, table or recommendation, e.g. 'section 3.5'")
    verified: bool = Field(True, description="false when the fact was recalled, not checked")
    note: str | None = Field(None, description="what is unverified, or how the source is read")


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


Sources = Annotated[list[Source], Field(min_length=1)]


class Sourced(Strict):
    source: Sources

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)


class Dated(Strict):
    """A value in force for a while: `from` its first day `until` its last, both inclusive.

    Undated values are in force at all times. The same code or id may be written again with
    other dates, so one pack holds the values before and after a change.
    """

    from_: Day | None = Field(None, alias="from", description="first day in force, YYYY-MM-DD")
    until: Day | None = Field(None, description="last day in force, YYYY-MM-DD")


class Document(Strict):
    cite: Text = Field(description="how a reason cites it, e.g. 'seed 000' or 'NICE CG158'")
    title: Text
    published: str | None = None
    location: str | None = Field(None, description="file or address of the document")


class DocumentsFile(Strict):
    documents: dict[Id, Document]


class PackFile(Strict):
    name: Id
    version: Text
    title: Text
    effective_from: Day = Field(description="decisions for referrals before this date warn")
    description: str | None = None


# ---------------------------------------------------------------- conditions


class Range(Strict):
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


class IndicatorRef(Strict):
    code: Code
    who: Who = Field(description="whose indicator: the member, any adult, any child, the family, anyone")


Ref = IndicatorRef | Code


class Needs(Strict):
    """How many needs the family has, counted over indicators (family subjects only)."""

    domains: int | None = Field(None, ge=1, description="at least this many assessment domains")
    count: int | None = Field(None, ge=1, description="at least this many indicators")
    people: int | None = Field(None, ge=1, description="at least this many members with needs")


class Condition(Strict):
    """All the given tests must hold. Which tests are allowed depends on the rule's subject."""

    any: list[Ref] | None = Field(None, description="at least one of these indicators")
    all: list[Ref] | None = Field(None, description="every one of these indicators")
    none: list[Ref] | None = Field(None, description="none of these indicators")
    age: Range | None = Field(None, description="member's age in whole years (member subjects)")
    pregnant: bool | None = None
    parent: bool | None = Field(None, description="a parent or carer by role")
    first_pregnancy: bool | None = None
    gestation_weeks: Range | None = Field(None, description="holds when gestation is not recorded")
    domestic_abuse_risk: Range | None = None
    needs: Needs | None = None
    level: Range | None = Field(None, description="level of need (interventions, lead)")
    recommended_any: list[Id] | None = Field(None, description="lead rules: interventions offered")
    primary_child_age: Range | None = Field(None, description="lead rules")
    has_child: bool | None = Field(None, description="false: an unborn child only")
    preferred_lead_involved: bool | None = Field(None, description="lead rules")


class ConditionalRule(Sourced, Dated):
    rule: Id
    subject: Literal["member", "family"] = "member"
    when: Condition
    text: Text = Field(description="why, in a plain sentence a panel member can read")

    @field_validator("when")
    @classmethod
    def _tests_something(cls, when: Condition) -> Condition:
        if not any(value not in (None, []) for value in dict(when).values()):
            raise ValueError("a condition with no tests holds for every family: give at least one test")
        return when


# ---------------------------------------------------------------- rules/


class Level(Sourced):
    code: int = Field(ge=1, le=4)
    name: Text
    description: Text
    response: Text
    lead_professional: bool = Field(description="whether a lead professional is named")


class LevelsFile(Strict):
    levels: list[Level] = Field(min_length=4, max_length=4)
    universal_text: Text = Field(description="the reason given when no rule raises the level")


class DomainDef(Sourced):
    label: Text


class Indicator(Sourced, Dated):
    code: Code
    label: Text
    meaning: str | None = None
    domain: Domain
    applies_to: AppliesTo
    level: int = Field(ge=2, le=4, description="the level this need points to on its own")
    unless: Condition | None = Field(
        None,
        description="when this holds the need does not raise the level (one test, e.g. a screening grade)",
    )
    text: Text = Field(description="why it points to that level")


class IndicatorsFile(Strict):
    domains: dict[Domain, DomainDef]
    indicators: list[Indicator] = Field(min_length=1)


class LevelRule(ConditionalRule):
    level: int = Field(ge=2, le=3, description="level 4 comes only from safeguarding or indicators")


class NeedsFile(Strict):
    combinations: list[LevelRule] = Field(description="how several needs combine")
    circumstances: list[LevelRule] = Field(default_factory=list)


class Trigger(ConditionalRule):
    route: Text = Field(description="where the concern goes now")


class SafeguardingFile(Strict):
    level: Literal[4] = Field(4, description="escalation always comes with level 4")
    triggers: list[Trigger] = Field(min_length=1)


class AgeBand(Sourced):
    id: Id
    label: Text
    recommendation: Text
    ages: Pair = Field(description="inclusive [youngest, oldest] in whole years")


class AgeBandsFile(Strict):
    guideline: Text
    bands: list[AgeBand] = Field(min_length=1)


# ---------------------------------------------------------------- pathways/


class Evidence(Strict):
    eif: str | None = Field(None, pattern=r"^(NE|NL2|[2-4]\+?\*?)$", description="EIF rating")
    cost: int | None = Field(None, ge=1, le=5, description="EIF cost rating 1 (low) to 5 (high)")
    benefit_per_pound: float | None = Field(None, description="seed cost-benefit return per £1")
    verified: bool = True
    note: str | None = None


class OfferRule(Dated):
    rule: Id
    when: Condition
    text: Text
    source: Sources

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)


class Intervention(Sourced, Dated):
    id: Id
    name: Text
    description: Text
    member: Literal["child", "expectant_mother"]
    whole_family: bool = Field(False, description="offer once, for the first eligible child")
    ages: Pair = Field(description="inclusive [youngest, oldest] the programme is offered to")
    band: Id | None = Field(None, description="the guideline age band (rules/age_bands.yaml)")
    levels: list[int] = Field(min_length=1)
    delivered_by: Role
    evidence: Evidence
    offer_when: list[OfferRule] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: list[int]) -> list[int]:
        bad = [v for v in value if v not in (1, 2, 3, 4)]
        if bad:
            raise ValueError(f"levels must be 1-4, got {bad}")
        return value


class InterventionsFile(Strict):
    interventions: list[Intervention] = Field(min_length=1)


class LeadRule(Sourced, Dated):
    rule: Id
    when: Condition
    role: Role | Literal["preferred"] | None = None
    roles: list[Role] | None = Field(None, description="the first involved, else the first")
    text: Text

    @model_validator(mode="after")
    def _one_role(self) -> LeadRule:
        if (self.role is None) == (self.roles is None):
            raise ValueError("give exactly one of role or roles")
        return self


class LeadFile(Strict):
    rules: list[LeadRule] = Field(min_length=1, description="in order: the first that holds wins")


PACK_FILES: dict[str, type[BaseModel]] = {
    "rules/pack.yaml": PackFile,
    "rules/documents.yaml": DocumentsFile,
    "rules/levels.yaml": LevelsFile,
    "rules/indicators.yaml": IndicatorsFile,
    "rules/needs.yaml": NeedsFile,
    "rules/safeguarding.yaml": SafeguardingFile,
    "rules/age_bands.yaml": AgeBandsFile,
    "pathways/interventions.yaml": InterventionsFile,
    "pathways/lead_professional.yaml": LeadFile,
}
