"""Read a family profile and check it against the pack's vocabulary: a Family, or refusals."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..contract import ADULT_AGE, OLDEST, PARENT_ROLES, YOUNGEST_PARENT
from ..errors import InputError, Problem
from ..ir import CompiledPack
from ..ir.dates import words
from ..text import Document, decode, did_you_mean, load_file, parse_text, validate
from .family import Family, Person, age_on
from .models import Profile

_WHO = {"child": "a child", "adult": "an adult", "any": "any member", "family": "the family as a whole"}


class _Checker:
    def __init__(self, doc: Document, pack: CompiledPack, on: dt.date):
        self.doc, self.dated, self.on = doc, pack, on
        self.pack = pack.at(on)  # the vocabulary in force on the referral date
        self.problems: list[Problem] = []

    def fail(self, path: tuple, field: str, message: str) -> None:
        self.problems.append(Problem(self.doc.name, self.doc.line_of(path), field, message))

    def indicators(self, codes: list[str], path: tuple, field: str, holders: tuple[str, ...]) -> frozenset[str]:
        seen: set[str] = set()
        for i, code in enumerate(codes):
            info = self.pack.indicators.get(code)
            if info is None:
                self.fail((*path, i), field, self.unknown(code))
            elif code in seen:
                self.fail((*path, i), field, f"'{code}' is listed twice")
            elif not any(_may_hold(info.applies_to, h) for h in holders):
                whom = " or ".join(_WHO[h] for h in holders)
                self.fail((*path, i), field, f"'{code}' applies to {_WHO[info.applies_to]}, not to {whom}")
            seen.add(code)
        return frozenset(seen)

    def unknown(self, code: str) -> str:
        periods = self.dated.indicator_periods(code)
        if periods:
            return f"indicator '{code}' is not in force on the referral date {self.on}: it is in force {words(periods)}"
        return f"unknown indicator '{code}'{did_you_mean(code, self.pack.indicators)}"


def _may_hold(applies_to: str, holder: str) -> bool:
    return applies_to == holder or (applies_to == "any" and holder in ("child", "adult"))


def family_from(doc: Document, pack: CompiledPack) -> Family:
    """Check a parsed profile against the pack's vocabulary; every problem is reported at once."""
    profile = validate(doc, Profile)
    on = profile.referral.date
    check = _Checker(doc, pack, on)
    people: list[Person] = []
    ids: dict[str, int] = {}
    for i, m in enumerate(profile.members):
        where = f"members[{i}]"
        if m.id in ids:
            check.fail(("members", i, "id"), f"{where}.id", f"duplicate member id '{m.id}' (also members[{ids[m.id]}])")
        ids.setdefault(m.id, i)
        if m.date_of_birth is not None:
            if m.date_of_birth > on:
                check.fail(
                    ("members", i, "date_of_birth"),
                    f"{where}.date_of_birth",
                    f"{m.date_of_birth} is after the referral date {on}",
                )
                continue
            age = age_on(m.date_of_birth, on)
            if age > OLDEST:
                check.fail(
                    ("members", i, "date_of_birth"),
                    f"{where}.date_of_birth",
                    f"gives an age of {age}; expected {OLDEST} or under",
                )
                continue
            age_path = ("members", i, "date_of_birth")
        else:
            assert m.age is not None
            age, age_path = m.age, ("members", i, "age")
        is_parent = m.role in PARENT_ROLES
        if is_parent and age < YOUNGEST_PARENT:
            check.fail(
                age_path,
                f"{where}.{age_path[-1]}",
                f"a {m.role} aged {age} is not possible; check the age (a parent must be {YOUNGEST_PARENT} or over)",
            )
            continue
        is_child = age < ADULT_AGE
        for key in ("first_pregnancy", "gestation_weeks"):
            if getattr(m, key) is not None and not m.pregnant:
                check.fail(("members", i, key), f"{where}.{key}", "only for a member with pregnant: true")
        young_parent = is_child and (is_parent or bool(m.pregnant))
        holders = ("child", "adult") if young_parent else (("child",) if is_child else ("adult",))
        codes = check.indicators(m.indicators, ("members", i, "indicators"), f"{where}.indicators", holders)
        people.append(
            Person(m.id, age, is_child, bool(m.pregnant), bool(m.first_pregnancy), m.gestation_weeks, codes, is_parent)
        )
    fam = profile.family
    family_codes = check.indicators(fam.indicators, ("family", "indicators"), "family.indicators", ("family",))
    if people and not any(p.is_child or p.pregnant for p in people) and not check.problems:
        check.fail(("members",), "members", "the family has neither a child (under 18) nor a pregnant member")
    if check.problems:
        raise InputError(check.problems)
    return Family(
        profile.referral.id,
        on,
        profile.referral.consent,
        tuple(people),
        family_codes,
        fam.domestic_abuse_risk,
        tuple(fam.involved),
        fam.preferred_lead,
    )


def read_profile(source: str, pack: CompiledPack) -> Family:
    """Read a profile file, or standard input for '-'."""
    if source == "-":
        doc = parse_text(decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
    else:
        doc = load_file(Path(source), source)
    return family_from(doc, pack)
