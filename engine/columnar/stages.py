"""The decision of a caseload under one period's rules: level, offers, lead (as engine/decide/trace.py
runs them), then urgency and Supporting Families (engine/decide/urgency.py, supporting_families.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..contract import OUTCOMES, RATINGS
from ..errors import EngineError
from ..ir import CompiledPack, Escalate, Lead, Rule
from .bits import any_of
from .caseload import Block, Flags, Ints
from .facts import Facts
from .offers import Ranked, offer, rank
from .rules import Evaluator

ESCALATED = RATINGS.index("red")  # an escalation is always red


@dataclass(frozen=True)
class Part:
    """One period's decisions for every family; only those in `scope` (None: all) are in force."""

    pack: CompiledPack  # the period's
    scope: Flags | None
    level: Ints
    escalate: Flags
    escalations: Ints  # bit k: the k-th of escalation_rules(pack) fired
    lead: Ints  # index into lead_table(pack)'s (role, title) pairs, -1 for none
    urgency: Ints  # index into RATINGS
    hours: Ints
    outcomes: Ints  # Supporting Families headline outcomes, bit i for OUTCOMES[i]
    eligible: Flags
    ranked: Ranked  # programmes numbered as Order.of(pack) numbers them


def decide_part(block: Block, ev: Evaluator, scope: Flags | None) -> Part:
    """The stages for every family of a block, with the rules of the evaluator's pack (one period's)."""
    pack = ev.pack
    facts = Facts(block, pack)
    ev.bind(facts)
    _level(facts, ev, scope)
    ranked = rank(facts, offer(facts, ev, scope))
    lead = _lead(facts, ev, scope)
    leads = lead_table(pack)[2]
    social_worker = np.array([role == "social_worker" for role, _ in leads] + [False])[lead]
    bad = facts.escalated & ((facts.level != 4) | ~social_worker)
    if scope is not None:
        bad &= scope
    if bad.any():  # the pack check proves every pack keeps these; this guards the decisions themselves
        k = int(np.argmax(bad))
        role = leads[lead[k]][0] if lead[k] >= 0 else None
        raise EngineError(f"an escalation came out at level {facts.level[k]} with lead {role}: no decision is safe")
    urgency, hours = _urgency(facts)
    outcomes = _supporting_families(facts)
    eligible = np.bitwise_count(outcomes) >= pack.supporting_families.threshold
    return Part(
        pack,
        scope,
        facts.level,
        facts.escalated,
        facts.escalations,
        lead,
        urgency,
        hours,
        outcomes,
        eligible,
        ranked,
    )


def _level(facts: Facts, ev: Evaluator, scope: Flags | None) -> None:
    escalation = {r: k for k, r in enumerate(escalation_rules(facts.pack))}
    # the highest level that any fired rule sets: written in ascending order, the last write wins
    for rule in sorted(facts.pack.stage("level"), key=lambda r: r.level):
        at = ev.fire(rule, scope)
        facts.level[at.fams] = rule.level
        if isinstance(rule.effect, Escalate):
            facts.escalated[at.fams] = True
            facts.escalations[at.fams] |= 1 << escalation[rule.id]
    np.maximum(facts.level, 1, out=facts.level)


def escalation_rules(pack: CompiledPack) -> tuple[str, ...]:
    """The ids of the rules that escalate, in the pack's order (as a decision's reasons list them)."""
    out = tuple(dict.fromkeys(r.id for r in pack.stage("level") if isinstance(r.effect, Escalate)))
    assert len(out) < 64, "more than 63 escalation rules"
    return out


def _lead(facts: Facts, ev: Evaluator, scope: Flags | None) -> Ints:
    """The lead rule that wins (the first in order that holds) at a level that names a lead, as an
    index into lead_table's (role, title) pairs."""
    pack = facts.pack
    named = np.array([lvl in pack.levels and pack.levels[lvl].lead_professional for lvl in range(5)])
    eligible = named[facts.level] if scope is None else named[facts.level] & scope  # a new array
    rules, table, _ = lead_table(pack)
    won = np.full(facts.c.families, -1, np.int64)
    for k, rule in enumerate(rules):  # in order, each on the families no rule before has led
        fams = ev.fire(rule, eligible).fams
        won[fams] = k
        eligible[fams] = False
    return table[won, facts.level]


def lead_table(pack: CompiledPack) -> tuple[tuple[Rule, ...], Ints, tuple[tuple[str, str], ...]]:
    """The lead rules in order; for (rule, level), which (role, title) it gives: the rule's title, else
    the level's, else "Lead professional" (-1 in the last row: no rule)."""
    got = pack.cache.get("columnar-leads")
    if got is None:
        rules = tuple(sorted(pack.stage("lead"), key=lambda r: r.effect.order))  # type: ignore[union-attr]
        leads: dict[tuple[str, str], int] = {}
        table = np.full((len(rules) + 1, 5), -1, np.int64)
        for k, rule in enumerate(rules):
            assert isinstance(rule.effect, Lead)
            for lvl, info in pack.levels.items():
                title = rule.effect.title or info.lead_title or "Lead professional"
                table[k, lvl] = leads.setdefault((rule.effect.role, title), len(leads))
        got = pack.cache["columnar-leads"] = (rules, table, tuple(leads))
    return got


def _urgency(facts: Facts) -> tuple[Ints, Ints]:
    """The highest rating that applies (by RATINGS order), and its hours."""
    table = facts.pack.urgency
    by_level = np.full(5, 0, np.int64)
    for lvl, rule in table.levels.items():
        by_level[lvl] = RATINGS.index(rule.rating)
    rating = by_level[facts.level]
    for rule in table.rules:
        rating = np.maximum(rating, _holds_any(facts, rule.indicators) * RATINGS.index(rule.rating))
    rating = np.maximum(rating, facts.escalated * ESCALATED)
    return rating, np.array([table.hours[r] for r in RATINGS], np.int64)[rating]


def _holds_any(facts: Facts, codes: tuple[str, ...]) -> Flags:
    """Per family: a member or the family holds one of the codes."""
    return any_of(facts.needs, facts.codes(codes)[0])


def _supporting_families(facts: Facts) -> Ints:
    """Per family, the headline outcomes it has needs under: a member holding an indicator at an age
    its placement covers, or the family holding it (the family has no age)."""
    pack, c = facts.pack, facts.c
    table = pack.supporting_families
    oldest = int(c.age.max(initial=0))
    anyone: dict[str, list[str]] = {}  # outcome -> codes placed under it at every age the block has
    out = np.zeros(c.families, np.int64)
    for code in pack.indicators:
        k = facts.pos.get(code)
        if k is None:
            continue
        for p in table.placements.get(code, ()):
            outcomes = [o for o in p.outcomes if o in table.outcomes]
            if p.ages[0] <= 0 and p.ages[1] >= oldest:
                for o in outcomes:
                    anyone.setdefault(o, []).append(code)
                continue
            bits = sum(1 << OUTCOMES.index(o) for o in outcomes)
            rows = c.holders.of(k)
            inside = rows[(c.age[rows] >= p.ages[0]) & (c.age[rows] <= p.ages[1])]
            out[c.fam[inside]] |= bits
            out[c.family_holders.of(k)] |= bits
    for o, codes in anyone.items():
        out |= any_of(facts.needs, facts.codes(codes)[0]) << OUTCOMES.index(o)
    return out
