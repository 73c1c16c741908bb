"""A family as the engine sees it: ages worked out, roles resolved, indicators checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years on `on`; a 29 February birthday falls on 28 February in other years."""
    month, day = born.month, born.day
    if (month, day) == (2, 29) and not _leap(on.year):
        day = 28
    return on.year - born.year - ((on.month, on.day) < (month, day))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class Person:
    """One member. Under 18 is a child in law whatever the role; a young parent is both."""

    id: str
    age: int
    is_child: bool
    pregnant: bool
    first_pregnancy: bool
    gestation_weeks: int | None
    indicators: frozenset[str]
    is_parent: bool = False  # role parent or carer

    @property
    def young_parent(self) -> bool:
        """A child who is a parent, a carer or expecting a baby: protected and supported as both."""
        return self.is_child and (self.is_parent or self.pregnant)

    @property
    def acts_as_adult(self) -> bool:
        """An adult, or a young parent: holds what adults hold (parenting, pregnancy)."""
        return not self.is_child or self.young_parent


@dataclass(frozen=True)
class CurrentHelp:
    """The help a family has now, written at a review: level, lead role (or None) and since when."""

    level: int
    lead: str | None
    since: dt.date


@dataclass(frozen=True)
class Family:
    referral_id: str
    as_of: dt.date
    consent: bool | None
    members: tuple[Person, ...]
    indicators: frozenset[str]
    domestic_abuse_risk: int | None
    involved: tuple[str, ...]
    preferred_lead: str | None
    referral_type: str = "new"  # new, or review: the family already has help (`current`)
    current: CurrentHelp | None = None

    @cached_property
    def children(self) -> tuple[Person, ...]:
        return tuple(m for m in self.members if m.is_child)

    @cached_property
    def adults(self) -> tuple[Person, ...]:
        """Adults and young parents: whoever holds parenting and adult indicators."""
        return tuple(m for m in self.members if m.acts_as_adult)
