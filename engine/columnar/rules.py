"""Rules of the intermediate form, each tested once for a whole caseload.

A rule is about member rows or families (its subject), and is tested only on the rows that may
pass: the holders of one of its gates (a clause that holds only where some flag is set), found
through the caseload's index from each code to its holders, or the members whose age and flags
its clauses about the person allow, found through an index by person key; whichever are fewer.
So a rule costs what the rows it may hold for cost, not what the caseload does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial

import numpy as np

from ..ir import HOLDERS, KINDS, Clause, CompiledPack, Field, Rule
from .caseload import Block, Flags, Index, Ints, index, ranges
from .clauses import At, Clauses, Holds, Shape
from .facts import Facts

Source = Callable[[Flags | None], At]  # the rows to test, given the families in scope


class Evaluator:
    """Tests the rules of one pack on a caseload's blocks, one block at a time (see bind): a rule's
    plan is made on the first block and kept for the others."""

    f: Facts
    c: Block

    def __init__(self, pack: CompiledPack, ages: int):
        self.pack = pack
        self.tests = Clauses(ages)
        self._plans: dict[int, tuple[Source, tuple[Holds, ...]]] = {}

    def bind(self, facts: Facts) -> None:
        """Test rules on this block's facts from now on."""
        self.f = self.tests.f = facts
        self.c = facts.c
        self.size = len(self.c.fam) / max(1, self.c.families)  # members per family, on average
        self._flags: dict[Field, int] = {}  # how many rows have a flag set
        self.__dict__.pop("_people", None)

    def fire(self, rule: Rule, scope: Flags | None = None) -> At:
        """Where the rule holds: member rows or families (by its subject), within `scope`'s families."""
        plan = self._plans.get(rule.index)
        if plan is None:
            plan = self._plans[rule.index] = self._plan(rule)
        source, parts = plan
        at = source(scope)
        for holds in parts:  # each on the rows the ones before kept
            if not len(at.idx):
                break
            at = at.keep(holds(at))
        return at

    def _plan(self, rule: Rule) -> tuple[Source, tuple[Holds, ...]]:
        """Where to look for the rows a rule may hold for (the fewest), and the tests left to make there."""
        member = rule.subject == "member"
        shape = self._shape(rule)
        n = len(self.c.fam) if member else self.c.families
        # (rows at most, where to look, the gate it is, whether it is by person key)
        options: list[tuple[float, Source, Clause | None, bool]] = [(n, partial(self._all, member), None, False)]
        for c in shape.rest:
            if c.is_gate:
                rows = sum(self._estimate(member, t.field) for t in c.tests)
                options.append((rows, partial(self._gated, member, c), c, False))
        if shape.keys is not None:
            options.append((self._people.count(shape.keys), partial(self._by_person, shape.keys), None, True))
        _, source, gate, by_person = min(options, key=lambda o: o[0])
        parts: list[Holds] = []
        table = shape.table
        if shape.by == "member_key":
            parts.append(lambda at: table[self.f.member_key[at.idx]])
        elif shape.by == "stage_key":
            parts.append(lambda at: table[self.f.stage_key[at.idx]])
        elif shape.by == "person" and not by_person:
            parts.append(lambda at: table[self.f.person[at.idx]])
        # a gate's rows are where it holds; but for a young parent "an adult holds" means another adult
        exact = gate is not None and not (member and any(t.field.kind == "a_" for t in gate.tests))
        rest = [self.tests.clause(rule.subject, c) for c in shape.rest if not (exact and c is gate)]
        return source, (*parts, *rest)

    def _shape(self, rule: Rule) -> Shape:
        key = ("columnar-shape", rule.index, self.tests.ages)  # the same for every caseload
        got = self.pack.cache.get(key)
        if got is None:
            got = self.pack.cache[key] = self.tests.shape(rule)
        return got

    # -- where to look -----------------------------------------------------------------------------

    @cached_property
    def _people(self) -> Index:
        """Member rows by person key."""
        key = self.f.person
        return index(np.ones(len(key), np.int64), key, self.tests.ages * 16)

    def _by_person(self, keys: Ints, scope: Flags | None) -> At:
        idx = self._people.many(keys)
        return _within(At(idx, self.c.fam), scope)

    def _all(self, member: bool, scope: Flags | None) -> At:
        """Every row (in `scope`'s families)."""
        if scope is None:
            idx = np.arange(len(self.c.fam) if member else self.c.families)
            return At(idx, self.c.fam if member else None, self.c.fam if member else None)
        idx = np.flatnonzero(scope[self.c.fam] if member else scope)
        return At(idx, self.c.fam if member else None)

    def _estimate(self, member: bool, f: Field) -> float:
        """How many rows a flag may pick (at most)."""
        c, pos = self.c, self.f.pos
        if f.kind in HOLDERS and f.arg not in pos:
            return 0
        if f.kind == "m_":
            return len(c.holders.of(pos[f.arg]))
        if f.kind == "f_":
            families = len(c.family_holders.of(pos[f.arg]))
        elif f.kind in HOLDERS:
            families = len(c.holders.of(pos[f.arg]))
        else:
            families = self._flags.get(f, -1)
            if families < 0:
                column = self.f.member(f.kind) if KINDS[f.kind].scope == "member" else self.f.family(f)
                families = self._flags[f] = int(np.count_nonzero(column))
            if KINDS[f.kind].scope == "member":
                return families  # rows, in fact
        return families * self.size if member else families

    def _gated(self, member: bool, gate: Clause, scope: Flags | None) -> At:
        """The rows where one of the gate's flags is set (a row with two may come twice: a firing
        writes the same both times)."""
        tests = [t.field for t in gate.tests]
        rows = [self._rows(t) for t in tests if KINDS[t.kind].scope == "member"]
        fams = [self._families(t) for t in tests if KINDS[t.kind].scope == "family"]
        if len(fams) > 1 or (fams and member):
            seen = np.zeros(self.c.families, bool)  # each family once
            seen[np.concatenate(fams)] = True
            fams = [np.flatnonzero(seen)]
        if not member:
            return _within(At(fams[0], None), scope)
        if fams:
            f = fams[0]
            rows.append(ranges(self.c.start[f], self.c.start[f + 1] - self.c.start[f]))  # all their members
        idx = rows[0] if len(rows) == 1 else np.concatenate(rows)
        return _within(At(idx, self.c.fam), scope)

    def _rows(self, f: Field) -> Ints:
        """The member rows where a member flag is set."""
        if f.kind == "m_":
            return self.c.holders.of(self.f.pos[f.arg]) if f.arg in self.f.pos else np.zeros(0, np.int64)
        return np.flatnonzero(self.f.member(f.kind))

    def _families(self, f: Field) -> Ints:
        """The families where a family flag is set; for an indicator, those where someone it names holds
        it (a family as often as it has holders)."""
        c = self.c
        if f.kind not in HOLDERS:
            return np.flatnonzero(self.f.family(f))
        if f.arg not in self.f.pos:
            return np.zeros(0, np.int64)
        k = self.f.pos[f.arg]
        if f.kind == "f_":
            return c.family_holders.of(k)
        rows = c.holders.of(k)
        if f.kind == "a_":
            rows = rows[c.adult[rows]]
        elif f.kind == "c_":
            rows = rows[c.child[rows]]
        elif f.kind == "p_":
            rows = rows[self.f.primary[c.fam[rows]] == rows]
        return c.fam[rows]


def _within(at: At, scope: Flags | None) -> At:
    return at if scope is None else at.keep(scope[at.fams])
