"""The baseline backend: it evaluates nothing and reports no firings.

Running decide()/decide_all() with it costs what the engine does around a backend: building
the facts for each stage and explaining the (empty) result. Every family comes out at level 1,
so the lead stage is skipped and no reasons are written; near misses are still looked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.evaluate import RowFact
from engine.ir import Stage


class NoopBackend:
    name = "noop"

    def fire(self, stage: Stage, facts: Sequence[RowFact]) -> list[tuple[int, int]]:
        return []
