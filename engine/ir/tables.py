"""Front-door urgency and Supporting Families outcomes as compiled: tables read after the rules have decided."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cited:
    """Something a reason can quote: what it says, where it comes from, and any unchecked fact."""

    rule: str
    text: str
    source: str
    unverified: tuple[str, ...]


@dataclass(frozen=True)
class RatingRule(Cited):
    """A rating for a level of need, or one that a rule raises to when the family holds an indicator."""

    rating: str
    indicators: tuple[str, ...] = ()  # for a raise rule: held by any member or the family


@dataclass(frozen=True)
class UrgencyTable:
    """Hours per rating, the rating for each level, raise rules, and what an escalation (always red) says."""

    hours: dict[str, int]
    levels: dict[int, RatingRule]
    rules: tuple[RatingRule, ...]
    escalation: Cited


@dataclass(frozen=True)
class Placement:
    """Where one indicator counts: its headline outcomes, for a holder aged within `ages`."""

    outcomes: tuple[str, ...]
    ages: tuple[int, int]
    source: str
    unverified: tuple[str, ...]


@dataclass(frozen=True)
class SupportingFamiliesTable:
    """The headline outcomes (in the framework's order), where each indicator counts, and the threshold."""

    outcomes: dict[str, Cited]  # code -> its label (as `text`) and source
    placements: dict[str, tuple[Placement, ...]]  # indicator code -> where it counts
    threshold: int
    eligibility: Cited
