"""Deciding a chunk of records, in this process or in a worker process.

Each record is read as `continuum triage` reads a file (the same limits, decoding, parsing and
checks, so the same refusals); the chunk's valid families are decided together by
`decide_all`, one backend call per stage. durable-rules is not thread-safe and keeps its
rulesets in its process, so every worker process builds its own backend (`start`).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from ..contract import MAX_PROFILE_BYTES
from ..decide import decide_all
from ..errors import EngineError, InputError, Problem
from ..evaluate import Backend, make_backend
from ..ir import CompiledPack
from ..profile import Family, family_from
from ..text import decode, parse_text, refuse_large
from .read import Record


@dataclass(frozen=True, slots=True)
class Refused:
    """Why a record has no decision: its problems, or (`engine`) the rules engine failed on it."""

    problems: tuple[Problem, ...]
    engine: bool = False


Outcome = bytes | Refused  # a decision on one line, or why there is none


class Decider:
    """A pack and its backend, deciding chunks of records."""

    def __init__(self, pack: CompiledPack, backend: Backend):
        self.pack, self.backend = pack, backend

    def family(self, record: Record) -> Family:
        """The record read as a profile, or InputError with its problems."""
        if record.refused:
            raise InputError(list(record.refused))
        refuse_large(record.raw, record.name, MAX_PROFILE_BYTES)
        return family_from(parse_text(decode(record.raw, record.name), record.name), self.pack)

    def chunk(self, records: list[Record]) -> list[Outcome]:
        """Every record's outcome, in order."""
        outcomes: list[Outcome | None] = [None] * len(records)
        families: list[Family] = []
        slots: list[int] = []
        for i, record in enumerate(records):
            try:
                families.append(self.family(record))
                slots.append(i)
            except InputError as exc:
                outcomes[i] = Refused(on_line(exc.problems, record))
        try:
            decided: list[Outcome] = [d.to_json_line() for d in decide_all(families, self.pack, self.backend)]
        except EngineError:  # one family the engine fails on must not take its chunk with it
            decided = [self._alone(f, records[i]) for f, i in zip(families, slots, strict=True)]
        for i, outcome in zip(slots, decided, strict=True):
            outcomes[i] = outcome
        return [o for o in outcomes if o is not None]

    def _alone(self, family: Family, record: Record) -> Outcome:
        try:
            return decide_all([family], self.pack, self.backend)[0].to_json_line()
        except EngineError as exc:
            message = f"the rules engine failed, no decision was made (please report it): {exc}"
            return Refused((Problem(record.name, record.line, "", message),), engine=True)


def on_line(problems: list[Problem], record: Record) -> tuple[Problem, ...]:
    """A JSON Lines record's problems at its line in the input (each was read as a one-line file)."""
    if record.line is None:
        return tuple(problems)
    return tuple(Problem(p.file, record.line, p.field, p.message) for p in problems)


_decider: Decider | None = None  # this worker process's


def start(pack: CompiledPack, backend: str) -> None:
    """A worker process's start: its own backend for the pack, then the loaded pack frozen out of
    the garbage collector's way (it lives as long as the process)."""
    global _decider
    _decider = Decider(pack, make_backend(backend, pack))
    gc.freeze()


def decide_chunk(records: list[Record]) -> list[Outcome]:
    """A chunk decided by this worker process's Decider (see `start`)."""
    assert _decider is not None, "start() runs first in every worker process"
    return _decider.chunk(records)
