"""The pure-Python reference evaluator of the intermediate form (rules as generated predicates)."""

from __future__ import annotations

from collections.abc import Sequence

from ..ir import STAGES, CompiledPack, Stage
from .compiled import compiled
from .facts import RowFact


class ReferenceBackend:
    """Evaluates stages in pure Python with the rules' generated predicates."""

    name = "reference"

    def __init__(self, pack: CompiledPack):
        self.pack = pack
        self.stages = {s: {k: compiled(pack, s, k).fired for k in ("member", "family")} for s in STAGES}

    def fire(self, stage: Stage, facts: Sequence[RowFact]) -> list[tuple[int, int]]:
        fired = self.stages[stage]
        return [(index, at) for at, fact in enumerate(facts) for index in fired[fact.subject](fact.values)]
