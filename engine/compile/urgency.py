"""rules/urgency.yaml -> the urgency table: hours per rating, a rating per level, raise rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..contract import RATINGS
from ..ir import Cited, RatingRule, UrgencyTable
from ..text import did_you_mean

if TYPE_CHECKING:
    from .compiler import _Compiler

REL = "rules/urgency.yaml"


def compile_urgency(c: _Compiler) -> UrgencyTable:
    """The urgency table, reporting hours out of order, levels without a rating and unknown indicators."""
    f = c.m[REL]
    hours = {}
    for name in RATINGS:
        rating = getattr(f.ratings, name)
        c.cite(rating.source, REL, ("ratings", name))
        hours[name] = rating.respond_within_hours
    for sooner, later in (("red", "amber"), ("amber", "green")):
        if hours[sooner] >= hours[later]:
            c.problem(
                REL,
                ("ratings", sooner, "respond_within_hours"),
                f"{sooner} must be answered sooner than {later} ({hours[sooner]} hours is not less than "
                f"{hours[later]})",
            )
    c.unique("level", ((str(e.level), ("levels", i, "level")) for i, e in enumerate(f.levels)), REL)
    levels = {
        e.level: RatingRule(f"urgency:level-{e.level}", e.text, *c.cite(e.source, REL, ("levels", i)), e.rating)
        for i, e in enumerate(f.levels)
    }
    for missing in sorted({1, 2, 3, 4} - set(levels)):
        c.problem(REL, ("levels",), f"level {missing} has no rating")
    c.unique("rule", ((r.rule, ("rules", i, "rule")) for i, r in enumerate(f.rules)), REL)
    known = sorted(c.ever["indicator"])
    for i, r in enumerate(f.rules):
        for j, code in enumerate(r.when.any):
            if code not in c.ever["indicator"]:
                c.problem(REL, ("rules", i, "when", "any", j), f"unknown indicator '{code}'{did_you_mean(code, known)}")
    rules = tuple(
        RatingRule(r.rule, r.text, *c.cite(r.source, REL, ("rules", i)), r.rating, tuple(r.when.any))
        for i, r in enumerate(f.rules)
    )
    escalation = Cited("urgency:escalation", f.escalation.text, *c.cite(f.escalation.source, REL, ("escalation",)))
    return UrgencyTable(hours, levels, rules, escalation)
