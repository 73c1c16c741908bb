"""The explained decision (public contract section 3) as pydantic models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reason(Out):
    rule: str
    text: str
    source: str


class RulePack(Out):
    name: str
    version: str
    digest: str


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
        return self.model_dump_json(indent=2) + "\n"
