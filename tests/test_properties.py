"""Properties every decision must have, over generated valid families (see conftest.build_family)."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.decide import decide, decide_all
from engine.profile import Family, Person

CHECKS = settings(max_examples=200, deadline=None, database=None)

CHILD_TRIGGERS = (
    "significant_harm",
    "female_genital_mutilation",
    "physical_abuse",
    "sexual_abuse",
    "emotional_abuse",
    "neglect",
    "child_protection_plan",
    "sexual_activity_under_13",
    "sexual_exploitation_risk",
    "criminal_exploitation_risk",
    "abuse_linked_to_faith",
    "trafficking",
    "radicalisation_risk",
)


def with_member_indicator(family: Family, slot: int, code: str) -> Family:
    members = list(family.members)
    members[slot] = dataclasses.replace(members[slot], indicators=members[slot].indicators | {code})
    return dataclasses.replace(family, members=tuple(members))


def has_trigger(family: Family) -> bool:
    """Written out from contract section 2 and the default pack's triggers, not from the engine."""
    removed = any("previous_child_removed" in p.indicators for p in family.adults)
    return (
        any(p.is_child and p.indicators & set(CHILD_TRIGGERS) for p in family.members)
        or any((p.pregnant or p.is_parent) and p.age < 13 for p in family.members)
        or any(p.pregnant and removed for p in family.members)
        or (family.domestic_abuse_risk or 0) >= 3
    )


@CHECKS
@given(data=st.data())
def test_one_more_indicator_never_lowers_the_level(data, families, vocab, engine):
    family = data.draw(families)
    more = [(None, c) for c in vocab.family if c not in family.indicators]
    for slot, p in enumerate(family.members):
        codes = vocab.child + vocab.grave if p.is_child else vocab.adult
        more += [(slot, c) for c in codes if c not in p.indicators]
    slot, code = data.draw(st.sampled_from(more))
    bigger = (
        dataclasses.replace(family, indicators=family.indicators | {code})
        if slot is None
        else with_member_indicator(family, slot, code)
    )
    before = engine.decide(family)["level"]["code"]
    after = engine.decide(bigger)["level"]["code"]
    assert after >= before, f"adding {code} to {slot} lowered the level from {before} to {after}"


@CHECKS
@given(data=st.data())
def test_a_safeguarding_trigger_always_escalates_to_level_4(data, families, engine):
    family = data.draw(families)
    if data.draw(st.booleans()):
        family = dataclasses.replace(family, domestic_abuse_risk=data.draw(st.sampled_from((3, 4))))
    else:
        code = data.draw(st.sampled_from(CHILD_TRIGGERS))
        kids = [i for i, p in enumerate(family.members) if p.is_child]
        if not kids:
            child = Person("CX", data.draw(st.integers(0, 17)), True, False, False, None, frozenset())
            family = dataclasses.replace(family, members=(*family.members, child))
            kids = [len(family.members) - 1]
        family = with_member_indicator(family, data.draw(st.sampled_from(kids)), code)
    d = engine.decide(family)
    assert d["safeguarding"]["escalate"] is True
    assert d["safeguarding"]["route"]
    assert d["safeguarding"]["reasons"]
    assert d["level"]["code"] == 4
    assert d["lead_professional"]["role"] == "social_worker"


@CHECKS
@given(data=st.data())
def test_escalation_exactly_when_a_trigger_is_present_and_always_at_level_4(data, families, engine):
    family = data.draw(families)
    d = engine.decide(family)
    assert d["safeguarding"]["escalate"] is has_trigger(family)
    assert bool(d["safeguarding"]["route"]) is d["safeguarding"]["escalate"]
    if d["safeguarding"]["escalate"]:
        assert d["level"]["code"] == 4


def test_the_trigger_list_is_in_the_packs_vocabulary(pack):
    assert {c: pack.indicators[c].applies_to for c in CHILD_TRIGGERS} == dict.fromkeys(CHILD_TRIGGERS, "child")


@CHECKS
@given(data=st.data())
def test_interventions_only_for_members_inside_their_catalogue_band(data, families, engine):
    family = data.draw(families)
    people = {p.id: p for p in family.members}
    for iv in engine.decide(family)["interventions"]:
        person = people[iv["member"]]
        lo, hi = iv["ages"]
        assert (lo, hi) == engine.pack.interventions[iv["id"]].ages, iv["id"]
        assert lo <= person.age <= hi, f"{iv['id']} ({lo}-{hi}) recommended for {person.id} aged {person.age}"
        assert person.is_child or person.pregnant, f"{iv['id']} for {person.id}, neither a child nor expecting"


@CHECKS
@given(data=st.data())
def test_decisions_are_deterministic_whatever_the_order_of_indicators(data, families, engine, as_profile, read_family):
    family = data.draw(families)
    first = decide(family, engine.pack, engine.durable).to_json()
    assert decide(family, engine.pack, engine.durable).to_json() == first
    shuffled = as_profile(family, order=lambda codes: data.draw(st.permutations(sorted(codes))))
    read = read_family(json.dumps(shuffled), "family.json")
    assert read == family
    assert decide(read, engine.pack, engine.durable).to_json() == first


@settings(max_examples=120, deadline=None, database=None)
@given(data=st.data())
def test_backends_agree_on_a_batch_and_a_batch_decides_each_family_alone(data, families, engine):
    batch = data.draw(st.lists(families, min_size=1, max_size=12))
    by_durable = [d.to_json() for d in decide_all(batch, engine.pack, engine.durable)]
    by_reference = [d.to_json() for d in decide_all(batch, engine.pack, engine.reference)]
    alone = data.draw(st.sampled_from(range(len(batch))))
    assert decide(batch[alone], engine.pack, engine.reference).to_json() == by_reference[alone]
    assert by_durable == by_reference
