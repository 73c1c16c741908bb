"""What a caseload's decisions say, without reasons: arrays by family; one family as a summary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from ..contract import OUTCOMES, RATINGS
from ..decide import Decision
from ..ir import CompiledPack
from ..profile import Family
from .caseload import Block, Flags, Ints
from .offers import Order
from .stages import Part, escalation_rules, lead_table

T = TypeVar("T")


@dataclass(frozen=True)
class Summary:
    """One family's decision without reasons, as both the columnar and the row path can say it."""

    level: int
    escalate: bool
    escalations: tuple[str, ...]  # the rules that escalated, each once, by name
    interventions: tuple[tuple[int, str, int], ...]  # (member position, programme, rank), as listed
    lead: str | None
    title: str | None
    urgency: str
    hours: int
    outcomes: tuple[str, ...]  # Supporting Families headline outcomes, in the framework's order
    eligible: bool

    @classmethod
    def of(cls, decision: Decision, family: Family) -> Summary:
        """The summary of a decision made by the row path (engine.decide)."""
        slot = {m.id: k for k, m in enumerate(family.members)}
        lead, sf, urgency = decision.lead_professional, decision.supporting_families, decision.urgency
        return cls(
            decision.level.code,
            decision.safeguarding.escalate,
            tuple(sorted({r.rule for r in decision.safeguarding.reasons})),
            tuple((slot[iv.member], iv.id, iv.rank) for iv in decision.interventions),
            lead.role,
            lead.title,
            urgency.rating,
            urgency.respond_within_hours,
            tuple(sf.outcomes),
            sf.eligible,
        )


@dataclass(frozen=True, eq=False)
class Outcomes:
    """Decisions without reasons, by family; the programmes shown for family k are items
    `offers[k]:offers[k + 1]` of `member`, `intervention` and `rank`, by member then rank."""

    level: Ints  # 1-4
    escalate: Flags
    escalations: Ints  # bit i: the rule escalation_rules[i] escalated
    escalation_rules: tuple[str, ...]
    lead: Ints  # index into `leads`; -1 for no lead (level 1)
    leads: tuple[tuple[str, str], ...]  # (role, title)
    urgency: Ints  # index into contract.RATINGS
    hours: Ints  # respond within
    outcomes: Ints  # Supporting Families headline outcomes: bit i for contract.OUTCOMES[i]
    eligible: Flags
    offers: Ints  # (families + 1)
    member: Ints  # the member's position in the profile
    intervention: Ints  # index into `interventions`
    rank: Ints  # 1 for the member's best fit
    interventions: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.level)

    @property
    def outcome_count(self) -> Ints:
        """How many headline outcomes each family has needs under."""
        return np.bitwise_count(self.outcomes).astype(np.int64)

    def summary(self, k: int) -> Summary:
        """Family k's decision as a Summary, comparable with Summary.of a row-path decision."""
        items = range(self.offers[k], self.offers[k + 1])
        lead = self.leads[self.lead[k]] if self.lead[k] >= 0 else (None, None)
        return Summary(
            int(self.level[k]),
            bool(self.escalate[k]),
            tuple(sorted(r for i, r in enumerate(self.escalation_rules) if int(self.escalations[k]) >> i & 1)),
            tuple((int(self.member[i]), self.interventions[self.intervention[i]], int(self.rank[i])) for i in items),
            lead[0],
            lead[1],
            RATINGS[self.urgency[k]],
            int(self.hours[k]),
            tuple(o for i, o in enumerate(OUTCOMES) if int(self.outcomes[k]) >> i & 1),
            bool(self.eligible[k]),
        )


@dataclass(frozen=True)
class Names:
    """What the numbers of every period's outcomes name, numbered alike: escalation rules, (lead role,
    title) pairs and programmes."""

    escalations: dict[str, int]
    leads: dict[tuple[str, str], int]
    programmes: dict[str, int]

    @classmethod
    def of(cls, pack: CompiledPack) -> Names:
        views = pack.views
        return cls(
            _numbered(r for v in views for r in escalation_rules(v)),
            _numbered(x for v in views for x in lead_table(v)[2]),
            _numbered(i for v in views for i in Order.of(v).ids),
        )


def _numbered(names: Iterable[T]) -> dict[T, int]:
    return {x: k for k, x in enumerate(dict.fromkeys(names))}


def merge(parts: Sequence[Part], block: Block, names: Names) -> Outcomes:
    """The periods' decisions of a block together, each family's from the period of its referral date."""
    n = block.families
    level, escalations, lead, urgency, hours, outcomes = (np.zeros(n, np.int64) for _ in range(6))
    escalate, eligible = np.zeros(n, bool), np.zeros(n, bool)
    rows, which, rank = [], [], []
    for part in parts:
        s = slice(None) if part.scope is None else part.scope
        for out, got in (
            (level, part.level),
            (urgency, part.urgency),
            (hours, part.hours),
            (outcomes, part.outcomes),
            (escalate, part.escalate),
            (eligible, part.eligible),
        ):
            out[s] = got[s]
        to = [names.escalations[rule] for rule in escalation_rules(part.pack)]
        if to == list(range(len(to))):  # numbered alike
            escalations[s] = part.escalations[s]
        else:
            for k, bit in enumerate(to):
                escalations[s] |= (part.escalations[s] >> k & 1) << bit
        lead[s] = np.array([names.leads[x] for x in lead_table(part.pack)[2]] + [-1], np.int64)[part.lead[s]]
        r = part.ranked
        keep = slice(None) if part.scope is None else part.scope[block.fam[r.rows]]
        rows.append(r.rows[keep])
        which.append(np.array([names.programmes[i] for i in Order.of(part.pack).ids], np.int64)[r.ids[keep]])
        rank.append(r.rank[keep])
    # each period's are in row order: only periods together need sorting (stably: ranks stay in order)
    order = np.argsort(np.concatenate(rows), kind="stable") if len(parts) > 1 else slice(None)
    at = np.concatenate(rows)[order]
    offers = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(block.fam[at], minlength=n), out=offers[1:])
    return Outcomes(
        level,
        escalate,
        escalations,
        tuple(names.escalations),
        lead,
        tuple(names.leads),
        urgency,
        hours,
        outcomes,
        eligible,
        offers,
        at - block.start[block.fam[at]],
        np.concatenate(which)[order],
        np.concatenate(rank)[order],
        tuple(names.programmes),
    )


def join(blocks: Sequence[Outcomes], names: Names) -> Outcomes:
    """The outcomes of consecutive blocks as one."""

    def cat(name: str, dtype: type) -> NDArray:
        return np.concatenate([getattr(b, name) for b in blocks]) if blocks else np.zeros(0, dtype)

    offers = np.zeros(1, np.int64)
    for b in blocks:
        offers = np.concatenate((offers, b.offers[1:] + offers[-1]))
    return Outcomes(
        cat("level", np.int64),
        cat("escalate", bool),
        cat("escalations", np.int64),
        tuple(names.escalations),
        cat("lead", np.int64),
        tuple(names.leads),
        cat("urgency", np.int64),
        cat("hours", np.int64),
        cat("outcomes", np.int64),
        cat("eligible", bool),
        offers,
        cat("member", np.int64),
        cat("intervention", np.int64),
        cat("rank", np.int64),
        tuple(names.programmes),
    )
