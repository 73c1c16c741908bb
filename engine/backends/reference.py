"""The pure-Python reference evaluator of the intermediate form."""

from __future__ import annotations

from ..ir import STAGES, CompiledPack, Stage


class ReferenceBackend:
    name = "reference"

    def __init__(self, pack: CompiledPack):
        self.rules = {stage: pack.stage(stage) for stage in STAGES}

    def fire(self, stage: Stage, facts: list[dict]) -> list[tuple[int, int]]:
        return [(rule.index, fact["fid"]) for fact in facts for rule in self.rules[stage] if rule.holds(fact)]
