"""A caseload's facts under one pack, as columns: what engine/evaluate/facts.py puts in each row
fact, for every member row or family at once. Each column is worked out on first use.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from ..contract import AGE_OF_CRIMINAL_RESPONSIBILITY
from ..ir import CompiledPack, Field
from .bits import Bits, any_of, count, mask
from .caseload import Block, Flags, Ints, ranges

PERSON = ("child", "parent", "pregnant", "first_pregnancy")  # the flags of a person key, in bit order
KEY = np.int64(1 << 16)  # widths of the parts of the primary child's sort key: ages and positions fit
NONE = np.int64(1 << 62)  # added to the key of a member who cannot be the primary child


class Facts:
    """The fact columns of a block of families under one pack; the stages tell it the level, the
    escalations and the offers as they work them out."""

    def __init__(self, block: Block, pack: CompiledPack):
        self.c, self.pack = block, pack
        self.pos = {code: k for k, code in enumerate(block.codes)}
        self.words = block.held.shape[0]
        n = block.families
        self.level: Ints = np.zeros(n, np.int64)  # told by the level stage
        self.escalated: Flags = np.zeros(n, bool)
        self.escalations: Ints = np.zeros(n, np.int64)  # bit k: the k-th of stages.escalation_rules fired
        self.recommended: dict[str, Flags] = {}  # intervention -> offered to someone; told by the offer stage
        self._columns: dict[Field | str, NDArray] = {}

    @cached_property
    def stage_key(self) -> Ints:
        """Level * 2 + escalated, per family: what the later stages read of the level stage."""
        return self.level * 2 + self.escalated

    @cached_property
    def member_key(self) -> Ints:
        """Person key * 10 + the family's stage key, per member row: what a member's offer hangs on
        besides indicators."""
        return self.person * 10 + self.stage_key[self.c.fam]

    def codes(self, codes: Collection[str]) -> tuple[Bits, bool]:
        """The mask of these codes, and whether all of them are held somewhere in the caseload."""
        got = {self.pos[c] for c in codes if c in self.pos}
        return mask(got, self.words), len(got) == len(set(codes))

    # -- who holds what, per family ------------------------------------------------------------

    def _among(self, rows: Flags) -> Bits:
        return self.c.reduce(self.c.held * rows, np.bitwise_or)  # a product: several times faster than np.where

    @cached_property
    def holders(self) -> dict[str, Bits]:
        """Per family: the indicators of its adults (a_), children (c_), family (f_), anyone (x_) and
        primary child (p_)."""
        c, primary = self.c, self.primary
        p = c.held[:, np.maximum(primary, 0)] * (primary >= 0)
        return {"a_": self.adults, "c_": self.kids, "f_": c.family_held, "x_": self.anyone, "p_": p}

    @cached_property
    def adults(self) -> Bits:
        return self._among(self.c.adult)

    @cached_property
    def kids(self) -> Bits:
        return self._among(self.c.child)

    @cached_property
    def anyone(self) -> Bits:
        return self.adults | self.kids  # everyone is a child, an adult or (a young parent) both

    @cached_property
    def member_adults(self) -> Bits:
        """Per member row, what "an adult holds" means for them: a young parent's own parenting
        needs are about her baby, so for her only the other adults count (as in FamilyFacts)."""
        c = self.c
        out = self.holders["a_"][:, c.fam]
        young = np.flatnonzero(c.young_parent)
        if len(young):
            f = c.fam[young]
            sizes = c.start[f + 1] - c.start[f]
            owner = np.repeat(np.arange(len(young)), sizes)  # each young parent, once per member of her family
            other = ranges(c.start[f], sizes)  # ... and that member
            keep = (other != young[owner]) & c.adult[other]
            others = np.zeros((self.words, len(young)), np.uint64)
            for w in range(self.words):
                np.bitwise_or.at(others[w], owner[keep], c.held[w, other[keep]])
            out[:, young] = others
        return out

    # -- the family's counts -------------------------------------------------------------------

    @cached_property
    def primary(self) -> Ints:
        """The row of the child with the most recorded needs (youngest on a tie, then first listed),
        a young parent only when no other child is born; -1 when no child is born."""
        c = self.c
        starts = c.start[:-1]
        others = c.any(c.child & ~c.young_parent)
        may = c.child & (~c.young_parent | ~others[c.fam])
        key = ((KEY - c.n_held) * KEY + c.age) * KEY + c.slot + ~may * NONE
        best = c.reduce(key, np.minimum)
        return np.where(best < NONE, starts + best % KEY, -1)

    @cached_property
    def needs(self) -> Bits:
        """Every indicator the family holds, on anyone or the family."""
        return self.anyone | self.c.family_held

    def _distinct(self, groups: dict[str, list[str]], bits: Bits) -> Ints:
        """How many groups (of codes) have a code among these bits."""
        out = np.zeros(bits.shape[1], np.int64)
        for codes in groups.values():
            out += any_of(bits, self.codes(codes)[0])
        return out

    @cached_property
    def counts(self) -> dict[str, NDArray]:
        """The family-wide numbers of engine.evaluate.facts.counts_of."""
        c, info = self.c, self.pack.indicators
        services: dict[str, list[str]] = {}
        for code, i in info.items():
            services.setdefault(i.met_by, []).append(code)
        # an indicator any member may hold counts in the child's development when a child holds it
        as_kid: dict[str, list[str]] = {}
        as_adult: dict[str, list[str]] = {}
        for code, i in info.items():
            as_kid.setdefault("child_development" if i.applies_to == "any" else i.domain, []).append(code)
            as_adult.setdefault(i.domain, []).append(code)
        kids, grown = self.kids, self._among(~c.child) | c.family_held
        domains = np.zeros(c.families, np.int64)
        for d in set(as_kid) | set(as_adult):
            kid, adult = self.codes(as_kid.get(d, []))[0], self.codes(as_adult.get(d, []))[0]
            domains += any_of(kids, kid) | any_of(grown, adult)
        primary = self.primary
        preferred = c.preferred
        chosen = (np.uint64(1) << np.maximum(preferred, 0).astype(np.uint64)) * (preferred >= 0)
        return {
            "da_risk": c.da_risk,
            "n_needs": count(self.needs),
            "n_services": self._distinct(services, self.needs),
            "n_domains": domains,
            "n_people": np.bincount(c.fam[np.flatnonzero(c.n_held)], minlength=c.families),
            "has_child": c.any(c.child),
            "primary_age": np.where(primary >= 0, c.age[np.maximum(primary, 0)], -1),
            "pref_involved": (c.involved & chosen) != 0,
        }

    # -- practitioners ---------------------------------------------------------------------------

    def role(self, kind: str, role: str) -> Flags:
        """inv_, pref_ or meets_ for one role, per family."""
        c = self.c
        if role not in c.roles:
            return np.zeros(c.families, bool)
        r = c.roles.index(role)
        involved = (c.involved >> np.uint64(r)) & np.uint64(1) == 1
        if kind == "inv_":
            return involved
        if kind == "pref_":
            return c.preferred == r
        return involved & any_of(self.lead_needs, self.codes(self.pack.role_needs.get(role, ()))[0])

    @cached_property
    def lead_needs(self) -> Bits:
        """The needs a practitioner may lead on: a child under 10 cannot offend in law."""
        needs = self.needs.copy()
        k = self.pos.get("offending")
        if k is not None:
            rows = self.c.holders.of(k)
            rows = rows[self.c.child[rows] & (self.c.age[rows] >= AGE_OF_CRIMINAL_RESPONSIBILITY)]
            lawful = np.zeros(self.c.families, bool)
            lawful[self.c.fam[rows]] = True
            needs[k // 64] &= ~((np.uint64(1) << np.uint64(k % 64)) * ~lawful)
        return needs

    # -- one field as a column -------------------------------------------------------------------

    @cached_property
    def person(self) -> Ints:
        """Each member's person key: age * 16, plus a bit for each flag of PERSON in turn."""
        c = self.c
        return c.age * 16 + c.child + c.parent * 2 + c.pregnant * 4 + c.first_pregnancy * 8

    def member(self, kind: str) -> NDArray:
        """A member field (not an indicator) for every member row."""
        c = self.c
        if kind in ("gest_lo", "gest_hi"):
            got = self._columns.get(kind)
            if got is None:
                got = self._columns[kind] = np.where(c.gestation >= 0, c.gestation, 0 if kind == "gest_lo" else 99)
            return got
        return getattr(c, kind)  # age, child, parent, pregnant, first_pregnancy: named as in the caseload

    def family(self, f: Field) -> NDArray:
        """A family field (not an indicator) for every family; the level, escalations and offers are
        read as the stages tell them."""
        if f.kind == "level":
            return self.level
        if f.kind == "escalated":
            return self.escalated
        if f.kind == "rec_":
            return self.recommended.get(f.arg, np.zeros(self.c.families, bool))
        got = self._columns.get(f)
        if got is None:
            got = self._columns[f] = self.role(f.kind, f.arg) if f.arg else self.counts[f.kind]
        return got
