"""Periods in force: the days from a value's first day to its last, both inclusive.

A pack value may carry `from:` and `until:` dates; a pack whose values change on some days
is compiled once per period between those days (see CompiledPack.at).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """First and last day in force, both inclusive; None: no limit on that side."""

    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def empty(self) -> bool:
        return self.start is not None and self.end is not None and self.start > self.end

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def meet(self, other: Period) -> Period:
        """The days in both (possibly empty)."""
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        return Period(max(starts, default=None), min(ends, default=None))

    def overlaps(self, other: Period) -> bool:
        return not self.meet(other).empty

    @property
    def key(self) -> str:
        """A short name for the period, for names of cached things: '' when undated."""
        return "" if not self.dated else f"{self.start or 'start'}_{self.end or 'end'}"

    def __str__(self) -> str:
        if self.start is not None and self.end is not None:
            return f"on {self.start}" if self.start == self.end else f"from {self.start} to {self.end}"
        if self.start is not None:
            return f"from {self.start}"
        return f"until {self.end}" if self.end is not None else "at all times"


ALWAYS = Period()


def spans(periods: Iterable[Period]) -> list[Period]:
    """Periods joined where they touch or overlap, in order of their first day."""
    out: list[Period] = []
    for p in sorted(periods, key=lambda p: p.start or dt.date.min):
        last = out[-1] if out else None
        if last is not None and (last.end is None or (p.start is not None and p.start <= _after(last.end))):
            end = None if last.end is None or p.end is None else max(last.end, p.end)
            out[-1] = Period(last.start, end)
        else:
            out.append(p)
    return out


def _after(day: dt.date) -> dt.date:
    return day + ONE_DAY if day < dt.date.max else day


def change_days(periods: Iterable[Period]) -> set[dt.date]:
    """The days on which one of these periods starts, or the day after one ends."""
    days: set[dt.date] = set()
    for p in periods:
        if p.start is not None and p.start > dt.date.min:
            days.add(p.start)
        if p.end is not None and p.end < dt.date.max:
            days.add(p.end + ONE_DAY)
    return days


def split(changes: Iterable[dt.date]) -> list[Period]:
    """The periods between change days (each change day after the first day of all starts a period)."""
    days = sorted(d for d in set(changes) if d > dt.date.min)
    if not days:
        return [ALWAYS]
    out = [Period(None, days[0] - ONE_DAY)]
    out += [Period(a, b - ONE_DAY) for a, b in pairwise(days)]
    return [*out, Period(days[-1], None)]


def words(periods: Iterable[Period]) -> str:
    """'from 2027-04-01', 'until 2027-03-31; from 2027-06-01'."""
    return "; ".join(str(p) for p in spans(periods))
