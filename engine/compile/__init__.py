"""Stage 5, compile: pack models -> the intermediate form, and the checks `continuum check` runs."""

from .compiler import Describer, compile_or_refuse, compile_pack
from .dates import by_period

__all__ = ["Describer", "by_period", "compile_or_refuse", "compile_pack"]
