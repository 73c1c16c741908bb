"""The pure-Python reference evaluator of the intermediate form."""

from __future__ import annotations

from collections.abc import Sequence

from ..ir import CompiledPack, Stage
from .facts import RowFact


class ReferenceBackend:
    name = "reference"

    def __init__(self, pack: CompiledPack):
        self.pack = pack

    def fire(self, stage: Stage, facts: Sequence[RowFact]) -> list[tuple[int, int]]:
        index = {s: self.pack.index(stage, s) for s in ("member", "family")}
        return [
            (rule.index, at)
            for at, fact in enumerate(facts)
            for rule in index[fact.subject].candidates(fact.values)
            if rule.holds(fact.values)
        ]
