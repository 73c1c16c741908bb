"""A synthetic year of referrals: profiles drawn from the published figures in calibration.py.

`Generator` (engine/synth/__init__.py) explores every code a pack has, for tests and proofs;
`Caseload` draws families as often as the published figures say they come, for what a whole
caseload does (batch, impact). It builds profile dicts directly, with plain random() calls and
few intermediate objects: 100,000 profiles take about two seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from ..ir import CompiledPack
from . import AS_OF, LIKELIHOOD
from . import calibration as cal

Pool = tuple[list[str], list[float]]  # codes, and the cumulative chance of each


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = sum(weights)
    return [w / total for w in accumulate(weights)]


@dataclass
class _Member:
    id: str
    role: str
    age: int
    codes: list[str] = field(default_factory=list)
    pregnant: bool = False
    first: bool = False
    weeks: int = 0

    def profile(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "role": self.role, "age": self.age}
        if self.pregnant:
            out |= {"pregnant": True, "first_pregnancy": self.first, "gestation_weeks": self.weeks}
        out["indicators"] = sorted(set(self.codes))
        return out


@dataclass
class _Family:
    parents: list[_Member]
    others: list[_Member]
    children: list[_Member]  # eldest first
    codes: list[str] = field(default_factory=list)


class Caseload:
    """Profiles (contract section 2) of a synthetic caseload calibrated to published figures;
    the same pack, seed and date always give the same profiles, in the same order."""

    def __init__(self, pack: CompiledPack, seed: int = 2026, as_of: dt.date = AS_OF):
        view = pack.at(as_of)
        self.rng = random.Random(seed)
        self.date = as_of.isoformat()
        self.count = 0
        known = view.indicators
        codes = {c for f in cal.CIN_FACTORS for c, _ in f.codes} | set(cal.PARENT_CODE.values())
        self.gives = {c: [(g.indicator, g.on) for g in view.cin(c).gives if g.indicator in known] for c in codes}
        self.reasons = [(r.share, [g for g in r.gives if g[0] in known]) for r in cal.EARLY_HELP_REASONS]
        self.teen_share = sum(s for lo, _, s in cal.AGE_BANDS if lo >= cal.TEEN) / 100
        self.ages = _cumulative([s for *_, s in cal.AGE_BANDS])
        self.sizes = _cumulative([s for _, s in cal.CHILDREN])
        self.grades = _cumulative(cal.DA_GRADES)
        self.quintiles = _cumulative(cal.IMD_QUINTILES)
        self.background_count = _cumulative(cal.BACKGROUND_NEEDS)
        # codes drawn from a published share in a stream are not drawn again as background there
        cin = {i for c in codes for i, _ in self.gives[c]}
        helped = {i for f in cal.CIN_FACTORS if f.early_help for c, _ in f.codes for i, _ in self.gives[c]}
        helped |= {i for r in cal.EARLY_HELP_REASONS for i, _, _ in r.gives}
        self.pools = {True: _pools(view, cin), False: _pools(view, helped)}
        # each factor with its census codes and the cumulative split of its cases between them
        self.factors = [(f, [c for c, _ in f.codes], _cumulative([s for _, s in f.codes])) for f in cal.CIN_FACTORS]

    def _pick(self, cumulative: list[float]) -> int:
        return bisect(cumulative, self.rng.random())

    def _between(self, lo: int, hi: int) -> int:
        return lo + int(self.rng.random() * (hi - lo + 1))

    def _child_age(self) -> int:
        lo, hi, _ = cal.AGE_BANDS[self._pick(self.ages)]
        return self._between(lo, hi)

    def _people(self) -> _Family:
        r = self.rng.random
        first = r() < cal.EXPECTING_FIRST
        ages = [] if first else sorted((self._child_age() for _ in range(self._pick(self.sizes) + 1)), reverse=True)
        children = [_Member(f"C{i + 1}", "child", age) for i, age in enumerate(ages)]
        at_birth = cal.YOUNG_AT_BIRTH if r() < cal.YOUNG_MOTHER else cal.AT_BIRTH
        mother = _Member("P1", "parent", (ages[0] if ages else 0) + self._between(*at_birth))
        if first or (mother.age < 45 and r() < cal.EXPECTING_AGAIN):
            mother.pregnant, mother.first, mother.weeks = True, first, self._between(*cal.GESTATION_WEEKS)
        parents = [mother]
        if r() >= cal.LONE_PARENT:
            gap = cal.PARTNER_GAP
            parents.append(_Member("P2", "parent", max(16, mother.age + self._between(-gap, gap))))
        others = [_Member("A1", "other_adult", self._between(*cal.OTHER_ADULT_AGES))] if r() < cal.OTHER_ADULT else []
        return _Family(parents, others, children)

    def _child_for(self, family: _Family, indicator: str) -> _Member | None:
        """The eldest child who can hold the code (calibration.CODE_AGES), if any."""
        lo, hi = cal.CODE_AGES.get(indicator, (0, 17))
        return next((c for c in family.children if lo <= c.age <= hi), None)

    def _census(self, family: _Family, code: str, child: _Member | None = None) -> None:
        """Record a census code as the pack maps it; `child`: the child it is about, if drawn per child."""
        gives = self.gives[code]
        if code in cal.PARENT_CODE and any(
            (on == "child" and child is None and self._child_for(family, i) is None)
            or (on == "other_adult" and not family.others)
            for i, on in gives
        ):
            gives = self.gives[cal.PARENT_CODE[code]]
        for indicator, on in gives:
            self._give(family, indicator, on, child, every=code in cal.EVERY_CHILD)

    def _give(
        self, family: _Family, indicator: str, on: str, child: _Member | None = None, every: bool = False
    ) -> None:
        """Give a code to whom `on` names: the family, a parent, another adult, or `child` (else the
        eldest child who can hold it; `every`: every child)."""
        if on == "family":
            family.codes.append(indicator)
        elif on == "parent":
            family.parents[int(self.rng.random() * len(family.parents))].codes.append(indicator)
        elif on == "other_adult":
            family.others[0].codes.append(indicator)
        elif every:
            for c in family.children:
                c.codes.append(indicator)
        elif (held := child or self._child_for(family, indicator)) is not None:
            held.codes.append(indicator)

    def _factors(self, family: _Family, social: bool) -> None:
        """The CIN census factors of a social care family, or those early help shares, scaled."""
        r = self.rng.random
        for f, codes, split in self.factors:
            if not (social or f.early_help):
                continue
            share = f.share if social else f.share * cal.EARLY_HELP_SCALE
            if f.teen:
                for child in family.children:
                    if child.age >= cal.TEEN and r() < share / self.teen_share:
                        self._census(family, codes[self._pick(split)], child)
            elif r() < share:
                self._census(family, codes[self._pick(split)])

    def _early_help(self, family: _Family) -> int:
        """Seed 003's reasons and deprivation mix; the family's IMD quintile (1 most deprived)."""
        r = self.rng.random
        for share, gives in self.reasons:
            if r() < share:
                can = [g for g in gives if g[1] != "child" or self._child_for(family, g[0])]
                if can:
                    indicator, on, _ = can[self._pick(_cumulative([w for *_, w in can]))]
                    self._give(family, indicator, on)
        q = self._pick(self.quintiles)
        if r() < cal.STRONGER_FAMILIES[q] / cal.IMD_QUINTILES[q]:
            self._give(family, "out_of_work_benefits", "parent")
            self._give(family, "school_absence", "child")
        return q + 1

    def _background(self, pool: Pool) -> list[str]:
        codes, cumulative = pool
        if not codes:
            return []
        return [codes[self._pick(cumulative)] for _ in range(self._pick(self.background_count))]

    def profile(self) -> dict[str, Any]:
        """The next synthetic family's profile."""
        self.count += 1
        social = self.rng.random() < cal.SOCIAL_CARE
        family = self._people()
        self._factors(family, social)
        stream = "SC" if social else f"EH-Q{self._early_help(family)}"
        children, adult, whole = self.pools[social]
        for m in family.parents + family.others:
            m.codes += self._background(adult)
        for c in family.children:
            c.codes += self._background(children[c.age])
        family.codes += self._background(whole)
        members = family.parents + family.others + family.children
        part: dict[str, Any] = {"indicators": sorted(set(family.codes))}
        if "domestic_abuse" in part["indicators"]:
            part["domestic_abuse_risk"] = self._pick(self.grades) + 1
        part["involved"] = _universal(members)
        return {
            "referral": {"id": f"SYN-{self.count:06d}-{stream}", "date": self.date, "consent": True},
            "members": [m.profile() for m in members],
            "family": part,
        }

    def profiles(self, n: int) -> Iterator[dict[str, Any]]:
        """The next `n` profiles."""
        for _ in range(n):
            yield self.profile()


