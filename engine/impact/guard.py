"""`continuum check --against PACK`: a change that loses an escalation on a synthetic caseload is a problem."""

from __future__ import annotations

from ..errors import Problem
from ..ir import CompiledPack
from ..synth import families
from .report import compare

FAMILIES = 3000  # a seeded synthetic caseload: the same families every run
SEED = 2026


def lost_escalations(pack: CompiledPack, against: CompiledPack, where: str) -> list[Problem]:
    """One problem naming how many synthetic families lose an escalation, with examples and the rules."""
    impact = compare(families(against, FAMILIES, seed=SEED), against, pack)
    lost = impact.escalations_lost
    if not lost:
        return []
    # the reasons before name the rules that escalated ("rule-id: text"); indicator rules only set the level
    said = {w.split(": ", 1)[0] for s in lost for w in s.why_before}
    rules = sorted(r for r in said if not r.startswith("indicator:"))
    examples = ", ".join(s.referral_id for s in lost[:3])
    message = (
        f"compared with {against.name} {against.version}, {len(lost)} of {FAMILIES} synthetic families lose a "
        f"safeguarding escalation that {', '.join(rules)} gave them (e.g. {examples}; "
        f"`continuum impact` shows each one with its reasons)"
    )
    return [Problem(where, None, "", message)]
