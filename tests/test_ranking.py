"""Programmes are ranked per member by the pack's stated preference, and reasons name this family."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

CHECKS = settings(max_examples=150, deadline=None, database=None)


@CHECKS
@given(data=st.data())
def test_each_member_gets_a_handful_ranked_from_1_grouped_in_profile_order(data, families, engine):
    family = data.draw(families)
    d = engine.decide(family)
    order = [p.id for p in family.members]
    members = [iv["member"] for iv in d["interventions"]]
    assert members == sorted(members, key=order.index), "interventions are grouped by member in profile order"
    most = engine.pack.ranking.most
    for who in dict.fromkeys(members):
        ranks = [iv["rank"] for iv in d["interventions"] if iv["member"] == who]
        assert ranks == list(range(1, len(ranks) + 1))
        assert len(ranks) <= most
        groups = [engine.pack.interventions[iv["id"]].alternatives for iv in d["interventions"] if iv["member"] == who]
        named = [g for g in groups if g is not None]
        assert len(named) == len(set(named)), f"{who} is offered two alternatives for the same need"


@CHECKS
@given(data=st.data())
def test_a_child_with_no_need_of_their_own_gets_no_programme_when_a_sibling_has_needs(data, families, engine):
    family = data.draw(families)
    with_needs = [p for p in family.children if p.indicators and not p.young_parent]
    if not with_needs:
        return
    d = engine.decide(family)
    for iv in d["interventions"]:
        person = next(p for p in family.members if p.id == iv["member"])
        if person.is_child and not person.young_parent and not person.indicators:
            assert engine.pack.interventions[iv["id"]].whole_family, f"{iv['id']} for {person.id}, who has no needs"


def test_mst_and_fft_are_never_both_listed_and_the_other_is_named(decide_yaml):
    d = decide_yaml(
        "members:\n  - {id: C1, role: child, age: 15, indicators: [conduct_disorder, offending]}\n"
        "  - {id: P1, role: parent, age: 44, indicators: []}\n"
    )
    ids = [iv["id"] for iv in d["interventions"]]
    assert not {"multisystemic-therapy", "functional-family-therapy"} <= set(ids)
    first = d["interventions"][0]
    assert first["id"] == "multisystemic-therapy" and first["rank"] == 1
    assert "functional-family-therapy" in first["alternatives"]
    assert any("in place of Functional Family Therapy" in r["text"] for r in first["reasons"])


def test_a_reason_names_which_of_its_needs_this_family_has(decide_yaml):
    d = decide_yaml(
        "members:\n  - {id: C1, role: child, age: 13, indicators: [antisocial_behaviour]}\n"
        "  - {id: P1, role: parent, age: 40, indicators: [drug_misuse]}\n"
        "family: {indicators: [housing_problems]}\n"
    )
    level = " ".join(r["text"] for r in d["level"]["reasons"])
    assert "Here: 3 different needs met by 3 services" in level
    assert "drug misuse (P1)" in level and "housing problems (the family)" in level
    for iv in d["interventions"]:
        for r in iv["reasons"]:
            if "Here:" in r["text"]:
                said = r["text"].split("Here:", 1)[1]
                assert "offending" not in said and "eviction" not in said, r["text"]


def test_near_misses_never_name_an_age_or_the_level(decide_yaml):
    d = decide_yaml("members:\n  - {id: C1, role: child, age: 9, indicators: [conduct_problems, school_absence]}\n")
    assert not [n for n in d["near_misses"] if "aged" in n or "level of need" in n], d["near_misses"]
