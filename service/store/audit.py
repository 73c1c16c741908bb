"""The audit trail: every entry holds the hash of the one before, so an edit, a swap or a deletion shows.

An entry's hash covers its number, time, actor, action, subject, pack digest, inputs, outputs and
the previous entry's hash. `audit_head` holds the newest entry, written in the same transaction,
so deleting the newest entries shows too. Appends take the head row's lock: one at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from .db import now
from .tables import AuditEntry, AuditHead

GENESIS = "0" * 64


def as_text(value: Any) -> str:
    """Data as the audit trail keeps it: JSON with sorted keys."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def entry_hash(
    seq: int, at: str, actor: str, action: str, subject: str, digest: str | None, inputs: str, outputs: str, prev: str
) -> str:
    """The hash that links an entry to the chain."""
    fields = [seq, at, actor, action, subject, digest, inputs, outputs, prev]
    return hashlib.sha256(orjson.dumps(fields)).hexdigest()


def append(
    s: Session, actor: str, action: str, subject: str, inputs: Any, outputs: Any, pack_digest: str | None = None
) -> AuditEntry:
    """Add an entry at the end of the chain, in the caller's transaction."""
    # plain SQL statements rather than the ORM's unit of work: this runs on every request
    head = s.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        raise RuntimeError("the audit trail has no head row: run the migrations")
    seq, at = head.seq + 1, now()
    ins, outs = as_text(inputs), as_text(outputs)
    h = entry_hash(seq, at, actor, action, subject, pack_digest, ins, outs, head.hash)
    values = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "pack_digest": pack_digest,
        "inputs": ins,
        "outputs": outs,
        "prev_hash": head.hash,
        "hash": h,
    }
    s.execute(insert(AuditEntry.__table__).values(values))
    s.execute(update(AuditHead.__table__).where(AuditHead.__table__.c.id == 1).values(seq=seq, hash=h))
    return AuditEntry(**values)


@dataclass(frozen=True)
class Verified:
    """What checking the chain found: how many entries, and each break in it."""

    entries: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(s: Session) -> Iterator[AuditEntry]:
    yield from s.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000))


def verify(s: Session, limit: int = 20) -> Verified:
    """Walk the chain from the first entry: every number in turn, every link and every hash recomputed."""
    problems: list[str] = []
    expected, prev, count = 1, GENESIS, 0
    for row in _rows(s):
        count += 1
        if row.seq != expected:
            problems.append(f"entry {row.seq}: expected entry {expected} here: entries are missing")
        if row.prev_hash != prev:
            problems.append(f"entry {row.seq}: does not follow the entry before it (deleted, inserted or reordered)")
        again = entry_hash(
            row.seq, row.at, row.actor, row.action, row.subject, row.pack_digest, row.inputs, row.outputs, row.prev_hash
        )
        if again != row.hash:
            problems.append(f"entry {row.seq}: its contents were changed after it was written")
        expected, prev = row.seq + 1, row.hash
        if len(problems) >= limit:
            break
    head = s.get(AuditHead, 1)
    if len(problems) < limit and head is not None and (head.seq, head.hash) != (expected - 1, prev):
        problems.append(
            f"the newest entry should be {head.seq}, but the chain ends at {expected - 1}: "
            "entries were deleted from the end"
        )
    return Verified(count, problems)
