"""Row facts: one per member and one for the family, carrying just the fields the pack's rules test.

A fact's owner is typed (family position in the batch, member position or None for the
family fact). False flags are left out, so a fact's size follows what the family has, not the
size of the pack's vocabulary. A family's facts are built once: the later stages only add
what the earlier ones worked out (the level; the programmes recommended).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..contract import AGE_OF_CRIMINAL_RESPONSIBILITY
from ..ir import HOLDERS, KINDS, STAGES, CompiledPack, Fact, Stage, Subject
from ..profile import Family, Person


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose fact it is: a family of the batch, and a member of it or the family as a whole."""

    family: int  # position of the family in the batch
    member: int | None  # position of the member in the profile; None for the family fact


@dataclass(frozen=True, slots=True)
class RowFact:
    """One row of facts: its owner, whether it is about a member or the family, and its values."""

    owner: Owner
    subject: Subject
    values: Fact


def primary_child(family: Family) -> Person | None:
    """The child with the most recorded needs; the youngest on a tie, then the first listed.

    A young parent is the primary child only when no other child is born: with her baby in the
    family, the baby's age sets who leads (a health visitor, not her school)."""
    kids = [p for p in family.children if not p.young_parent] or list(family.children)
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
COUNTS = ("da_risk", "n_needs", "n_services", "n_domains", "n_people", "has_child", "primary_age", "pref_involved")
# every plain field declared in engine/ir/fields.py has its value here, where its scope says
assert set(PERSONAL) == {k for k, v in KINDS.items() if v.scope == "member" and not v.arg}
assert set(COUNTS) | {"level", "escalated"} == {k for k, v in KINDS.items() if v.scope == "family" and not v.arg}


@dataclass(frozen=True)
class Plan:
    """What the facts of one subject carry over every stage, worked out once per pack."""

    personal: tuple[str, ...]
    counts: tuple[str, ...]
    holders: dict[str, dict[str, str]]  # kind -> code -> field name, for the codes some rule tests
    roles: dict[str, dict[str, str]]  # inv_ / pref_ / meets_ -> role -> field name
    level: bool
    escalated: bool
    recommended: dict[str, str]  # intervention id -> field name
    stages: frozenset[Stage]  # the stages with rules about this subject


def _plan(pack: CompiledPack, subject: Subject) -> Plan:
    fields = set().union(*(pack.fields(s, subject) for s in STAGES))
    kinds = {f.kind for f in fields}

    def named(kind: str) -> dict[str, str]:
        return {f.arg: f.name for f in fields if f.kind == kind}

    return Plan(
        tuple(k for k in PERSONAL if k in kinds),
        tuple(k for k in COUNTS if k in kinds),
        {k: named(k) for k in HOLDERS if k in kinds},
        {k: named(k) for k in ("inv_", "pref_", "meets_") if k in kinds},
        "level" in kinds,
        "escalated" in kinds,
        named("rec_"),
        frozenset(s for s in STAGES if pack.fields(s, subject)),
    )


def plans_of(pack: CompiledPack) -> dict[Subject, Plan]:
    """The fact plans of a pack, made once."""
    got = pack.cache.get("fact-plans")
    if got is None:
        got = pack.cache["fact-plans"] = {s: _plan(pack, s) for s in ("member", "family")}
    return got


def _domains(pack: CompiledPack) -> dict[tuple[str, bool], str]:
    """(indicator, held by a child) -> the assessment domain it counts in."""
    got = pack.cache.get("domains")
    if got is None:
        got = pack.cache["domains"] = {
            (c, kid): ("child_development" if kid and i.applies_to == "any" else i.domain)
            for c, i in pack.indicators.items()
            for kid in (True, False)
        }
    return got


def counts_of(family: Family, pack: CompiledPack) -> dict[str, int | bool]:
    """The family's counts of needs, domains and people, and its other family-wide numbers."""
    domain = _domains(pack)
    domains = {domain[(c, False)] for c in family.indicators}
    needs = set(family.indicators)
    for p in family.members:
        kid = p.is_child
        domains.update(domain[(c, kid)] for c in p.indicators)
        needs.update(p.indicators)
    first = primary_child(family)
    info = pack.indicators
    return {
        "da_risk": family.domestic_abuse_risk or 0,
        "n_domains": len(domains),
        # what the family needs, not how many codes were ticked: one need held by three siblings
        # is one need, and needs one service meets count once towards the services needed
        "n_needs": len(needs),
        "n_services": len({info[c].met_by for c in needs}),
        "n_people": sum(1 for p in family.members if p.indicators),
        "has_child": bool(family.children),
        "primary_age": first.age if first else -1,
        "pref_involved": family.preferred_lead is not None and family.preferred_lead in family.involved,
    }


