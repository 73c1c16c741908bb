"""The pack schema: pydantic models for every rule-pack file.

They validate what people write, and export JSON Schema so editors can check files as
people type (`continuum schema`). Unknown fields are refused everywhere.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from ..contract import Outcome, Rating, Role
from ..text.values import Code, Day, Id, Pair, Strict, Text

Domain = Literal["child_development", "parenting_capacity", "family_environment"]
AppliesTo = Literal["child", "adult", "any", "family"]
Who = Literal["member", "adults", "children", "family", "anyone", "primary_child"]

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
    extends: Text | None = Field(
        None,
        description="a pack this one builds on (a bundled pack's name, or a folder relative to this pack): "
        "every file this pack does not hold comes from it, and its documents are added to this pack's",
    )


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
    who: Who = Field(
        description="whose indicator: the member, any adult, any child, the family, anyone, or the child with "
        "the most recorded needs (primary_child)"
    )


Ref = IndicatorRef | Code


class Needs(Strict):
    """How many needs the family has, counted over indicators (family subjects only)."""

    domains: int | None = Field(None, ge=1, description="at least this many assessment domains")
    count: int | None = Field(None, ge=1, description="at least this many needs (the same need in two people is one)")
    services: int | None = Field(None, ge=1, description="needs met by at least this many services (met_by)")
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
    escalated: bool | None = Field(None, description="a safeguarding trigger fired (interventions, lead)")


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
    lead_title: Text | None = Field(
        None, description="the pack's name for the lead's function at this level, e.g. 'Lead practitioner'"
    )

    @model_validator(mode="after")
    def _titled(self) -> Level:
        if self.lead_professional and self.lead_title is None:
            raise ValueError("a level with a lead professional needs lead_title: what the function is called")
        return self


class LevelsFile(Strict):
    levels: list[Level] = Field(min_length=4, max_length=4)
    universal_text: Text = Field(description="the reason given when no rule raises the level")


class DomainDef(Sourced):
    label: Text


class Service(Sourced):
    label: Text = Field(description="the service, as a reason names it: 'the school'")
    roles: list[Role] = Field(default_factory=list, description="lead roles whose practitioners deliver it")


class Indicator(Sourced, Dated):
    code: Code
    label: Text
    meaning: str | None = None
    domain: Domain
    met_by: Id = Field(description="the service that meets this need (a key of `services`)")
    applies_to: AppliesTo
    level: int = Field(ge=2, le=4, description="the level this need points to on its own")
    unless: Condition | None = Field(
        None,
        description="when this holds the need does not raise the level (one test, e.g. a screening grade)",
    )
    text: Text = Field(description="why it points to that level")


class IndicatorsFile(Strict):
    domains: dict[Domain, DomainDef]
    services: dict[Id, Service] = Field(min_length=1, description="the services that meet needs")
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


def _code_text(value: Any) -> Any:
    """A census code written as a whole number (20) is that text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class CinTarget(Strict):
    indicator: Code
    on: Literal["child", "parent", "other_adult", "family"] = Field(
        description="who holds it: the child, a parent or carer, another adult in the household, or the family"
    )


class CinCode(Sourced):
    """A Children in Need census factor code and the indicators it gives (or why it gives none)."""

    code: Annotated[
        str,
        BeforeValidator(_code_text),
        WithJsonSchema({"type": ["string", "integer"], "description": "the census code, e.g. 1B, 18C or 20"}),
    ]
    label: Text
    maps_to: list[CinTarget] | None = Field(None, min_length=1, description="the indicators the code gives")
    unmapped: Text | None = Field(None, description="why the code gives no indicator")
    note: str | None = Field(None, description="why this mapping, where it is a judgement")

    @model_validator(mode="after")
    def _mapped_or_not(self) -> CinCode:
        if (self.maps_to is None) == (self.unmapped is None):
            raise ValueError("give exactly one of maps_to (the indicators the code gives) or unmapped (why none)")
        return self


class CinCodesFile(Strict):
    codes: list[CinCode] = Field(min_length=1, description="every current census code, once")


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
    format: Id = Field(description="how it is delivered: one of ranking.formats, which orders them")
    alternatives: Id | None = Field(
        None, description="a group of programmes that meet the same need: a member is offered the best one"
    )
    offer_when: list[OfferRule] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: list[int]) -> list[int]:
        bad = [v for v in value if v not in (1, 2, 3, 4)]
        if bad:
            raise ValueError(f"levels must be 1-4, got {bad}")
        return value


class Ranking(Sourced):
    """How a member's programmes are put in order, best first, and how many are shown."""

    formats: list[Id] = Field(min_length=1, description="delivery formats, preferred first")
    then: list[Literal["evidence", "specificity", "cost"]] = Field(
        description="what decides between programmes of the same format, in order"
    )
    most_per_member: int = Field(ge=1, description="programmes shown per member; the rest are named in a note")
    text: Text = Field(description="the preference in words, as a reason gives it")


