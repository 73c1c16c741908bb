"""What this family has that made a rule hold, in words: "Here: C2 has antisocial behaviour."

A rule's own text says why the rule exists, and may list several needs any one of which is
enough. A panel needs to see which of them this family has, whose they are, and, for rules
that count needs, which needs and which services. This reads the family, not the trace: it
explains a rule that has already fired.
"""

from __future__ import annotations

from ..evaluate.facts import primary_child
from ..ir import HOLDERS, CompiledPack, Rule
from ..profile import Family, Person

COUNTS = {"n_needs", "n_services", "n_domains", "n_people"}


def _holders(kind: str, code: str, family: Family, slot: int | None) -> list[str]:
    """Who in the family holds `code`, as the field kind reads it ("C1", "the family")."""
    if kind == "f_":
        return ["the family"] if code in family.indicators else []
    if kind == "m_":
        person = family.members[slot] if slot is not None else None
        return [person.id] if person is not None and code in person.indicators else []
    people: tuple[Person, ...] = {"a_": family.adults, "c_": family.children}.get(kind, family.members)
    return [p.id for p in people if code in p.indicators]


def _all_needs(family: Family) -> frozenset[str]:
    return family.indicators.union(*(p.indicators for p in family.members))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def needs_by_service(family: Family, pack: CompiledPack) -> str:
    """Every need of the family, whose it is, and the service that meets it, grouped by service."""
    holders: dict[str, list[str]] = {}
    for p in family.members:
        for code in sorted(p.indicators):
            holders.setdefault(code, []).append(p.id)
    for code in sorted(family.indicators):
        holders.setdefault(code, []).append("the family")
    by_service: dict[str, list[str]] = {}
    for code, who in holders.items():
        info = pack.indicators[code]
        by_service.setdefault(info.met_by, []).append(f"{info.label.lower()} ({_join(who)})")
    parts = [
        f"{pack.services[s].label if s in pack.services else s} for {_join(needs)}" for s, needs in by_service.items()
    ]
    return f"{_plural(len(holders), 'different need')} met by {_plural(len(parts), 'service')}: {'; '.join(parts)}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def matched(rule: Rule, family: Family, slot: int | None, pack: CompiledPack) -> str:
    """The part of a reason that names what this family has that made `rule` hold ("" if nothing
    needs naming beyond the rule's own words)."""
    if rule.id.startswith("indicator:"):
        return ""  # the reason already names the need and whose it is
    said: list[str] = []
    counted = False
    for clause in rule.clauses:
        for test in clause.tests:
            kind, code = test.field.kind, test.field.arg
            if kind in HOLDERS and test.value is True:
                who = _holders(kind, code, family, slot)
                if who:
                    label = pack.indicators[code].label.lower() if code in pack.indicators else code
                    said.append(f"{_join(who)} {'has' if len(who) == 1 else 'have'} {label}")
            elif kind in COUNTS and not counted:
                counted = True
                said.append(needs_by_service(family, pack))
            elif kind == "da_risk" and family.domestic_abuse_risk and test.op == "ge":
                said.append(f"domestic abuse screened at grade {family.domestic_abuse_risk}")
            elif kind == "primary_age" and (first := primary_child(family)) is not None:
                said.append(f"{first.id}, the child with the most recorded needs, is aged {first.age}")
            elif kind == "meets_" and code in family.involved:
                needs = sorted(pack.role_needs.get(code, frozenset()) & _all_needs(family))
                labels = _join([pack.indicators[c].label.lower() for c in needs])
                said.append(f"the {code.replace('_', ' ')} already works with the family, whose needs include {labels}")
            elif kind == "inv_" and test.value is True and code in family.involved:
                said.append(f"the {code.replace('_', ' ')} already works with the family")
    said = list(dict.fromkeys(said))
    return f" Here: {'; '.join(said)}." if said else ""
