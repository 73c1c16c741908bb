"""Clauses of the intermediate form as tests of columns, on the rows a rule is being tested on.

Tests of indicators held by the same holder are read together from the bitsets. The clauses
about a member's person (age, child, parent, pregnancy) or about the level (level, escalated)
become one lookup in a table of every value those fields can take, made by the same tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..ir import HOLDERS, KINDS, Clause, Rule, Subject, Test
from .bits import Bits, all_of, any_of
from .caseload import Flags, Ints
from .facts import PERSON, Facts

STAGE = ("level", "escalated")


class At:
    """The rows a rule is tested on: member rows or families (`idx`), and the family of each
    (`fams`, read from `fam`, each member row's family, when first asked; families are their own)."""

    __slots__ = ("_fams", "fam", "idx")

    def __init__(self, idx: Ints, fam: Ints | None, fams: Ints | None = None):
        self.idx, self.fam, self._fams = idx, fam, fams

    @property
    def fams(self) -> Ints:
        if self._fams is None:
            self._fams = self.idx if self.fam is None else self.fam[self.idx]
        return self._fams

    def keep(self, holds: Flags) -> At:
        at = np.flatnonzero(holds)  # then a gather: faster than a boolean index
        return At(self.idx[at], self.fam, None if self._fams is None or self.fam is None else self._fams[at])


Holds = Callable[[At], Flags]


def compare(t: Test, values: NDArray) -> Flags:
    """One test of a field's values against its constant."""
    if t.op == "eq":
        return values == t.value
    return values >= t.value if t.op == "ge" else values <= t.value


def clauses_hold(clauses: Sequence[Clause], column: Callable[[str], NDArray], n: int) -> Flags:
    """Where every clause holds, for clauses of plain fields (no indicators) whose values `column` gives."""
    out = np.ones(n, bool)
    for c in clauses:
        tests = [compare(t, column(t.field.kind)) for t in c.tests]
        if c.mode == "all":
            for hit in tests:
                out &= hit
        else:
            out &= np.logical_or.reduce(tests) if tests else np.zeros(n, bool)
    return out


@dataclass(frozen=True)
class Shape:
    """A rule's clauses sorted once per pack: those about the person and the level as one lookup table
    (`by` names the key it is read by: member_key, stage_key or person; "" when there are none), and
    the rest."""

    table: Flags
    by: str
    keys: Ints | None  # the person keys the person's clauses allow (None: the rule has none)
    rest: tuple[Clause, ...]


class Clauses:
    """Compiles clauses into tests of fact columns: of the block the evaluator is bound to when tested."""

    f: Facts  # the block's facts, bound by the evaluator

    def __init__(self, ages: int):
        self.ages = ages  # person keys cover ages 0 to ages - 1

    def shape(self, rule: Rule) -> Shape:
        """The rule's clauses sorted (for any block: the tables depend on the pack alone)."""
        member = rule.subject == "member"

        def only(kinds: tuple[str, ...]) -> list[Clause]:
            return [c for c in rule.clauses if c.tests and all(t.field.kind in kinds for t in c.tests)]

        person = only(("age", *PERSON)) if member else []
        stage = only(STAGE)
        rest = tuple(c for c in rule.clauses if c not in person and c not in stage)
        mine = self.person_table(person) if person else None
        keys = np.flatnonzero(mine) if mine is not None else None
        if not stage:
            return Shape(mine, "person", keys, rest) if mine is not None else Shape(np.ones(0, bool), "", None, rest)
        levels = self.stage_table(stage)
        if not member:
            return Shape(levels, "stage_key", keys, rest)
        # one lookup by member key (Facts.member_key) for the person's clauses and the level's
        mine = mine if mine is not None else np.ones(self.ages * 16, bool)
        return Shape((mine[:, None] & levels[None, :]).ravel(), "member_key", keys, rest)

    def person_table(self, clauses: Sequence[Clause]) -> Flags:
        """Whether the clauses hold, for every person key (age * 16 + the PERSON flags as bits)."""
        key = np.arange(self.ages * 16)
        columns = {"age": key // 16, **{k: (key >> i) & 1 == 1 for i, k in enumerate(PERSON)}}
        return clauses_hold(clauses, columns.__getitem__, len(key))

    def stage_table(self, clauses: Sequence[Clause]) -> Flags:
        """Whether the clauses hold, for every stage key (Facts.stage_key)."""
        key = np.arange(10)
        return clauses_hold(clauses, {"level": key // 2, "escalated": key % 2 == 1}.__getitem__, len(key))

    def clause(self, subject: Subject, clause: Clause) -> Holds:
        """One clause as a test of the rows it is given."""
        every = clause.mode == "all"
        held: dict[tuple[str, bool], list[str]] = {}
        parts: list[Holds] = []
        for t in clause.tests:
            if t.field.kind in HOLDERS:
                held.setdefault((t.field.kind, bool(t.value)), []).append(t.field.arg)
            else:
                parts.append(self._test(subject, t))
        for (kind, value), codes in held.items():
            parts.append(self._held(subject, kind, value, every, codes))
        if not parts:
            return lambda at: np.full(len(at.idx), every)  # no tests: `all` holds, `any` does not

        def holds(at: At) -> Flags:
            out = parts[0](at)
            for part in parts[1:]:
                out = out & part(at) if every else out | part(at)
            return out

        return holds

    def _held(self, subject: Subject, kind: str, value: bool, every: bool, codes: list[str]) -> Holds:
        """Tests that a holder has (value True) or has not (False) indicators: each of them (every) or one."""
        m, complete = self.f.codes(codes)
        bits = self._bits(subject, kind)

        def holds(at: At) -> Flags:
            b = bits(at)
            if value:
                return (all_of(b, m) & complete) if every else any_of(b, m)
            return ~any_of(b, m) if every else ~(all_of(b, m) & complete)

        return holds

    def _bits(self, subject: Subject, kind: str) -> Callable[[At], Bits]:
        if subject == "member" and kind == "m_":
            return lambda at: self.f.c.held[:, at.idx]
        if subject == "member" and kind == "a_":
            return lambda at: self.f.member_adults[:, at.idx]
        if kind == "m_":
            raise ValueError("a family rule cannot test a member's own indicators")
        return lambda at: self.f.holders[kind][:, at.fams]

    def _test(self, subject: Subject, t: Test) -> Holds:
        f = t.field
        if KINDS[f.kind].scope == "family":
            return lambda at: compare(t, self.f.family(f)[at.fams])
        if subject == "family":
            raise ValueError(f"a family rule cannot test the member field '{f.kind}'")
        return lambda at: compare(t, self.f.member(f.kind)[at.idx])
