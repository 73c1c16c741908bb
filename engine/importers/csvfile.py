"""A CSV file read as text: UTF-8 (an Excel byte-order mark allowed), its header, then rows with their line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from ..text import read_bytes

if TYPE_CHECKING:
    from _csv import Reader


@dataclass(frozen=True)
class Row:
    """One record: the line it starts on and its cells, stripped of surrounding spaces."""

    line: int
    cells: list[str]


def read_text(path: Path, name: str) -> str:
    """The file as text, refused (exit 2) at the line of the first byte that is not UTF-8."""
    raw = read_bytes(path, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text: byte 0x{raw[exc.start]:02X} cannot be read (save the file as CSV UTF-8)"
        raise InputError([Problem(name, line, "", message)]) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        message = "a NUL character: this is UTF-16 or binary, not CSV text (save the file as CSV UTF-8)"
        raise InputError([Problem(name, line, "", message)])
    return text


def read_rows(text: str, name: str) -> tuple[list[str], Iterator[Row]]:
    """The header's names and the rows after it; blank lines are skipped. A quote left open is refused."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _next(reader, name, 1)
    if header is None:
        raise InputError([Problem(name, None, "", "the file is empty: its first line must name the columns")])
    return [h.strip() for h in header], _rows(reader, name)


def _rows(reader: Reader, name: str) -> Iterator[Row]:
    while True:
        start = reader.line_num + 1
        cells = _next(reader, name, start)
        if cells is None:
            return
        if any(c.strip() for c in cells):
            yield Row(start, [c.strip() for c in cells])


def _next(reader: Reader, name: str, start: int) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as exc:
        message = f'cannot be read as CSV ({exc}): a quote (") is never closed, or stands inside an unquoted cell'
        raise InputError([Problem(name, start, "", message)]) from None
