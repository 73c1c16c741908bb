"""Warnings a panel should look at, and near misses ("would be level 3 if ...").

Near misses come from the reference reading of the intermediate form: a rule that did not
fire, for which exactly one numeric threshold failed, by one step.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..contract import AGE_OF_CRIMINAL_RESPONSIBILITY
from ..evaluate.compiled import CompiledRule, compiled
from ..ir import KINDS, Clause, CompiledPack, Escalate, Fact, Offer, RaiseLevel, Rule
from ..profile import Family
from .decision import LeadOut
from .trace import Trace


def warnings(family: Family, pack: CompiledPack, trace: Trace, used: Iterable[Rule], lead: LeadOut) -> list[str]:
    """What the panel should check: consent, dates, inconsistent answers, unverified sources."""
    out: list[str] = []
    level = trace.level
    if level in (2, 3) and family.consent is not True:
        out.append(
            "The family has said no to early help. It is voluntary at levels 2 and 3: record their reasons, "
            "and if concerns grow consider whether the threshold for children's social care is met."
            if family.consent is False
            else "No consent is recorded. Early help at levels 2 and 3 is voluntary: agree it with the family first."
        )
    if family.as_of < pack.effective_from:
        out.append(
            f"The referral date {family.as_of} is before this rule pack took effect ({pack.effective_from}): "
            "the thresholds in force then may have differed."
        )
    if family.domestic_abuse_risk and "domestic_abuse" not in family.indicators:
        out.append(
            f"Domestic abuse is graded {family.domestic_abuse_risk} but 'domestic_abuse' is not among the "
            "family indicators: check the profile."
        )
    if family.preferred_lead and family.preferred_lead not in family.involved:
        out.append(
            f"The family would like the {family.preferred_lead.replace('_', ' ')} to lead, but no such "
            "practitioner is recorded as involved: ask whether one can take the role."
        )
    if level >= 2 and lead.role is None:
        out.append("No lead professional rule applied: the panel must agree one.")
    if lead.role is not None and lead.role not in family.involved and not trace.escalations:
        out.append(
            f"The suggested lead, the {lead.role.replace('_', ' ')}, is not yet recorded as working with the "
            "family: check that one can take the role, and agree it with the family."
        )
    for person in family.children:
        if "offending" in person.indicators and person.age < AGE_OF_CRIMINAL_RESPONSIBILITY:
            out.append(
                f"{person.id} is {person.age} and recorded as offending: under 10, the age of criminal "
                "responsibility in England, a child cannot commit an offence in law. Treat the behaviour "
                "as a welfare need; youth justice does not lead (contract section 2)."
            )
    for rule, slot in trace.fired["intervention"]:
        assert slot is not None
        person = family.members[slot]
        if person.gestation_weeks is None and rule.tests_gestation and isinstance(rule.effect, Offer):
            name = pack.interventions[rule.effect.intervention].name
            out.append(f"Gestation is not recorded for {person.id}: check the enrolment window for {name}.")
    for rule in used:
        for note in rule.unverified:
            out.append(f"Rule '{rule.id}' rests on a fact not yet checked against its source: {note}")
    return list(dict.fromkeys(out))


def _near(rule: CompiledRule, fact: Fact) -> Clause | None:
    """The one numeric threshold, missed by one step, that keeps `rule` from firing, if it is one
    someone could act on (a count of needs, a grade; not an age or the level itself)."""
    if not rule.gates_hold(fact):
        return None
    missed = None
    for clause, distance in rule.thresholds:
        gap = distance(fact)
        if gap:
            if missed is not None or gap > 1 or clause.negated:  # "would be level 2 if unless..." reads wrong
                return None
            missed = clause
    if missed is None or not all(KINDS[t.field.kind].now for t in missed.tests):
        return None
    return missed


def _now(clause: Clause, fact: Fact) -> str:
    kinds = {t.field.kind for t in clause.tests}
    if len(kinds) == 1:
        kind = kinds.pop()
        return f" (now {KINDS[kind].now} {fact.get(kind, 0)})"
    return ""


def near_misses(family: Family, pack: CompiledPack, trace: Trace) -> list[str]:
    """Rules one step away from giving a higher level, an escalation or another programme."""
    out: list[str] = []
    level, escalated = trace.level, bool(trace.escalations)
    fired = {(r.index, s) for r, s in trace.fired["level"]}
    for fact in trace.facts.get("level", []):
        slot = fact.owner.member
        who = "" if slot is None else f"{family.members[slot].id} "
        for c in compiled(pack, "level", fact.subject, near=True).candidates(fact.values):
            rule, effect = c.rule, c.rule.effect
            higher = (not escalated) if isinstance(effect, Escalate) else rule.level > level
            if not higher or (rule.index, slot) in fired or (missed := _near(c, fact.values)) is None:
                continue
            outcome = (
                f"be level {effect.level}" if isinstance(effect, RaiseLevel) else "escalate to children's social care"
            )
            out.append(f"Would {outcome} if {who}{missed.says}{_now(missed, fact.values)} (rule {rule.id}).")
    offered = {(r.effect.intervention, s) for r, s in trace.fired["intervention"] if isinstance(r.effect, Offer)}
    for fact in trace.facts.get("intervention", []):
        slot = fact.owner.member
        if slot is None:
            continue
        for c in compiled(pack, "intervention", "member", near=True).candidates(fact.values):
            rule = c.rule
            assert isinstance(rule.effect, Offer)
            iid = rule.effect.intervention
            if (iid, slot) in offered or (missed := _near(c, fact.values)) is None:
                continue
            name = pack.interventions[iid].name
            who = family.members[slot].id
            out.append(f"{name} would apply to {who} if {missed.says}{_now(missed, fact.values)} (rule {rule.id}).")
    return list(dict.fromkeys(out))
