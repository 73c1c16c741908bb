"""The pack in force: loaded once per process, its files kept in the store for replay."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select

from engine import api

from .store import Store
from .store.audit import append
from .store.db import now
from .store.tables import AuditEntry, PackRecord


def keep(s: Any, ref: api.LoadedPackRef) -> None:
    """Store the pack's files under its digest, once."""
    if s.get(PackRecord, ref.pack.digest) is None:
        snap = api.snapshot(ref.root)
        s.add(
            PackRecord(
                digest=ref.pack.digest,
                name=ref.pack.name,
                version=ref.pack.version,
                snapshot=orjson.dumps(snap).decode(),
                first_used_at=now(),
            )
        )


def bring_into_force(store: Store, ref: api.LoadedPackRef, actor: str = "service") -> None:
    """Record the pack as in force; a different pack from the last one is a pack change in the audit trail."""
    with store.write() as s:
        keep(s, ref)
        last = s.scalar(
            select(AuditEntry.pack_digest).where(AuditEntry.action == "pack_in_force").order_by(AuditEntry.seq.desc())
        )
        if last != ref.pack.digest:
            about = {"name": ref.pack.name, "version": ref.pack.version, "digest": ref.pack.digest}
            append(s, actor, "pack_in_force", ref.pack.name, {"previous": last}, about, ref.pack.digest)


def stored_pack(store: Store, digest: str) -> api.CompiledPack:
    """The pack with this digest, compiled again from the files the store kept."""
    with store.read() as s:
        row = s.get(PackRecord, digest)
        if row is None:
            raise LookupError(f"no pack {digest} in the store")
        snap = orjson.loads(row.snapshot)
    return api.pack_from_snapshot(snap)
