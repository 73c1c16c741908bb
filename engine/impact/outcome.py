"""One family's decision reduced to what an impact report counts (no reasons)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
    escalations: tuple[str, ...]  # the rules that escalated, each once, by name
    interventions: tuple[tuple[str, str], ...]  # (member id, programme id), ranked, as decided
    lead: str | None
    title: str | None
    sf_eligible: bool


def outcome_of(d: Decision) -> Outcome:
    """The countable part of a decision."""
    return Outcome(
        level=d.level.code,
        escalate=d.safeguarding.escalate,
        escalations=tuple(sorted({r.rule for r in d.safeguarding.reasons})),
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


class Columnar:
    """Decides a caseload under each pack with the columnar evaluator, encoding the families once."""

    def __init__(self) -> None:
        self._families: Sequence[Family] | None = None
        self._encoded: Any = None

    def __call__(self, families: Sequence[Family], pack: CompiledPack) -> list[Outcome]:
        from ..columnar import encode, evaluate  # NumPy is loaded only for whole caseloads

        if self._families is not families:
            self._families, self._encoded = families, encode(families)
        out = evaluate(self._encoded, pack)
        result = []
        for k, family in enumerate(families):
            s = out.summary(k)  # member positions; the report names members by id
            result.append(
                Outcome(
                    level=s.level,
                    escalate=s.escalate,
                    escalations=s.escalations,
                    interventions=tuple((family.members[m].id, iid) for m, iid, _ in s.interventions),
                    lead=s.lead,
                    title=s.title,
                    sf_eligible=s.eligible,
                )
            )
        return result
