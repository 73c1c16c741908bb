"""Read case files: each case's family through the profile reader, every problem at its FILE:LINE."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import InputError, Problem
from ..ir import CompiledPack
from ..profile import Family, family_from
from ..text import Document, decode, did_you_mean, format_path, parse_text, validate
from .models import DEFAULT_DATE, TABLE_COLUMNS, CasesFile, CaseShape, CasesShape, Expect

M = TypeVar("M", bound=BaseModel)
CASES_DIR = "cases"
_SEPARATOR = re.compile(r"^:?-+:?$")
_YES, _NO = {"yes", "true"}, {"no", "false"}
_NUMBERS = {"age", "gestation_weeks"}
_FLAGS = {"pregnant", "first_pregnancy"}


@dataclass(frozen=True)
class LoadedCase:
    """A case ready to run: where it is written, its name, its family and what it expects."""

    file: str
    line: int | None
    name: str
    family: Family
    expect: Expect


def case_files(root: Path) -> list[Path]:
    """The case files of a pack: cases/*.yaml (and *.yml), in name order."""
    folder = root / CASES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def shown(path: Path) -> str:
    """A file name as people see it: relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _load(path: Path) -> tuple[Document, list[str]]:
    name = shown(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read: {exc.strerror}")]) from None
    text = decode(raw, name)
    return parse_text(text, name, fast=False), text.splitlines()


def count_cases(path: Path) -> int:
    """How many cases a file holds, read without a pack (InputError if the file cannot be read)."""
    doc, _ = _load(path)
    return len(validate(doc, CasesFile).cases)


class _FileReader:
    def __init__(self, doc: Document, raw_lines: list[str], pack: CompiledPack):
        self.doc, self.raw_lines, self.pack = doc, raw_lines, pack
        self.problems: list[Problem] = []

    def fail(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.doc.name, self.doc.line_of(path), format_path(path), message))

    def table(self, text: str, at: tuple) -> tuple[list[dict[str, Any]], list[int | None]]:
        """Members written as a table, and the line of each row."""
        rows: list[tuple[int | None, str]] = []
        cursor = (self.doc.line_of(at) or 1) - 1
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            found: int | None = None
            for k in range(cursor, len(self.raw_lines)):
                if self.raw_lines[k].strip() == stripped:
                    found, cursor = k + 1, k + 1
                    break
            if stripped.startswith("#"):
                continue
            rows.append((found, stripped))
        table = [(line, cells) for line, cells in _cells(rows) if not all(_SEPARATOR.match(c) for c in cells)]
        return self.rows(table, at)

    def rows(self, rows: list[tuple[int | None, list[str]]], at: tuple) -> tuple[list[dict], list[int | None]]:
        """Table rows (the header first) as profile members."""
        if not rows:
            self.fail(at, "the table is empty: write a header row, then one row per member")
            return [], []
        header_line, header = rows[0]
        columns = [c.lower().replace(" ", "_") for c in header]
        where = Problem(self.doc.name, header_line or self.doc.line_of(at), format_path(at), "")
        bad = False
        for col in columns:
            if col not in TABLE_COLUMNS:
                hint = did_you_mean(col, TABLE_COLUMNS) or f" (columns: {', '.join(TABLE_COLUMNS)})"
                self.problems.append(_with(where, f"unknown column '{col}'{hint}"))
                bad = True
            elif columns.count(col) > 1:
                self.problems.append(_with(where, f"column '{col}' is given twice"))
                bad = True
        if len(rows) == 1:
            self.problems.append(_with(where, "the table has a header but no members: add one row per member"))
            bad = True
        if bad:
            return [], []
        members: list[dict[str, Any]] = []
        lines: list[int | None] = []
        for j, (line, cells) in enumerate(rows[1:]):
            if len(cells) > len(columns):  # reported; the row is still read, so later rows keep their numbers
                row = Problem(self.doc.name, line, format_path((*at, j)), "")
                self.problems.append(_with(row, f"this row has {len(cells)} cells; the header has {len(columns)}"))
            member: dict[str, Any] = {}
            for col, cell in zip(columns, cells, strict=False):
                if cell:
                    member[col] = _cell(col, cell)
            members.append(member)
            lines.append(line)
        return members, lines

    def part(self, at: tuple, data: Any) -> Document:
        """The part of the file at `at` as a document of its own, keeping the file's name and lines."""
        n = len(at)
        lines = self.doc.located().lines or {}
        return Document(self.doc.name, data, {p[n:]: line for p, line in lines.items() if p[:n] == at})

    def within(self, at: tuple, exc: InputError) -> None:
        """Problems found in a part of the file, named from the top of the file."""
        for p in exc.problems:
            field = f"{format_path(at)}.{p.field}" if p.field else format_path(at)
            self.problems.append(Problem(p.file, p.line, field, p.message))

    def model(self, at: tuple, data: Any, model: type[M]) -> M | None:
        """The part of the file at `at` checked against a model of the case schema."""
        try:
            return validate(self.part(at, data), model)
        except InputError as exc:
            self.within(at, exc)
            return None

    def case(self, i: int, case: CaseShape, file_date: Any) -> Family | None:
        """The family of case `i`, read as `continuum triage` reads a profile."""
        at = ("cases", i)
        lines = self.part(at, None).lines or {}
        referral: Any = case.referral
        if referral is None:
            referral = {}
        if isinstance(referral, dict):
            referral = {"id": f"case-{i + 1}", **referral}
            if "date" in referral and case.date is not None:
                self.fail((*at, "date"), "give the referral date once: as date or as referral.date")
                return None
            if "date" not in referral:
                referral["date"] = (case.date or file_date or DEFAULT_DATE).isoformat()
                source = (*at, "date") if case.date is not None else (("date",) if file_date is not None else at)
                lines[("referral", "date")] = self.doc.line_of(source) or 0
        members = case.members
        if isinstance(members, str):
            members, row_lines = self.table(members, (*at, "members"))
            if not members:
                return None
            for j, line in enumerate(row_lines):
                if line is not None:
                    lines[("members", j)] = line
        profile = {"referral": referral, "members": members}
        for key in ("current", "family"):
            if getattr(case, key) is not None:
                profile[key] = getattr(case, key)
        try:
            return family_from(Document(self.doc.name, profile, lines), self.pack)
        except InputError as exc:
            self.within(at, exc)
            return None

    def expectations(self, i: int, expect: Expect, family: Family) -> None:
        """Refuse expectations about members the case does not have, or programmes the pack lacks."""
        ids = [m.id for m in family.members]
        at = ("cases", i, "expect")
        said: dict[str, dict[str, set[str]]] = {}
        for key in ("offered", "not_offered"):
            for member, programmes in (getattr(expect, key) or {}).items():
                self.member(ids, (*at, key, member), member)
                said.setdefault(key, {})[member] = set(programmes)
                for k, iid in enumerate(programmes):
                    if iid not in self.pack.interventions:
                        hint = did_you_mean(iid, self.pack.interventions)
                        self.fail((*at, key, member, k), f"unknown programme '{iid}'{hint}")
        for member, iid in (expect.first or {}).items():
            self.member(ids, (*at, "first", member), member)
            if iid not in self.pack.interventions:
                hint = did_you_mean(iid, self.pack.interventions)
                self.fail((*at, "first", member), f"unknown programme '{iid}'{hint}")
        for k, member in enumerate(expect.offered_nothing or []):
            self.member(ids, (*at, "offered_nothing", k), member)
            if member in said.get("offered", {}):
                self.fail((*at, "offered_nothing", k), f"{member} is also expected to be offered programmes")
        if expect.direction is not None and family.current is None:
            self.fail((*at, "direction"), "a direction needs the help the family has now: give the case `current`")
        for member, programmes in said.get("offered", {}).items():
            both = sorted(programmes & said.get("not_offered", {}).get(member, set()))
            if both:
                self.fail((*at, "not_offered", member), f"{', '.join(both)} also expected to be offered to {member}")

    def member(self, ids: list[str], path: tuple, member: str) -> None:
        if member not in ids:
            self.fail(path, f"no member '{member}' in this case (members: {', '.join(ids)})")


def _cells(rows: list[tuple[int | None, str]]) -> list[tuple[int | None, list[str]]]:
    """Split rows into cells. A header that starts (or ends) with '|' has borders, and so do its rows."""
    if not rows:
        return []
    header = rows[0][1]
    left, right = header.startswith("|"), header.endswith("|") and len(header) > 1
    out = []
    for line, text in rows:
        if left and text.startswith("|"):
            text = text[1:]
        if right and text.endswith("|"):
            text = text[:-1]
        out.append((line, [c.strip() for c in text.split("|")]))
    return out


def _with(p: Problem, message: str) -> Problem:
    return Problem(p.file, p.line, p.field, message)


def _cell(column: str, cell: str) -> Any:
    """A table cell as the profile field it stands for; anything odd is left for the profile reader to refuse."""
    if column == "indicators":
        return [c for c in re.split(r"[,\s]+", cell) if c]
    if column in _NUMBERS and cell.isdigit():
        return int(cell)
    if column in _FLAGS and cell.lower() in _YES | _NO:
        return cell.lower() in _YES
    return cell


def read_cases(paths: list[Path], pack: CompiledPack) -> list[LoadedCase]:
    """Every case in these files, each family read against the pack; InputError lists every problem."""
    out: list[LoadedCase] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            doc, raw_lines = _load(path)
            cases_file = validate(doc, CasesShape)
        except InputError as exc:
            problems += exc.problems
            continue
        reader = _FileReader(doc, raw_lines, pack)
        for i, data in enumerate(cases_file.cases):
            case = reader.model(("cases", i), data, CaseShape)
            family = None if case is None else reader.case(i, case, cases_file.date)
            if case is None and not (isinstance(data, dict) and "expect" in data):
                continue
            expect = reader.model(("cases", i, "expect"), data["expect"], Expect)
            if case is None or family is None or expect is None:
                continue
            reader.expectations(i, expect, family)
            out.append(LoadedCase(doc.name, doc.line_of(("cases", i)), case.name, family, expect))
        problems += reader.problems
    if problems:
        raise InputError(problems)
    return out
