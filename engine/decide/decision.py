"""The explained decision (public contract section 3) as pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reason(Out):
    rule: str
    text: str
    source: str


class InForce(Out):
    """The days the values that decided are in force, for a pack with dated values."""

    model_config = ConfigDict(populate_by_name=True)
    from_: str | None = Field(alias="from")
    until: str | None


class RulePack(Out):
    name: str
    version: str
    digest: str
    in_force: InForce | None = None  # only for a pack with dated values

    @model_serializer(mode="wrap")
    def _dated_only(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out: dict[str, Any] = handler(self)
        if out.get("in_force") is None:
            out.pop("in_force", None)
        return out


class LevelOut(Out):
    code: int
    name: str
    response: str
    reasons: list[Reason]


class Safeguarding(Out):
    escalate: bool
    route: str | None
    reasons: list[Reason]


class InterventionOut(Out):
    id: str
    name: str
    member: str
    ages: tuple[int, int]
    evidence: str
    delivered_by: str
    reasons: list[Reason]


class LeadOut(Out):
    role: str | None
    reasons: list[Reason]


class Decision(Out):
    referral_id: str
    as_of: str
    rulepack: RulePack
    level: LevelOut
    safeguarding: Safeguarding
    interventions: list[InterventionOut]
    lead_professional: LeadOut
    warnings: list[str]
    near_misses: list[str]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, by_alias=True) + "\n"
