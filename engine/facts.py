"""Turn a Family into the flat facts each stage's rules test (fields named in engine.ir)."""

from __future__ import annotations

from .ir import CompiledPack, Stage
from .profile import Family, Person

FAMILY_SLOT = 999  # fid = key * 1000 + member index; the family fact takes the last slot
PERSONAL = ("age", "child", "pregnant", "first_pregnancy", "gest_lo", "gest_hi")


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
        self.personal = [
            {
                "age": p.age,
                "child": p.is_child,
                "pregnant": p.pregnant,
                "first_pregnancy": p.first_pregnancy,
                "gest_lo": p.gestation_weeks if p.gestation_weeks is not None else 0,
                "gest_hi": p.gestation_weeks if p.gestation_weeks is not None else 99,
            }
            for p in family.members
        ]
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

    def _shared(self, name: str, level: int, recommended: frozenset[str]) -> object:
        """A value that is the same for every fact of the family."""
        fam, head = self.family, name[:2]
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
        raise KeyError(name)

    def facts(self, stage: Stage, level: int = 1, recommended: frozenset[str] = frozenset()) -> list[dict]:
        out = []
        for kind in ("member", "family"):
            fields = self.pack.fields.get((stage, kind))
            if not fields:
                continue
            own = [f for f in fields if f[:2] == "m_" or f in PERSONAL]
            base = {f: self._shared(f, level, recommended) for f in fields if f not in own}
            if kind == "family":
                out.append({"fid": self.key * 1000 + FAMILY_SLOT, "kind": kind, **base})
                continue
            for slot, person in enumerate(self.family.members):
                fact = {"fid": self.key * 1000 + slot, "kind": kind, **base}
                mine = self.personal[slot]
                fact.update((f, f[2:] in person.indicators if f[:2] == "m_" else mine[f]) for f in own)
                out.append(fact)
        return out
