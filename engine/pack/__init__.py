"""Stage 3, pack: rule-pack files read, validated against the pack schema, and hashed."""

from .bundled import BUNDLED, bundled_pack_dir, default_pack_dir, resolve_pack
from .load import LoadedPack, load_pack

__all__ = ["BUNDLED", "LoadedPack", "bundled_pack_dir", "default_pack_dir", "load_pack", "resolve_pack"]
