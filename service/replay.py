"""`continuum audit replay`: decide a recorded referral again under the pack it was decided with."""

from __future__ import annotations

from typing import Any

import orjson

from engine import api
from engine.api import InputError, Problem

from .packs import stored_pack
from .store import Store
from .store.tables import Referral


def differences(before: Any, after: Any, path: str = "decision") -> list[str]:
    """Where two decisions differ, as paths with both values."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for k in sorted(set(before) | set(after)):
            out += differences(before.get(k), after.get(k), f"{path}.{k}")
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            d for i, (b, a) in enumerate(zip(before, after, strict=True)) for d in differences(b, a, f"{path}[{i}]")
        ]
    if before != after:
        return [f"{path}: recorded {orjson.dumps(before).decode()}, now {orjson.dumps(after).decode()}"]
    return []


def replay(store: Store, referral_id: int) -> list[str]:
    """The differences between the recorded decision and a fresh one under the same pack."""
    with store.read() as s:
        row = s.get(Referral, referral_id)
        if row is None:
            raise InputError([Problem("ID", None, "", f"no referral {referral_id} in the store")])
        profile, recorded, digest = row.profile, orjson.loads(row.decision), row.pack_digest
    pack = stored_pack(store, digest)
    again = api.decision_data(api.decide(api.read_profile(profile, pack, f"referral {referral_id}"), pack))
    return differences(recorded, again)
