"""Rule nodes: flat rules of clauses of tests over one fact's fields.

A rule holds when all its clauses hold; a clause holds when all (or, for `any`, one) of its
tests hold. A test compares one fact field with a constant. A fact is a dict from field name
to value in which a false flag may be left out: a missing flag reads as false.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .fields import Field

Stage = Literal["level", "intervention", "lead"]
Subject = Literal["member", "family"]
STAGES: tuple[Stage, ...] = ("level", "intervention", "lead")
Fact = dict[str, int | bool]


@dataclass(frozen=True)
class Test:
    """One comparison of a fact field with a constant."""

    field: Field
    op: Literal["eq", "ge", "le"]
    value: int | bool

    def holds(self, fact: Fact) -> bool:
        got = fact.get(self.field.name, False)
        if self.op == "eq":
            return bool(got == self.value)
        return bool(got >= self.value) if self.op == "ge" else bool(got <= self.value)

    @property
    def is_flag(self) -> bool:
        return isinstance(self.value, bool)


@dataclass(frozen=True)
class Clause:
    """Tests that must all hold (or, for `any`, one), with what they mean in words."""

    tests: tuple[Test, ...]
    mode: Literal["all", "any"]
    says: str  # what must be true, in words: "aged 3 to 6"
    negated: bool = False  # an `unless` turned round: it says what must not be true

    def holds(self, fact: Fact) -> bool:
        check = all if self.mode == "all" else any
        return check(t.holds(fact) for t in self.tests)

    @property
    def is_threshold(self) -> bool:
        """A clause that compares a number (age, grade, count, level) rather than tests a flag."""
        return bool(self.tests) and all(t.op != "eq" for t in self.tests)

    @property
    def is_gate(self) -> bool:
        """A clause that holds only if the fact has one of some flags (a need, a pregnancy...):
        rules are indexed by it, so a fact without any of them never meets the rule."""
        flags = bool(self.tests) and all(t.op == "eq" and t.value is True for t in self.tests)
        return flags and (self.mode == "any" or len(self.tests) == 1)


@dataclass(frozen=True)
class Origin:
    """Where a rule was written: file and line."""

    file: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class RaiseLevel:
    """The rule raises the level of need to at least this."""

    level: int


@dataclass(frozen=True)
class Escalate:
    """The rule escalates to children's social care by this route (and so to level 4)."""

    route: str


@dataclass(frozen=True)
class Offer:
    """The rule offers this programme to the member."""

    intervention: str


@dataclass(frozen=True)
class Lead:
    """The rule suggests this lead role; the lowest order that holds wins."""

    role: str
    order: tuple[int, int]  # (rule position, role position): the lowest that holds wins
    title: str | None = None  # the lead's function, when the rule names it (else the level's)


Effect = RaiseLevel | Escalate | Offer | Lead


@dataclass(frozen=True)
class Rule:
    """One compiled rule: clauses over one subject's facts, an effect, its words and its source."""

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

    def holds(self, fact: Fact) -> bool:
        return all(c.holds(fact) for c in self.clauses)

    @property
    def level(self) -> int:
        """The level this rule sets (escalations set 4); 0 for offer and lead rules."""
        if isinstance(self.effect, Escalate):
            return 4
        return self.effect.level if isinstance(self.effect, RaiseLevel) else 0

    @cached_property
    def thresholds(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.is_threshold)

    @cached_property
    def gates(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.is_threshold)

    @cached_property
    def tests_gestation(self) -> bool:
        """The rule looks at how far a pregnancy has gone (which holds when it is not recorded)."""
        return any(f.kind in ("gest_lo", "gest_hi") for f in self.fields)

    @cached_property
    def fields(self) -> frozenset[Field]:
        return frozenset(t.field for c in self.clauses for t in c.tests)


def selective_first(clauses: list[Clause]) -> tuple[Clause, ...]:
    """Order clauses so the most selective come first: a need, then another flag that must be
    set (a pregnancy, a parent), then the rest. The first gate is what a rule is indexed by."""

    def rank(c: Clause) -> int:
        if c.is_gate and all(t.field.is_need for t in c.tests):
            return 0
        return 1 if c.is_gate and c.tests[0].field.kind not in ("child", "has_child") else 2

    return tuple(sorted(clauses, key=rank))
