"""Supporting Families: the headline outcomes a family has needs under, and whether they reach the threshold."""

from __future__ import annotations

from ..ir import Cited, CompiledPack, Placement
from ..profile import Family
from .decision import Reason, SupportingFamilies
from .urgency import holders, unchecked


def _needs(family: Family, pack: CompiledPack) -> dict[str, list[tuple[str, str, Placement]]]:
    """Outcome code -> (holder, indicator label, placement) for each indicator that counts under it."""
    placements = pack.supporting_families.placements
    out: dict[str, list[tuple[str, str, Placement]]] = {}
    for who, age, held in holders(family):
        for code, info in pack.indicators.items():
            if code not in held:
                continue
            for p in placements.get(code, ()):
                if age is None or p.ages[0] <= age <= p.ages[1]:
                    for outcome in p.outcomes:
                        out.setdefault(outcome, []).append((who, info.label, p))
    return out


def _reason(outcome: Cited, needs: list[tuple[str, str, Placement]]) -> Reason:
    by_holder: dict[str, list[str]] = {}
    for who, label, _ in needs:
        by_holder.setdefault(who, []).append(label)
    held = "; ".join(f"{who} ({', '.join(labels)})" for who, labels in by_holder.items())
    source = "; ".join(dict.fromkeys([outcome.source, *(p.source for _, _, p in needs)]))
    return Reason(outcome.rule, f"{outcome.text}: {held}.", source)


def supporting_families_of(family: Family, pack: CompiledPack) -> tuple[SupportingFamilies, list[str]]:
    """The family's headline outcomes in the framework's order, its eligibility, and warnings for unchecked facts."""
    table = pack.supporting_families
    needs = _needs(family, pack)
    outcomes = [code for code in table.outcomes if code in needs]
    reasons = [_reason(table.outcomes[code], needs[code]) for code in outcomes]
    n, eligible = len(outcomes), len(outcomes) >= table.threshold
    count = f"Needs under {n} headline outcome{'' if n == 1 else 's'}"
    verdict = "reach" if eligible else "fall short of"
    e = table.eligibility
    reasons.append(Reason(e.rule, f"{count} {verdict} the threshold of {table.threshold}. {e.text}", e.source))
    notes = [(e.rule, e.unverified)]
    for code in outcomes:
        cited = table.outcomes[code]
        notes.append((cited.rule, cited.unverified + tuple(u for *_, p in needs[code] for u in p.unverified)))
    return SupportingFamilies(outcomes, eligible, reasons), unchecked(notes)
