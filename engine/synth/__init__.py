"""Synthetic families: the one generator behind tests, the benchmark and the pack checks.

`Draft` is a family under construction; `generate` fills drafts from a source of choices
(a seeded random.Random, or hypothesis in the tests) with a realistic mix of needs drawn from
the pack's own vocabulary; the pack checks build drafts that carry a given rule's tests.
`profile_of` writes a family back as the profile a hub worker would send. A synthetic caseload
drawn as often as published figures say families come is `caseload.Caseload` (calibration.py).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..contract import ROLES
from ..ir import CompiledPack
from ..profile import Family, Person

T = TypeVar("T")
AS_OF = dt.date(2026, 11, 20)
LIKELIHOOD = {1: 12, 2: 12, 3: 3, 4: 1}  # relative chance of recording an indicator of each level


@dataclass
class DraftPerson:
    """A member under construction; under 18 is a child."""

    id: str
    age: int = 8
    pregnant: bool = False
    first: bool = False
    weeks: int | None = None
    parent: bool = False
    indicators: set[str] = field(default_factory=set)

    @property
    def child(self) -> bool:
        return self.age < 18


@dataclass
class Draft:
    """A family under construction."""

    people: list[DraftPerson] = field(default_factory=list)
    family: set[str] = field(default_factory=set)
    da: int | None = None
    involved: set[str] = field(default_factory=set)
    preferred: str | None = None
    forbidden: set[str] = field(default_factory=set)  # indicators the draft must not carry
    as_of: dt.date = AS_OF
    consent: bool | None = True
    referral_id: str = "synthetic"

    def get(self, pid: str, **kw: object) -> DraftPerson:
        """The member with this id, added with `kw` if there is none yet."""
        for p in self.people:
            if p.id == pid:
                return p
        p = DraftPerson(pid, **kw)  # type: ignore[arg-type]
        self.people.append(p)
        return p

    def family_of(self) -> Family:
        """The draft as a Family; a child is added if it has neither a child nor a pregnancy."""
        if not any(p.child or p.pregnant for p in self.people):
            self.get("K0")
        people = tuple(
            Person(p.id, p.age, p.child, p.pregnant, p.first, p.weeks, frozenset(p.indicators), p.parent)
            for p in self.people
        )
        return Family(
            self.referral_id,
            self.as_of,
            self.consent,
            people,
            frozenset(self.family),
            self.da,
            tuple(sorted(self.involved)),
            self.preferred,
        )


class Choices:
    """Where a generated family's choices come from."""

    def number(self, lo: int, hi: int) -> int:
        raise NotImplementedError

    def pick(self, items: Sequence[T], weights: Sequence[int] | None = None) -> T:
        raise NotImplementedError

    def chance(self, percent: int) -> bool:
        return self.number(1, 100) <= percent


