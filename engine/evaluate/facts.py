"""Row facts: one per member and one for the family, carrying just the fields a stage's rules test.

A fact's owner is typed (family position in the batch, member position or None for the
family fact). False flags are left out, so a fact's size follows what the family has, not
the size of the pack's vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..ir import HOLDERS, KINDS, CompiledPack, Fact, Stage, Subject
from ..profile import Family, Person


@dataclass(frozen=True, slots=True)
class Owner:
    family: int  # position of the family in the batch
    member: int | None  # position of the member in the profile; None for the family fact


@dataclass(frozen=True, slots=True)
class RowFact:
    owner: Owner
    subject: Subject
    values: Fact


def primary_child(family: Family) -> Person | None:
    """The child with the most recorded needs; the youngest on a tie, then the first listed."""
    kids = family.children
    return min(kids, key=lambda p: (-len(p.indicators), p.age, kids.index(p))) if kids else None


PERSONAL: dict[str, Callable[[Person], int | bool]] = {
    "age": lambda p: p.age,
    "child": lambda p: p.is_child,
    "parent": lambda p: p.is_parent,
    "pregnant": lambda p: p.pregnant,
    "first_pregnancy": lambda p: p.first_pregnancy,
    "gest_lo": lambda p: p.gestation_weeks if p.gestation_weeks is not None else 0,
    "gest_hi": lambda p: p.gestation_weeks if p.gestation_weeks is not None else 99,
}
SHARED = ("da_risk", "n_needs", "n_domains", "n_people", "has_child", "primary_age", "pref_involved", "level")
_MISSING = {k for k, v in KINDS.items() if not v.arg} - set(PERSONAL) - set(SHARED)
assert not _MISSING, f"declared fields with no value: {_MISSING}"


@dataclass(frozen=True)
class Plan:
    """What one stage's facts of one subject carry, worked out once per pack."""

    names: frozenset[str]
    personal: tuple[str, ...]
    shared: tuple[str, ...]
    holders: tuple[str, ...]
    roles: tuple[str, ...]  # inv_ / pref_ kinds used
    recommended: bool


def plan(pack: CompiledPack, stage: Stage, subject: Subject) -> Plan:
    fields = pack.fields(stage, subject)
    kinds = {f.kind for f in fields}
    return Plan(
        frozenset(f.name for f in fields),
        tuple(k for k in PERSONAL if k in kinds),
        tuple(k for k in SHARED if k in kinds),
        tuple(k for k in HOLDERS if k in kinds),
        tuple(k for k in ("inv_", "pref_") if k in kinds),
        "rec_" in kinds,
    )


def plans_of(pack: CompiledPack, stage: Stage) -> dict[Subject, Plan]:
    key = ("fact-plans", stage)
    got = pack.cache.get(key)
    if got is None:
        got = pack.cache[key] = {s: plan(pack, stage, s) for s in ("member", "family")}
    return got


class FamilyFacts:
    """The facts of one family, stage by stage."""

    def __init__(self, family: Family, pack: CompiledPack, key: int):
        self.family, self.pack, self.key = family, pack, key

    @cached_property
    def held(self) -> dict[str, frozenset[str]]:
        fam = self.family
        adults = frozenset().union(*(p.indicators for p in fam.adults))
        kids = frozenset().union(*(p.indicators for p in fam.children))
        return {"a_": adults, "c_": kids, "f_": fam.indicators, "x_": adults | kids}

    @cached_property
    def counts(self) -> dict[str, int | bool]:
        fam, info = self.family, self.pack.indicators
        domains = {info[c].domain for c in fam.indicators}
        for p in fam.members:
            for c in p.indicators:
                i = info[c]
                domains.add("child_development" if p.is_child and i.applies_to == "any" else i.domain)
        first = primary_child(fam)
        return {
            "da_risk": fam.domestic_abuse_risk or 0,
            "n_domains": len(domains),
            "n_needs": sum(len(p.indicators) for p in fam.members) + len(fam.indicators),
            "n_people": sum(1 for p in fam.members if p.indicators),
            "has_child": bool(fam.children),
            "primary_age": first.age if first else -1,
            "pref_involved": fam.preferred_lead is not None and fam.preferred_lead in fam.involved,
        }

    def _shared(self, p: Plan, level: int, recommended: frozenset[str]) -> Fact:
        out: Fact = {}
        counts, names = self.counts, p.names
        for k in p.shared:
            value = level if k == "level" else counts[k]
            if value is not False:
                out[k] = value
        for kind in p.holders:
            if kind != "m_":
                for code in self.held[kind]:
                    if kind + code in names:
                        out[kind + code] = True
        fam = self.family
        if "inv_" in p.roles:
            out.update((n, True) for role in fam.involved if (n := "inv_" + role) in names)
        if "pref_" in p.roles and fam.preferred_lead and (n := "pref_" + fam.preferred_lead) in names:
            out[n] = True
        if p.recommended:
            out.update((n, True) for iid in recommended if (n := "rec_" + iid) in names)
        return out

    def facts(self, stage: Stage, level: int = 1, recommended: frozenset[str] = frozenset()) -> list[RowFact]:
        """This stage's facts: one per member (if any member rule) and one for the family."""
        out = []
        plans = plans_of(self.pack, stage)
        member_plan, family_plan = plans["member"], plans["family"]
        if member_plan.names:
            base = self._shared(member_plan, level, recommended)
            for slot, person in enumerate(self.family.members):
                values = dict(base)
                for k in member_plan.personal:
                    value = PERSONAL[k](person)
                    if value is not False:
                        values[k] = value
                if "m_" in member_plan.holders:
                    values.update((n, True) for c in person.indicators if (n := "m_" + c) in member_plan.names)
                out.append(RowFact(Owner(self.key, slot), "member", values))
        if family_plan.names:
            out.append(RowFact(Owner(self.key, None), "family", self._shared(family_plan, level, recommended)))
        return out
