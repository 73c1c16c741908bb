"""Put each member's programmes in the pack's order of preference, best first, and keep a handful.

The rules say which programmes fit; this says which to try first. A programme offered to a
child only for someone else's need is not offered to a sibling who has no need of their own
(unless it is a whole-family programme); programmes that meet the same need (an `alternatives`
group) are offered once, the best of them; and at most `most_per_member` are listed, the rest
named in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ir import CompiledPack, Rule
from ..profile import Family


@dataclass(frozen=True)
class Ranked:
    """One programme for one member, with its rank and the programmes it was chosen over."""

    intervention: str
    slot: int
    rules: tuple[Rule, ...]
    rank: int
    instead_of: tuple[str, ...]  # ids of alternatives that meet the same need, best first


def _strength(eif: str | None) -> float:
    """An EIF rating as a number to sort by: 4+ above 4 above 3+ ...; unrated or NE last."""
    m = re.match(r"^([2-4])(\+?)", eif or "")
    return int(m.group(1)) + (0.5 if m.group(2) else 0) if m else 0.0


def _static(pack: CompiledPack) -> tuple[dict[str, dict[str, float]], dict[int, bool]]:
    """Per programme, what ranks it that does not depend on the family; per offer rule, whether it
    tests the member's own need. Worked out once per pack."""
    got = pack.cache.get("ranking")
    if got is None:
        order = pack.ranking
        assert order is not None
        formats = {f: i for i, f in enumerate(order.formats)}
        per_programme = {
            iid: {
                "format": formats.get(iv.format, len(formats)),
                "evidence": -_strength(iv.eif),
                "cost": iv.cost if iv.cost is not None else 3,  # an unknown cost sorts mid-range
            }
            for iid, iv in pack.interventions.items()
        }
        own = {
            r.index: any(t.field.kind == "m_" and t.value is True for c in r.clauses for t in c.tests)
            for r in pack.stage("intervention")
        }
        got = pack.cache["ranking"] = (per_programme, own)
    return got


def own_need(pack: CompiledPack, rule: Rule) -> bool:
    """The offer rule tests the member's own need (so its programme fits that member closely)."""
    return _static(pack)[1].get(rule.index, False)


def ranking_key(pack: CompiledPack, iid: str, specific: bool) -> tuple[float, ...]:
    """How a programme sorts for a member (lower first); `specific`: offered for the member's own need."""
    assert pack.ranking is not None, "every compiled pack has a ranking"
    values = _static(pack)[0][iid]
    # specificity: a programme offered for the member's own need before one offered for someone else's
    fit = 0 if specific else 1
    return (values["format"], *(fit if what == "specificity" else values[what] for what in pack.ranking.then))


def _key(pack: CompiledPack, iid: str, rules: tuple[Rule, ...]) -> tuple[float, ...]:
    return ranking_key(pack, iid, any(own_need(pack, r) for r in rules))


def _for_someone_else(family: Family, pack: CompiledPack, iid: str, slot: int) -> bool:
    """A child's programme offered, for another member's need, to a child with none of their own."""
    person = family.members[slot]
    whole = pack.interventions[iid].whole_family
    return not whole and person.is_child and not person.young_parent and not person.indicators


def rank(
    family: Family, pack: CompiledPack, offers: dict[tuple[str, int], list[Rule]]
) -> tuple[list[Ranked], list[str]]:
    """The programmes to show, grouped by member in profile order and ranked best first, and
    notes for the panel about the ones left out."""
    order = pack.ranking
    assert order is not None, "every compiled pack has a ranking"
    children_with_needs = any(p.indicators for p in family.children if not p.young_parent)
    given_once: set[str] = set()
    by_member: dict[int, list[tuple[str, tuple[Rule, ...]]]] = {}
    for (iid, slot), rules in sorted(offers.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        held = tuple(rules)
        if _for_someone_else(family, pack, iid, slot):
            # no child has needs of their own: the programme is for the family's children, once
            if children_with_needs or iid in given_once:
                continue
            given_once.add(iid)
        by_member.setdefault(slot, []).append((iid, held))
    out: list[Ranked] = []
    notes: list[str] = []
    for slot in sorted(by_member):
        items = sorted(by_member[slot], key=lambda it: (_key(pack, it[0], it[1]), it[0]))
        kept: list[tuple[str, tuple[Rule, ...], list[str]]] = []
        best_of: dict[str, int] = {}
        for iid, fired in items:
            group = pack.interventions[iid].alternatives
            if group is not None and group in best_of:
                kept[best_of[group]][2].append(iid)
                continue
            if group is not None:
                best_of[group] = len(kept)
            kept.append((iid, fired, []))
        shown, rest = kept[: order.most], kept[order.most :]
        out += [Ranked(iid, slot, held, k, tuple(others)) for k, (iid, held, others) in enumerate(shown, start=1)]
        if rest:
            names = ", ".join(pack.interventions[iid].name for iid, _, _ in rest)
            who = family.members[slot].id
            notes.append(
                f"Also suitable for {who}, if the programmes listed do not suit or are not available: {names}."
            )
    return out, notes
