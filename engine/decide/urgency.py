"""The front-door urgency of a decided family: the highest rating that applies, and what set it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..contract import RATINGS
from ..ir import Cited, CompiledPack
from ..profile import Family
from .decision import Reason, Urgency
from .trace import Firing

ESCALATED = "red"  # an escalation is always red, whatever the pack's levels and rules say
FAMILY = "Family"  # how reasons name the family as a whole, as the level's reasons do


def holders(family: Family) -> list[tuple[str, int | None, frozenset[str]]]:
    """Each member (id, age, indicators) in the profile's order, then the family (no age)."""
    return [(m.id, m.age, m.indicators) for m in family.members] + [(FAMILY, None, family.indicators)]


def unchecked(notes: Iterable[tuple[str, tuple[str, ...]]]) -> list[str]:
    """Panel warnings for (rule, facts not yet checked against their sources), worded as the rules' are."""
    return [f"Rule '{rule}' rests on a fact not yet checked against its source: {n}" for rule, ns in notes for n in ns]


def urgency_of(
    family: Family, pack: CompiledPack, level: int, escalations: Sequence[Firing]
) -> tuple[Urgency, list[str]]:
    """The urgency of a decided family, and warnings for any unchecked fact it rests on."""
    table = pack.urgency
    found: list[tuple[str, Cited, Reason]] = []
    if escalations:
        by = ", ".join(
            dict.fromkeys(f"{FAMILY if s is None else family.members[s].id} ({r.id})" for r, s in escalations)
        )
        text = f"Escalated by {by}. {table.escalation.text}"
        found.append((ESCALATED, table.escalation, Reason(table.escalation.rule, text, table.escalation.source)))
    by_level = table.levels[level]
    text = f"Level {level} ({pack.levels[level].name}): {by_level.text}"
    found.append((by_level.rating, by_level, Reason(by_level.rule, text, by_level.source)))
    for rule in table.rules:
        for who, _, held in holders(family):
            labels = [pack.indicators[code].label for code in rule.indicators if code in held]
            if labels:
                reason = Reason(rule.rule, f"{who}: {', '.join(labels)}. {rule.text}", rule.source)
                found.append((rule.rating, rule, reason))
    rating = max((r for r, _, _ in found), key=RATINGS.index)
    setting = [(cited, reason) for r, cited, reason in found if r == rating]
    urgency = Urgency(rating, table.hours[rating], [reason for _, reason in setting])
    return urgency, unchecked((cited.rule, cited.unverified) for cited, _ in setting)
