"""Packs that passed every check, kept by digest (and engine build) so the next command starts fast.

The entry is the compiled pack itself. It is written atomically and read only when both the
pack's digest and the engine's own source digest match, so an edit to either checks again.
A cache that cannot be written is skipped silently: it only saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache as memo
from pathlib import Path

from ..ir import CompiledPack

ENGINE = Path(__file__).resolve().parent.parent


@memo
def engine_digest() -> str:
    """A digest of the engine's own source: a checked pack is kept per engine build."""
    h = hashlib.sha256()
    for path in sorted(ENGINE.rglob("*.py")):
        h.update(path.relative_to(ENGINE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _dir() -> Path:
    base = os.environ.get("CONTINUUM_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "continuum" / "checked"


def _path(digest: str) -> Path:
    return _dir() / f"{digest.removeprefix('sha256:')}-{engine_digest()}.pickle"


def get(digest: str) -> CompiledPack | None:
    """The checked pack with this digest, if one was kept."""
    try:
        with open(_path(digest), "rb") as f:
            pack = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return pack if isinstance(pack, CompiledPack) and pack.digest == digest else None


def put(pack: CompiledPack) -> None:
    """Keep a pack that passed every check."""
    target = _path(pack.digest)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as f:
            pickle.dump(pack, f)  # CompiledPack pickles without its caches (see __getstate__)
        os.replace(f.name, target)
    except OSError:
        pass
