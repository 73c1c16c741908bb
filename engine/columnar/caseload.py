"""A caseload as columns (engine/columnar/encode.py makes them): families encoded once, with no
pack in mind, then decided by any pack.

Families come in blocks; in a block, members are rows, each family's consecutive and in profile
order. The codes the caseload holds are numbered (by name, members' first, then families'): who
holds what is a bitset per row (engine/columnar/bits.py) and, for finding the few rows a rule is
about, an index from each code to its holders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from .bits import Bits, Flags

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
