"""A caseload as columns: families encoded once, with no pack in mind, then decided by any pack.

Families come in blocks; in a block, members are rows, each family's consecutive and in profile
order. Indicator codes are numbered as the caseload first holds them: who holds what is a bitset
per row (engine/columnar/bits.py) and, for finding the few rows a rule is about, an index from
each code to its holders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from ..contract import ROLES
from ..profile import Family
from .bits import Bits, Flags, from_runs, words_for

Ints = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Index:
    """The holders of each code: `owners[bounds[k]:bounds[k + 1]]` hold code k, in row order."""

    owners: Ints
    bounds: Ints

    def of(self, k: int) -> Ints:
        return self.owners[self.bounds[k] : self.bounds[k + 1]]

    def count(self, ks: Ints) -> int:
        """How many hold one of these codes (an owner once per code it holds)."""
        return int((self.bounds[ks + 1] - self.bounds[ks]).sum())

    def many(self, ks: Ints) -> Ints:
        """The holders of these codes, code by code."""
        return self.owners[ranges(self.bounds[ks], self.bounds[ks + 1] - self.bounds[ks])]


def ranges(first: Ints, sizes: Ints) -> Ints:
    """first[0], first[0] + 1, ... (sizes[0] of them), then from first[1], and so on."""
    return np.repeat(first - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))


def index(counts: Ints, positions: Ints, k: int) -> Index:
    """The index of owners (each with `counts` codes, in order) by code, for codes 0 to k - 1."""
    owners = np.repeat(np.arange(len(counts)), counts)
    order = np.argsort(positions.astype(np.int16 if k < 2**15 else np.int64), kind="stable")  # a radix sort
    bounds = np.zeros(k + 1, np.int64)
    np.cumsum(np.bincount(positions, minlength=k), out=bounds[1:])
    return Index(owners[order], bounds)


@dataclass(frozen=True, eq=False)
class Block:
    """Consecutive families as columns. Member rows of family k are `start[k]:start[k + 1]`."""

    start: Ints  # (families + 1)
    fam: Ints  # the family of each member row
    age: Ints
    child: Flags
    parent: Flags
    pregnant: Flags
    first_pregnancy: Flags
    gestation: Ints  # weeks, -1 when not recorded
    codes: tuple[str, ...]  # the indicator code of each bit position
    held: Bits  # (words, members): each member's indicators
    n_held: Ints  # how many indicators each member holds
    holders: Index  # member rows holding each code
    family_held: Bits  # (words, families): the family's own indicators
    family_holders: Index  # families holding each code
    da_risk: Ints  # domestic abuse grade, 0 when not graded
    roles: tuple[str, ...]  # the role of each bit of `involved`, and of `preferred`
    involved: NDArray[np.uint64]
    preferred: Ints  # -1 when the family has said nothing
    day: Ints  # the referral date (proleptic ordinal)

    @property
    def families(self) -> int:
        return len(self.start) - 1

    @cached_property
    def slot(self) -> Ints:
        """Each member's position in its profile."""
        return np.arange(len(self.fam)) - self.start[self.fam]

    @cached_property
    def young_parent(self) -> Flags:
        return self.child & (self.parent | self.pregnant)

    @cached_property
    def adult(self) -> Flags:
        """Adults and young parents: who holds what adults hold."""
        return ~self.child | self.young_parent

    @cached_property
    def _later(self) -> tuple[tuple[Ints, Ints], ...]:
        """For each member position j from 1: the families with a j-th member, and that member's row."""
        sizes = np.diff(self.start)
        out = []
        for j in range(1, int(sizes.max(initial=0))):
            fams = np.flatnonzero(sizes > j)
            out.append((fams, self.start[fams] + j))
        return tuple(out)

    def reduce(self, values: NDArray, op: np.ufunc) -> NDArray:
        """`op` (e.g. np.bitwise_or, np.minimum) over each family's member rows, for values of shape
        (members,) or (words, members): position by position, faster than op.reduceat here."""
        out = values[..., self.start[:-1]]
        for column, got in zip(out.reshape(-1, self.families), values.reshape(-1, len(self.fam)), strict=True):
            for fams, rows in self._later:
                column[fams] = op(column[fams], got[rows])
        return out

    def any(self, rows: Flags) -> Flags:
        """Per family: one of its member rows is flagged."""
        out = np.zeros(self.families, bool)
        out[self.fam[np.flatnonzero(rows)]] = True
        return out


@dataclass(frozen=True, eq=False)
class Caseload:
    """Families as columns, in blocks of consecutive families small enough to stay in the processor's
    caches; every block numbers indicator codes and roles alike."""

    blocks: tuple[Block, ...]

    @property
    def families(self) -> int:
        return sum(b.families for b in self.blocks)


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
