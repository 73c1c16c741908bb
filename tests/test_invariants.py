"""The escalations every shipped pack must make (contract section 2), over random families.

Written out from the contract, not read from any pack: each generated family is given one
mandatory trigger, and its decision must escalate to level 4, red, with a social worker leading.
"""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from contract_lists import MANDATORY_CHILD_TRIGGERS

from engine.check import usable_pack
from engine.decide import decide
from engine.evaluate import make_backend
from engine.pack import BUNDLED, bundled_pack_dir
from engine.profile import Family, Person
from engine.synth import families

CHILD_TRIGGERS = MANDATORY_CHILD_TRIGGERS
KINDS = (*CHILD_TRIGGERS, "domestic_abuse_risk_4", "parent_under_13", "pregnant_under_13", "prebirth_removal")
PER_PACK = 300


def _with(family: Family, slot: int | None, person: Person) -> Family:
    members = list(family.members)
    if slot is None:
        members.append(person)
    else:
        members[slot] = person
    return dataclasses.replace(family, members=tuple(members))


def with_trigger(family: Family, kind: str, rng: random.Random) -> Family:
    """The family with one of the contract's mandatory escalations added."""
    kids = [i for i, p in enumerate(family.members) if p.is_child]
    if kind in CHILD_TRIGGERS:
        if not kids:
            return _with(family, None, Person("CX", rng.randint(0, 17), True, False, False, None, frozenset({kind})))
        slot = rng.choice(kids)
        person = family.members[slot]
        return _with(family, slot, dataclasses.replace(person, indicators=person.indicators | {kind}))
    if kind == "domestic_abuse_risk_4":
        return dataclasses.replace(family, domestic_abuse_risk=4, indicators=family.indicators | {"domestic_abuse"})
    if kind == "parent_under_13":
        return _with(family, None, Person("YP", rng.randint(10, 12), True, False, False, None, frozenset(), True))
    if kind == "pregnant_under_13":
        return _with(family, None, Person("YP", rng.randint(10, 12), True, True, True, None, frozenset()))
    mother = Person("PB", rng.randint(16, 44), False, True, False, None, frozenset({"previous_child_removed"}), True)
    return _with(family, None, mother)


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_shipped_pack_escalates_every_mandatory_trigger(name):
    pack = usable_pack(bundled_pack_dir(name))
    backend = make_backend("durable", pack)
    rng = random.Random(f"invariant-{name}")
    for n, family in enumerate(families(pack, PER_PACK, seed=2026)):
        kind = KINDS[n % len(KINDS)]
        changed = with_trigger(family, kind, rng)
        d = json.loads(decide(changed, pack, backend).to_json())
        where = f"{name}: {kind} in {changed.referral_id}"
        assert d["safeguarding"]["escalate"] is True, where
        assert d["safeguarding"]["route"] and d["safeguarding"]["reasons"], where
        assert d["level"]["code"] == 4, where
        assert d["urgency"]["rating"] == "red", where
        assert d["lead_professional"]["role"] == "social_worker", where
        assert d["lead_professional"]["title"], where


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_shipped_pack_keeps_offending_under_10_from_a_youth_justice_lead(name):
    pack = usable_pack(bundled_pack_dir(name))
    backend = make_backend("durable", pack)
    for family in families(pack, PER_PACK, seed=10):
        kids = [i for i, p in enumerate(family.members) if p.is_child and p.age < 10]
        if not kids:
            continue
        person = family.members[kids[0]]
        changed = _with(family, kids[0], dataclasses.replace(person, indicators=person.indicators | {"offending"}))
        d = json.loads(decide(changed, pack, backend).to_json())
        older = any(p.is_child and p.age >= 10 and "offending" in p.indicators for p in changed.members)
        if not older and changed.preferred_lead != "youth_justice_worker":
            assert d["lead_professional"]["role"] != "youth_justice_worker", changed.referral_id
        assert any("criminal responsibility" in w for w in d["warnings"]), changed.referral_id
