"""Read a family profile and check it against the pack's vocabulary: a Family, or refusals."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem
from .ir import CompiledPack
from .schema import Profile
from .validation import did_you_mean, validate
from .yamlsource import Document, decode, load_file, parse_text


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years on `on`; a 29 February birthday falls on 28 February in other years."""
    month, day = born.month, born.day
    if (month, day) == (2, 29) and not _leap(on.year):
        day = 28
    return on.year - born.year - ((on.month, on.day) < (month, day))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class Person:
    id: str
    age: int
    is_child: bool
    pregnant: bool
    first_pregnancy: bool
    gestation_weeks: int | None
    indicators: frozenset[str]


@dataclass(frozen=True)
class Family:
    referral_id: str
    as_of: dt.date
    consent: bool | None
    members: tuple[Person, ...]
    indicators: frozenset[str]
    domestic_abuse_risk: int | None
    involved: tuple[str, ...]
    preferred_lead: str | None

    @property
    def children(self) -> tuple[Person, ...]:
        return tuple(m for m in self.members if m.is_child)

    @property
    def adults(self) -> tuple[Person, ...]:
        return tuple(m for m in self.members if not m.is_child)


class _Checker:
    def __init__(self, doc: Document, pack: CompiledPack):
        self.doc, self.pack = doc, pack
        self.problems: list[Problem] = []

    def fail(self, path: tuple, field: str, message: str) -> None:
        self.problems.append(Problem(self.doc.name, self.doc.line_of(path), field, message))

    def indicators(self, codes: list[str], path: tuple, field: str, holder: str) -> frozenset[str]:
        seen: set[str] = set()
        for i, code in enumerate(codes):
            info = self.pack.indicators.get(code)
            if info is None:
                self.fail((*path, i), field, f"unknown indicator '{code}'{did_you_mean(code, self.pack.indicators)}")
            elif code in seen:
                self.fail((*path, i), field, f"'{code}' is listed twice")
            elif not _may_hold(info.applies_to, holder):
                self.fail((*path, i), field, f"'{code}' applies to {_WHO[info.applies_to]}, not to {_WHO[holder]}")
            seen.add(code)
        return frozenset(seen)


_WHO = {"child": "a child", "adult": "an adult", "any": "any member", "family": "the family as a whole"}


def _may_hold(applies_to: str, holder: str) -> bool:
    return applies_to == holder or (applies_to == "any" and holder in ("child", "adult"))


def family_from(doc: Document, pack: CompiledPack) -> Family:
    profile = validate(doc, Profile)
    check = _Checker(doc, pack)
    on = profile.referral.date
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
            if age > 120:
                check.fail(
                    ("members", i, "date_of_birth"),
                    f"{where}.date_of_birth",
                    f"gives an age of {age}; expected 120 or under",
                )
                continue
        else:
            assert m.age is not None
            age = m.age
        is_child = m.role == "child" and age < 18
        pregnancy = {"pregnant": m.pregnant, "first_pregnancy": m.first_pregnancy, "gestation_weeks": m.gestation_weeks}
        for key, value in pregnancy.items():
            if value is None:
                continue
            if is_child:
                check.fail(
                    ("members", i, key),
                    f"{where}.{key}",
                    "pregnancy is recorded on adults (parent, carer, other_adult); record a pregnant young "
                    "person as a parent",
                )
            elif key != "pregnant" and not m.pregnant:
                check.fail(("members", i, key), f"{where}.{key}", "only for a member with pregnant: true")
        codes = check.indicators(
            m.indicators, ("members", i, "indicators"), f"{where}.indicators", "child" if is_child else "adult"
        )
        people.append(Person(m.id, age, is_child, bool(m.pregnant), bool(m.first_pregnancy), m.gestation_weeks, codes))
    fam = profile.family
    family_codes = check.indicators(fam.indicators, ("family", "indicators"), "family.indicators", "family")
    if people and not any(p.is_child or p.pregnant for p in people) and not check.problems:
        check.fail(("members",), "members", "the family has neither a child (under 18) nor a pregnant adult")
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
