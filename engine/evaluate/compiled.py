"""Rules as Python predicates, generated once per pack: the reference evaluator's fast path.

Each clause becomes one Python expression over the fact dict (a missing flag reads false;
numbers are always present), so a rule is tested with one call instead of walking its test
objects. Rules are indexed by the need that gates them, so a fact only meets the rules whose
gate it can pass: the work per fact follows the needs it has, not the size of the pack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..ir import Clause, CompiledPack, Fact, Rule, Stage, Subject, Test

Predicate = Callable[[Fact], bool]


def _test(t: Test) -> str:
    name = repr(t.field.name)
    if t.is_flag:
        return f"g({name})" if t.value else f"not g({name})"
    op = {"eq": "==", "ge": ">=", "le": "<="}[t.op]
    return f"f[{name}] {op} {int(t.value)}"


def clause_source(c: Clause) -> str:
    """A clause as one Python expression over the fact `f` (with `g = f.get`)."""
    parts = [_test(t) for t in c.tests]
    joined = (" and " if c.mode == "all" else " or ").join(parts)
    return f"({joined})" if parts else "True"


def _distance(c: Clause) -> Callable[[Fact], int]:
    """How many steps a numeric clause is from holding: 0 when it holds, else the largest gap."""
    gaps = [
        f"{int(t.value)} - f[{t.field.name!r}]" if t.op == "ge" else f"f[{t.field.name!r}] - {int(t.value)}"
        for t in c.tests
    ]
    body = (
        f"max(0, {', '.join(gaps)})"
        if c.mode == "all"
        else f"(0 if min({', '.join(gaps)}) <= 0 else max({', '.join(gaps)}))"
    )
    if len(gaps) == 1 and c.mode == "all":
        body = f"max(0, {gaps[0]})"
    return eval(f"lambda f: {body}", {"__builtins__": {"max": max, "min": min}})


def _function(clauses: tuple[Clause, ...]) -> Predicate:
    body = " and ".join(clause_source(c) for c in clauses) or "True"
    code = f"lambda f: (lambda g: {body})(f.get)"
    return eval(code, {"__builtins__": {}})


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per rule
class CompiledRule:
    """A rule with its generated predicates."""

    rule: Rule
    holds: Predicate
    gates_hold: Predicate  # every flag clause holds (the numeric thresholds may not)
    thresholds: tuple[tuple[Clause, Callable[[Fact], int]], ...]  # each numeric clause, with its distance


@dataclass(frozen=True)
class CompiledStage:
    """One stage's rules for one subject: gated by a need, or always worth testing."""

    gated: dict[str, tuple[CompiledRule, ...]]
    ungated: tuple[CompiledRule, ...]

    def candidates(self, fact: Fact) -> list[CompiledRule]:
        """The rules whose gate this fact can pass, each once, in pack order."""
        gated = self.gated
        hit = [r for name in fact if (rs := gated.get(name)) for r in rs]
        if not hit:
            return list(self.ungated)
        if len(hit) > 1:
            hit = sorted(set(hit), key=lambda r: r.rule.index)
        return [*self.ungated, *hit]

    def fired(self, fact: Fact) -> list[int]:
        return [r.rule.index for r in self.candidates(fact) if r.holds(fact)]


def _compile_stage(pack: CompiledPack, stage: Stage, subject: Subject, near: bool) -> CompiledStage:
    index = pack.index(stage, subject)
    made: dict[int, CompiledRule] = pack.cache.setdefault("compiled-rules", {})

    def comp(rule: Rule) -> CompiledRule:
        if rule.index not in made:
            made[rule.index] = CompiledRule(
                rule,
                _function(rule.clauses),
                _function(rule.gates),
                tuple((c, _distance(c)) for c in rule.thresholds),
            )
        return made[rule.index]

    def keep(rules: tuple[Rule, ...]) -> tuple[CompiledRule, ...]:
        return tuple(comp(r) for r in rules if r.thresholds or not near)

    gated = {name: kept for name, rules in index.gated.items() if (kept := keep(rules))}
    return CompiledStage(gated, keep(index.ungated))


def compiled(pack: CompiledPack, stage: Stage, subject: Subject, near: bool = False) -> CompiledStage:
    """The stage's compiled rules for a subject, made once per pack; `near`: only those with a
    numeric threshold, the only ones that can be near misses."""
    key = ("compiled", stage, subject, near)
    got = pack.cache.get(key)
    if got is None:
        got = pack.cache[key] = _compile_stage(pack, stage, subject, near)
    return got
