"""The compiled pack: the rules of every stage, and what the decision builder needs to explain them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..contract import cin_code_problem
from .dates import ALWAYS, Period, spans
from .fields import Field as FactField
from .nodes import STAGES, Rule, Stage, Subject
from .tables import SupportingFamiliesTable, UrgencyTable


@dataclass(frozen=True)
class LevelInfo:
    """A level of need as the decision names and explains it."""

    code: int
    name: str
    description: str
    response: str
    lead_professional: bool
    source: str
    lead_title: str | None = None  # what the lead's function is called at this level


@dataclass(frozen=True)
class ServiceInfo:
    """A service that meets needs: how a reason names it, and the lead roles that deliver it."""

    label: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorInfo:
    """An indicator of the vocabulary: its label, domain, who may hold it and the level it points to."""

    code: str
    label: str
    domain: str
    applies_to: str
    level: int
    met_by: str  # the service that meets it


@dataclass(frozen=True)
class InterventionInfo:
    """A catalogue programme as a decision presents it."""

    id: str
    name: str
    ages: tuple[int, int]
    evidence: str
    delivered_by: str
    whole_family: bool
    band: str | None
    source: str
    unverified: tuple[str, ...]
    format: str = ""
    alternatives: str | None = None  # the group of programmes meeting the same need
    eif: str | None = None
    cost: int | None = None
    benefit_per_pound: float | None = None  # the seeds' cost-benefit return per £1, where given


@dataclass(frozen=True)
class RankingInfo:
    """The pack's preference between programmes for one member (pathways/interventions.yaml)."""

    formats: tuple[str, ...]
    then: tuple[str, ...]
    most: int
    text: str
    source: str


@dataclass(frozen=True)
class ReviewInfo:
    """What a review's decision says in one case (a step down, a handover): words, source, unchecked facts."""

    text: str
    source: str
    unverified: tuple[str, ...]
    warning: str | None = None


@dataclass(frozen=True)
class CinGives:
    """One indicator a census code gives, and on whom: child, parent (or carer), other_adult or family."""

    indicator: str
    on: str


@dataclass(frozen=True)
class CinCodeInfo:
    """A Children in Need census factor code as the pack maps it (rules/cin_codes.yaml).

    `gives` is empty for a code the pack deliberately leaves unmapped; `unmapped` then says why.
    `note` says why a mapping that is a judgement was chosen; `source` cites the code's meaning.
    """

    code: str
    label: str
    gives: tuple[CinGives, ...]
    unmapped: str | None
    note: str | None
    source: str
    unverified: tuple[str, ...]


@dataclass(frozen=True)
class StageIndex:
    """One stage's rules for one subject, indexed by the need that gates each (if any)."""

    gated: dict[str, tuple[Rule, ...]]
    ungated: tuple[Rule, ...]


