"""A caseload as columns: families encoded once, with no pack in mind, then decided by any pack.

Families come in blocks; in a block, members are rows, each family's consecutive and in profile
order. Indicator codes are numbered as the block first holds them: who holds what is a bitset per
row (engine/columnar/bits.py) and, for finding the few rows a rule is about, an index from each
code to its holders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from ..contract import ROLES
from ..profile import Family
from .bits import Bits, from_runs, words_for

Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]


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


def _column(items: Sequence[object], name: str, dtype: type) -> NDArray:
    return np.fromiter(map(attrgetter(name), items), dtype, len(items))


@dataclass(frozen=True, eq=False)
class Caseload:
    """Families as columns, in blocks of consecutive families small enough to stay in the processor's
    caches; every block numbers indicator codes and roles alike."""

    blocks: tuple[Block, ...]
    codes: tuple[str, ...]

    @property
    def families(self) -> int:
        return sum(b.families for b in self.blocks)


BLOCK = 32_768  # families per block: measured on the bench caseload, larger blocks run slower per family


def encode(families: Sequence[Family], block: int = BLOCK) -> Caseload:
    """The families as columns (the loops over families and members run in C: map, attrgetter, fromiter)."""
    code: dict[str, int] = {}

    def numbered(sets: list[frozenset[str]]) -> list[tuple[int, ...]]:
        known: dict[frozenset[str], tuple[int, ...]] = dict.fromkeys(sets, ())  # each distinct set numbered once
        for s in known:
            known[s] = tuple(code.setdefault(c, len(code)) for c in sorted(s))
        return list(map(known.__getitem__, sets))

    def runs(numbers: list[tuple[int, ...]]) -> tuple[Ints, Ints, Ints]:
        counts = np.fromiter(map(len, numbers), np.int64, len(numbers))
        firsts = np.zeros(len(numbers) + 1, np.int64)
        np.cumsum(counts, out=firsts[1:])
        return counts, np.fromiter(chain.from_iterable(numbers), np.int64, int(firsts[-1])), firsts

    members = list(map(attrgetter("members"), families))
    people = list(chain.from_iterable(members))
    m_counts, m_pos, m_first = runs(numbered(list(map(attrgetter("indicators"), people))))
    f_counts, f_pos, f_first = runs(numbered(list(map(attrgetter("indicators"), families))))
    codes, words = tuple(code), words_for(len(code))
    sizes = np.fromiter(map(len, members), np.int64, len(members))
    start = np.zeros(len(members) + 1, np.int64)
    np.cumsum(sizes, out=start[1:])
    role = {r: i for i, r in enumerate(ROLES)}
    involved = list(map(attrgetter("involved"), families))
    distinct: dict[tuple[str, ...], int] = dict.fromkeys(involved, 0)
    for key in distinct:
        distinct[key] = sum(1 << role.setdefault(r, len(role)) for r in key)
    inv = np.array(list(map(distinct.__getitem__, involved)), np.uint64)
    preferred = (f.preferred_lead for f in families)
    pref = np.fromiter((-1 if p is None else role.setdefault(p, len(role)) for p in preferred), np.int64, len(families))
    assert len(role) <= 64, "more than 64 lead roles"
    gest = np.array(list(map(attrgetter("gestation_weeks"), people)), np.float64)  # None -> nan
    age = _column(people, "age", np.int64)
    child, parent = _column(people, "is_child", bool), _column(people, "is_parent", bool)
    pregnant, first = _column(people, "pregnant", bool), _column(people, "first_pregnancy", bool)
    gestation = np.where(np.isnan(gest), -1, gest).astype(np.int64)
    da = np.array([f.domestic_abuse_risk or 0 for f in families], np.int64)
    day = np.fromiter((f.as_of.toordinal() for f in families), np.int64, len(families))
    out = []
    for k0 in range(0, len(families), block):
        k1 = min(len(families), k0 + block)
        r0, r1 = int(start[k0]), int(start[k1])
        rows, fams = slice(r0, r1), slice(k0, k1)
        held, own = m_pos[m_first[r0] : m_first[r1]], f_pos[f_first[k0] : f_first[k1]]
        out.append(
            Block(
                start=start[k0 : k1 + 1] - r0,
                fam=np.repeat(np.arange(k1 - k0), sizes[fams]),
                age=age[rows],
                child=child[rows],
                parent=parent[rows],
                pregnant=pregnant[rows],
                first_pregnancy=first[rows],
                gestation=gestation[rows],
                codes=codes,
                held=from_runs(held, m_counts[rows], words),
                n_held=m_counts[rows],
                holders=index(m_counts[rows], held, len(codes)),
                family_held=from_runs(own, f_counts[fams], words),
                family_holders=index(f_counts[fams], own, len(codes)),
                da_risk=da[fams],
                roles=tuple(role),
                involved=inv[fams],
                preferred=pref[fams],
                day=day[fams],
            )
        )
    return Caseload(tuple(out), codes)
