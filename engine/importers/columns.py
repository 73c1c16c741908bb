"""The columns `continuum import cin` reads, named as the CIN census names its data items, and an area's renaming.

The names (and the DfE's item numbers) are as the DfE's CIN census validation rules quote them,
seen in data-to-insight/csc-validator-be-cin, which restates those rules for local authorities.
They were not checked against the DfE's "Children in need census: business and technical
specification" itself, so they are unverified: an area whose extract spells them otherwise maps
its names with --columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field

from ..errors import InputError, Problem
from ..text import did_you_mean, load_file, quote, validate
from ..text.values import Strict

Column = Literal["FamilyID", "LAchildID", "PersonBirthDate", "CINreferralDate", "AssessmentFactors"]
FAMILY_ID, CHILD_ID, BIRTH_DATE, REFERRAL_DATE, FACTORS = COLUMNS = get_args(Column)
# FamilyID is not a census item (the census records children, not households): it is the area's
# own id for the family or household. The others: LAchildID N00097, PersonBirthDate N00066,
# CINreferralDate N00100, AssessmentFactors N00181 (unverified, see above).

Name = str  # a column's name as an area's file writes it


class ColumnsFile(Strict):
    """A --columns file: the area's names for the census columns, and columns it asks to be ignored."""

    columns: dict[Name, Column] = Field(default_factory=dict)
    ignore: list[Name] = Field(default_factory=list)


@dataclass(frozen=True)
class Columns:
    """How a file's column names are read: renamed (area name -> census name), or ignored."""

    renamed: dict[Name, str] = field(default_factory=dict)
    ignored: frozenset[Name] = frozenset()
    source: str | None = None  # the --columns file, named in refusals

    def census_name(self, name: Name) -> str | None:
        """The census column a file's column gives (None: unknown, or ignored)."""
        census = self.renamed.get(name, name)
        return census if census in COLUMNS and name not in self.ignored else None


def read_columns(path: Path | None) -> Columns:
    """The --columns file (none: every column is named as the census names it)."""
    if path is None:
        return Columns()
    doc = load_file(path, str(path))
    model = validate(doc, ColumnsFile)
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for area, census in model.columns.items():
        if census in first:
            message = f"{quote(first[census])} is renamed to {census} already: each census column comes once"
            problems.append(Problem(doc.name, doc.line_of(("columns", area)), f"columns.{area}", message))
        first.setdefault(census, area)
    for i, area in enumerate(model.ignore):
        if area in model.columns:
            message = f"{quote(area)} is renamed under columns: too; a column is either renamed or ignored"
            problems.append(Problem(doc.name, doc.line_of(("ignore", i)), f"ignore[{i}]", message))
    if problems:
        raise InputError(problems)
    return Columns(dict(model.columns), frozenset(model.ignore), doc.name)


def header_columns(header: list[str], columns: Columns, name: str) -> dict[str, int]:
    """Census column -> its place in the file; refused (exit 2) for missing, unknown or repeated columns."""
    where: dict[str, int] = {}
    problems: list[str] = []
    unknown: list[str] = []
    for i, written in enumerate(header):
        census = columns.census_name(written)
        if not written:
            problems.append(f"column {i + 1} has no name")
        elif census is None and written not in columns.ignored:
            unknown.append(written)
        elif census in where:
            first = header[where[census]]
            problems.append(f"columns {quote(first)} and {quote(written)} both give {census}")
        elif census is not None:
            where[census] = i
    missing = [c for c in COLUMNS if c not in where]
    for c in missing:
        renamed = [quote(a) for a, b in columns.renamed.items() if b == c]
        via = f" (the columns file names it {renamed[0]})" if renamed else ""
        problems.append(f"missing required column {quote(c)}{via}{did_you_mean(c, unknown)}")
    for u in unknown:
        hint = did_you_mean(u, missing or COLUMNS)
        how = f"rename or ignore it in {columns.source}" if columns.source else "rename or ignore it with --columns"
        problems.append(f"unknown column {quote(u)}{hint}: {how}")
    if problems:
        raise InputError([Problem(name, 1, "columns", p) for p in problems])
    return where
