"""Run the three stages (level, interventions, lead) for a batch and keep what fired.

Each stage is one backend call for the whole batch. What each stage concludes (the level, the
offers, the chosen lead) is worked out once, here, and read by everything after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..evaluate import Backend, FamilyFacts, RowFact, make_backend
from ..ir import CompiledPack, Escalate, Lead, Offer, Rule, Stage
from ..profile import Family

Firing = tuple[Rule, int | None]  # the rule, and the member position (None: the family)


@dataclass
class Trace:
    """What happened for one family, stage by stage."""

    facts: dict[Stage, list[RowFact]] = field(default_factory=dict)
    fired: dict[Stage, list[Firing]] = field(default_factory=lambda: defaultdict(list))
    level: int = 1
    offers: dict[tuple[str, int], list[Rule]] = field(default_factory=dict)
    lead: Rule | None = None

    @property
    def escalations(self) -> list[Firing]:
        return [(r, s) for r, s in self.fired["level"] if isinstance(r.effect, Escalate)]


def level_of(fired: list[Firing]) -> int:
    """The highest level any fired rule sets; 1 when none fired."""
    return max((r.level for r, _ in fired), default=1) or 1


def offers_of(fired: list[Firing], pack: CompiledPack) -> dict[tuple[str, int], list[Rule]]:
    """(intervention, member position) -> the offer rules that fired; whole-family ones once."""
    out: dict[tuple[str, int], list[Rule]] = defaultdict(list)
    first_child: dict[str, int] = {}
    for rule, slot in sorted(fired, key=lambda rs: (rs[1] if rs[1] is not None else -1, rs[0].index)):
        assert isinstance(rule.effect, Offer) and slot is not None
        iid = rule.effect.intervention
        if pack.interventions[iid].whole_family:
            slot = first_child.setdefault(iid, slot)
        if rule not in out[(iid, slot)]:
            out[(iid, slot)].append(rule)
    return dict(out)


def lead_of(fired: list[Firing]) -> Rule | None:
    """The lead rule that wins: the first in the pack's order that holds."""
    leads = [r for r, _ in fired if isinstance(r.effect, Lead)]
    return min(leads, key=lambda r: r.effect.order, default=None)  # type: ignore[union-attr]


def _run(stage: Stage, batch: list[tuple[FamilyFacts, Trace]], backend: Backend) -> None:
    facts: list[RowFact] = []
    for ff, trace in batch:
        trace.facts[stage] = ff.facts(stage)
        facts += trace.facts[stage]
    by_key = {ff.key: trace for ff, trace in batch}
    rules = batch[0][0].pack.rules
    for index, at in sorted(backend.fire(stage, facts)):
        owner = facts[at].owner
        by_key[owner.family].fired[stage].append((rules[index], owner.member))


def _by_period(families: Sequence[Family], pack: CompiledPack, backend: Backend) -> list[Trace]:
    """A pack with dated values: each family is decided by the rules in force on its referral date."""
    groups: dict[int, tuple[CompiledPack, list[int]]] = {}
    for k, f in enumerate(families):
        view = pack.at(f.as_of)
        groups.setdefault(id(view), (view, []))[1].append(k)
    out: dict[int, Trace] = {}
    for view, keys in groups.values():
        on = backend if view.rules is pack.rules else view.cache.get(("backend", backend.name))
        if on is None:
            on = view.cache[("backend", backend.name)] = make_backend(backend.name, view)
        out.update(zip(keys, _trace([families[k] for k in keys], view, on), strict=True))
    return [out[k] for k in range(len(families))]


def trace_all(families: Sequence[Family], pack: CompiledPack, backend: Backend) -> list[Trace]:
    """Run the stages for a batch of families."""
    return _by_period(families, pack, backend) if pack.earlier else _trace(families, pack, backend)


def _trace(families: Sequence[Family], pack: CompiledPack, backend: Backend) -> list[Trace]:
    batch = [(FamilyFacts(f, pack, k), Trace()) for k, f in enumerate(families)]
    if not batch:
        return []
    _run("level", batch, backend)
    for ff, t in batch:
        t.level = level_of(t.fired["level"])
        ff.tell(t.level, bool(t.escalations))
    _run("intervention", batch, backend)
    for ff, t in batch:
        t.offers = offers_of(t.fired["intervention"], pack)
        ff.tell(t.level, bool(t.escalations), frozenset(iid for iid, _ in t.offers))
    leading = [(ff, t) for ff, t in batch if pack.levels[t.level].lead_professional]
    if leading:
        _run("lead", leading, backend)
    for _, t in leading:
        t.lead = lead_of(t.fired["lead"])
    return [t for _, t in batch]
