"""The intervention stage for a caseload: offers, then each member's programmes ranked, best first.

An offer is a bit in a member row's bitset of (programme, fit) pairs, where fit says whether a
rule offering it tests the member's own need. The pairs are numbered in the pack's order of
preference (engine.decide.rank.ranking_key), so a member's ranked list is their set bits from the
lowest up: the best of an alternatives group is its lowest bit, and the list is cut after
`most_per_member` bits. What engine/decide/trace.offers_of and engine/decide/rank.rank do per
family is done here for every row at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..decide.rank import own_need, ranking_key
from ..ir import CompiledPack, Offer
from .bits import Bits, any_of, keep_lowest, mask, pop_lowest, words_for
from .caseload import Flags, Ints
from .facts import Facts
from .rules import Evaluator


@dataclass(frozen=True)
class Order:
    """Each (programme, fit) pair's bit, in the pack's order of preference."""

    position: dict[tuple[str, bool], int]
    ids: tuple[str, ...]  # the programme of each bit
    words: int
    mixed: tuple[str, ...]  # programmes offered by rules of both fits: a member may get both bits

    @classmethod
    def of(cls, pack: CompiledPack) -> Order:
        got = pack.cache.get("columnar-order")
        if got is None:
            pairs = sorted((ranking_key(pack, i, fit), i, fit) for i in pack.interventions for fit in (True, False))
            fits: dict[str, set[bool]] = {}
            for rule in pack.stage("intervention"):
                assert isinstance(rule.effect, Offer)
                fits.setdefault(rule.effect.intervention, set()).add(own_need(pack, rule))
            got = pack.cache["columnar-order"] = cls(
                {(iid, fit): p for p, (_, iid, fit) in enumerate(pairs)},
                tuple(i for _, i, _ in pairs),
                words_for(len(pairs)),
                tuple(iid for iid, f in fits.items() if len(f) == 2),
            )
        return got

    def of_ids(self, ids: set[str], fits: tuple[bool, ...] = (True, False)) -> Bits:
        """The bits of these programmes (with these fits)."""
        return mask((p for (iid, fit), p in self.position.items() if iid in ids and fit in fits), self.words)


@dataclass(frozen=True)
class Ranked:
    """The programmes shown, one per (member row, rank), in row order and then rank order."""

    rows: Ints
    ids: Ints  # the programme, as a bit of Order
    rank: Ints


def offer(facts: Facts, ev: Evaluator, scope: Flags | None) -> Bits:
    """Run the offer rules: each member row's (programme, fit) bits; tells the facts what is recommended."""
    pack = facts.pack
    order = Order.of(pack)
    bits = np.zeros((order.words, len(facts.c.fam)), np.uint64)
    asked = {f.arg for s in ("member", "family") for f in pack.fields("lead", s) if f.kind == "rec_"}
    for rule in pack.stage("intervention"):
        assert isinstance(rule.effect, Offer) and rule.subject == "member", "offers are made to members"
        at = ev.fire(rule, scope)
        iid = rule.effect.intervention
        p = order.position[(iid, own_need(pack, rule))]
        word = bits[p // 64]
        word[at.idx] |= np.uint64(1) << np.uint64(p % 64)
        if iid in asked:  # a lead rule asks whether it is recommended to anyone
            told = facts.recommended.setdefault(iid, np.zeros(facts.c.families, bool))
            told[at.fams] = True
    return bits


def rank(facts: Facts, bits: Bits) -> Ranked:
    """Each member's programmes as the decision lists them: ranked, alternatives once, at most a handful."""
    pack, c = facts.pack, facts.c
    order = Order.of(pack)
    live = np.flatnonzero(any_of(bits, ~np.zeros(order.words, np.uint64)))
    x, fams = bits[:, live], c.fam[live]
    mixed = np.flatnonzero(any_of(x, order.of_ids(set(order.mixed), (True,))))
    y = x[:, mixed]
    for iid in order.mixed:
        # one rule for the member's own need makes the programme fit them, whatever else offered it
        p, q = order.position[(iid, True)], order.position[(iid, False)]
        fits = (y[p // 64] >> np.uint64(p % 64)) & np.uint64(1)
        y[q // 64] &= ~(fits << np.uint64(q % 64))
    x[:, mixed] = y
    whole = {iid for iid, iv in pack.interventions.items() if iv.whole_family}
    some = np.flatnonzero(any_of(x, order.of_ids(whole)))
    y = x[:, some]
    for iid in sorted(whole):
        _once(y, fams[some], order, iid)
    x[:, some] = y
    _for_someone_else(facts, x, live, fams, order.of_ids(set(pack.interventions) - whole))
    groups: dict[str, set[str]] = {}
    for iid, iv in pack.interventions.items():
        if iv.alternatives is not None:
            groups.setdefault(iv.alternatives, set()).add(iid)
    for ids in groups.values():
        keep_lowest(x, order.of_ids(ids))
    assert pack.ranking is not None
    most = pack.ranking.most
    best = np.stack([pop_lowest(x) for _ in range(most)], axis=1).ravel()  # row by row, rank by rank
    shown = np.flatnonzero(best >= 0)
    return Ranked(live[shown // most], best[shown], shown % most + 1)


def _once(x: Bits, fams: Ints, order: Order, iid: str) -> None:
    """A whole-family programme goes to the first member offered it, fitting if it fits anyone."""
    both = order.of_ids({iid})
    rows = np.flatnonzero(any_of(x, both))
    if not len(rows):
        return
    p, q = order.position[(iid, True)], order.position[(iid, False)]
    f = fams[rows]
    first = np.concatenate(([True], f[1:] != f[:-1]))
    fits = np.logical_or.reduceat((x[p // 64, rows] >> np.uint64(p % 64)) & np.uint64(1) == 1, np.flatnonzero(first))
    x[:, rows] &= ~both[:, None]
    to = rows[first]
    x[p // 64, to[fits]] |= np.uint64(1) << np.uint64(p % 64)
    x[q // 64, to[~fits]] |= np.uint64(1) << np.uint64(q % 64)


def _for_someone_else(facts: Facts, x: Bits, live: Ints, fams: Ints, single: Bits) -> None:
    """A child with no need of their own gets no programme offered for someone else's need (whole-family
    ones apart) when a sibling has needs; when none has, each programme goes to the first such child."""
    c = facts.c
    kids = c.child & ~c.young_parent
    siblings = c.any(kids & (c.n_held > 0))  # a child of the family has needs of their own
    needless = kids[live] & (c.n_held[live] == 0)
    x[:, needless & siblings[fams]] &= ~single[:, None]
    rest = np.flatnonzero(needless & ~siblings[fams])
    if len(rest) < 2:
        return
    f = fams[rest]
    starts = np.flatnonzero(np.concatenate(([True], f[1:] != f[:-1])))
    at = np.arange(len(rest)) - np.repeat(starts, np.diff(np.append(starts, len(rest))))  # place among them
    earlier = np.zeros((x.shape[0], len(rest)), np.uint64)
    for back in range(1, int(at.max()) + 1):
        later = np.flatnonzero(at >= back)
        earlier[:, later] |= x[:, rest[later - back]] & single[:, None]
    x[:, rest] &= ~earlier
