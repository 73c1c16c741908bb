"""Stage 3, pack: rule-pack files read, validated against the pack schema, and hashed."""

from .load import LoadedPack, default_pack_dir, load_pack

__all__ = ["LoadedPack", "default_pack_dir", "load_pack"]
