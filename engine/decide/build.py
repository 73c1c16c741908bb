"""Build the explained decision from a trace: every part with its reasons and sources."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import EngineError
from ..evaluate import Backend
from ..ir import CompiledPack, Escalate, Lead, Rule
from ..profile import Family
from .change import review
from .decision import DatedRulePack, Decision, InterventionOut, LeadOut, LevelOut, Reason, RulePack, Safeguarding
from .matched import matched
from .notes import near_misses, warnings
from .rank import Ranked, rank
from .supporting_families import supporting_families_of
from .trace import Trace, trace_all
from .urgency import urgency_of


def _who(family: Family, slot: int | None) -> str:
    return "Family" if slot is None else family.members[slot].id


def reason(rule: Rule, family: Family, slot: int | None, pack: CompiledPack) -> Reason:
    """A reason as the decision shows it: the rule, who it concerns, what it says, and its source."""
    who = _who(family, slot)
    if rule.id.startswith("indicator:"):
        label = pack.indicators[rule.id.split(":", 1)[1]].label
        text = f"{who}: {label}. {rule.text}"
    else:
        text = rule.text if slot is None else f"{who}: {rule.text}"
    return Reason(rule=rule.id, text=text + matched(rule, family, slot, pack), source=rule.source)


def _once(reasons: list[Reason]) -> list[Reason]:
    """Reasons with what the family has ("Here: ...") said once: later reasons that would repeat it
    word for word refer back instead."""
    seen: set[str] = set()
    out = []
    for r in reasons:
        text, here, said = r.text.partition(" Here: ")
        if here and said in seen:
            r = Reason(rule=r.rule, text=f"{text} (The same needs as above.)", source=r.source)
        seen.add(said)
        out.append(r)
    return out


def _intervention(r: Ranked, family: Family, pack: CompiledPack) -> InterventionOut:
    """One ranked programme for one member, with the reasons it fits and why it comes first."""
    iid, person = r.intervention, family.members[r.slot]
    iv = pack.interventions[iid]
    if not iv.ages[0] <= person.age <= iv.ages[1]:
        raise EngineError(f"{iid} was offered to {person.id}, aged {person.age}, outside {iv.ages}")
    band = f" Age band: {iv.band}." if iv.band else ""
    reasons = [
        Reason(
            rule=rule.id,
            text=f"{person.id} (aged {person.age} on {family.as_of}, inside {iv.ages[0]}-{iv.ages[1]}): "
            f"{rule.text}{band}{matched(rule, family, r.slot, pack)}",
            source=rule.source,
        )
        for rule in r.rules
    ]
    if r.instead_of and pack.ranking is not None:
        others = ", ".join(pack.interventions[i].name for i in r.instead_of)
        reasons.append(
            Reason(
                rule="ranking",
                text=f"Offered to {person.id} in place of {others}, which "
                f"{'meets' if len(r.instead_of) == 1 else 'meet'} the same need: {pack.ranking.text}",
                source=pack.ranking.source,
            )
        )
    return InterventionOut(
        id=iid,
        name=iv.name,
        member=person.id,
        ages=iv.ages,
        rank=r.rank,
        evidence=iv.evidence,
        delivered_by=iv.delivered_by,
        alternatives=list(r.instead_of),
        reasons=reasons,
    )


def _rulepack(pack: CompiledPack) -> RulePack:
    """The pack that decided; for a pack with dated values, also the days its values are in force."""
    p = pack.period
    if not p.dated:
        return RulePack(name=pack.name, version=pack.version, digest=pack.digest)
    days = {"from": p.start.isoformat() if p.start else None, "until": p.end.isoformat() if p.end else None}
    return DatedRulePack(name=pack.name, version=pack.version, digest=pack.digest, in_force=days)


def build(family: Family, pack: CompiledPack, trace: Trace) -> Decision:
    """The decision for one family, from what its trace says fired."""
    code = trace.level
    info = pack.levels[code]
    decisive = [(r, s) for r, s in trace.fired["level"] if r.level == code]
    level_reasons = _once([reason(r, family, s, pack) for r, s in decisive]) or [
        Reason(rule="universal", text=pack.universal_text, source=pack.levels[1].source)
    ]
    escalations = trace.escalations
    routes = list(dict.fromkeys(r.effect.route for r, _ in escalations if isinstance(r.effect, Escalate)))
    ranked, left_out = rank(family, pack, trace.offers)
    interventions = [_intervention(r, family, pack) for r in ranked]
    chosen = trace.lead
    lead = LeadOut(role=None, title=None, reasons=[])
    if chosen is not None:
        assert isinstance(chosen.effect, Lead)
        title = chosen.effect.title or info.lead_title or "Lead professional"
        lead = LeadOut(role=chosen.effect.role, title=title, reasons=[reason(chosen, family, None, pack)])
    if escalations and (code != 4 or lead.role != "social_worker"):
        # the pack check proves every pack keeps these; this guards the decision itself
        raise EngineError(f"an escalation came out at level {code} with lead {lead.role}: no decision is safe")
    change, review_warnings = review(family, pack, code, lead)
    urgency, urgency_notes = urgency_of(family, pack, code, escalations)
    supporting_families, sf_notes = supporting_families_of(family, pack)
    used = [r for r, _ in decisive + escalations] + [r for x in ranked for r in x.rules] + ([chosen] if chosen else [])
    return Decision(
        referral_id=family.referral_id,
        as_of=family.as_of.isoformat(),
        rulepack=_rulepack(pack),
        level=LevelOut(code=code, name=info.name, response=info.response, reasons=level_reasons),
        safeguarding=Safeguarding(
            escalate=bool(escalations),
            route="; ".join(routes) or None,
            reasons=[reason(r, family, s, pack) for r, s in escalations],
        ),
        interventions=interventions,
        lead_professional=lead,
        urgency=urgency,
        supporting_families=supporting_families,
        change=change,
        warnings=list(
            dict.fromkeys(
                [*warnings(family, pack, trace, used, lead), *urgency_notes, *sf_notes, *left_out, *review_warnings]
            )
        ),
        near_misses=near_misses(family, pack, trace),
    )


def decide_all(families: Sequence[Family], pack: CompiledPack, backend: Backend) -> list[Decision]:
    """Decide a batch of families: one backend call per stage for the whole batch."""
    traces = trace_all(families, pack, backend)
    return [build(f, pack.at(f.as_of), t) for f, t in zip(families, traces, strict=True)]


def decide(family: Family, pack: CompiledPack, backend: Backend) -> Decision:
    """Decide one family: its level, any escalation, interventions and lead, each with reasons."""
    return decide_all([family], pack, backend)[0]
