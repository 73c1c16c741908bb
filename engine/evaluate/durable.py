"""durable-rules adapter: the intermediate form as JSON rulesets, evaluated with facts.

Facts, not events, so every applicable rule fires (an event is consumed by the first match).
The adapter drives durable-rules' C engine directly rather than through its Python host: no
background threads, no action callbacks that store exceptions in session state, no JSON round
trip of the state per firing. Each call asserts a stage's facts, reads every firing, and
retracts the same facts, so no fact outlives a call. A catch-all rule proves every fact was
seen (and keeps a batch from being refused when one fact matches no rule). Rulesets are
created once per pack digest, period in force and stage; the C engine has an unlocked global
handle table, so every call holds a lock.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence

import durable_rules_engine as dre
import orjson

from ..errors import EngineError
from ..ir import STAGES, Clause, CompiledPack, Rule, Stage, Test
from .facts import RowFact

SEEN = "seen"
_FIRING = re.compile(r'\{"([a-z0-9]+)":\{"m":\{"fid": ?(\d+)[,}]')
_LOCK = threading.Lock()
_HANDLES: dict[tuple[str, str, Stage], int] = {}


def _test(t: Test) -> dict:
    name = t.field.name
    if t.op == "eq":
        # false flags are left out of facts, so "is false" means "is absent"
        return {"$nex": {name: 1}} if t.value is False else {name: t.value}
    return {"$gte" if t.op == "ge" else "$lte": {name: t.value}}


def _clause(c: Clause) -> list[dict]:
    tests = [_test(t) for t in c.tests]
    return tests if c.mode == "all" else [{"$or": tests}]


def rule_json(rule: Rule) -> dict:
    """A rule in durable-rules' JSON ruleset form."""
    terms: list[dict] = [{"kind": rule.subject}]
    for c in rule.clauses:
        terms += _clause(c)
    return {"all": [{"m": {"$and": terms}}]}


def ruleset_json(rules: tuple[Rule, ...]) -> dict:
    """A stage's rules as one durable-rules ruleset, with the catch-all that proves each fact was seen."""
    out = {f"r{r.index}": rule_json(r) for r in rules}
    out[SEEN] = {"all": [{"m": {"$gte": {"fid": 0}}}]}
    return out


def _handle(pack: CompiledPack, stage: Stage) -> int:
    key = (pack.digest, pack.period.key, stage)  # a pack with dated values has rules per period
    if key not in _HANDLES:
        name = "_".join(filter(None, ("continuum", pack.digest.removeprefix("sha256:")[:16], pack.period.key, stage)))
        _HANDLES[key] = dre.create_ruleset(name, json.dumps(ruleset_json(pack.stage(stage))))
    return _HANDLES[key]


class DurableBackend:
    """Evaluates stages with durable-rules' C engine, one ruleset per stage and pack digest."""

    name = "durable"

    def __init__(self, pack: CompiledPack):
        with _LOCK:
            self.handles = {stage: _handle(pack, stage) for stage in STAGES}

    def fire(self, stage: Stage, facts: Sequence[RowFact]) -> list[tuple[int, int]]:
        if not facts:
            return []
        # each fact carries its own message id: without one durable-rules derives an id from the
        # content, and two different facts of one call can get the same id (the call is refused)
        payload = orjson.dumps(
            [{"fid": i, "id": i, "kind": f.subject, **f.values} for i, f in enumerate(facts)]
        ).decode()
        handle = self.handles[stage]
        messages: list[str] = []
        with _LOCK:
            try:
                code, state = dre.assert_facts(handle, payload)
                if code == 0:
                    message = dre.start_action_for_state(handle, state)
                    if message:
                        messages.append(message[1])
                        while next_message := dre.complete_and_start_action(handle, state):
                            messages.append(next_message)
            finally:
                retracted = dre.retract_facts(handle, payload)
        if code != 0:
            raise EngineError(f"durable-rules refused the facts (code {code})")
        if retracted[0] != 0:
            raise EngineError(f"durable-rules could not retract the facts (code {retracted[0]})")
        seen: set[int] = set()
        fired: set[tuple[int, int]] = set()
        for text in messages:
            # a firing reads {"<rule>":{"m":{"fid":<n>,...}}}: the fact is ours, fid first
            got = _FIRING.match(text)
            if got is None:
                raise EngineError(f"durable-rules reported a firing in an unknown form: {text[:80]!r}")
            action, fid = got[1], int(got[2])
            if action == SEEN:
                seen.add(fid)
            else:  # an `$or` fires a rule once per alternative that matches: a firing counts once
                fired.add((int(action[1:]), fid))
        if len(seen) != len(facts):
            missing = sorted(set(range(len(facts))) - seen)
            raise EngineError(f"durable-rules did not evaluate facts {missing[:5]}")
        return sorted(fired)
