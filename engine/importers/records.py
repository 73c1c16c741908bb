"""A Children in Need census CSV as caseload records (`continuum batch` and `continuum impact`).

The CSV is imported as `continuum import cin` imports it (columns named as the census names
them); each family's profile is one record, and each refused row is a refused record at its
line, so a batch's decided + refused still equals what was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from ..caseload.read import Record
from ..errors import Problem
from ..ir import CompiledPack
from .cin import import_cin
from .columns import header_columns, read_columns
from .csvfile import read_rows, read_text


class CinCsv:
    """The families of a census extract, then its refused rows, each as a record."""

    def __init__(self, path: Path, name: str, pack: CompiledPack):
        header, rows = read_rows(read_text(path, name), name)
        imported = import_cin(rows, header, header_columns(header, read_columns(None), name), pack, name, None)
        refused: dict[int, list[Problem]] = {}
        for issue in imported.issues:
            if issue.refused:
                refused.setdefault(issue.line, []).append(Problem(name, issue.line, issue.field, issue.reason))
        self.records = [Record(name, None, orjson.dumps(p), k) for k, p in enumerate(imported.profiles, 1)]
        self.records += [Record(name, line, b"", len(self.records), tuple(ps)) for line, ps in sorted(refused.items())]
        self.size: int | None = len(self.records)
        self.blank = 0

    def close(self) -> None:
        """Nothing is left open: the file was read whole."""

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)