@dataclass(frozen=True)
class CompiledPack:
    """The rules in force for one period (all days, for a pack with no dated values).

    A pack with dated values compiles to one pack per period between the days on which a value
    starts or stops: the last period's pack holds the earlier ones, and `at(day)` picks one.
    Every period's pack has the same name, version and digest: the digest still names the files.
    """

    name: str
    version: str
    digest: str
    effective_from: dt.date
    levels: dict[int, LevelInfo]
    universal_text: str
    indicators: dict[str, IndicatorInfo]
    interventions: dict[str, InterventionInfo]
    reviews: dict[str, ReviewInfo]  # rules/reviews.yaml by key: step_up, step_down, same, ...
    rules: tuple[Rule, ...]
    cin_codes: dict[str, CinCodeInfo]  # every current census code, in the census's order
    urgency: UrgencyTable
    supporting_families: SupportingFamiliesTable
    period: Period = ALWAYS  # the days these rules are in force
    earlier: tuple[CompiledPack, ...] = ()  # the packs of the periods before this one, in order
    services: dict[str, ServiceInfo] = field(default_factory=dict)  # by id
    ranking: RankingInfo | None = None

    @cached_property
    def role_needs(self) -> dict[str, frozenset[str]]:
        """Lead role -> the indicators its practitioners' services meet."""
        out: dict[str, set[str]] = {}
        for code, info in self.indicators.items():
            for role in self.services[info.met_by].roles if info.met_by in self.services else ():
                out.setdefault(role, set()).add(code)
        return {k: frozenset(v) for k, v in out.items()}

    # caches that later stages keep per pack (fact plans, compiled evaluators), never compared
    cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without caches (compiled evaluators, fact plans): they are rebuilt on use."""
        return {k: self.__dict__[k] for k in self.__dataclass_fields__ if k != "cache"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, cache={})

    @property
    def views(self) -> tuple[CompiledPack, ...]:
        """The pack of every period, in order (just this one when nothing is dated)."""
        return (*self.earlier, self.latest)

    @cached_property
    def latest(self) -> CompiledPack:
        """This period's rules on their own: a view decides every family it is given."""
        if not self.earlier:
            return self
        kept = {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in ("earlier", "cache")}
        return CompiledPack(**kept)

    @property
    def changes(self) -> tuple[dt.date, ...]:
        """The days on which a dated value starts or stops being in force, in order."""
        return tuple(v.period.start for v in self.views[1:] if v.period.start is not None)

    def at(self, day: dt.date) -> CompiledPack:
        """The rules in force on `day`. A pack with no earlier periods is its own answer."""
        for view in self.earlier:
            if view.period.holds(day):
                return view
        return self.latest

    def indicator_periods(self, code: str) -> list[Period]:
        """When the indicator is in force (empty: never)."""
        return spans(v.period for v in self.views if code in v.indicators)

    def cin(self, code: str) -> CinCodeInfo:
        """Which indicators, on whom, a Children in Need census code gives (`.gives`; empty: unmapped).

        A code that is not a current census code (unknown, or retired such as 18A) raises
        LookupError whose message says why, and what replaced a retired code.
        """
        info = self.cin_codes.get(code)
        if info is None:
            raise LookupError(
                cin_code_problem(code) or f"census code '{code}' is not in this pack's rules/cin_codes.yaml"
            )
        return info

    def stage(self, stage: Stage) -> tuple[Rule, ...]:
        return self._by_stage[stage]

    def fields(self, stage: Stage, subject: Subject) -> frozenset[FactField]:
        """Every field a rule of this stage and subject tests: what its facts must carry."""
        return self._fields[(stage, subject)]

    def index(self, stage: Stage, subject: Subject) -> StageIndex:
        return self._index[(stage, subject)]

    @cached_property
    def _by_stage(self) -> dict[Stage, tuple[Rule, ...]]:
        return {s: tuple(r for r in self.rules if r.stage == s) for s in STAGES}

    @cached_property
    def _fields(self) -> dict[tuple[Stage, Subject], frozenset[FactField]]:
        out: dict[tuple[Stage, Subject], set[FactField]] = {(s, k): set() for s in STAGES for k in ("member", "family")}
        for r in self.rules:
            out[(r.stage, r.subject)] |= r.fields
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def _index(self) -> dict[tuple[Stage, Subject], StageIndex]:
        out: dict[tuple[Stage, Subject], StageIndex] = {}
        subjects: tuple[Subject, ...] = ("member", "family")
        for stage in STAGES:
            for subject in subjects:
                gated: dict[str, list[Rule]] = {}
                ungated: list[Rule] = []
                for r in self._by_stage[stage]:
                    if r.subject != subject:
                        continue
                    gate = r.clauses[0] if r.clauses else None
                    if gate is not None and gate.is_gate:
                        for t in gate.tests:
                            gated.setdefault(t.field.name, []).append(r)
                    else:
                        ungated.append(r)
                out[(stage, subject)] = StageIndex({k: tuple(v) for k, v in gated.items()}, tuple(ungated))
        return out
