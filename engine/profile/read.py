"""Read a family profile and check it against the pack's vocabulary: a Family, or refusals."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..contract import (
    ADULT_AGE,
    MAX_INDICATORS,
    MAX_MEMBERS,
    MAX_PROBLEMS,
    MAX_PROFILE_BYTES,
    MAX_TEXT,
    OLDEST,
    PARENT_ROLES,
    YOUNGEST_PARENT,
)
from ..errors import InputError, Problem
from ..ir import CompiledPack
from ..ir.dates import words
from ..text import Document, decode, did_you_mean, load_file, parse_text, problems_of, quote, refuse_large
from .family import CurrentHelp, Family, Person, age_on
from .models import Current, FamilyPart, Member, Profile, Referral

_WHO = {"child": "a child", "adult": "an adult", "any": "any member", "family": "the family as a whole"}
B = TypeVar("B", bound=BaseModel)


class _Checker:
    """The checks that need the pack's vocabulary or several fields at once; it collects every problem.

    The vocabulary is the one in force on the referral date (`on`; None when it could not be read).
    """

    def __init__(self, doc: Document, pack: CompiledPack, on: dt.date | None):
        self.doc, self.dated, self.on = doc, pack, on
        self.pack = pack.at(on) if on is not None else pack
        self.problems: list[Problem] = []
        self.suggested: dict[str, str] = {}

    def fail(self, path: tuple, field: str, message: str) -> None:
        self.problems.append(Problem(self.doc.name, self.doc.line_of(path), field, message))

    def suggestion(self, code: str) -> str:
        if code not in self.suggested and len(self.suggested) < MAX_PROBLEMS:
            self.suggested[code] = did_you_mean(code, self.pack.indicators)
        return self.suggested.get(code, "")

    def indicators(self, codes: list[Any], path: tuple, field: str, holders: tuple[str, ...]) -> frozenset[str]:
        """The codes, each known to the pack, listed once, and carried by whom it applies to.

        `holders` is empty when the member could not be read: then only the codes are checked.
        """
        if holders:
            allowed = _allowed(self.pack, holders)
            quick = frozenset(codes)
            if len(quick) == len(codes) and quick <= allowed:  # the usual case: all known, once, applicable
                return quick
        seen: set[str] = set()
        for i, code in enumerate(codes):
            if not isinstance(code, str) or len(code) > MAX_TEXT:
                continue  # refused by the schema
            info = self.pack.indicators.get(code)
            if info is None:
                self.fail((*path, i), field, self.unknown(code))
            elif code in seen:
                self.fail((*path, i), field, f"'{code}' is listed twice")
            elif holders and not any(_may_hold(info.applies_to, h) for h in holders):
                whom = " or ".join(_WHO[h] for h in holders)
                self.fail((*path, i), field, f"'{code}' applies to {_WHO[info.applies_to]}, not to {whom}")
            seen.add(code)
        return frozenset(seen)

    def unknown(self, code: str) -> str:
        periods = self.dated.indicator_periods(code) if self.on is not None else []
        if periods:
            when = words(periods)
            return f"indicator {quote(code)} is not in force on the referral date {self.on}: it is in force {when}"
        return f"unknown indicator {quote(code)}{self.suggestion(code)}"

    def member(self, i: int, m: Member, on: dt.date | None) -> Person | None:
        """One member as a Person, or None with its problems noted (`on` is None: no valid referral date)."""
        where = f"members[{i}]"
        if m.date_of_birth is not None:
            if on is None:
                self.indicators(m.indicators, ("members", i, "indicators"), f"{where}.indicators", ())
                return None
            if m.date_of_birth > on:
                self.fail(
                    ("members", i, "date_of_birth"),
                    f"{where}.date_of_birth",
                    f"{m.date_of_birth} is after the referral date {on}",
                )
                return None
            age = age_on(m.date_of_birth, on)
            if age > OLDEST:
                self.fail(
                    ("members", i, "date_of_birth"),
                    f"{where}.date_of_birth",
                    f"gives an age of {age}; expected {OLDEST} or under",
                )
                return None
            age_path: tuple = ("members", i, "date_of_birth")
        else:
            assert m.age is not None
            age, age_path = m.age, ("members", i, "age")
        is_parent = m.role in PARENT_ROLES
        if is_parent and age < YOUNGEST_PARENT:
            self.fail(
                age_path,
                f"{where}.{age_path[-1]}",
                f"a {m.role} aged {age} is not possible; check the age (a parent must be {YOUNGEST_PARENT} or over)",
            )
            return None
        is_child = age < ADULT_AGE
        if not m.pregnant and (m.first_pregnancy is not None or m.gestation_weeks is not None):
            for key in ("first_pregnancy", "gestation_weeks"):
                if getattr(m, key) is not None:
                    self.fail(("members", i, key), f"{where}.{key}", "only for a member with pregnant: true")
        young_parent = is_child and (is_parent or bool(m.pregnant))
        holders = ("child", "adult") if young_parent else (("child",) if is_child else ("adult",))
        codes = self.indicators(m.indicators, ("members", i, "indicators"), f"{where}.indicators", holders)
        pregnant, first = bool(m.pregnant), bool(m.first_pregnancy)
        return Person(m.id, age, is_child, pregnant, first, m.gestation_weeks, codes, is_parent)

    def current(self, review: bool, current: Current | None, given: bool) -> CurrentHelp | None:
        """The help the family has now, checked against the referral (`given`: the profile holds some)."""
        if review and not given:
            message = "required when referral.type is review: the help the family has now (level, lead and since)"
            self.fail(("referral", "type"), "current", message)
        if current is None:
            return None
        if self.on is not None and current.since > self.on:
            self.fail(("current", "since"), "current.since", f"{current.since} is after the referral date {self.on}")
        return CurrentHelp(current.level, current.lead, current.since)

    def unique_ids(self, ids: list[tuple[int, Any]]) -> None:
        first: dict[str, int] = {}
        for i, mid in ids:
            if mid in first:
                message = f"duplicate member id {quote(mid)} (also members[{first[mid]}])"
                self.fail(("members", i, "id"), f"members[{i}].id", message)
            first.setdefault(mid, i)


def _allowed(pack: CompiledPack, holders: tuple[str, ...]) -> frozenset[str]:
    """The pack's codes that one of `holders` may carry, worked out once per pack."""
    key = ("profile.allowed", holders)
    found = pack.cache.get(key)
    if found is None:
        found = pack.cache[key] = frozenset(
            code for code, info in pack.indicators.items() if any(_may_hold(info.applies_to, h) for h in holders)
        )
    return found


