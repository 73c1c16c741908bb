"""Reading the audit trail: pages of entries newest first, one entry, entries after a number, and the check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import func, select

from .store import Store
from .store.audit import Verified, verify
from .store.tables import AuditEntry

PER_PAGE = 50
# each action in plain words, as the audit trail page shows it
ACTIONS = {
    "triage": "Profile triaged (not kept)",
    "referral": "Referral decided",
    "review": "Review decided",
    "panel_decision": "Panel decision",
    "pack_in_force": "Rule pack brought into force",
    "login_failed": "Sign-in failed",
    "user_added": "User added",
    "user_removed": "User removed",
}


def action_words(action: str) -> str:
    """An audit action in plain words."""
    return ACTIONS.get(action, action.replace("_", " ").capitalize())


def as_data(row: AuditEntry) -> dict[str, Any]:
    """An entry as the API gives it: inputs and outputs as data, not text."""
    return {
        "seq": row.seq,
        "at": row.at,
        "actor": row.actor,
        "action": row.action,
        "subject": row.subject,
        "pack_digest": row.pack_digest,
        "inputs": orjson.loads(row.inputs),
        "outputs": orjson.loads(row.outputs),
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


@dataclass(frozen=True)
class Page:
    """One page of the trail, newest first."""

    entries: list[AuditEntry]
    number: int
    pages: int
    total: int


def page(store: Store, number: int = 1, per_page: int = PER_PAGE) -> Page:
    """The entries of page `number` (1 is the newest), clamped to the pages there are."""
    with store.read() as s:
        total = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        pages = max(1, -(-total // per_page))
        number = min(max(1, number), pages)
        q = select(AuditEntry).order_by(AuditEntry.seq.desc()).offset((number - 1) * per_page).limit(per_page)
        return Page(list(s.scalars(q)), number, pages, total)


def entry(store: Store, seq: int) -> AuditEntry | None:
    """One entry by its number."""
    with store.read() as s:
        return s.get(AuditEntry, seq)


def after(store: Store, after_seq: int, limit: int) -> list[AuditEntry]:
    """Up to `limit` entries after `after_seq`, oldest first (to follow the trail as it grows)."""
    with store.read() as s:
        q = select(AuditEntry).where(AuditEntry.seq > after_seq).order_by(AuditEntry.seq).limit(limit)
        return list(s.scalars(q))


def check(store: Store) -> Verified:
    """Walk the whole chain (service.store.audit.verify)."""
    with store.read() as s:
        return verify(s)
