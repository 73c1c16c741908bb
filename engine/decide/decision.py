"""The explained decision (public contract section 3): plain data, and its JSON.

Slotted dataclasses rather than validating models: the engine builds them from data it has
already checked, thousands a second. Their JSON Schema comes from pydantic's TypeAdapter
(`continuum schema`).
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class RulePack:
    name: str
    version: str
    digest: str


@dataclass(frozen=True, slots=True)
class LevelOut:
    code: int
    name: str
    response: str
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class Safeguarding:
    escalate: bool
    route: str | None
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class InterventionOut:
    id: str
    name: str
    member: str
    ages: tuple[int, int]
    evidence: str
    delivered_by: str
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class LeadOut:
    role: str | None
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class Decision:
    referral_id: str
    as_of: str
    rulepack: RulePack
    level: LevelOut
    safeguarding: Safeguarding
    interventions: list[InterventionOut]
    lead_professional: LeadOut
    warnings: list[str]
    near_misses: list[str]

    def to_dict(self) -> dict:
        """The decision as plain JSON-ready data, keys in the contract's order."""
        return orjson.loads(orjson.dumps(self))

    def to_json(self) -> str:
        """The decision object of contract section 3, the same bytes for the same decision."""
        return orjson.dumps(self, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