def _may_hold(applies_to: str, holder: str) -> bool:
    return applies_to == holder or (applies_to == "any" and holder in ("child", "adult"))


def family_from(doc: Document, pack: CompiledPack) -> Family:
    """Check a parsed profile against the pack's vocabulary; every problem is reported at once.

    A JSON profile is read without line numbers; if it is refused, it is read again with them,
    so a refusal is the same whichever way the text was read.
    """
    try:
        return _family_from(doc, pack)
    except InputError:
        located = doc.located()
        if located is doc:
            raise
        return _family_from(located, pack)


def _family_from(doc: Document, pack: CompiledPack) -> Family:
    try:
        profile = Profile.model_validate(doc.data)
    except ValidationError as exc:
        problems = problems_of(exc, doc, Profile)
        raise InputError(_at_most(problems + _vocabulary_of_the_rest(doc, pack), doc.name)) from None
    on = profile.referral.date
    check = _Checker(doc, pack, on)
    check.unique_ids([(i, m.id) for i, m in enumerate(profile.members)])
    current = check.current(profile.referral.type == "review", profile.current, profile.current is not None)
    people = [p for i, m in enumerate(profile.members) if (p := check.member(i, m, on)) is not None]
    fam = profile.family
    family_codes = check.indicators(fam.indicators, ("family", "indicators"), "family.indicators", ("family",))
    if people and not any(p.is_child or p.pregnant for p in people) and not check.problems:
        check.fail(("members",), "members", "the family has neither a child (under 18) nor a pregnant member")
    if check.problems:
        raise InputError(_at_most(check.problems, doc.name))
    return Family(
        profile.referral.id,
        on,
        profile.referral.consent,
        tuple(people),
        family_codes,
        fam.domestic_abuse_risk,
        tuple(fam.involved),
        fam.preferred_lead,
        profile.referral.type,
        current,
    )


def _valid(model: type[B], data: Any) -> B | None:
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _vocabulary_of_the_rest(doc: Document, pack: CompiledPack) -> list[Problem]:
    """For a profile the schema refused: the vocabulary checks of every part that could be read.

    So a user sees an unknown indicator beside a misspelt role, in one round.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    referral = _valid(Referral, data.get("referral"))
    on = referral.date if referral is not None else None
    check = _Checker(doc, pack, on)
    raw = data.get("referral")
    review = isinstance(raw, dict) and raw.get("type") == "review"
    check.current(review, _valid(Current, data.get("current")), data.get("current") is not None)
    members = data.get("members")
    if isinstance(members, list) and len(members) <= MAX_MEMBERS:
        ids: list[tuple[int, Any]] = []
        for i, raw in enumerate(members):
            m = _valid(Member, raw)
            if m is not None:
                ids.append((i, m.id))
                check.member(i, m, on)
            elif isinstance(raw, dict):
                if isinstance(raw.get("id"), (str, int)) and not isinstance(raw["id"], bool):
                    ids.append((i, str(raw["id"])))
                codes = raw.get("indicators")
                if isinstance(codes, list) and len(codes) <= MAX_INDICATORS:
                    check.indicators(codes, ("members", i, "indicators"), f"members[{i}].indicators", ())
        check.unique_ids(ids)
    part = data.get("family")
    fam = _valid(FamilyPart, part)
    if fam is not None:
        check.indicators(fam.indicators, ("family", "indicators"), "family.indicators", ("family",))
    elif isinstance(part, dict) and isinstance(codes := part.get("indicators"), list) and len(codes) <= MAX_INDICATORS:
        check.indicators(codes, ("family", "indicators"), "family.indicators", ())
    return check.problems


def _at_most(problems: list[Problem], name: str) -> list[Problem]:
    """At most MAX_PROBLEMS problems, the first by line, and a count of the rest."""
    problems = sorted(set(problems), key=lambda p: (p.line or 0, p.field, p.message))
    if len(problems) <= MAX_PROBLEMS:
        return problems
    summary = Problem(name, None, "", f"{len(problems):,} problems; the first {MAX_PROBLEMS} are listed")
    return [summary, *problems[:MAX_PROBLEMS]]


def read_profile(source: str, pack: CompiledPack) -> Family:
    """Read a profile file, or standard input for '-'."""
    if source == "-":
        raw = sys.stdin.buffer.read(MAX_PROFILE_BYTES + 1)
        refuse_large(raw, "<stdin>", MAX_PROFILE_BYTES)
        doc = parse_text(decode(raw, "<stdin>"), "<stdin>")
    else:
        doc = load_file(Path(source), source, MAX_PROFILE_BYTES, fast=True)
    return family_from(doc, pack)
