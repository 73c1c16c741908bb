"""Stage 6, evaluate: a backend runs one stage's compiled rules over row facts.

A backend reports every firing as (rule index, position of the fact in the list it was given).
Every backend must report the same firings for the same facts: tests/test_backends_agree.py
compares them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..ir import CompiledPack, Stage
from .facts import FamilyFacts, Owner, RowFact

BACKENDS = ("durable", "reference")


class Backend(Protocol):
    """Evaluates one stage's rules over facts and reports every (rule index, fact position) that fires."""

    name: str

    def fire(self, stage: Stage, facts: Sequence[RowFact]) -> list[tuple[int, int]]: ...


def make_backend(name: str, pack: CompiledPack) -> Backend:
    """The named backend for a compiled pack: 'durable' (durable-rules) or 'reference'."""
    if name == "reference":
        from .reference import ReferenceBackend

        return ReferenceBackend(pack)
    if name == "durable":
        from .durable import DurableBackend

        return DurableBackend(pack)
    raise ValueError(f"unknown backend '{name}'")


__all__ = ["BACKENDS", "Backend", "FamilyFacts", "Owner", "RowFact", "make_backend"]
