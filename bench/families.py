"""A deterministic mix of realistic synthetic families, built from the pack's own vocabulary."""

from __future__ import annotations

import datetime as dt
import random

from engine.ir import CompiledPack
from engine.profile import Family, Person
from engine.schema import ROLES

AS_OF = dt.date(2026, 11, 20)
LIKELIHOOD = {1: 12, 2: 12, 3: 3, 4: 1}  # relative chance of recording an indicator of each level


class FamilyMaker:
    """Families of 1-5 members: children with 0-4 needs each, adults, some pregnancies,
    some family-wide needs, some domestic abuse grades, practitioners involved and preferred."""

    def __init__(self, pack: CompiledPack, seed: int):
        self.rng = random.Random(seed)
        self.pack = pack
        by: dict[str, list[str]] = {"child": [], "adult": [], "any": [], "family": []}
        for code, info in sorted(pack.indicators.items()):
            by[info.applies_to].append(code)
        self.for_child = by["child"] + by["any"]
        self.for_adult = by["adult"] + by["any"]
        self.for_family = by["family"]
        self.count = 0

    def _needs(self, pool: list[str], most: int = 4) -> frozenset[str]:
        # most people have few recorded needs; level-4 (safeguarding) needs are rare
        k = min(self.rng.choices((0, 1, 2, 3, 4), weights=(35, 30, 18, 10, 7))[0], most, len(pool))
        weights = [LIKELIHOOD[self.pack.indicators[c].level] for c in pool]
        got: set[str] = set()
        while len(got) < k:
            got.add(self.rng.choices(pool, weights)[0])
        return frozenset(got)

    def person(self, pid: str, child: bool) -> Person:
        r = self.rng
        if child:
            return Person(pid, r.randint(0, 17), True, False, False, None, self._needs(self.for_child))
        age = r.randint(16, 60)
        pregnant = age <= 45 and r.random() < 0.15
        first = pregnant and r.random() < 0.5
        weeks = r.choice((None, r.randint(4, 40))) if pregnant else None
        return Person(pid, age, False, pregnant, first, weeks, self._needs(self.for_adult))

    def family(self) -> Family:
        r = self.rng
        self.count += 1
        size = r.choices((1, 2, 3, 4, 5), weights=(10, 30, 30, 20, 10))[0]
        n_adults = min(size - 1, r.choice((1, 1, 2))) if size > 1 else 0
        people = [self.person(f"A{i}", child=False) for i in range(n_adults)]
        people += [self.person(f"C{i}", child=True) for i in range(size - n_adults)]
        if not any(p.is_child for p in people) and not any(p.pregnant for p in people):
            people.append(self.person("C0", child=True))
        r.shuffle(people)
        fam = set(self._needs(self.for_family, most=2))
        da = None
        if r.random() < 0.15:
            da = r.choices((1, 2, 3, 4), weights=(40, 30, 20, 10))[0]
            if "domestic_abuse" in self.for_family and r.random() < 0.9:
                fam.add("domestic_abuse")
        involved = tuple(sorted(r.sample(ROLES, r.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0])))
        preferred = r.choice(ROLES) if r.random() < 0.2 else None
        consent = r.choices((True, None, False), weights=(80, 15, 5))[0]
        return Family(f"BENCH-{self.count:06d}", AS_OF, consent, tuple(people), frozenset(fam), da, involved, preferred)

    def many(self, n: int) -> list[Family]:
        return [self.family() for _ in range(n)]