class FamilyFacts:
    """The facts of one family: built once, then told the level and the recommendations."""

    def __init__(self, family: Family, pack: CompiledPack, key: int):
        self.family, self.pack, self.key = family, pack, key
        plans = plans_of(pack)
        self.plans = plans
        self.members: list[RowFact] = []
        self.whole: RowFact | None = None
        if plans["member"].stages:
            base = self._shared(plans["member"])
            m = plans["member"]
            own = m.holders.get("m_")
            for slot, person in enumerate(family.members):
                values = dict(base)
                for k in m.personal:
                    value = PERSONAL[k](person)
                    if value is not False:
                        values[k] = value
                if own:
                    for c in person.indicators:
                        if (name := own.get(c)) is not None:
                            values[name] = True
                if person.young_parent and (adults := m.holders.get("a_")):
                    # her own parenting needs are about her baby: as a child, only the adults
                    # around her count as "an adult has" (so she is not offered, as a teenager,
                    # a programme meant for her own parents because of her own parenting)
                    others = frozenset().union(*(q.indicators for q in family.adults if q is not person))
                    for c in person.indicators - others:
                        values.pop(adults.get(c, ""), None)
                self.members.append(RowFact(Owner(key, slot), "member", values))
        if plans["family"].stages:
            self.whole = RowFact(Owner(key, None), "family", self._shared(plans["family"]))

    @cached_property
    def counts(self) -> dict[str, int | bool]:
        return counts_of(self.family, self.pack)

    @cached_property
    def held(self) -> dict[str, frozenset[str]]:
        """The indicators held by the adults, the children, the family, and anyone."""
        fam = self.family
        adults = frozenset().union(*(m.indicators for m in fam.adults))
        kids = frozenset().union(*(m.indicators for m in fam.children))
        first = primary_child(fam)
        primary = first.indicators if first is not None else frozenset()
        return {"a_": adults, "c_": kids, "f_": fam.indicators, "x_": adults | kids, "p_": primary}

    def _shared(self, p: Plan) -> Fact:
        out: Fact = {}
        fam = self.family
        if p.counts:
            counts = self.counts
            for k in p.counts:
                if counts[k] is not False:
                    out[k] = counts[k]
        if p.holders:
            held = self.held
            for kind, names in p.holders.items():
                if kind != "m_":
                    out.update((name, True) for c in held[kind] if (name := names.get(c)) is not None)
        if roles := p.roles.get("inv_"):
            out.update((name, True) for r in fam.involved if (name := roles.get(r)) is not None)
        if (roles := p.roles.get("pref_")) and fam.preferred_lead and (name := roles.get(fam.preferred_lead)):
            out[name] = True
        if roles := p.roles.get("meets_"):
            needs = self.held["x_"] | fam.indicators
            if not any("offending" in q.indicators for q in fam.children if q.age >= AGE_OF_CRIMINAL_RESPONSIBILITY):
                needs = needs - {"offending"}  # a child under 10 cannot offend in law: no one's work to lead on
            meets = self.pack.role_needs
            out.update(
                (name, True)
                for r in fam.involved
                if (name := roles.get(r)) is not None and meets.get(r, frozenset()) & needs
            )
        return out

    def tell(self, level: int, escalated: bool, recommended: frozenset[str] = frozenset()) -> None:
        """Add what the earlier stages worked out to every fact that tests it."""
        for subject, facts in (("member", self.members), ("family", [self.whole] if self.whole else [])):
            p = self.plans[subject]  # type: ignore[index]
            for f in facts:
                if p.level:
                    f.values["level"] = level
                if p.escalated and escalated:
                    f.values["escalated"] = True
                for iid in recommended:
                    if (name := p.recommended.get(iid)) is not None:
                        f.values[name] = True

    def facts(self, stage: Stage) -> list[RowFact]:
        """This stage's facts: the members' (if the stage has member rules) and the family's."""
        out = self.members if stage in self.plans["member"].stages else []
        if self.whole is not None and stage in self.plans["family"].stages:
            return [*out, self.whole]
        return list(out)
