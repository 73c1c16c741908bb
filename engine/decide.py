"""Run the three stages (level, interventions, lead) through a backend and explain the result."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .backends import Backend
from .decision import Decision, InterventionOut, LeadOut, LevelOut, Reason, RulePack, Safeguarding
from .errors import EngineError
from .explain import near_misses, warnings
from .facts import FAMILY_SLOT, FamilyFacts
from .ir import CompiledPack, Escalate, Lead, Offer, RaiseLevel, Rule, Stage
from .profile import Family


@dataclass
class Trace:
    """What fired for one family, stage by stage: (rule, member index or FAMILY_SLOT)."""

    facts: dict[Stage, list[dict]] = field(default_factory=dict)
    fired: dict[Stage, list[tuple[Rule, int]]] = field(default_factory=lambda: defaultdict(list))


def _run(
    stage: Stage,
    batch: list[tuple[FamilyFacts, Trace]],
    backend: Backend,
    pack: CompiledPack,
    context: dict[int, dict] | None = None,
) -> None:
    facts: list[dict] = []
    for ff, trace in batch:
        trace.facts[stage] = ff.facts(stage, **(context or {}).get(ff.key, {}))
        facts += trace.facts[stage]
    by_key = {ff.key: trace for ff, trace in batch}
    for index, fid in sorted(backend.fire(stage, facts)):
        by_key[fid // 1000].fired[stage].append((pack.rules[index], fid % 1000))


def level_of(fired: list[tuple[Rule, int]]) -> int:
    levels = [
        4 if isinstance(r.effect, Escalate) else r.effect.level
        for r, _ in fired
        if isinstance(r.effect, (RaiseLevel, Escalate))
    ]
    return max(levels, default=1)


def offers(fired: list[tuple[Rule, int]], pack: CompiledPack) -> dict[tuple[str, int], list[Rule]]:
    """(intervention, member index) -> the offer rules that fired, whole-family ones once."""
    out: dict[tuple[str, int], list[Rule]] = defaultdict(list)
    first_child: dict[str, int] = {}
    for rule, slot in sorted(fired, key=lambda rs: (rs[1], rs[0].index)):
        assert isinstance(rule.effect, Offer)
        iid = rule.effect.intervention
        if pack.interventions[iid].whole_family:
            slot = first_child.setdefault(iid, slot)
        if rule not in out[(iid, slot)]:
            out[(iid, slot)].append(rule)
    return out


def trace_all(families: Sequence[Family], pack: CompiledPack, backend: Backend) -> list[Trace]:
    """Run the stages for a batch: each stage is one backend call for the whole batch."""
    batch = [(FamilyFacts(f, pack, k), Trace()) for k, f in enumerate(families)]
    _run("level", batch, backend, pack)
    levels = {ff.key: level_of(t.fired["level"]) for ff, t in batch}
    _run("intervention", batch, backend, pack, {k: {"level": v} for k, v in levels.items()})
    context = {
        ff.key: {
            "level": levels[ff.key],
            "recommended": frozenset(iid for iid, _ in offers(t.fired["intervention"], pack)),
        }
        for ff, t in batch
    }
    leading = [(ff, t) for ff, t in batch if pack.levels[levels[ff.key]].lead_professional]
    _run("lead", leading, backend, pack, context)
    return [t for _, t in batch]


def decide_all(families: Sequence[Family], pack: CompiledPack, backend: Backend) -> list[Decision]:
    traces = trace_all(families, pack, backend)
    return [explain(f, pack, t) for f, t in zip(families, traces, strict=True)]


def chosen_lead(trace: Trace) -> Rule | None:
    leads = [r for r, _ in trace.fired["lead"] if isinstance(r.effect, Lead)]
    return min(leads, key=lambda r: r.effect.order, default=None)  # type: ignore[union-attr]


def decide(family: Family, pack: CompiledPack, backend: Backend) -> Decision:
    return decide_all([family], pack, backend)[0]


def _who(family: Family, slot: int) -> str:
    return "Family" if slot == FAMILY_SLOT else family.members[slot].id


def reason(rule: Rule, family: Family, slot: int, pack: CompiledPack) -> Reason:
    who = _who(family, slot)
    if rule.id.startswith("indicator:"):
        label = pack.indicators[rule.id.split(":", 1)[1]].label
        text = f"{who}: {label}. {rule.text}"
    else:
        text = rule.text if slot == FAMILY_SLOT else f"{who}: {rule.text}"
    return Reason(rule=rule.id, text=text, source=rule.source)


def explain(family: Family, pack: CompiledPack, trace: Trace) -> Decision:
    fired = trace.fired
    code = level_of(fired["level"])
    info = pack.levels[code]
    decisive = [
        (r, s)
        for r, s in fired["level"]
        if (4 if isinstance(r.effect, Escalate) else getattr(r.effect, "level", 0)) == code
    ]
    level_reasons = [reason(r, family, s, pack) for r, s in decisive] or [
        Reason(rule="universal", text=pack.universal_text, source=pack.levels[1].source)
    ]
    escalations = [(r, s) for r, s in fired["level"] if isinstance(r.effect, Escalate)]
    routes = list(dict.fromkeys(r.effect.route for r, _ in escalations if isinstance(r.effect, Escalate)))
    interventions = []
    offered = offers(fired["intervention"], pack)
    for (iid, slot), rules in sorted(offered.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        iv, person = pack.interventions[iid], family.members[slot]
        if not iv.ages[0] <= person.age <= iv.ages[1]:
            raise EngineError(f"{iid} was offered to {person.id}, aged {person.age}, outside {iv.ages}")
        reasons = []
        for r in rules:
            band = f" Age band: {iv.band}." if iv.band else ""
            text = (
                f"{person.id} (aged {person.age} on {family.as_of}, inside {iv.ages[0]}-{iv.ages[1]}): {r.text}{band}"
            )
            reasons.append(Reason(rule=r.id, text=text, source=r.source))
        interventions.append(
            InterventionOut(
                id=iid,
                name=iv.name,
                member=person.id,
                ages=iv.ages,
                evidence=iv.evidence,
                delivered_by=iv.delivered_by,
                reasons=reasons,
            )
        )
    chosen = chosen_lead(trace)
    lead = LeadOut(role=None, reasons=[])
    if chosen is not None:
        assert isinstance(chosen.effect, Lead)
        lead = LeadOut(role=chosen.effect.role, reasons=[reason(chosen, family, FAMILY_SLOT, pack)])
    used = (
        [r for r, _ in decisive + escalations]
        + [r for rs in offered.values() for r in rs]
        + ([chosen] if chosen else [])
    )
    return Decision(
        referral_id=family.referral_id,
        as_of=family.as_of.isoformat(),
        rulepack=RulePack(name=pack.name, version=pack.version, digest=pack.digest),
        level=LevelOut(code=code, name=info.name, response=info.response, reasons=level_reasons),
        safeguarding=Safeguarding(
            escalate=bool(escalations),
            route="; ".join(routes) or None,
            reasons=[reason(r, family, s, pack) for r, s in escalations],
        ),
        interventions=interventions,
        lead_professional=lead,
        warnings=warnings(family, pack, code, used, lead, interventions, trace.fired),
        near_misses=near_misses(family, pack, code, bool(escalations), trace),
    )
