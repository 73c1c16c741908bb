"""Rules and interventions no family can reach, found by building families that should reach them.

Reachability is shown by example: for each rule the linter builds small witness families
from the rule's own tests and runs them through the reference evaluator. A rule none of whose
witnesses makes it fire (or, for lead rules, win) is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice, product

from ..decide import Trace, trace_all
from ..errors import Problem
from ..evaluate.facts import counts_of
from ..evaluate.reference import ReferenceBackend
from ..ir import HOLDERS, CompiledPack, Escalate, Field, Offer, Rule, Test
from ..synth import Draft

MAX_COMBOS = 64


def _split(tests: list[Test]) -> tuple[dict[Field, bool], dict[str, list[int]]] | None:
    """The flags the tests need, and the range each numeric field must fall in (None: impossible)."""
    bools: dict[Field, bool] = {}
    ranges: dict[str, list[int]] = {}
    for t in tests:
        name = t.field.name
        if isinstance(t.value, bool):
            if bools.setdefault(t.field, t.value) != t.value:
                return None
            continue
        lo, hi = ranges.setdefault(name, [-1, 10**6])
        if t.op in ("ge", "eq"):
            lo = max(lo, t.value)
        if t.op in ("le", "eq"):
            hi = min(hi, t.value)
        if lo > hi:
            return None
        ranges[name] = [lo, hi]
    return bools, ranges


def _choices(rule: Rule) -> Iterator[list[Test]]:
    fixed = [t for c in rule.clauses if c.mode == "all" for t in c.tests]
    options = [c.tests for c in rule.clauses if c.mode == "any"]
    for combo in islice(product(*options), MAX_COMBOS):
        yield fixed + list(combo)


class _Builder:
    def __init__(self, pack: CompiledPack):
        self.pack = pack

    def member(self, d: Draft, pid: str, bools: dict[Field, bool], ranges: dict[str, list[int]], pick: int) -> bool:
        flag = {f.kind: v for f, v in bools.items() if not f.arg}
        pregnant, parent = flag.get("pregnant", False), flag.get("parent", False)
        own = {f.arg for f, v in bools.items() if v and f.kind == "m_"}
        adultish = any(self.pack.indicators[c].applies_to == "adult" for c in own)
        if flag.get("child") is False:
            lo, hi = 18, 120
        elif flag.get("child"):
            lo, hi = (13, 17) if adultish or pregnant or parent else (0, 17)
            if adultish and not (pregnant or parent):
                pregnant = True  # a child holds adult needs only as a young parent
        else:
            lo, hi = (10, 120) if pregnant or parent or adultish else (0, 120)
            if adultish and not (pregnant or parent):
                lo = 18
        want = ranges.get("age", [lo, hi])
        lo, hi = max(lo, want[0]), min(hi, want[1])
        if lo > hi:
            return False
        p = d.get(pid, age=(lo, (lo + hi) // 2, hi)[pick])
        p.pregnant, p.first, p.parent = pregnant, flag.get("first_pregnancy", False), parent
        p.indicators |= own
        return True

    def place(self, d: Draft, kind: str, code: str, primary_age: int) -> None:
        applies = self.pack.indicators[code].applies_to
        if kind == "f_" or applies == "family":
            d.family.add(code)
        elif kind == "a_" or (kind == "x_" and applies == "adult"):
            d.get("A1", age=30, parent=True).indicators.add(code)
        else:
            d.get("K1", age=primary_age).indicators.add(code)

    def filler(self, d: Draft, domain: str) -> bool:
        """Add one everyday need of this domain the family has not got, from a new service if one is."""
        held_now = set(d.family).union(*(p.indicators for p in d.people))
        used = {self.pack.indicators[c].met_by for c in held_now if c in self.pack.indicators}
        for info in sorted(self.pack.indicators.values(), key=lambda i: (i.met_by in used, i.level, i.code)):
            if info.domain != domain or info.code in d.forbidden or info.level > 2 or info.code in held_now:
                continue
            if info.applies_to == "family":
                held = d.family
            elif info.applies_to == "child" or domain == "child_development":
                held = d.get(f"F{len(d.people)}", age=9).indicators
            else:
                held = d.get("A1", age=30, parent=True).indicators
            if info.code not in held:
                held.add(info.code)
                return True
        return False

    def build(self, rule: Rule, tests: list[Test], pick: int) -> tuple[Draft, int] | None:
        """A draft family for these tests, and the lowest level it must reach."""
        split = _split(tests)
        if split is None:
            return None
        bools, ranges = split
        want = ranges.get("level", [1])[0]
        if rule.stage == "lead":
            want = max(want, min(c for c, lv in self.pack.levels.items() if lv.lead_professional))
        d = Draft(forbidden={f.arg for f, v in bools.items() if not v and f.kind in HOLDERS})
        flag = {f.kind: v for f, v in bools.items() if not f.arg}
        if rule.subject == "member" and not self.member(d, "S", bools, ranges, pick):
            return None
        primary = ranges.get("primary_age", [8, 8])
        primary_age = max(0, min(17, (primary[0], sum(primary) // 2, primary[1])[pick]))
        for f, v in sorted(bools.items()):
            if not v:
                continue
            if f.kind in HOLDERS and f.kind != "m_":
                self.place(d, f.kind, f.arg, primary_age)
            elif f.kind == "inv_":
                d.involved.add(f.arg)
            elif f.kind == "meets_":
                d.involved.add(f.arg)
                codes = sorted(self.pack.role_needs.get(f.arg, ()), key=lambda c: self.pack.indicators[c].level)
                if not codes:
                    return None
                self.place(d, "x_", codes[0], primary_age)
            elif f.kind == "pref_":
                d.preferred = f.arg
            elif f.kind == "rec_":
                offer = next(
                    r
                    for r in self.pack.stage("intervention")
                    if isinstance(r.effect, Offer) and r.effect.intervention == f.arg
                )
                sub = _split(next(_choices(offer)))
                if sub is None or not self.member(d, "R1", *sub, pick):
                    return None
                want = max(want, sub[1].get("level", [1])[0])
        if flag.get("escalated"):
            code = self.escalating()
            if code is None:
                return None
            self.place(d, "x_", code, primary_age)
            want = 4
        if flag.get("pref_involved"):
            d.preferred = d.preferred or "school"
            d.involved.add(d.preferred)
        if "da_risk" in ranges:
            d.da = max(1, ranges["da_risk"][0])
        if flag.get("has_child") is False:
            d.people = [p for p in d.people if not p.child]
            if not any(p.pregnant for p in d.people):
                d.get("M1", age=25).pregnant = True
        elif flag.get("has_child") or "primary_age" in ranges:
            d.get("K1", age=primary_age)
        self.fill(d, ranges)
        return d, want

    def escalating(self) -> str | None:
        """An indicator that on its own fires a safeguarding trigger."""
        for r in self.pack.stage("level"):
            gate = r.clauses[0] if r.clauses else None
            if isinstance(r.effect, Escalate) and len(r.clauses) == 1 and gate is not None and gate.is_gate:
                return gate.tests[0].field.arg or None
        return None

    def counts(self, d: Draft) -> dict[str, int | bool]:
        return counts_of(d.family_of(), self.pack)

    def fill(self, d: Draft, ranges: dict[str, list[int]]) -> None:
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
            elif ranges.get("n_needs", [0])[0] > int(counts["n_needs"]) or ranges.get("n_services", [0])[0] > int(
                counts["n_services"]
            ):
                if not any(self.filler(d, domains[(len(d.people) + k) % 3]) for k in range(3)):
                    return
            else:
                return

    def boost(self, d: Draft, level: int) -> bool:
        for info in sorted(self.pack.indicators.values(), key=lambda i: (i.applies_to != "family", i.code)):
            if info.level == level and info.code not in d.forbidden:
                if info.applies_to == "family":
                    d.family.add(info.code)
                elif info.applies_to == "child":
                    d.get("B1", age=17).indicators.add(info.code)
                else:
                    d.get("A1", age=30, parent=True).indicators.add(info.code)
                return True
        return False


def _outcome(rule: Rule, trace: Trace) -> Rule | bool | None:
    """True when the rule fired (and, for lead rules, won); else the lead rule that won."""
    if rule.stage == "lead":
        chosen = trace.lead
        return True if chosen is not None and chosen.index == rule.index else chosen
    return any(r.index == rule.index for r, _ in trace.fired[rule.stage])


def reachable(rule: Rule, pack: CompiledPack, backend: ReferenceBackend) -> tuple[bool, Rule | None]:
    """Whether some family makes `rule` fire (lead rules: win), and else the lead rule that beat it."""
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
                if trace.level >= want or not builder.boost(d, want):
                    break
    return False, overtaken


def probes(pack: CompiledPack, backend: ReferenceBackend) -> set[int]:
    """Rules that fire (lead rules: win) for one need at a time, at ages across childhood."""
    families = []
    for code, info in sorted(pack.indicators.items()):
        for age in (0, 4, 8, 13, 16, 17):
            d = Draft()
            d.get("A1", age=30, parent=True)
            child = d.get("K1", age=age)
            holder = {"family": d.family, "adult": d.get("A1").indicators}.get(info.applies_to, child.indicators)
            holder.add(code)
            families.append(d.family_of())
    reached: set[int] = set()
    for trace in trace_all(families, pack, backend):
        reached |= {r.index for stage in ("level", "intervention") for r, _ in trace.fired[stage]}
        if (won := trace.lead) is not None:
            reached.add(won.index)
    return reached


def unreachable(pack: CompiledPack) -> list[Problem]:
    """Rules that no family can reach (lead rules: that never win), and programmes never offered."""
    problems: list[Problem] = []
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
