"""Backends evaluate one stage's compiled rules over facts and report every firing.

A firing is (rule index, fact id). Both backends must report the same firings.
"""

from __future__ import annotations

from typing import Protocol

from ..ir import CompiledPack, Stage


class Backend(Protocol):
    name: str

    def fire(self, stage: Stage, facts: list[dict]) -> list[tuple[int, int]]: ...


def make_backend(name: str, pack: CompiledPack) -> Backend:
    if name == "reference":
        from .reference import ReferenceBackend

        return ReferenceBackend(pack)
    if name == "durable":
        from .durable import DurableBackend

        return DurableBackend(pack)
    raise ValueError(f"unknown backend '{name}'")
