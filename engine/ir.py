"""The compiled intermediate form: flat rules over flat facts, shared by every backend.

A rule holds when all its clauses hold; a clause holds when all (or, for `any`, one) of its
tests hold. A test compares one fact field with a constant. Both backends read only this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
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

    @cached_property
    def thresholds(self) -> tuple[Clause, ...]:
        """Clauses that compare a number (age, grade, count, level) rather than test a flag."""
        return tuple(c for c in self.clauses if c.tests and all(t.op != "eq" for t in c.tests))

    @cached_property
    def gates(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c not in self.thresholds)


def selective_first(clauses: list[Clause]) -> tuple[Clause, ...]:
    """Order clauses so the ones that test for a need come first: they rule most facts out."""
    return tuple(sorted(clauses, key=lambda c: not any(t.field[:2] in NEED_PREFIXES for t in c.tests)))


NEED_PREFIXES = ("m_", "a_", "c_", "f_", "x_")


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
        return self._by_stage[stage]

    def with_thresholds(self, stage: Stage) -> tuple[Rule, ...]:
        """The stage's rules that compare a number: the only ones that can be near misses."""
        return self._with_thresholds[stage]

    @cached_property
    def _with_thresholds(self) -> dict[Stage, tuple[Rule, ...]]:
        return {s: tuple(r for r in self._by_stage[s] if r.thresholds) for s in STAGES}

    @cached_property
    def _by_stage(self) -> dict[Stage, tuple[Rule, ...]]:
        return {s: tuple(r for r in self.rules if r.stage == s) for s in STAGES}

    def candidates(self, stage: Stage, fact: dict) -> list[Rule]:
        """The stage's rules for this fact's kind whose gating need (if any) the fact has."""
        gated, ungated = self._gates[(stage, fact["kind"])]
        hit = {r.index: r for field, rules in gated.items() if fact.get(field) for r in rules}
        return [*ungated, *(hit[i] for i in sorted(hit))]

    @cached_property
    def _gates(self) -> dict[tuple[Stage, Subject], tuple[dict[str, list[Rule]], list[Rule]]]:
        """Index each rule under the need flags of its first clause, when that clause needs one."""
        out: dict[tuple[Stage, Subject], tuple[dict[str, list[Rule]], list[Rule]]] = {}
        for stage in STAGES:
            for subject in ("member", "family"):
                gated: dict[str, list[Rule]] = {}
                ungated: list[Rule] = []
                for r in self._by_stage[stage]:
                    if r.subject != subject:
                        continue
                    gate = r.clauses[0] if r.clauses else None
                    if gate is not None and _is_gate(gate):
                        for t in gate.tests:
                            gated.setdefault(t.field, []).append(r)
                    else:
                        ungated.append(r)
                out[(stage, subject)] = (gated, ungated)
        return out


def _is_gate(clause: Clause) -> bool:
    needs = all(t.op == "eq" and t.value is True and t.field[:2] in NEED_PREFIXES for t in clause.tests)
    return needs and (clause.mode == "any" or len(clause.tests) == 1)
