"""`continuum check`: compile problems, then rules and interventions no family can reach.

Reachability is shown by example: for each rule the linter builds small witness families
from the rule's own tests and runs them through the reference evaluator. A rule none of whose
witnesses makes it fire (or, for lead rules, win) is reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice, product

from .backends.reference import ReferenceBackend
from .compiler import compile_pack
from .decide import Trace, chosen_lead, level_of, trace_all
from .errors import Problem
from .facts import FamilyFacts
from .ir import CompiledPack, Offer, Rule, Test
from .pack import LoadedPack
from .profile import Family, Person

AS_OF = dt.date(2026, 11, 20)
MAX_COMBOS = 64
HOLDERS = ("m_", "a_", "c_", "f_", "x_")


@dataclass
class _Person:
    id: str
    age: int = 8
    child: bool = True
    pregnant: bool = False
    first: bool = False
    indicators: set[str] = field(default_factory=set)


@dataclass
class _Draft:
    people: list[_Person] = field(default_factory=list)
    family: set[str] = field(default_factory=set)
    da: int | None = None
    involved: set[str] = field(default_factory=set)
    preferred: str | None = None
    forbidden: set[str] = field(default_factory=set)

    def get(self, pid: str, **kw: object) -> _Person:
        for p in self.people:
            if p.id == pid:
                return p
        p = _Person(pid, **kw)  # type: ignore[arg-type]
        self.people.append(p)
        return p

    def family_of(self) -> Family:
        if not any(p.child or p.pregnant for p in self.people):
            self.get("K0")
        people = tuple(
            Person(p.id, p.age, p.child, p.pregnant, p.first, None, frozenset(p.indicators)) for p in self.people
        )
        return Family(
            "witness",
            AS_OF,
            True,
            people,
            frozenset(self.family),
            self.da,
            tuple(sorted(self.involved)),
            self.preferred,
        )


def _split(tests: list[Test]) -> tuple[dict[str, bool], dict[str, list[int]]] | None:
    bools: dict[str, bool] = {}
    ranges: dict[str, list[int]] = {}
    for t in tests:
        if isinstance(t.value, bool):
            if bools.setdefault(t.field, t.value) != t.value:
                return None
            continue
        lo, hi = ranges.setdefault(t.field, [-1, 10**6])
        if t.op in ("ge", "eq"):
            lo = max(lo, t.value)
        if t.op in ("le", "eq"):
            hi = min(hi, t.value)
        if lo > hi:
            return None
        ranges[t.field] = [lo, hi]
    return bools, ranges


def _choices(rule: Rule) -> Iterator[list[Test]]:
    fixed = [t for c in rule.clauses if c.mode == "all" for t in c.tests]
    options = [c.tests for c in rule.clauses if c.mode == "any"]
    for combo in islice(product(*options), MAX_COMBOS):
        yield fixed + list(combo)


class _Builder:
    def __init__(self, pack: CompiledPack):
        self.pack = pack

    def member(self, d: _Draft, pid: str, bools: dict[str, bool], ranges: dict[str, list[int]], pick: int) -> bool:
        pregnant = bools.get("pregnant", False)
        own = {f[2:] for f, v in bools.items() if v and f.startswith("m_")}
        adult = (
            pregnant or bools.get("child") is False or any(self.pack.indicators[c].applies_to == "adult" for c in own)
        )
        if adult and bools.get("child"):
            return False
        lo, hi = (10, 120) if pregnant else ((18, 120) if adult else (0, 17))
        want = ranges.get("age", [lo, hi])
        lo, hi = max(lo, want[0]), min(hi, want[1])
        if lo > hi:
            return False
        p = d.get(pid, child=not adult, age=(lo, (lo + hi) // 2, hi)[pick])
        p.pregnant, p.first = pregnant, bools.get("first_pregnancy", False)
        p.indicators |= own
        return True

    def place(self, d: _Draft, prefix: str, code: str, primary_age: int) -> None:
        applies = self.pack.indicators[code].applies_to
        if prefix == "f_":
            d.family.add(code)
        elif prefix == "a_" or (prefix == "x_" and applies == "adult"):
            d.get("A1", child=False, age=30).indicators.add(code)
        else:
            d.get("K1", age=primary_age).indicators.add(code)

    def filler(self, d: _Draft, domain: str) -> bool:
        for info in sorted(self.pack.indicators.values(), key=lambda i: (i.level, i.code)):
            if info.domain != domain or info.code in d.forbidden or info.level > 2:
                continue
            if info.applies_to == "family":
                held = d.family
            elif info.applies_to == "child" or domain == "child_development":
                held = d.get(f"F{len(d.people)}", age=9).indicators
            else:
                held = d.get("A1", child=False, age=30).indicators
            if info.code not in held:
                held.add(info.code)
                return True
        return False

    def build(self, rule: Rule, tests: list[Test], pick: int) -> tuple[_Draft, int] | None:
        """A draft family for these tests, and the lowest level it must reach."""
        split = _split(tests)
        if split is None:
            return None
        bools, ranges = split
        want = ranges.get("level", [1])[0]
        if rule.stage == "lead":
            want = max(want, min(c for c, lv in self.pack.levels.items() if lv.lead_professional))
        d = _Draft(forbidden={f[2:] for f, v in bools.items() if not v and f[:2] in HOLDERS})
        if rule.subject == "member" and not self.member(d, "S", bools, ranges, pick):
            return None
        primary = ranges.get("primary_age", [8, 8])
        primary_age = max(0, min(17, (primary[0], sum(primary) // 2, primary[1])[pick]))
        for f, v in sorted(bools.items()):
            if v and f[:2] in HOLDERS[1:]:
                self.place(d, f[:2], f[2:], primary_age)
            elif v and f.startswith("inv_"):
                d.involved.add(f[4:])
            elif v and f.startswith("pref_") and f != "pref_involved":
                d.preferred = f[5:]
            elif f.startswith("rec_") and v:
                offer = next(
                    r
                    for r in self.pack.stage("intervention")
                    if isinstance(r.effect, Offer) and r.effect.intervention == f[4:]
                )
                sub = _split(next(_choices(offer)))
                if sub is None or not self.member(d, "R1", *sub, pick):
                    return None
                want = max(want, sub[1].get("level", [1])[0])
        if bools.get("pref_involved"):
            d.preferred = d.preferred or "school"
            d.involved.add(d.preferred)
        if "da_risk" in ranges:
            d.da = max(1, ranges["da_risk"][0])
        if bools.get("has_child") is False:
            d.people = [p for p in d.people if not p.child]
            if not any(p.pregnant for p in d.people):
                d.get("M1", child=False, age=25).pregnant = True
        elif bools.get("has_child") or "primary_age" in ranges:
            d.get("K1", age=primary_age)
        self.fill(d, ranges)
        return d, want

    def counts(self, d: _Draft) -> dict[str, int | bool]:
        return FamilyFacts(d.family_of(), self.pack, 0).scalars

    def fill(self, d: _Draft, ranges: dict[str, list[int]]) -> None:
        """Add everyday needs until the draft meets the rule's minimum counts of needs."""
        domains = ("family_environment", "parenting_capacity", "child_development")
        for _ in range(12):
            counts = self.counts(d)
            if ranges.get("n_domains", [0])[0] > int(counts["n_domains"]):
                for domain in domains:
                    if self.filler(d, domain) and self.counts(d)["n_domains"] > counts["n_domains"]:
                        break
            elif ranges.get("n_people", [0])[0] > int(counts["n_people"]):
                self.filler(d, "child_development")
            elif ranges.get("n_needs", [0])[0] > int(counts["n_needs"]):
                self.filler(d, domains[len(d.people) % 3])
            else:
                return

    def boost(self, d: _Draft, level: int) -> bool:
        for info in sorted(self.pack.indicators.values(), key=lambda i: (i.applies_to != "family", i.code)):
            if info.level == level and info.code not in d.forbidden:
                if info.applies_to == "family":
                    d.family.add(info.code)
                elif info.applies_to == "child":
                    d.get("B1", age=17).indicators.add(info.code)
                else:
                    d.get("A1", child=False, age=30).indicators.add(info.code)
                return True
        return False


