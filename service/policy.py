"""The policy officer's work, apart from HTTP: the packs in force, their checks, and what-ifs on the stored caseload.

Pages and the JSON API both call these. Checking a pack and reading the caseload are slow, so each
is done once per process: check results by pack digest, the caseload by the pack and the referrals
stored (their number and newest id), kept on the app so two apps never share a caseload.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import func, select

from engine import api

from .auth.who import Who
from .store import Store
from .store.audit import append
from .store.tables import AuditEntry, PackRecord, Referral

FEW = 20  # below this many referrals, the page says how few the impact is measured on

_checks: dict[str, dict[str, Any]] = {}
_thresholds: dict[tuple[str, str], list[api.Threshold]] = {}
_lock = threading.Lock()


def checks(ref: api.LoadedPackRef) -> dict[str, Any]:
    """`continuum check` and `continuum test` on the pack in force, run once per process."""
    with _lock:
        if ref.pack.digest not in _checks:
            _checks[ref.pack.digest] = api.check_results(ref.root)
        return _checks[ref.pack.digest]


def thresholds(ref: api.LoadedPackRef) -> list[api.Threshold]:
    """Every threshold a policy officer may change in the pack in force."""
    at = (str(ref.root), ref.pack.digest)
    with _lock:
        if at not in _thresholds:
            _thresholds[at] = api.thresholds(ref.root)
        return _thresholds[at]


def threshold(ref: api.LoadedPackRef, key: str) -> api.Threshold | None:
    """The threshold with this key, or None."""
    return next((t for t in thresholds(ref) if t.key == key), None)


def grouped(ref: api.LoadedPackRef) -> list[tuple[str, list[api.Threshold]]]:
    """The thresholds by the pack file they are written in, in the order the pack lists them."""
    groups: dict[str, list[api.Threshold]] = {}
    for t in thresholds(ref):
        groups.setdefault(t.rel, []).append(t)
    return list(groups.items())


def threshold_data(t: api.Threshold) -> dict[str, Any]:
    """A threshold as the API gives it (the file relative to the pack)."""
    return {
        "key": t.key,
        "file": t.rel,
        "line": t.line,
        "label": t.label,
        "value": t.value,
        "minimum": t.minimum,
        "maximum": t.maximum,
        "rule": t.rule,
        "safeguarding": t.safeguarding,
        "source": [{"doc": c.doc, "cite": c.cite, "section": c.section} for c in t.source],
    }


def packs(store: Store, ref: api.LoadedPackRef) -> dict[str, Any]:
    """The pack in force (with its dates) and every pack the store has recorded, with when each was in force."""
    about = api.describe(ref.root)
    with store.read() as s:
        recorded = list(s.scalars(select(PackRecord).order_by(PackRecord.first_used_at)))
        changes = list(
            s.execute(
                select(AuditEntry.at, AuditEntry.pack_digest)
                .where(AuditEntry.action == "pack_in_force")
                .order_by(AuditEntry.seq)
            )
        )
    periods: dict[str, list[dict[str, str | None]]] = {}
    for i, (at, digest) in enumerate(changes):
        if digest is None:
            continue
        until = changes[i + 1][0] if i + 1 < len(changes) else None
        periods.setdefault(digest, []).append({"from": at, "until": until})
    in_force = {
        "name": about["name"],
        "version": about["version"],
        "title": about.get("title"),
        "digest": about["digest"],
        "effective_from": about.get("effective_from"),
        "in_force_since": periods.get(ref.pack.digest, [{"from": None}])[-1]["from"],
        "levels": about.get("levels", []),
        "programmes": len(about.get("programmes", [])),
        "cases": about.get("cases"),
    }
    others = [
        {
            "name": r.name,
            "version": r.version,
            "digest": r.digest,
            "first_used_at": r.first_used_at,
            "in_force": periods.get(r.digest, []),
            "current": r.digest == ref.pack.digest,
        }
        for r in recorded
    ]
    return {"in_force": in_force, "recorded": others}


@dataclass
class Kept:
    """The stored caseload as the what-if reads it: the families, how many would not read, and their store numbers."""

    key: tuple[str, int, int]
    caseload: api.WhatIfCaseload
    referrals: int
    unreadable: int
    numbers: dict[str, list[int]] = field(default_factory=dict)  # a profile's referral id -> store numbers


class Desk:
    """One app's what-if state: the caseload kept between what-ifs (one at a time: a caseload is not thread-safe)."""

    def __init__(self, store: Store, ref: api.LoadedPackRef) -> None:
        self.store, self.ref = store, ref
        self.kept: Kept | None = None
        self.lock = threading.Lock()

    def caseload(self) -> Kept:
        """Every stored referral's profile read under the pack in force, again only when referrals were added."""
        with self.store.read() as s:
            count, newest = s.execute(select(func.count(Referral.id), func.max(Referral.id))).one()
        key = (self.ref.pack.digest, count, newest or 0)
        if self.kept is not None and self.kept.key == key:
            return self.kept
        with self.store.read() as s:
            rows = list(s.execute(select(Referral.id, Referral.profile).order_by(Referral.id)))
        families: list[api.Family] = []
        numbers: dict[str, list[int]] = {}
        unreadable = 0
        for number, profile in rows:
            try:
                family = api.read_profile(profile, self.ref.pack, f"referral {number}")
            except api.InputError:
                unreadable += 1  # written under an older pack whose vocabulary this one no longer has
                continue
            families.append(family)
            numbers.setdefault(family.referral_id, []).append(number)
        self.kept = Kept(key, api.WhatIfCaseload(families), len(rows), unreadable, numbers)
        return self.kept

    def what_if(self, who: Who, key: str, value: int) -> dict[str, Any]:
        """The impact on the stored caseload of setting one threshold to `value`, audited; InputError if refused."""
        with self.lock:
            kept = self.caseload()
            try:
                fig = api.whatif(kept.caseload, self.ref.pack, key, value, self.ref.root)
            except api.InputError as exc:
                self._audit(who, key, value, {"refused": [plain(self.ref, p.message) for p in exc.problems][:20]})
                raise
        read = len(kept.caseload.families)
        fig["caseload"] = {"referrals": kept.referrals, "read": read, "unreadable": kept.unreadable}
        for s in fig["escalations"]["lost_families"] + fig["samples"]:
            s["numbers"] = kept.numbers.get(s["referral_id"], [])
        summary = {"families": fig["families"], "moved": fig["moved"], "escalations_lost": fig["escalations"]["lost"]}
        self._audit(who, key, value, summary)
        return fig

    def _audit(self, who: Who, key: str, value: int, outputs: dict[str, Any]) -> None:
        with self.store.write() as s:
            append(s, who.name, "what_if", key[:100], {"key": key, "value": value}, outputs, self.ref.pack.digest)


def desk(app: Any) -> Desk:
    """The app's what-if desk, made on first use."""
    d: Desk | None = getattr(app.state, "policy_desk", None)
    if d is None:
        with _lock:
            d = getattr(app.state, "policy_desk", None)
            if d is None:
                d = app.state.policy_desk = Desk(app.state.store, app.state.pack)
    return d


def plain(ref: api.LoadedPackRef, message: str) -> str:
    """A checker's message without the server's folder names (a pack file is named as the pack names it)."""
    return message.replace(f"{ref.root}/", "").replace(str(ref.root), "the pack")


def as_json(fig: dict[str, Any]) -> dict[str, Any]:
    """The figures as plain JSON data."""
    data: dict[str, Any] = orjson.loads(orjson.dumps(fig))
    return data
