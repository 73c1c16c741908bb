"""The explained decision (public contract section 3): plain data, and its JSON.

Slotted dataclasses rather than validating models: the engine builds them from data it has
already checked, thousands a second. Their JSON Schema comes from pydantic's TypeAdapter
(`continuum schema`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import orjson
from typing_extensions import TypedDict


@dataclass(frozen=True, slots=True)
class Reason:
    """Why part of a decision says what it says: the rule, a plain sentence, and its source."""

    rule: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class RulePack:
    """The pack that decided, with the digest of exactly the files it was compiled from."""

    name: str
    version: str
    digest: str


@dataclass(frozen=True, slots=True)
class DatedRulePack(RulePack):
    """The pack that decided, for a pack with dated values: also the days its values are in force
    (`{"from": ..., "until": ...}`, either null at the open end)."""

    in_force: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class LevelOut:
    """The level of need (1-4), its name, the response it calls for, and the rules that set it."""

    code: int
    name: str
    response: str
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class Safeguarding:
    """Whether a significant-harm concern escalates, where it goes now, and why."""

    escalate: bool
    route: str | None
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class InterventionOut:
    """A programme recommended for one member, with the age band that made them eligible."""

    id: str
    name: str
    member: str
    ages: tuple[int, int]
    rank: int  # 1 for this member's best fit, by the pack's stated preference
    evidence: str
    delivered_by: str
    alternatives: list[str]  # programmes that meet the same need, fitting less well: ids
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class LeadOut:
    """The suggested lead professional's role (none at level 1), what the pack calls the function,
    and why."""

    role: str | None
    title: str | None
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class Help:
    """A level of need and its lead role (or none): the help a family has, or the help suggested."""

    level: int
    lead: str | None


Direction = Literal["step_up", "step_down", "same"]
# At a review: the help the family has (`from`), the help the rules now suggest (`to`), and why.
Change = TypedDict("Change", {"from": Help, "to": Help, "direction": Direction, "reasons": list[Reason]})


@dataclass(frozen=True, slots=True)
class Urgency:
    """The front door's RAG rating (red, amber or green), the hours within which to act, and why."""

    rating: str
    respond_within_hours: int
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class SupportingFamilies:
    """The Supporting Families headline outcomes the family has needs under, whether that makes it eligible, and why."""

    outcomes: list[str]
    eligible: bool
    reasons: list[Reason]


@dataclass(frozen=True, slots=True)
class Decision:
    """Everything decided for one family, each part with its reasons."""

    referral_id: str
    as_of: str
    rulepack: RulePack
    level: LevelOut
    safeguarding: Safeguarding
    interventions: list[InterventionOut]
    lead_professional: LeadOut
    urgency: Urgency
    supporting_families: SupportingFamilies
    change: Change | None
    warnings: list[str]
    near_misses: list[str]

    def to_json(self) -> str:
        """The decision object of contract section 3, the same bytes for the same decision."""
        return orjson.dumps(self, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()

    def to_json_line(self) -> bytes:
        """The same decision object on one line (JSON Lines), as `continuum batch` writes it."""
        return orjson.dumps(self, option=orjson.OPT_APPEND_NEWLINE)