def _outcome(rule: Rule, trace: Trace) -> Rule | bool | None:
    """True when the rule fired (and, for lead rules, won); else the lead rule that won."""
    if rule.stage == "lead":
        chosen = chosen_lead(trace)
        return True if chosen is not None and chosen.index == rule.index else chosen
    return any(r.index == rule.index for r, _ in trace.fired[rule.stage])


def reachable(rule: Rule, pack: CompiledPack, backend: ReferenceBackend) -> tuple[bool, Rule | None]:
    builder = _Builder(pack)
    overtaken = None
    for tests in _choices(rule):
        for pick in (0, 1, 2):
            built = builder.build(rule, tests, pick)
            if built is None:
                continue
            d, want = built
            for _ in range(3):
                trace = trace_all([d.family_of()], pack, backend)[0]
                got = _outcome(rule, trace)
                if got is True:
                    return True, None
                if isinstance(got, Rule):
                    overtaken = got
                if level_of(trace.fired["level"]) >= want or not builder.boost(d, want):
                    break
    return False, overtaken


def probes(pack: CompiledPack, backend: ReferenceBackend) -> set[int]:
    """Rules that fire (lead rules: win) for one need at a time, at ages across childhood."""
    families = []
    for code, info in sorted(pack.indicators.items()):
        for age in (0, 4, 8, 13, 16, 17):
            d = _Draft()
            d.get("A1", child=False, age=30)
            child = d.get("K1", age=age)
            holder = {"family": d.family, "adult": d.get("A1").indicators}.get(info.applies_to, child.indicators)
            holder.add(code)
            families.append(d.family_of())
    reached: set[int] = set()
    for trace in trace_all(families, pack, backend):
        reached |= {r.index for stage in ("level", "intervention") for r, _ in trace.fired[stage]}
        if (won := chosen_lead(trace)) is not None:
            reached.add(won.index)
    return reached


def lint(lp: LoadedPack) -> list[Problem]:
    pack, problems = compile_pack(lp)
    if problems:
        return sorted(set(problems))
    backend = ReferenceBackend(pack)
    by_id: dict[str, list[Rule]] = {}
    for rule in pack.rules:
        if not rule.id.startswith("indicator:"):
            by_id.setdefault(rule.id, []).append(rule)
    offered: set[str] = set()
    probed = probes(pack, backend)
    for rule_id, rules in by_id.items():
        results = [(True, None) if r.index in probed else reachable(r, pack, backend) for r in rules]
        if any(ok for ok, _ in results):
            offered |= {r.effect.intervention for r in rules if isinstance(r.effect, Offer)}
            continue
        origin = rules[0].origin
        winner = next((w for _, w in results if w is not None), None)
        why = (
            f"rule '{rule_id}' never decides: rule '{winner.id}' (line {winner.origin.line}) always comes first"
            if winner
            else f"rule '{rule_id}' can never apply: no family profile reaches it"
        )
        problems.append(Problem(origin.file, origin.line, "", why))
    for iid in pack.interventions:
        if iid not in offered:
            origin = next(r.origin for r in pack.rules if isinstance(r.effect, Offer) and r.effect.intervention == iid)
            problems.append(Problem(origin.file, origin.line, "", f"intervention '{iid}' can never be recommended"))
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
