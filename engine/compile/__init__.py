"""Stage 5, compile: pack models -> the intermediate form, and the checks `continuum check` runs."""

from .compiler import compile_or_refuse, compile_pack

__all__ = ["compile_or_refuse", "compile_pack"]
