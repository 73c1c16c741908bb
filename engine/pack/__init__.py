"""Stage 3, pack: rule-pack files read, validated against the pack schema, and hashed.

Names are imported on first use, so reading a pack's bytes for its digest (engine/pack/files.py)
does not load the pack schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .files import default_pack_dir
    from .load import LoadedPack, load_pack

__all__ = ["LoadedPack", "default_pack_dir", "load_pack"]


def __getattr__(name: str) -> Any:
    if name == "default_pack_dir":
        from .files import default_pack_dir

        return default_pack_dir
    if name in __all__:
        from . import load

        return getattr(load, name)
    raise AttributeError(name)
