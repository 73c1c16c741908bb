"""One family's decision reduced to what an impact report counts (no reasons)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..decide import Decision, decide_all
from ..evaluate import make_backend
from ..ir import CompiledPack
from ..profile import Family

CHUNK = 1000  # families per decide_all call: one backend call per stage per chunk


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a decision says, without its reasons: enough to count and compare."""

    level: int
    escalate: bool
    escalations: tuple[str, ...]  # the rules that escalated
    interventions: tuple[tuple[str, str], ...]  # (member id, programme id), ranked, as decided
    lead: str | None
    title: str | None
    sf_eligible: bool


def outcome_of(d: Decision) -> Outcome:
    """The countable part of a decision."""
    return Outcome(
        level=d.level.code,
        escalate=d.safeguarding.escalate,
        escalations=tuple(r.rule for r in d.safeguarding.reasons),
        interventions=tuple((iv.member, iv.id) for iv in d.interventions),
        lead=d.lead_professional.role,
        title=d.lead_professional.title,
        sf_eligible=d.supporting_families.eligible,
    )


def decide_outcomes(families: Sequence[Family], pack: CompiledPack) -> list[Outcome]:
    """Every family's outcome under `pack`, by the reference evaluator, chunk by chunk."""
    backend = make_backend("reference", pack)
    out: list[Outcome] = []
    for at in range(0, len(families), CHUNK):
        out += [outcome_of(d) for d in decide_all(families[at : at + CHUNK], pack, backend)]
    return out
