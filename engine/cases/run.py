"""Run cases through the engine and say, in plain words, where each decision differs from its case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..decide import Decision, decide_all
from ..evaluate import Backend
from ..ir import CompiledPack
from .models import Expect
from .read import LoadedCase


@dataclass(frozen=True)
class Outcome:
    """One case and what differed (nothing, when it passed)."""

    case: LoadedCase
    differences: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.differences

    def __str__(self) -> str:
        where = f"{self.case.file}:{self.case.line}" if self.case.line else self.case.file
        return f"{where}: case '{self.case.name}': " + "; ".join(self.differences)


def _rules(reasons: Sequence, limit: int = 3) -> str:
    """The rules behind a part of the decision, so a policy officer knows where to look."""
    ids = list(dict.fromkeys(r.rule for r in reasons))
    shown = ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
    return f" (by {'rule' if len(ids) == 1 else 'rules'} {shown})" if ids else ""


def _human(code: str) -> str:
    return code.replace("_", " ")


def _lead(role: str | None) -> str:
    return f"lead {role}" if role else "no lead professional"


def _eligible(eligible: bool) -> str:
    return "eligible" if eligible else "not eligible"


def differences(expect: Expect, decision: Decision) -> list[str]:
    """What differs between a decision and what its case expects, in plain words."""
    out: list[str] = []
    level = decision.level
    if expect.level is not None and level.code not in expect.level:
        wanted = " or ".join(map(str, expect.level))
        out.append(f"expected level {wanted}, got level {level.code}{_rules(level.reasons)}")
    escalated = decision.safeguarding.escalate
    if expect.escalate is not None and expect.escalate != escalated:
        out.append(
            f"expected no safeguarding escalation, got one{_rules(decision.safeguarding.reasons)}"
            if escalated
            else "expected a safeguarding escalation, got none"
        )
    lead = decision.lead_professional
    if expect.lead_given and expect.lead != lead.role:
        out.append(f"expected {_lead(expect.lead)}, got {_lead(lead.role)}{_rules(lead.reasons)}")
    offered: dict[str, list[str]] = {}
    for iv in decision.interventions:  # a programme chosen over an alternative suggests that one too
        offered.setdefault(iv.member, []).extend([iv.id, *iv.alternatives])
    firsts = {iv.member: iv.id for iv in decision.interventions if iv.rank == 1}
    for member, programme in (expect.first or {}).items():
        if firsts.get(member) != programme:
            out.append(f"{member}'s first programme is {firsts.get(member) or 'none'}, not {programme}")
    for member, programmes in (expect.offered or {}).items():
        for iid in programmes:
            if iid not in offered.get(member, []):
                out.append(f"{member} was not offered {iid}")
    for member, programmes in (expect.not_offered or {}).items():
        for iid in programmes:
            if iid in offered.get(member, []):
                out.append(f"{member} was offered {iid}")
    for member in expect.offered_nothing or []:
        if offered.get(member):
            out.append(f"{member} was offered {', '.join(offered[member])} (expected nothing)")
    urgency = decision.urgency
    if expect.urgency is not None and expect.urgency != urgency.rating:
        out.append(f"expected urgency {expect.urgency}, got {urgency.rating}{_rules(urgency.reasons)}")
    sf = decision.supporting_families
    if expect.sf_eligible is not None and expect.sf_eligible != sf.eligible:
        held = ", ".join(sf.outcomes) or "none"
        out.append(
            f"expected Supporting Families {_eligible(expect.sf_eligible)}, got {_eligible(sf.eligible)} "
            f"(outcomes: {held})"
        )
    change = decision.change
    if expect.direction is not None and change is not None and change["direction"] != expect.direction:
        got = f"{_human(change['direction'])}: level {change['from'].level} → {change['to'].level}"
        out.append(f"expected {_human(expect.direction)}, got {got}{_rules(decision.level.reasons)}")
    title = decision.lead_professional.title
    if expect.title is not None and expect.title.lower() not in (title or "").lower():
        out.append(f"expected the lead's function to say '{expect.title}', got {title or 'none'}")
    for words in expect.warnings or []:
        if not any(words.lower() in w.lower() for w in decision.warnings):
            out.append(f"no warning says '{words}'")
    return out


def run_cases(cases: Sequence[LoadedCase], pack: CompiledPack, backend: Backend) -> list[Outcome]:
    """Decide every case's family (one batch) and compare each decision with its case."""
    decisions = decide_all([c.family for c in cases], pack, backend)
    return [Outcome(c, tuple(differences(c.expect, d))) for c, d in zip(cases, decisions, strict=True)]


def summary(outcomes: Sequence[Outcome]) -> str:
    """One line: how many cases ran, passed and failed."""
    failed = sum(not o.passed for o in outcomes)
    total = len(outcomes)
    noun = "case" if total == 1 else "cases"
    return f"{total} {noun}: {total - failed} passed" + (f", {failed} failed" if failed else "")
