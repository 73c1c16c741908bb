"""Children in Need census rows -> one family profile (contract section 2) per family id, and the rows it refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..contract import ADULT_AGE, CIN_RETIRED, MAX_MEMBERS, MAX_TEXT
from ..errors import CONTROL, Problem
from ..ir import CinGives, CompiledPack
from ..profile.family import age_on
from ..text import did_you_mean, quote
from .columns import BIRTH_DATE, CHILD_ID, FACTORS, FAMILY_ID, REFERRAL_DATE
from .csvfile import Row

# A code's `on` -> the id (and role) of the member it adds. The census holds no adult's age, so
# each is written aged ADULT_AGE (18), the youngest adult: see the README, "importing Children in
# Need census data".
ADULTS = {"parent": "P1", "other_adult": "O1"}
MOST_CHILDREN = MAX_MEMBERS - len(ADULTS)  # so a profile never holds more than MAX_MEMBERS
NO_FACTORS = "21"  # the census's "no factors identified": a child with no indicators, no warning
_SEPARATORS = re.compile(r"[,\s]+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_UK_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class Issue:
    """A row refused (not imported), or imported with a warning: the file, line, column and why."""

    file: str
    line: int
    field: str
    reason: str
    refused: bool

    def __str__(self) -> str:
        reason = self.reason if self.refused else f"warning: {self.reason}"
        return str(Problem(self.file, self.line, self.field, reason))

    def record(self) -> dict[str, Any]:
        """The line of the errors file (JSON lines)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Assessment:
    """A row that passed the checks it can pass on its own, with what its codes give and its warnings."""

    line: int
    family: str
    child: str
    born: dt.date
    referred: dt.date
    gives: tuple[CinGives, ...]
    warnings: tuple[tuple[str, str], ...]  # (census column, reason)


@dataclass
class Imported:
    """What an import made: the profiles in order of each family's first row, every issue, rows read."""

    profiles: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rows: int = 0

    @property
    def refused(self) -> int:
        """How many rows were refused (a row with several problems counts once)."""
        return len({i.line for i in self.issues if i.refused})