class InterventionsFile(Strict):
    ranking: Ranking
    interventions: list[Intervention] = Field(min_length=1)


class LeadRule(Sourced, Dated):
    rule: Id
    when: Condition
    role: Role | Literal["preferred"] | None = None
    roles: list[Role] | None = Field(None, description="the first involved, else the first")
    only_involved: bool = Field(
        False,
        description="with roles: only a practitioner already involved whose service meets one of the "
        "family's needs (indicators.yaml services), never the fallback",
    )
    title: Text | None = Field(None, description="the lead's function, if not the level's lead_title")
    text: Text

    @model_validator(mode="after")
    def _one_role(self) -> LeadRule:
        if (self.role is None) == (self.roles is None):
            raise ValueError("give exactly one of role or roles")
        if self.only_involved and self.roles is None:
            raise ValueError("only_involved goes with roles")
        return self


class LeadFile(Strict):
    rules: list[LeadRule] = Field(min_length=1, description="in order: the first that holds wins")


# ---------------------------------------------------------------- reviews


class ReviewText(Sourced):
    text: Text = Field(description="plain words, in a reason or a warning of a review's decision")


class Handover(ReviewText):
    warning: Text = Field(description="the warning given when the lead changes: ask for a planned handover")


class ReviewsFile(Strict):
    """What a decision says at a review (a profile with `current`): the help the family has against what the
    rules now suggest."""

    step_up: ReviewText = Field(description="the rules now suggest a higher level")
    step_down: ReviewText = Field(description="the rules now suggest a lower level")
    same: ReviewText = Field(description="the rules suggest the level the family has")
    from_social_care: ReviewText = Field(description="a step down from level 4: social care closes, help goes on")
    keep_progress: ReviewText = Field(description="the warning at every step down: a named contact and a plan")
    lead_change: Handover = Field(description="the suggested lead differs from the family's current lead")


# ---------------------------------------------------------------- front-door urgency


class RatingDef(Sourced):
    respond_within_hours: int = Field(gt=0, description="the front door decides within this many hours")
    meaning: Text


class Ratings(Strict):
    red: RatingDef
    amber: RatingDef
    green: RatingDef


class EscalationRating(Sourced):
    rating: Literal["red"] = Field("red", description="an escalation is always red: no pack can change it")
    text: Text


class LevelRating(Sourced):
    level: int = Field(ge=1, le=4)
    rating: Rating
    text: Text


class RaiseWhen(Strict):
    any: list[Code] = Field(min_length=1, description="indicators held by any member or by the family")


class RaiseRule(Sourced):
    rule: Id
    when: RaiseWhen
    rating: Literal["amber", "red"] = Field(description="the rating this raises the family to")
    text: Text


class UrgencyFile(Strict):
    ratings: Ratings
    escalation: EscalationRating
    levels: list[LevelRating] = Field(
        min_length=4, max_length=4, description="the rating for each level of need when nothing else applies"
    )
    rules: list[RaiseRule] = Field(default_factory=list, description="rules that raise the rating")


# ---------------------------------------------------------------- Supporting Families


class Threshold(Sourced):
    count: int = Field(ge=1, le=10, description="eligible with needs under at least this many headline outcomes")
    text: Text


class OutcomeDef(Sourced):
    code: Outcome
    label: Text


class Placement(Sourced):
    indicator: Code
    outcomes: list[Code] = Field(description="headline outcome codes; [] when it counts under none")
    age: Range | None = Field(None, description="only for a member of these ages (e.g. under 5: early years)")


class SupportingFamiliesFile(Strict):
    threshold: Threshold
    outcomes: list[OutcomeDef] = Field(min_length=1)
    mapping: list[Placement] = Field(min_length=1, description="every indicator, with the outcomes it counts under")


PACK_FILES: dict[str, type[BaseModel]] = {
    "rules/pack.yaml": PackFile,
    "rules/documents.yaml": DocumentsFile,
    "rules/levels.yaml": LevelsFile,
    "rules/indicators.yaml": IndicatorsFile,
    "rules/needs.yaml": NeedsFile,
    "rules/safeguarding.yaml": SafeguardingFile,
    "rules/age_bands.yaml": AgeBandsFile,
    "rules/cin_codes.yaml": CinCodesFile,
    "rules/urgency.yaml": UrgencyFile,
    "rules/supporting_families.yaml": SupportingFamiliesFile,
    "pathways/interventions.yaml": InterventionsFile,
    "pathways/lead_professional.yaml": LeadFile,
    "rules/reviews.yaml": ReviewsFile,
}
