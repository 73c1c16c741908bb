"""Stage 3, pack: rule-pack files read, validated against the pack schema, and hashed.

Names are imported on first use, so reading a pack's bytes for its digest (engine/pack/files.py)
does not load the pack schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bundled import BUNDLED, bundled_pack_dir, default_pack_dir, resolve_pack
    from .load import LoadedPack, load_pack

__all__ = ["BUNDLED", "LoadedPack", "bundled_pack_dir", "default_pack_dir", "load_pack", "resolve_pack"]


def __getattr__(name: str) -> Any:
    if name in ("LoadedPack", "load_pack"):
        from . import load

        return getattr(load, name)
    if name in __all__:
        from . import bundled

        return getattr(bundled, name)
    raise AttributeError(name)
