"""Codes in plain words, as every page shows them."""

from __future__ import annotations

ACRONYMS = {"gp": "GP", "camhs": "CAMHS", "senco": "SENCO"}


def role_words(role: str | None, none: str = "None") -> str:
    """A role's code in words ('camhs_practitioner' is 'CAMHS practitioner'); `none` for no role."""
    if role is None:
        return none
    text = " ".join(ACRONYMS.get(w, w) for w in role.split("_"))
    return text[:1].upper() + text[1:]
