"""A what-if on a stored caseload: the impact figures of `continuum impact` for the baseline plus one change."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..impact import Outcome, compare
from ..impact.figures import figures
from ..impact.outcome import Columnar
from ..ir import CompiledPack
from ..pack.files import digest_of, read_files
from ..profile import Family
from .change import changed

KEPT = 8  # packs whose outcomes a caseload keeps (the baseline and the last few changes)


class Caseload:
    """A stored caseload kept across what-ifs: encoded once, and each pack's outcomes decided once."""

    def __init__(self, families: Sequence[Family]) -> None:
        self.families = list(families)
        self._columnar = Columnar()
        self._outcomes: dict[str, list[Outcome]] = {}

    def __call__(self, families: Sequence[Family], pack: CompiledPack) -> list[Outcome]:
        """The outcomes of every family under `pack` (compare's `decide`), from memory after the first time."""
        if families is not self.families:
            return self._columnar(families, pack)
        if pack.digest not in self._outcomes:
            if len(self._outcomes) >= KEPT:
                self._outcomes.pop(next(iter(self._outcomes)))
            self._outcomes[pack.digest] = self._columnar(families, pack)
        return self._outcomes[pack.digest]


def whatif(
    families: Sequence[Family] | Caseload,
    baseline: CompiledPack,
    key: str,
    value: int,
    root: Path,
    suppress: bool = False,
) -> dict[str, Any]:
    """The impact figures of setting threshold `key` of the pack at `root` (the baseline) to `value`.

    The figures are those of `continuum impact --json` (engine.impact.figures), with `change`
    naming the threshold, its old and new value; InputError if the change is refused."""
    root = Path(root).resolve()
    if digest_of(read_files(root)) != baseline.digest:
        message = f"the baseline pack ({baseline.name} {baseline.version}) is not the pack in this folder"
        raise InputError([Problem(str(root), None, "baseline", message)])
    caseload = families if isinstance(families, Caseload) else Caseload(families)
    t, proposed = changed(root, key, value)
    fig = figures(compare(caseload.families, baseline, proposed, decide=caseload), suppress=suppress)
    change = {"key": t.key, "label": t.label, "file": t.file, "line": t.line, "before": t.value, "after": value}
    return {"change": {**change, "safeguarding": t.safeguarding}, **fig}
