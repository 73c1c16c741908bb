"""What the default pack's data must keep saying, read from the compiled rules.

- An offer to a child that rests only on a parent's need, or on the family's circumstances,
  says so in its reason (seed-based fact check: Solihull was offered to siblings with no need of
  their own; which sibling gets it is the engine's business, but the reason must not read as if
  the child had the need).
- Whole-class programmes are a recommendation to the child's school and are never offered to a
  child who is permanently excluded or has no school place.
"""

from __future__ import annotations

from engine.ir import CompiledPack, Offer, Rule, field
from engine.ir import Test as Check

WHOLE_CLASS = ("paths", "classroom-emotional-learning", "lifeskills-training")
NOT_THIS_CHILD = ("rather than one recorded for this", "rather than a need recorded for this")


def offers(pack: CompiledPack) -> list[Rule]:
    return [r for r in pack.rules if isinstance(r.effect, Offer)]


def needs_tested(rule: Rule) -> set[str]:
    """The kinds of holder (m_ the member, a_ adults, f_ family...) whose needs must be present."""
    return {t.field.kind for c in rule.clauses for t in c.tests if t.field.is_need and t.value is True}


def test_an_offer_resting_only_on_others_needs_says_so(pack):
    for rule in offers(pack):
        kinds = needs_tested(rule)
        if kinds and "m_" not in kinds and not pack.interventions[rule.effect.intervention].whole_family:
            assert any(words in rule.text for words in NOT_THIS_CHILD), f"{rule.id}: {rule.text}"


def test_an_offer_for_the_child_s_own_need_does_not_say_it_is_for_someone_else(pack):
    for rule in offers(pack):
        if needs_tested(rule) == {"m_"}:
            assert not any(words in rule.text for words in NOT_THIS_CHILD), rule.id


def test_whole_class_programmes_go_through_the_school_and_need_a_school_place(pack):
    no_place = Check(field("m_", "permanent_exclusion"), "eq", False)
    for rule in offers(pack):
        if rule.effect.intervention in WHOLE_CLASS:
            assert any(no_place in c.tests for c in rule.clauses), rule.id
            assert "school" in rule.text.split(":")[0], rule.id
