"""The compiled intermediate form: flat rules over flat facts, shared by every backend.

A rule holds when all its clauses hold; a clause holds when all (or, for `any`, one) of its
tests hold. A test compares one fact field with a constant. Both backends read only this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Stage = Literal["level", "intervention", "lead"]
Subject = Literal["member", "family"]
STAGES: tuple[Stage, ...] = ("level", "intervention", "lead")


@dataclass(frozen=True)
class Test:
    field: str
    op: Literal["eq", "ge", "le"]
    value: int | bool

    def holds(self, fact: dict) -> bool:
        got = fact[self.field]
        if self.op == "eq":
            return bool(got == self.value)
        return bool(got >= self.value) if self.op == "ge" else bool(got <= self.value)


@dataclass(frozen=True)
class Clause:
    tests: tuple[Test, ...]
    mode: Literal["all", "any"]
    says: str  # what must be true, in words: "aged 3 to 6"

    def holds(self, fact: dict) -> bool:
        check = all if self.mode == "all" else any
        return check(t.holds(fact) for t in self.tests)


@dataclass(frozen=True)
class Origin:
    file: str
    line: int | None


@dataclass(frozen=True)
class RaiseLevel:
    level: int


@dataclass(frozen=True)
class Escalate:
    route: str


@dataclass(frozen=True)
class Offer:
    intervention: str


@dataclass(frozen=True)
class Lead:
    role: str
    order: tuple[int, int]


Effect = RaiseLevel | Escalate | Offer | Lead


@dataclass(frozen=True)
class Rule:
    index: int
    id: str
    stage: Stage
    subject: Subject
    clauses: tuple[Clause, ...]
    effect: Effect
    text: str
    source: str
    unverified: tuple[str, ...]
    origin: Origin

    def holds(self, fact: dict) -> bool:
        return fact["kind"] == self.subject and all(c.holds(fact) for c in self.clauses)


@dataclass(frozen=True)
class LevelInfo:
    code: int
    name: str
    response: str
    lead_professional: bool
    source: str


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    label: str
    domain: str
    applies_to: str
    level: int


@dataclass(frozen=True)
class InterventionInfo:
    id: str
    name: str
    ages: tuple[int, int]
    evidence: str
    delivered_by: str
    whole_family: bool
    band: str | None
    source: str
    unverified: tuple[str, ...]


@dataclass(frozen=True)
class CompiledPack:
    name: str
    version: str
    digest: str
    effective_from: dt.date
    levels: dict[int, LevelInfo]
    universal_text: str
    indicators: dict[str, IndicatorInfo]
    interventions: dict[str, InterventionInfo]
    rules: tuple[Rule, ...]
    fields: dict[tuple[Stage, Subject], tuple[str, ...]] = field(default_factory=dict)

    def stage(self, stage: Stage) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.stage == stage)
