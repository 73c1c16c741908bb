"""Stage 2, profile: a family profile read against a pack's vocabulary into a Family."""

from .family import Family, Person, age_on
from .read import family_from, read_profile

__all__ = ["Family", "Person", "age_on", "family_from", "read_profile"]
