"""Compare two packs on one caseload: what moved, counted, with sample families and their reasons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..decide import Decision, decide_all
from ..evaluate import make_backend
from ..ir import CompiledPack
from ..profile import Family
from .outcome import Columnar, Outcome

SAMPLES = 12  # families that moved, shown with the reasons that changed

# EIF cost ratings 1-5 (pathways/interventions.yaml `evidence.cost`), in words
COST_BANDS = {1: "low (under £100)", 2: "medium-low", 3: "medium", 4: "medium-high", 5: "high (over £2,000)"}


@dataclass(frozen=True)
class PackRef:
    """A pack as the report names it: name, version and the digest of its files."""

    name: str
    version: str
    digest: str


@dataclass(frozen=True)
class Demand:
    """How many members one programme is recommended to, under each pack."""

    id: str
    name: str
    before: int
    after: int
    cost: str  # the EIF cost band in words, or "not rated"
    benefit_per_pound: float | None


@dataclass(frozen=True)
class Leads:
    """How many families one lead role (with the pack's title) leads, under each pack."""

    role: str
    title_before: str | None
    title_after: str | None
    before: int
    after: int


@dataclass(frozen=True)
class Sample:
    """One family that moved, with what each pack said and why."""

    referral_id: str
    before: str
    after: str
    why_before: list[str]
    why_after: list[str]


@dataclass
class Impact:
    """What moving a caseload from the baseline pack to the proposed pack changes."""

    baseline: PackRef
    proposed: PackRef
    families: int
    refused: int
    escalations_lost: list[Sample]  # a lost escalation is a safety question: listed in full
    escalations_gained: int
    gained_samples: list[Sample]
    levels: list[list[int]]  # [baseline level - 1][proposed level - 1] -> families
    demand: list[Demand]
    leads: list[Leads]
    sf_before: int
    sf_after: int
    sf_gained: int
    sf_lost: int
    moved: int
    samples: list[Sample] = field(default_factory=list)


def _ref(pack: CompiledPack) -> PackRef:
    return PackRef(pack.name, pack.version, pack.digest)


def _said(d: Decision) -> str:
    esc = ", escalated" if d.safeguarding.escalate else ""
    lead = d.lead_professional.role.replace("_", " ") if d.lead_professional.role else "no lead"
    return f"level {d.level.code} ({d.level.name}){esc}; {lead}"


def _why(d: Decision) -> list[str]:
    reasons = d.safeguarding.reasons + d.level.reasons if d.safeguarding.escalate else d.level.reasons
    return [f"{r.rule}: {r.text}" for r in reasons]


def _explained(
    families: Sequence[Family], picks: list[int], baseline: CompiledPack, proposed: CompiledPack
) -> list[Sample]:
    """The chosen families decided again with their reasons, under both packs (reasons on demand)."""
    if not picks:
        return []
    chosen = [families[k] for k in picks]
    before = decide_all(chosen, baseline, make_backend("reference", baseline))
    after = decide_all(chosen, proposed, make_backend("reference", proposed))
    return [
        Sample(f.referral_id, _said(b), _said(a), _why(b), _why(a))
        for f, b, a in zip(chosen, before, after, strict=True)
    ]


def _demand(
    before: list[Outcome], after: list[Outcome], baseline: CompiledPack, proposed: CompiledPack
) -> list[Demand]:
    count_b = Counter(iid for o in before for _, iid in o.interventions)
    count_a = Counter(iid for o in after for _, iid in o.interventions)
    out = []
    for iid in sorted(set(count_b) | set(count_a)):
        info = proposed.interventions.get(iid) or baseline.interventions[iid]
        cost = COST_BANDS.get(info.cost, "not rated") if info.cost else "not rated"
        out.append(Demand(iid, info.name, count_b[iid], count_a[iid], cost, info.benefit_per_pound))
    return sorted(out, key=lambda d: (-abs(d.after - d.before), d.id))


def _leads(before: list[Outcome], after: list[Outcome]) -> list[Leads]:
    count_b = Counter(o.lead for o in before if o.lead)
    count_a = Counter(o.lead for o in after if o.lead)
    titles_b = {o.lead: o.title for o in before if o.lead}
    titles_a = {o.lead: o.title for o in after if o.lead}
    roles = sorted(set(count_b) | set(count_a), key=lambda r: (-abs(count_a[r] - count_b[r]), r))
    return [Leads(r, titles_b.get(r), titles_a.get(r), count_b[r], count_a[r]) for r in roles]


def compare(
    families: Sequence[Family],
    baseline: CompiledPack,
    proposed: CompiledPack,
    refused: int = 0,
    decide: Callable[[Sequence[Family], CompiledPack], list[Outcome]] | None = None,
) -> Impact:
    """Decide every family under both packs and count what moved; sample families show their reasons.

    The families are decided without reasons by the columnar evaluator (or `decide`, e.g.
    decide_outcomes for the row path); only the families shown are decided again with reasons."""
    decide = decide or Columnar()
    before, after = decide(families, baseline), decide(families, proposed)
    levels = [[0] * 4 for _ in range(4)]
    lost, gained, moved = [], [], []
    for k, (b, a) in enumerate(zip(before, after, strict=True)):
        levels[b.level - 1][a.level - 1] += 1
        if b.escalate and not a.escalate:
            lost.append(k)
        elif a.escalate and not b.escalate:
            gained.append(k)
        if (b.level, b.escalate, b.lead) != (a.level, a.escalate, a.lead):
            moved.append(k)
    # every lost escalation is shown with its reasons; gains and other moves by example
    shown_lost = _explained(families, lost, baseline, proposed)
    shown_gained = _explained(families, gained[:SAMPLES], baseline, proposed)
    shown = set(lost) | set(gained)
    others = [k for k in moved if k not in shown][:SAMPLES]
    return Impact(
        baseline=_ref(baseline),
        proposed=_ref(proposed),
        families=len(families),
        refused=refused,
        escalations_lost=shown_lost,
        escalations_gained=len(gained),
        gained_samples=shown_gained,
        levels=levels,
        demand=_demand(before, after, baseline, proposed),
        leads=_leads(before, after),
        sf_before=sum(o.sf_eligible for o in before),
        sf_after=sum(o.sf_eligible for o in after),
        sf_gained=sum(a.sf_eligible and not b.sf_eligible for b, a in zip(before, after, strict=True)),
        sf_lost=sum(b.sf_eligible and not a.sf_eligible for b, a in zip(before, after, strict=True)),
        moved=len(moved),
        samples=_explained(families, others, baseline, proposed),
    )
