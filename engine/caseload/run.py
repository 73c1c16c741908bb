"""Decide a whole caseload: records in chunks, here or in worker processes, decisions written in
input order, every refusal to standard error and the errors file, nothing dropped."""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

import orjson

from ..errors import Problem, printable
from ..evaluate import make_backend
from ..ir import CompiledPack
from .progress import Progress
from .read import Reader, Record
from .work import Decider, Outcome, Refused, decide_chunk, start

CHUNK = 250  # records decided together: one backend call per stage per chunk
AHEAD = 4  # chunks queued per worker process: enough to keep it busy, few enough to bound memory

Results = Iterator[tuple[list[Record], list[Outcome]]]


@dataclass
class Totals:
    """What a batch did: decided + refused == read, always."""

    read: int = 0
    decided: int = 0
    refused: int = 0
    engine_failed: int = 0  # of the refused: the rules engine failed on them
    blank: int = 0  # blank lines passed over (not records)

    def __str__(self) -> str:
        text = f"{self.read} read, {self.decided} decided, {self.refused} refused"
        if self.engine_failed:
            text += f" ({self.engine_failed} because the rules engine failed)"
        return text + (f"; {self.blank} blank lines passed over" if self.blank else "")


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _here(chunks: Iterator[list[Record]], pack: CompiledPack, backend: str) -> Results:
    decider = Decider(pack, make_backend(backend, pack))
    gc.freeze()  # the pack and backend live as long as the batch: keep the collector off them
    try:
        for chunk in chunks:
            yield chunk, decider.chunk(chunk)
    finally:
        gc.unfreeze()


def _in_processes(chunks: Iterator[list[Record]], pack: CompiledPack, backend: str, jobs: int) -> Results:
    """Chunks decided by `jobs` worker processes, results in input order, a few chunks ahead."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["engine.caseload.work"])  # imported once, before the workers fork
    pending: deque[tuple[list[Record], Future[list[Outcome]]]] = deque()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=start, initargs=(pack, backend)) as pool:
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(decide_chunk, chunk)))
                if len(pending) >= jobs * AHEAD:
                    records, future = pending.popleft()
                    yield records, future.result()
            while pending:
                records, future = pending.popleft()
                yield records, future.result()
        finally:
            pool.shutdown(cancel_futures=True)


def _error_line(number: int, p: Problem) -> bytes:
    """A line of the errors file: the record's number in the input, and the problem."""
    return orjson.dumps(
        {"record": number, "file": p.file, "line": p.line, "field": p.field, "reason": printable(p.message)},
        option=orjson.OPT_APPEND_NEWLINE,
    )


def run_batch(
    reader: Reader,
    pack: CompiledPack,
    out: BinaryIO,
    errors: BinaryIO | None,
    progress: Progress,
    jobs: int = 1,
    backend: str = "durable",
) -> Totals:
    """Decide every record `reader` gives; decisions to `out`, refusals to `progress` and `errors`."""
    chunks = _chunks(reader)
    results = _here(chunks, pack, backend) if jobs == 1 else _in_processes(chunks, pack, backend, jobs)
    totals = Totals()
    for records, outcomes in results:
        decided: list[bytes] = []
        for outcome in outcomes:
            totals.read += 1
            if isinstance(outcome, Refused):
                totals.refused += 1
                totals.engine_failed += outcome.engine
                for p in outcome.problems:
                    progress.line(str(p))
                    if errors is not None:
                        errors.write(_error_line(totals.read, p))
            else:
                decided.append(outcome)
        totals.decided += len(decided)
        out.write(b"".join(decided))
        progress.advance(len(decided), len(records) - len(decided), records[-1].end)
    totals.blank = reader.blank
    return totals