class Seeded(Choices):
    """Choices from a seeded random.Random: the same seed gives the same families."""

    def __init__(self, seed: int | random.Random):
        self.rng = seed if isinstance(seed, random.Random) else random.Random(seed)

    def number(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def pick(self, items: Sequence[T], weights: Sequence[int] | None = None) -> T:
        return self.rng.choices(items, weights)[0] if weights else self.rng.choice(items)


@dataclass(frozen=True)
class Vocabulary:
    """The pack's indicator codes by who may hold them, with how often each is recorded."""

    child: tuple[str, ...]
    adult: tuple[str, ...]
    family: tuple[str, ...]
    weight: dict[str, int]
    grave: tuple[str, ...]  # child codes that point to level 4 on their own

    @classmethod
    def of(cls, pack: CompiledPack) -> Vocabulary:
        by: dict[str, list[str]] = {"child": [], "adult": [], "any": [], "family": []}
        for code, info in sorted(pack.indicators.items()):
            by[info.applies_to].append(code)
        weight = {c: LIKELIHOOD[i.level] for c, i in pack.indicators.items()}
        grave = tuple(c for c in by["child"] + by["any"] if pack.indicators[c].level == 4)
        return cls(tuple(by["child"] + by["any"]), tuple(by["adult"] + by["any"]), tuple(by["family"]), weight, grave)


class Generator:
    """Families of 1-5 members: children with 0-4 needs each, adults, some pregnancies (some of
    them young parents), family-wide needs, domestic abuse grades, practitioners involved."""

    def __init__(self, pack: CompiledPack, choices: Choices, as_of: dt.date = AS_OF, spread_days: int = 0):
        self.vocab = Vocabulary.of(pack)
        self.c = choices
        self.as_of, self.spread = as_of, spread_days
        self.count = 0

    def _needs(self, pool: Sequence[str], most: int = 4) -> set[str]:
        c = self.c
        k = min(c.pick((0, 1, 2, 3, 4), (35, 30, 18, 10, 7)), most, len(pool))
        weights = [self.vocab.weight[code] for code in pool]
        got: set[str] = set()
        for _ in range(k * 3):
            if len(got) >= k:
                break
            got.add(c.pick(pool, weights))
        return got

    def person(self, d: Draft, pid: str, child: bool) -> DraftPerson:
        c = self.c
        if child:
            p = d.get(pid, age=c.number(0, 17))
            p.indicators = self._needs(self.vocab.child)
            if p.age >= 13 and c.chance(3):  # a young parent: expecting, and both child and adult needs
                p.pregnant, p.first = True, c.chance(80)
                p.indicators |= self._needs(self.vocab.adult, most=1)
            return p
        p = d.get(pid, age=c.number(18, 60), parent=True)
        p.pregnant = p.age <= 45 and c.chance(15)
        p.first = p.pregnant and c.chance(50)
        p.weeks = c.pick((None, c.number(4, 40))) if p.pregnant else None
        p.indicators = self._needs(self.vocab.adult)
        return p

    def draft(self) -> Draft:
        c = self.c
        self.count += 1
        d = Draft(referral_id=f"SYN-{self.count:06d}")
        d.as_of = self.as_of + dt.timedelta(days=c.number(0, self.spread)) if self.spread else self.as_of
        size = c.pick((1, 2, 3, 4, 5), (10, 30, 30, 20, 10))
        adults = min(size - 1, c.pick((1, 1, 2))) if size > 1 else 0
        order = [f"A{i}" for i in range(adults)] + [f"C{i}" for i in range(size - adults)]
        for pid in order:
            self.person(d, pid, child=pid.startswith("C"))
        if not any(p.child or p.pregnant for p in d.people):
            self.person(d, "C9", child=True)
        d.family = self._needs(self.vocab.family, most=2)
        if c.chance(15):
            d.da = c.pick((1, 2, 3, 4), (40, 30, 20, 10))
            if "domestic_abuse" in self.vocab.family and c.chance(90):
                d.family.add("domestic_abuse")
        d.involved = {c.pick(ROLES) for _ in range(c.pick((0, 1, 2, 3), (30, 35, 25, 10)))}
        if c.chance(20):
            d.preferred = c.pick(sorted(d.involved)) if d.involved and c.chance(50) else c.pick(ROLES)
        d.consent = c.pick((True, None, False), (80, 15, 5))
        return d

    def family(self) -> Family:
        return self.draft().family_of()

    def many(self, n: int) -> list[Family]:
        return [self.family() for _ in range(n)]


def families(pack: CompiledPack, n: int, seed: int = 2026, spread_days: int = 0) -> list[Family]:
    """`n` seeded synthetic families for `pack`: the same seed always gives the same families."""
    return Generator(pack, Seeded(seed), spread_days=spread_days).many(n)


def profile_of(family: Family, order: Callable[[list[str]], list[str]] = sorted) -> dict:
    """The family as a profile document (contract section 2); `order` lists each set of indicators."""

    def member(p: Person) -> dict:
        role = "parent" if p.is_parent else ("child" if p.is_child else "other_adult")
        out: dict[str, Any] = {"id": p.id, "role": role, "age": p.age}
        if p.pregnant:
            out |= {"pregnant": True, "first_pregnancy": p.first_pregnancy}
            if p.gestation_weeks is not None:
                out["gestation_weeks"] = p.gestation_weeks
        return out | {"indicators": order(list(p.indicators))}

    part: dict[str, Any] = {"indicators": order(list(family.indicators)), "involved": list(family.involved)}
    if family.domestic_abuse_risk is not None:
        part["domestic_abuse_risk"] = family.domestic_abuse_risk
    if family.preferred_lead is not None:
        part["preferred_lead"] = family.preferred_lead
    referral: dict[str, Any] = {"id": family.referral_id, "date": family.as_of.isoformat()}
    if family.consent is not None:
        referral["consent"] = family.consent
    if family.referral_type != "new":
        referral["type"] = family.referral_type
    out = {"referral": referral, "members": [member(p) for p in family.members], "family": part}
    if (now := family.current) is not None:
        out["current"] = {"level": now.level, "lead": now.lead, "since": now.since.isoformat()}
    return out
