"""The pure-Python reference evaluator of the intermediate form."""

from __future__ import annotations

from ..ir import CompiledPack, Stage


class ReferenceBackend:
    name = "reference"

    def __init__(self, pack: CompiledPack):
        self.pack = pack

    def fire(self, stage: Stage, facts: list[dict]) -> list[tuple[int, int]]:
        return [
            (rule.index, fact["fid"])
            for fact in facts
            for rule in self.pack.candidates(stage, fact)
            if rule.holds(fact)
        ]
