"""A caseload to compare packs on: any input `continuum batch` reads (JSON Lines, a folder, a CSV)."""

from __future__ import annotations

from collections.abc import Sequence

from ..caseload.read import open_input
from ..caseload.work import Decider, on_line
from ..errors import InputError, Problem
from ..evaluate import make_backend
from ..ir import CompiledPack
from ..profile import Family


def _vocabulary(pack: CompiledPack) -> tuple:
    return tuple(
        (view.period.key, tuple(sorted((c, i.applies_to) for c, i in view.indicators.items()))) for view in pack.views
    )


def read_caseload(source: str, packs: Sequence[CompiledPack]) -> tuple[list[Family], list[Problem]]:
    """The families of a caseload that every pack can read, and the problems of each record it cannot.

    A record is read against each pack's vocabulary in force on its referral date: a family that
    one pack cannot read is left out of the comparison and reported, never dropped silently."""
    # a family read against one vocabulary is the same family under a pack with the same vocabulary
    # (every code, who may hold it, on every day): read it once per different vocabulary
    distinct = {_vocabulary(pack): pack for pack in packs}
    readers = [Decider(pack, make_backend("reference", pack)) for pack in distinct.values()]
    reader = open_input(source, packs[0])
    families: list[Family] = []
    problems: list[Problem] = []
    try:
        for record in reader:
            try:
                read = [r.family(record) for r in readers]
            except InputError as exc:
                problems += on_line(exc.problems, record)
                continue
            families.append(read[0])
    finally:
        reader.close()
    return families, problems
