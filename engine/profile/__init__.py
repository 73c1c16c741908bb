"""Stage 2, profile: a family profile read against a pack's vocabulary into a Family.

Names are imported on first use, so the later stages can use Family and Person without loading
the profile schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .family import CurrentHelp, Family, Person, age_on
    from .read import family_from, read_profile

__all__ = ["CurrentHelp", "Family", "Person", "age_on", "family_from", "read_profile"]


def __getattr__(name: str) -> Any:
    if name in ("family_from", "read_profile"):
        from . import read

        return getattr(read, name)
    if name in __all__:
        from . import family

        return getattr(family, name)
    raise AttributeError(name)
