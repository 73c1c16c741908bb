"""rules/supporting_families.yaml -> the headline outcomes, where each indicator counts, and the threshold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..contract import OLDEST, OUTCOMES
from ..ir import Cited, Placement, SupportingFamiliesTable
from ..text import did_you_mean

if TYPE_CHECKING:
    from .compiler import _Compiler

REL = "rules/supporting_families.yaml"


def _outcomes(c: _Compiler) -> dict[str, Cited]:
    """The ten headline outcomes, each once, in the framework's order."""
    given = c.m[REL].outcomes
    c.unique("outcome", ((o.code, ("outcomes", i, "code")) for i, o in enumerate(given)), REL)
    at = {o.code: i for i, o in reversed(list(enumerate(given)))}
    for code in OUTCOMES:
        if code not in at:
            c.problem(REL, ("outcomes",), f"outcome '{code}' is missing: the framework has ten headline outcomes")
    return {
        code: Cited(f"supporting-families:{code}", given[i].label, *c.cite(given[i].source, REL, ("outcomes", i)))
        for code in OUTCOMES
        if (i := at.get(code)) is not None
    }


def compile_supporting_families(c: _Compiler) -> SupportingFamiliesTable:
    """The table, reporting unknown indicators and outcomes, overlapping entries and unplaced indicators."""
    f = c.m[REL]
    outcomes = _outcomes(c)
    applies = {ind.code: ind.applies_to for ind in c.m["rules/indicators.yaml"].indicators}
    placed: dict[str, list[tuple[int, Placement]]] = {}
    for i, e in enumerate(f.mapping):
        path = ("mapping", i)
        if e.indicator not in applies:
            c.problem(
                REL, (*path, "indicator"), f"unknown indicator '{e.indicator}'{did_you_mean(e.indicator, applies)}"
            )
            continue
        for j, code in enumerate(e.outcomes):
            if code not in OUTCOMES:
                c.problem(REL, (*path, "outcomes", j), f"unknown outcome '{code}'{did_you_mean(code, OUTCOMES)}")
        if e.age is not None and applies[e.indicator] == "family":
            c.problem(REL, (*path, "age"), f"'{e.indicator}' is held by the family as a whole, which has no age")
        lo, hi = (e.age.min, e.age.max) if e.age else (None, None)
        ages = (lo or 0, OLDEST if hi is None else hi)
        for k, other in placed.get(e.indicator, []):
            if other.ages[0] <= ages[1] and ages[0] <= other.ages[1]:
                line = c.origin(REL, ("mapping", k)).line
                c.problem(REL, (*path, "indicator"), f"'{e.indicator}' is already placed for these ages at line {line}")
        source, unverified = c.cite(e.source, REL, path)
        kept = tuple(dict.fromkeys(o for o in e.outcomes if o in outcomes))
        placed.setdefault(e.indicator, []).append((i, Placement(kept, ages, source, unverified)))
    for code in applies:
        if code not in placed:
            c.problem(
                REL,
                ("mapping",),
                f"indicator '{code}' is not placed: add it with the outcomes it counts under ([] for none)",
            )
    t = f.threshold
    eligibility = Cited("supporting-families:threshold", t.text, *c.cite(t.source, REL, ("threshold",)))
    placements = {code: tuple(p for _, p in entries) for code, entries in placed.items()}
    return SupportingFamiliesTable(outcomes, placements, t.count, eligibility)
