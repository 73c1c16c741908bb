"""The impact report as plain data (what `--json` prints and the pages show), optionally suppressed.

Suppression follows official statistics practice (the DfE's Children in need tables): a count
of 1 to 5 is shown as "c" and other counts and totals are rounded to the nearest 10, so a page
can be shared without pointing at a family. Zero stays zero: it discloses no one.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .report import Impact

Count = int | str


def suppressed(n: int) -> Count:
    """A count as it may be published: 'c' for 1-5, else rounded to the nearest 10 (0 stays 0)."""
    if n == 0:
        return 0
    if n <= 5:
        return "c"
    return int(round(n / 10.0) * 10)


def figures(impact: Impact, suppress: bool = False) -> dict[str, Any]:
    """Every figure of the report, in the order a board reads them; counts suppressed if asked."""
    c = suppressed if suppress else (lambda n: n)
    levels = impact.levels
    before = [sum(row) for row in levels]
    after = [sum(levels[i][j] for i in range(4)) for j in range(4)]
    out: dict[str, Any] = {
        "baseline": asdict(impact.baseline),
        "proposed": asdict(impact.proposed),
        "suppressed": suppress,
        "families": c(impact.families),
        "refused": c(impact.refused),
        "escalations": {
            "lost": c(len(impact.escalations_lost)),
            "gained": c(impact.escalations_gained),
            # a lost escalation is a safety question: each one is named, unless the page is for sharing
            "lost_families": [] if suppress else [asdict(s) for s in impact.escalations_lost],
        },
        "levels": {
            "matrix": [[c(n) for n in row] for row in levels],
            "before": [c(n) for n in before],
            "after": [c(n) for n in after],
        },
        "moved": c(impact.moved),
        "interventions": [
            {**asdict(d), "before": c(d.before), "after": c(d.after), "change": _change(d.before, d.after, suppress)}
            for d in impact.demand
        ],
        "leads": [
            {**asdict(x), "before": c(x.before), "after": c(x.after), "change": _change(x.before, x.after, suppress)}
            for x in impact.leads
        ],
        "supporting_families": {
            "eligible_before": c(impact.sf_before),
            "eligible_after": c(impact.sf_after),
            "gained": c(impact.sf_gained),
            "lost": c(impact.sf_lost),
        },
        "samples": [] if suppress else [asdict(s) for s in impact.gained_samples + impact.samples],
    }
    return out


def _change(before: int, after: int, suppress: bool) -> Count:
    delta = after - before
    if not suppress:
        return delta
    shown = suppressed(abs(delta))
    return shown if isinstance(shown, str) or delta >= 0 else -shown