class _Rows:
    """Checks each row on its own, then the rows of each family together; collects every issue."""

    def __init__(self, pack: CompiledPack, name: str, header: list[str], where: dict[str, int], as_of: dt.date | None):
        self.pack, self.name, self.width, self.where, self.as_of = pack, name, len(header), where, as_of
        self.column = {census: header[i] for census, i in where.items()}  # as the file names it
        self.out = Imported()

    def issue(self, line: int, census: str, reason: str, refused: bool = True) -> None:
        self.out.issues.append(Issue(self.name, line, self.column.get(census, census), reason, refused))

    def assessment(self, row: Row) -> Assessment | None:
        self.out.rows += 1
        if len(row.cells) != self.width:
            hint = ' (codes separated by commas go in quotes: "1B,3A")' if len(row.cells) > self.width else ""
            self.issue(row.line, "", f"the row has {len(row.cells)} cells; the header names {self.width} columns{hint}")
            return None
        cell = {census: row.cells[i] for census, i in self.where.items()}
        before = len(self.out.issues)
        family = self.identifier(row.line, FAMILY_ID, cell[FAMILY_ID], "family id")
        child = self.identifier(row.line, CHILD_ID, cell[CHILD_ID], "child id")
        if child is not None and child in ADULTS.values():
            self.issue(row.line, CHILD_ID, f"{quote(child)} is the id the import gives an adult: use another child id")
        born = self.date(row.line, BIRTH_DATE, cell[BIRTH_DATE], "date of birth")
        referred = self.date(row.line, REFERRAL_DATE, cell[REFERRAL_DATE], "referral date")
        gives, warnings = self.factors(row.line, cell[FACTORS])
        if born and referred and born > referred:
            self.issue(row.line, BIRTH_DATE, f"born {born}, after the referral date {referred}")
        if referred and self.as_of and referred > self.as_of:
            self.issue(row.line, REFERRAL_DATE, f"{referred} is after --as-of {self.as_of}")
        if len(self.out.issues) > before or not (family and child and born and referred and gives is not None):
            return None
        return Assessment(row.line, family, child, born, referred, gives, warnings)

    def identifier(self, line: int, census: str, text: str, what: str) -> str | None:
        bad = CONTROL.search(text)
        if not text:
            self.issue(line, census, f"missing: every row needs a {what}")
        elif len(text) > MAX_TEXT:
            self.issue(line, census, f"the {what} is {len(text):,} characters long; at most {MAX_TEXT} are allowed")
        elif bad is not None:
            self.issue(line, census, f"the {what} holds a control character (U+{ord(bad.group()):04X})")
        else:
            return text
        return None

    def date(self, line: int, census: str, text: str, what: str) -> dt.date | None:
        if not text:
            self.issue(line, census, f"missing: every row needs a {what}")
            return None
        if _ISO_DAY.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.issue(line, census, f"{quote(text)} is not a date in the calendar")
                return None
        uk = _UK_DAY.fullmatch(text)
        hint = f" (did you mean {uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}?)" if uk else ""
        self.issue(line, census, f"{quote(text)} is not a date written YYYY-MM-DD{hint}")
        return None

    def factors(self, line: int, text: str) -> tuple[tuple[CinGives, ...] | None, tuple[tuple[str, str], ...]]:
        """What the cell's codes give (None: a code was refused), and the warnings they raise."""
        codes = list(dict.fromkeys(c for c in _SEPARATORS.split(text) if c))
        if not codes:
            self.issue(line, FACTORS, f"no factor codes: write {NO_FACTORS} if the assessment found none")
            return None, ()
        gives: list[CinGives] = []
        warnings: list[tuple[str, str]] = []
        known = True
        for code in codes:
            try:
                info = self.pack.cin(code)
            except LookupError as exc:
                plain = "did you mean" not in str(exc) and code not in CIN_RETIRED
                self.issue(line, FACTORS, f"{exc}{did_you_mean(code, self.pack.cin_codes) if plain else ''}")
                known = False
                continue
            gives += info.gives
            if not info.gives and code != NO_FACTORS:
                why = f"code {code} ({info.label}) gives no indicator, so it is not imported: {info.unmapped}"
                warnings.append((FACTORS, why))
        if NO_FACTORS in codes and len(codes) > 1:
            why = f"code {NO_FACTORS} (no factors identified) stands with other codes: they are imported"
            warnings.append((FACTORS, why))
        return (tuple(dict.fromkeys(gives)) if known else None), tuple(warnings)

    def families(self, assessments: Iterable[Assessment]) -> dict[str, list[Assessment]]:
        """The rows of each family that agree with the rows before them: one family and one birth date a child."""
        kept: dict[str, list[Assessment]] = {}
        first: dict[str, Assessment] = {}  # child id -> its first row kept
        for a in assessments:
            seen = first.get(a.child)
            children = {b.child for b in kept.get(a.family, ())}
            if seen is not None and seen.family != a.family:
                where = f"in family {quote(seen.family)} at line {seen.line}"
                self.issue(a.line, CHILD_ID, f"child {quote(a.child)} is {where}: a child belongs to one family")
            elif seen is not None and seen.born != a.born:
                where = f"the same child's date of birth at line {seen.line}"
                self.issue(a.line, BIRTH_DATE, f"{a.born} differs from {seen.born}, {where}")
            elif seen is None and len(children) >= MOST_CHILDREN:
                why = f"{MOST_CHILDREN} children, the most a profile holds beside two adults ({MAX_MEMBERS} members)"
                self.issue(a.line, CHILD_ID, f"family {quote(a.family)} already has {why}")
            else:
                first.setdefault(a.child, a)
                kept.setdefault(a.family, []).append(a)
        return kept

    def profile(self, family: str, rows: list[Assessment]) -> dict[str, Any] | None:
        """The family's profile on its referral date, from the rows of children under 18 on it (None: no such row)."""
        on = self.as_of or max(a.referred for a in rows)
        why = "--as-of" if self.as_of else "the latest referral date of its rows"
        children: dict[str, set[str]] = {}
        born: dict[str, dt.date] = {}
        held: dict[str, set[str]] = {"family": set(), **{on_whom: set() for on_whom in ADULTS}}
        for a in rows:
            age = age_on(a.born, on)
            if age >= ADULT_AGE:
                adult = f"aged {age} on {on}, the family's referral date ({why}): an adult"
                self.issue(a.line, BIRTH_DATE, f"{adult}, so the child's codes cannot be imported")
                continue
            for census, reason in a.warnings:
                self.issue(a.line, census, reason, refused=False)
            born[a.child] = a.born
            mine = children.setdefault(a.child, set())
            for given in a.gives:
                (mine if given.on == "child" else held[given.on]).add(given.indicator)
        if not children:
            return None
        members: list[dict[str, Any]] = [
            {"id": c, "role": "child", "date_of_birth": born[c].isoformat(), "indicators": sorted(codes)}
            for c, codes in children.items()
        ]
        members += [
            {"id": member, "role": role, "age": ADULT_AGE, "indicators": sorted(held[role])}
            for role, member in ADULTS.items()
            if held[role]
        ]
        return {
            "referral": {"id": family, "date": on.isoformat()},
            "members": members,
            "family": {"indicators": sorted(held["family"])},
        }


def import_cin(
    rows: Iterable[Row], header: list[str], where: dict[str, int], pack: CompiledPack, name: str, as_of: dt.date | None
) -> Imported:
    """Every row checked; the rows that pass, grouped by family id into profiles; every issue, by line."""
    check = _Rows(pack, name, header, where, as_of)
    assessments = [a for row in rows if (a := check.assessment(row)) is not None]
    for family, kept in check.families(assessments).items():
        profile = check.profile(family, kept)
        if profile is not None:
            check.out.profiles.append(profile)
    check.out.issues.sort(key=lambda i: (i.line, not i.refused, i.field, i.reason))
    return check.out