def _pools(view: CompiledPack, calibrated: set[str]) -> tuple[list[Pool], Pool, Pool]:
    """The codes a child of each age, an adult and the family may get as background needs
    (calibration.BACKGROUND_NEEDS), weighted by the level each points to: never level 4, and
    never a code `calibrated` by a published share in the same stream."""

    def pool(holders: tuple[str, ...], age: int | None = None) -> Pool:
        codes = []
        for c, info in sorted(view.indicators.items()):
            lo, hi = cal.CODE_AGES.get(c, (0, 17))
            fits = age is None or lo <= age <= hi
            if info.applies_to in holders and info.level < 4 and c not in calibrated and fits:
                codes.append(c)
        return codes, _cumulative([LIKELIHOOD[view.indicators[c].level] for c in codes]) if codes else []

    return [pool(("child", "any"), age) for age in range(18)], pool(("adult", "any")), pool(("family",))


def _universal(members: list[_Member]) -> list[str]:
    """The universal services working with every family (ASSUMPTION), as seed 003 hands the baton
    on: a midwife in pregnancy, the health visitor under 5, the school from 5."""
    out = []
    if any(m.pregnant for m in members):
        out.append("midwife")
    if any(m.role == "child" and m.age < 5 for m in members):
        out.append("health_visitor")
    if any(m.role == "child" and m.age >= 5 for m in members):
        out.append("school")
    return out
