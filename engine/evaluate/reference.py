"""The pure-Python reference evaluator of the intermediate form (rules as generated predicates)."""

from __future__ import annotations

from collections.abc import Sequence

from ..ir import CompiledPack, Stage
from .compiled import compiled
from .facts import RowFact


class ReferenceBackend:
    """Evaluates stages in pure Python with the rules' generated predicates."""

    name = "reference"

    def __init__(self, pack: CompiledPack):
        self.pack = pack

    def fire(self, stage: Stage, facts: Sequence[RowFact]) -> list[tuple[int, int]]:
        stages = {s: compiled(self.pack, stage, s) for s in ("member", "family")}
        return [(index, at) for at, fact in enumerate(facts) for index in stages[fact.subject].fired(fact.values)]
