"""A pack's level stage as a GoRules ZEN decision graph (JDM), to time against on the same facts.

One decision table with hit policy "collect", between an input and an output node: a row per
level rule, with an input column `kind` (the rule's subject, 'member' or 'family') and an
expression column (no field) whose cell is the rule's condition in ZEN's expression language,
built from the intermediate form (engine/ir): a clause is its tests joined by `and` (mode
"all") or `or` (mode "any"), and a rule is its clauses joined by `and`. The output `rule` is
the rule's index. Facts leave false flags out, so a flag that must be false reads
`name != true` (a missing field is null, and null is not true). A fact's context is
`{"kind": subject, **values}`.
"""

from __future__ import annotations

from typing import Any

from engine.evaluate import RowFact
from engine.ir import Clause, Rule, Test

_OPS = {"eq": "==", "ge": ">=", "le": "<="}


def _test(t: Test) -> str:
    name = t.field.name
    if t.is_flag:
        return f"{name} == true" if t.value else f"{name} != true"
    return f"{name} {_OPS[t.op]} {int(t.value)}"


def _clause(c: Clause) -> str:
    return "(" + (" and " if c.mode == "all" else " or ").join(_test(t) for t in c.tests) + ")"


def condition(rule: Rule) -> str:
    """The rule's condition as one ZEN expression (a clause with no tests holds, as in the engine)."""
    return " and ".join(_clause(c) for c in rule.clauses if c.tests) or "true"


def decision_graph(rules: tuple[Rule, ...], name: str = "level") -> dict[str, Any]:
    """The JDM content of a graph input -> decision table (collect) -> output for these rules."""
    table = {
        "hitPolicy": "collect",
        "inputs": [{"id": "kind", "name": "kind", "field": "kind"}, {"id": "when", "name": "condition"}],
        "outputs": [{"id": "rule", "name": "rule", "field": "rule"}],
        "rules": [
            {"_id": f"r{r.index}", "kind": f"'{r.subject}'", "when": condition(r), "rule": str(r.index)} for r in rules
        ],
    }
    at = {"x": 0, "y": 0}
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "facts", "position": at},
            {"id": "table", "type": "decisionTableNode", "name": name, "position": at, "content": table},
            {"id": "out", "type": "outputNode", "name": "rules", "position": at},
        ],
        "edges": [
            {"id": "in-table", "sourceId": "in", "targetId": "table", "type": "edge"},
            {"id": "table-out", "sourceId": "table", "targetId": "out", "type": "edge"},
        ],
    }


def context(fact: RowFact) -> dict[str, Any]:
    """What ZEN is given for one fact."""
    return {"kind": fact.subject, **fact.values}


def fired(result: dict[str, Any]) -> set[int]:
    """The rule indexes in one ZEN evaluation's result."""
    return {int(row["rule"]) for row in result["result"]}
