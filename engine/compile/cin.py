"""rules/cin_codes.yaml: Children in Need census codes checked against the census and the vocabulary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..contract import CIN_FACTORS, cin_code_problem
from ..ir import CinCodeInfo, CinGives
from ..pack.models import CinTarget
from ..text import did_you_mean

if TYPE_CHECKING:
    from .compiler import _Compiler

CIN = "rules/cin_codes.yaml"
CARRIES = {  # who may be given an indicator, by the indicator's applies_to
    "child": ("child",),
    "adult": ("parent", "other_adult"),
    "any": ("child", "parent", "other_adult"),
    "family": ("family",),
}


def cin_codes(c: _Compiler) -> dict[str, CinCodeInfo]:
    """Every census code of the pack, checked, in the census's order; problems go to the compiler."""
    entries = c.m[CIN].codes
    c.unique("CIN code", ((e.code, ("codes", i, "code")) for i, e in enumerate(entries)), CIN)
    found: dict[str, CinCodeInfo] = {}
    for i, e in enumerate(entries):
        path = ("codes", i)
        targets = enumerate(e.maps_to or [])
        gives = tuple(CinGives(t.indicator, t.on) for j, t in targets if _given(c, t, (*path, "maps_to", j)))
        cited, unverified = c.cite(e.source, CIN, path)
        why = cin_code_problem(e.code)
        if why is not None:
            c.problem(CIN, (*path, "code"), why)
        else:
            found.setdefault(e.code, CinCodeInfo(e.code, e.label, gives, e.unmapped, e.note, cited, unverified))
    for code, meaning in CIN_FACTORS.items():
        if code not in found:
            c.problem(CIN, ("codes",), f"census code '{code}' ({meaning}) is missing: list it with maps_to or unmapped")
    return {code: found[code] for code in CIN_FACTORS if code in found}


def _given(c: _Compiler, t: CinTarget, path: tuple) -> bool:
    """Whether the indicator is in the vocabulary (in force) and may be held by whom the code gives it to."""
    ind = c.indicators.get(t.indicator)
    if ind is None:
        if t.indicator in c.ever["indicator"]:
            message = f"indicator '{t.indicator}' is not in force"
        else:
            message = f"unknown indicator '{t.indicator}'{did_you_mean(t.indicator, c.indicators)}"
        c.problem(CIN, (*path, "indicator"), message)
        return False
    holders = CARRIES[ind.applies_to]
    if t.on not in holders:
        write = " or ".join(f"on: {h}" for h in holders)
        c.problem(CIN, (*path, "on"), f"'{t.indicator}' applies to {ind.applies_to}, not {t.on}: write {write}")
        return False
    return True
