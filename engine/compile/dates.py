"""Dated values: which entries may share a code or id, and the periods a pack compiles to.

Indicators, needs rules, safeguarding triggers, programmes, their offer rules and lead rules
may carry `from:` and `until:` (both inclusive). Entries with the same code (indicators),
id (programmes) or rule id must not be in force on the same day; gaps between them, an
`until` before its `from`, and an offer rule outside its programme's dates are reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from ..errors import Problem
from ..ir import ALWAYS, Period
from ..ir.dates import ONE_DAY, change_days, spans, split, words
from ..pack import LoadedPack
from ..text import format_path

INDICATORS, NEEDS, SAFEGUARDING = "rules/indicators.yaml", "rules/needs.yaml", "rules/safeguarding.yaml"
INTERVENTIONS, LEAD = "pathways/interventions.yaml", "pathways/lead_professional.yaml"


def period_of(item: Any) -> Period:
    """The days an entry of a pack file is in force (every day when it has no dates)."""
    return Period(getattr(item, "from_", None), getattr(item, "until", None))


@dataclass(frozen=True)
class Version:
    """One entry of a pack file that may be dated, and when it is in force."""

    kind: str  # indicator | intervention | rule
    key: str
    period: Period  # an offer rule's meets its programme's
    rel: str
    path: tuple  # the entry
    key_field: str  # code | id | rule
    dated: bool  # it, or its programme, has from or until


def entries(lp: LoadedPack) -> Iterator[tuple[Version, Any]]:
    """Every entry that may be dated, with its model, in the order the compiler reads them."""
    m = lp.models
    for i, ind in enumerate(m[INDICATORS].indicators):
        p = period_of(ind)
        yield Version("indicator", ind.code, p, INDICATORS, ("indicators", i), "code", p.dated), ind
    for key in ("combinations", "circumstances"):
        for i, r in enumerate(getattr(m[NEEDS], key)):
            p = period_of(r)
            yield Version("rule", r.rule, p, NEEDS, (key, i), "rule", p.dated), r
    for i, t in enumerate(m[SAFEGUARDING].triggers):
        p = period_of(t)
        yield Version("rule", t.rule, p, SAFEGUARDING, ("triggers", i), "rule", p.dated), t
    for i, iv in enumerate(m[INTERVENTIONS].interventions):
        p = period_of(iv)
        yield Version("intervention", iv.id, p, INTERVENTIONS, ("interventions", i), "id", p.dated), iv
        for j, offer in enumerate(iv.offer_when):
            own = period_of(offer)
            path = ("interventions", i, "offer_when", j)
            yield Version("rule", offer.rule, p.meet(own), INTERVENTIONS, path, "rule", p.dated or own.dated), offer
    for i, r in enumerate(m[LEAD].rules):
        p = period_of(r)
        yield Version("rule", r.rule, p, LEAD, ("rules", i), "rule", p.dated), r


class Dates:
    """The dated entries of a pack: their problems, and the periods the pack compiles to."""

    def __init__(self, lp: LoadedPack):
        self.lp = lp
        self.problems: list[Problem] = []
        self.versions: list[Version] = []
        for v, item in entries(lp):
            own = period_of(item)
            if own.empty:
                self.problem(v, (*v.path, "until"), f"until {own.end} is before from {own.start}: never in force")
            elif v.period.empty:
                self.problem(
                    v,
                    (*v.path, "rule"),
                    f"rule '{v.key}' is never in force: its dates ({own}) lie outside its programme's",
                )
            else:
                self.versions.append(v)
        groups: dict[tuple[str, str], list[Version]] = {}
        for v in self.versions:
            groups.setdefault((v.kind, v.key), []).append(v)
        for group in groups.values():
            self.compare(group)

    # -- reporting
    def line(self, v: Version) -> int | None:
        return self.lp.doc(v.rel).line_of((*v.path, v.key_field))

    def where(self, v: Version, here: Version) -> str:
        """'line 70', or FILE:70 when `v` is in another file than `here`."""
        return f"line {self.line(v)}" if v.rel == here.rel else f"{self.lp.doc(v.rel).name}:{self.line(v)}"

    def lines(self, first: Version, later: Version) -> str:
        if first.rel == later.rel:
            return f"lines {self.line(first)} and {self.line(later)}"
        return f"{self.where(first, later)} and line {self.line(later)}"

    def problem(self, v: Version, path: tuple, message: str) -> None:
        doc = self.lp.doc(v.rel)
        self.problems.append(Problem(doc.name, doc.line_of(path), format_path(path), message))

    # -- checks
    def compare(self, group: list[Version]) -> None:
        for j, later in enumerate(group):
            for first in group[:j]:
                if not first.dated and not later.dated:
                    self.duplicate(first, later)
                elif first.period.overlaps(later.period):
                    both = first.period.meet(later.period)
                    self.problem(
                        later,
                        (*later.path, later.key_field),
                        f"{later.kind} '{later.key}': two values in force {both} ({self.lines(first, later)})",
                    )
        ordered = sorted(group, key=lambda v: v.period.start or dt.date.min)
        for a, b in pairwise(ordered):
            if a.period.end is None or b.period.start is None or a.period.overlaps(b.period):
                continue
            gap = Period(a.period.end + ONE_DAY, b.period.start - ONE_DAY)
            if not gap.empty:
                self.problem(
                    b,
                    (*b.path, "from"),
                    f"{b.kind} '{b.key}' is not in force {gap} (between {self.where(a, b)} and line {self.line(b)})",
                )

    def duplicate(self, first: Version, later: Version) -> None:
        """Undated entries with the same key: refused as they always were."""
        path = (*later.path, later.key_field)
        if later.kind == "rule":
            doc = self.lp.doc(first.rel)
            self.problem(later, path, f"duplicate rule id '{later.key}' (first at {doc.name}:{self.line(first)})")
        else:
            self.problem(later, path, f"duplicate {later.kind} '{later.key}' (first at line {self.line(first)})")

    # -- periods
    def periods(self) -> list[Period]:
        """The periods between the days on which any dated value starts or stops."""
        return split(change_days(v.period for v in self.versions))


def in_force(item: Any, day: dt.date | None) -> bool:
    """Whether an entry is in force on `day` (None: every entry counts)."""
    return day is None or period_of(item).holds(day)


def first_day(period: Period) -> dt.date:
    """A day inside the period, to ask what is in force throughout it."""
    return period.start or period.end or dt.date(2000, 1, 1)


def by_period(found: list[tuple[Period, list[Problem]]]) -> list[Problem]:
    """Problems found period by period, once each; one found in some periods only says when."""
    seen: dict[Problem, list[Period]] = {}
    for period, problems in found:
        for p in dict.fromkeys(problems):
            seen.setdefault(p, []).append(period)
    out = []
    for p, periods in seen.items():
        if len(periods) < len(found) and any(q.dated for q in periods):
            p = replace(p, message=f"{words(periods)}: {p.message}")
        out.append(p)
    return out


__all__ = ["ALWAYS", "Dates", "Period", "by_period", "entries", "first_day", "in_force", "period_of", "spans"]
