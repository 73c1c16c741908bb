"""Turn a Family into the flat facts each stage's rules test (fields named in engine.ir)."""

from __future__ import annotations

from collections.abc import Callable

from .ir import CompiledPack, Stage, Subject
from .profile import Family, Person

FAMILY_SLOT = 999  # fid = key * 1000 + member index; the family fact takes the last slot


def primary_child(family: Family) -> Person | None:
    """The child with the most recorded needs; the youngest on a tie, then the first listed."""
    kids = family.children
    return min(kids, key=lambda p: (-len(p.indicators), p.age, kids.index(p))) if kids else None


class FamilyFacts:
    def __init__(self, family: Family, pack: CompiledPack, key: int):
        self.family, self.pack, self.key = family, pack, key
        adults = set().union(*(p.indicators for p in family.adults))
        kids = set().union(*(p.indicators for p in family.children))
        self.held = {"a_": adults, "c_": kids, "f_": set(family.indicators), "x_": adults | kids}
        domains = {pack.indicators[c].domain for c in family.indicators}
        for p in family.members:
            for c in p.indicators:
                info = pack.indicators[c]
                domains.add("child_development" if p.is_child and info.applies_to == "any" else info.domain)
        self.personal = {
            id(p): {
                "age": p.age,
                "child": p.is_child,
                "pregnant": p.pregnant,
                "first_pregnancy": p.first_pregnancy,
                "gest_lo": p.gestation_weeks if p.gestation_weeks is not None else 0,
                "gest_hi": p.gestation_weeks if p.gestation_weeks is not None else 99,
            }
            for p in family.members
        }
        first = primary_child(family)
        self.scalars: dict[str, int | bool] = {
            "da_risk": family.domestic_abuse_risk or 0,
            "n_domains": len(domains),
            "n_needs": sum(len(p.indicators) for p in family.members) + len(family.indicators),
            "n_people": sum(1 for p in family.members if p.indicators),
            "has_child": bool(family.children),
            "primary_age": first.age if first else -1,
            "pref_involved": family.preferred_lead is not None and family.preferred_lead in family.involved,
        }

    def _resolver(self, person: Person | None, level: int, recommended: frozenset[str]) -> Callable[[str], object]:
        fam = self.family

        def value(name: str) -> object:
            head = name[:2]
            if head == "m_":
                return person is not None and name[2:] in person.indicators
            if head in self.held:
                return name[2:] in self.held[head]
            if name in self.scalars:
                return self.scalars[name]
            if name.startswith("rec_"):
                return name[4:] in recommended
            if name.startswith("inv_"):
                return name[4:] in fam.involved
            if name.startswith("pref_"):
                return fam.preferred_lead == name[5:]
            if name == "level":
                return level
            assert person is not None, name
            return self.personal[id(person)][name]

        return value

    def facts(self, stage: Stage, level: int = 1, recommended: frozenset[str] = frozenset()) -> list[dict]:
        out = []
        subjects: list[tuple[int, Person | None]] = [(i, p) for i, p in enumerate(self.family.members)]
        kinds: tuple[tuple[Subject, list[tuple[int, Person | None]]], ...] = (
            ("member", subjects),
            ("family", [(FAMILY_SLOT, None)]),
        )
        for kind, who in kinds:
            fields = self.pack.fields.get((stage, kind))
            if not fields:
                continue
            for slot, person in who:
                value = self._resolver(person, level, recommended)
                fact: dict = {"fid": self.key * 1000 + slot, "kind": kind}
                fact.update((f, value(f)) for f in fields)
                out.append(fact)
        return out
