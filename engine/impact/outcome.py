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
        rules, leads, names = out.escalation_rules, out.leads, out.interventions
        result = []
        for k, family in enumerate(families):
            bits = int(out.escalations[k])
            lead = leads[out.lead[k]] if out.lead[k] >= 0 else (None, None)
            items = range(out.offers[k], out.offers[k + 1])
            result.append(
                Outcome(
                    level=int(out.level[k]),
                    escalate=bool(out.escalate[k]),
                    escalations=tuple(sorted(r for i, r in enumerate(rules) if bits >> i & 1)),
                    interventions=tuple((family.members[out.member[i]].id, names[out.intervention[i]]) for i in items),
                    lead=lead[0],
                    title=lead[1],
                    sf_eligible=bool(out.eligible[k]),
                )
            )
        return result
