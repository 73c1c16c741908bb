"""durable-rules and the reference evaluator agree on thousands of families, and durable leaks nothing."""

from __future__ import annotations

import pytest
from durable.engine import Promise

from engine.backends import durable as durable_module
from engine.decide import decide_all, trace_all
from engine.errors import EngineError
from engine.facts import FamilyFacts
from engine.ir import STAGES

COUNT, BATCH, SEED = 3000, 250, 2026


@pytest.fixture(scope="module")
def many(seeded_families):
    return seeded_families(COUNT, SEED)


def batches(families):
    return [families[i : i + BATCH] for i in range(0, len(families), BATCH)]


def firings(trace):
    return {stage: [(rule.index, slot) for rule, slot in trace.fired[stage]] for stage in STAGES}


def test_thousands_of_families_get_identical_decisions_from_both_backends(many, pack, durable, reference):
    by_durable = [d.to_json() for chunk in batches(many) for d in decide_all(chunk, pack, durable)]
    by_reference = [d.to_json() for chunk in batches(many) for d in decide_all(chunk, pack, reference)]
    assert len(by_durable) == len(by_reference) == COUNT
    differ = [f.referral_id for f, a, b in zip(many, by_durable, by_reference, strict=True) if a != b]
    assert not differ, f"{len(differ)} of {COUNT} decisions differ, e.g. {differ[:5]}"


def test_the_raw_firings_agree_stage_by_stage(many, pack, durable, reference):
    differ = []
    for chunk in batches(many):
        for family, d, r in zip(chunk, trace_all(chunk, pack, durable), trace_all(chunk, pack, reference), strict=True):
            assert d.facts == r.facts, family.referral_id
            for stage in STAGES:
                if firings(d)[stage] != firings(r)[stage]:
                    differ.append((family.referral_id, stage))
    assert not differ, f"{len(differ)} stage firings differ, e.g. {differ[:5]}"


def test_the_generated_families_cover_every_level_and_escalation(many, pack, reference):
    decisions = decide_all(many[:500], pack, reference)
    assert {d.level.code for d in decisions} == {1, 2, 3, 4}
    assert {d.safeguarding.escalate for d in decisions} == {True, False}
    assert len({iv.id for d in decisions for iv in d.interventions}) >= 15


@pytest.mark.parametrize("backend", ["durable", "reference"])
def test_a_rule_fires_once_for_a_member_however_many_of_its_alternatives_hold(backend, engine, read_family):
    family = read_family(
        "referral: {id: R-1, date: 2026-11-20}\n"
        "members:\n"
        "  - {id: C1, role: child, age: 9, indicators: [physical_abuse, neglect]}\n"
    )
    trace = trace_all([family], engine.pack, getattr(engine, backend))[0]
    harm = [slot for rule, slot in trace.fired["level"] if rule.id == "significant-harm-abuse-or-neglect"]
    assert harm == [0]
    decision = engine.decide(family, backend)
    assert [r["rule"] for r in decision["safeguarding"]["reasons"]] == ["significant-harm-abuse-or-neglect"]


def test_durable_holds_no_facts_and_uses_one_session_after_many_decisions(
    many, pack, durable, seeded_families, monkeypatch
):
    host = durable_module._host()
    calls: list[tuple[str, list[dict]]] = []
    real = host.assert_facts

    def spy(name, facts, *rest):
        calls.append((name, facts))
        return real(name, facts, *rest)

    monkeypatch.setattr(host, "assert_facts", spy)
    for chunk in batches(seeded_families(1000, SEED + 1)):
        decide_all(chunk, pack, durable)
    assert {name for name, _ in calls} == set(durable.names.values())
    for _, facts in calls:
        assert all("sid" not in f for f in facts), "a fact opened its own session"
        assert len({f["fid"] for f in facts}) == len(facts), "durable-rules drops identical facts"
    for name in durable.names.values():
        assert host.get_facts(name) == []
        assert host.get_state(name)["sid"] == "0"
        for other in ("1", "999", "1000", "249999"):
            with pytest.raises(Exception, match="state"):
                host.get_state(name, other)


@pytest.mark.parametrize("stage", STAGES)
def test_an_exception_inside_a_durable_action_is_raised_and_the_backend_recovers(
    stage, many, pack, durable, monkeypatch
):
    batch = many[:60]
    before = [d.to_json() for d in decide_all(batch, pack, durable)]
    host = durable_module._host()

    def boom(c):
        raise RuntimeError("boom in an action")

    monkeypatch.setitem(host.get_ruleset(durable.names[stage])._actions, "seen", Promise(boom))
    with pytest.raises(EngineError, match="boom in an action"):
        decide_all(batch, pack, durable)
    monkeypatch.undo()
    assert [d.to_json() for d in decide_all(batch, pack, durable)] == before
    for name in durable.names.values():
        assert host.get_facts(name) == []


def test_a_refused_batch_leaves_no_facts_behind_and_the_backend_still_works(engine, read_family):
    family = read_family("referral: {id: R-1, date: 2026-11-20}\nmembers:\n  - {id: C1, role: child, age: 5}\n")
    facts = FamilyFacts(family, engine.pack, 999_999).facts("level")  # fids no generated batch uses
    name = engine.durable.names["level"]
    host = durable_module._host()
    try:
        with pytest.raises(EngineError):
            engine.durable.fire("level", [*facts, facts[0]])  # durable-rules refuses identical facts
        assert host.get_facts(name) == []
        assert sorted(engine.durable.fire("level", facts)) == sorted(engine.reference.fire("level", facts))
    finally:  # retract anything left over, so a failure here does not spill into other tests
        if leaked := host.get_facts(name):
            host.retract_facts(name, leaked)
