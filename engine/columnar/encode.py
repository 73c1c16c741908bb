"""Families -> a caseload as columns (engine/columnar/caseload.py), read once, then cut into blocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from ..contract import ROLES
from ..profile import Family
from .bits import Bits, from_runs, words_for
from .caseload import Block, Caseload, Index, Ints, index

BLOCK = 65_536  # families per block, as measured: smaller blocks pay fixed costs more often, larger miss caches


def encode(families: Sequence[Family], block: int = BLOCK) -> Caseload:
    """The families as columns, in blocks of `block` families."""
    whole = _Whole.of(families)
    n = len(families)
    return Caseload(tuple(whole.block(k, min(n, k + block)) for k in range(0, n, block)))


@dataclass(frozen=True)
class _Runs:
    """Codes held, owner by owner: how many each holds, their codes one owner after another, and
    where each owner's codes start."""

    counts: Ints
    codes: Ints
    firsts: Ints

    @classmethod
    def of(cls, numbers: list[tuple[int, ...]]) -> _Runs:
        counts = np.fromiter(map(len, numbers), np.int64, len(numbers))
        firsts = np.zeros(len(numbers) + 1, np.int64)
        np.cumsum(counts, out=firsts[1:])
        return cls(counts, np.fromiter(chain.from_iterable(numbers), np.int64, int(firsts[-1])), firsts)

    def part(self, lo: int, hi: int, k: int) -> tuple[Bits, Index, Ints]:
        """The bitsets of owners lo to hi - 1, the index of their holders of each of k codes, and their counts."""
        counts, codes = self.counts[lo:hi], self.codes[self.firsts[lo] : self.firsts[hi]]
        return from_runs(codes, counts, words_for(k)), index(counts, codes, k), counts


@dataclass(frozen=True)
class _Whole:
    """The whole caseload's columns, before it is cut into blocks."""

    start: Ints
    members: dict[str, NDArray]  # Block's member columns
    families: dict[str, NDArray]  # Block's family columns
    member_codes: _Runs
    family_codes: _Runs
    codes: tuple[str, ...]
    roles: tuple[str, ...]

    @classmethod
    def of(cls, families: Sequence[Family]) -> _Whole:
        """Read the families (the loops over families and members run in C: map, attrgetter, fromiter)."""
        code: dict[str, int] = {}
        role = {r: i for i, r in enumerate(ROLES)}

        def numbered(sets: list[frozenset[str]]) -> list[tuple[int, ...]]:
            known: dict[frozenset[str], tuple[int, ...]] = dict.fromkeys(sets, ())  # each distinct set once
            for c in sorted(set(chain.from_iterable(known)) - code.keys()):
                code[c] = len(code)
            for s in known:
                known[s] = tuple(map(code.__getitem__, s))
            return list(map(known.__getitem__, sets))

        groups = list(map(attrgetter("members"), families))
        people = list(chain.from_iterable(groups))
        involved = list(map(attrgetter("involved"), families))
        distinct: dict[tuple[str, ...], int] = dict.fromkeys(involved, 0)
        for key in distinct:
            distinct[key] = sum(1 << role.setdefault(r, len(role)) for r in key)
        preferred = list(map(attrgetter("preferred_lead"), families))
        for r in sorted(set(preferred) - role.keys() - {None}):
            role[r] = len(role)  # not a contract role: the profile reader refuses one, a caller may not
        numbers: dict[str | None, int] = {None: -1}
        numbers.update(role)
        weeks = np.array(list(map(attrgetter("gestation_weeks"), people)), np.float64)  # None -> nan
        start = np.zeros(len(groups) + 1, np.int64)
        np.cumsum(np.fromiter(map(len, groups), np.int64, len(groups)), out=start[1:])
        fields = attrgetter("age", "is_child", "is_parent", "pregnant", "first_pregnancy")  # one pass over people
        values = np.fromiter(chain.from_iterable(map(fields, people)), np.int64, 5 * len(people))
        age, child, parent, pregnant, first = values.reshape(-1, 5).T
        members = {
            "age": age.copy(),
            "child": child != 0,
            "parent": parent != 0,
            "pregnant": pregnant != 0,
            "first_pregnancy": first != 0,
            "gestation": np.where(np.isnan(weeks), -1, weeks).astype(np.int64),
        }
        own = {
            "da_risk": np.array([d or 0 for d in map(attrgetter("domestic_abuse_risk"), families)], np.int64),
            "involved": np.array(list(map(distinct.__getitem__, involved)), np.uint64),
            "preferred": np.fromiter(map(numbers.__getitem__, preferred), np.int64, len(families)),
            "day": np.fromiter(map(dt.date.toordinal, map(attrgetter("as_of"), families)), np.int64, len(families)),
        }
        assert len(role) <= 64, "more than 64 lead roles"
        m_codes = _Runs.of(numbered(list(map(attrgetter("indicators"), people))))
        f_codes = _Runs.of(numbered(list(map(attrgetter("indicators"), families))))
        return cls(start, members, own, m_codes, f_codes, tuple(code), tuple(role))

    def block(self, lo: int, hi: int) -> Block:
        """Families lo to hi - 1 as a block."""
        r0, r1, k = int(self.start[lo]), int(self.start[hi]), len(self.codes)
        held, holders, n_held = self.member_codes.part(r0, r1, k)
        family_held, family_holders, _ = self.family_codes.part(lo, hi, k)
        m = {name: v[r0:r1] for name, v in self.members.items()}
        f = {name: v[lo:hi] for name, v in self.families.items()}
        start = self.start[lo : hi + 1] - r0
        return Block(
            start=start,
            fam=np.repeat(np.arange(hi - lo), np.diff(start)),
            age=m["age"],
            child=m["child"],
            parent=m["parent"],
            pregnant=m["pregnant"],
            first_pregnancy=m["first_pregnancy"],
            gestation=m["gestation"],
            codes=self.codes,
            held=held,
            n_held=n_held,
            holders=holders,
            family_held=family_held,
            family_holders=family_holders,
            da_risk=f["da_risk"],
            roles=self.roles,
            involved=f["involved"],
            preferred=f["preferred"],
            day=f["day"],
        )
