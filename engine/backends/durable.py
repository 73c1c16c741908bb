"""durable-rules adapter: the intermediate form as JSON rulesets, evaluated with facts.

Facts, not events, so every applicable rule fires (an event is consumed by the first match).
All evaluation runs in one session, and each call retracts what it asserted, so no session or
fact outlives a call. A catch-all rule proves every fact was seen. durable-rules stores an
exception raised inside an action in the session state instead of raising it: it is checked
after every call and raised as EngineError.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from durable.engine import Host, MessageNotHandledException, MessageObservedException

from ..errors import EngineError
from ..ir import STAGES, Clause, CompiledPack, Rule, Stage, Test

SEEN = "seen"


def _test(t: Test) -> dict:
    if t.op == "eq":
        return {t.field: t.value}
    return {"$gte" if t.op == "ge" else "$lte": {t.field: t.value}}


def _clause(c: Clause) -> list[dict]:
    tests = [_test(t) for t in c.tests]
    return tests if c.mode == "all" else [{"$or": tests}]


def rule_json(rule: Rule) -> dict:
    terms: list[dict] = [{"kind": rule.subject}]
    for c in rule.clauses:
        terms += _clause(c)
    return {"all": [{"m": {"$and": terms}}], "run": f"r{rule.index}"}


def ruleset_json(rules: tuple[Rule, ...]) -> dict:
    out = {f"r{r.index}": rule_json(r) for r in rules}
    out[SEEN] = {"all": [{"m": {"$gte": {"fid": 0}}}], "run": SEEN}
    return out


class _Host(Host):
    """A host without durable-rules' background dispatch threads: every call is synchronous."""

    def __init__(self) -> None:
        self.sink: list[tuple[str, int]] = []
        super().__init__()

    def _run(self) -> None:  # no timers or background dispatch: nothing here uses them
        pass

    def get_action(self, action_name: str) -> Callable:
        sink = self.sink

        def record(c: object) -> None:
            sink.append((action_name, c.m["fid"]))  # type: ignore[attr-defined]

        return record


_LOCK = threading.Lock()
_HOST: _Host | None = None


def _host() -> _Host:
    global _HOST
    if _HOST is None:
        _HOST = _Host()
    return _HOST


def _clear(host: _Host, name: str) -> None:
    """Retract whatever a refused call left in the session, so the next call starts clean."""
    host.sink.clear()
    for fact in host.get_facts(name, None):
        host.retract_fact(name, fact)


class DurableBackend:
    name = "durable"

    def __init__(self, pack: CompiledPack):
        tag = pack.digest.removeprefix("sha256:")[:16]
        self.names = {stage: f"continuum_{tag}_{stage}" for stage in STAGES}
        with _LOCK:
            host = _host()
            fresh = {
                self.names[s]: ruleset_json(pack.stage(s))
                for s in STAGES
                if self.names[s] not in host._ruleset_directory
            }
            if fresh:
                host.set_rulesets(fresh)

    def fire(self, stage: Stage, facts: list[dict]) -> list[tuple[int, int]]:
        if not facts:
            return []
        name = self.names[stage]
        with _LOCK:
            host = _host()
            host.sink.clear()
            try:
                state = host.assert_facts(name, facts)
                host.retract_facts(name, facts)
            except (MessageNotHandledException, MessageObservedException) as exc:
                _clear(host, name)
                raise EngineError(f"durable-rules refused the facts: {exc.message}") from None
            fired = list(host.sink)
            host.sink.clear()
            if state and "exception" in state:
                host.delete_state(name, None)
                raise EngineError(f"a durable-rules action failed: {state['exception']}")
        seen = {fid for action, fid in fired if action == SEEN}
        missing = {f["fid"] for f in facts} - seen
        if missing:
            raise EngineError(f"durable-rules did not evaluate facts {sorted(missing)[:5]}")
        # an `$or` fires a rule once per alternative that matches: a firing counts once
        return sorted({(int(action[1:]), fid) for action, fid in fired if action != SEEN})
