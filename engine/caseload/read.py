"""Records of a caseload, in input order, from a JSON Lines file or stream or a directory of profiles.

A reader only splits the input into records (the raw bytes of one profile each); reading each
record as a profile happens where it is decided, in the same way `continuum triage` reads a file.
Each kind of input has its own reader, chosen in `open_input`; a census CSV is read by
engine/importers/records.py, as `continuum import cin` reads it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from ..contract import MAX_PROFILE_BYTES
from ..errors import InputError, Problem
from ..ir import CompiledPack

PROFILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True, slots=True)
class Record:
    """One profile as read: where it is (`line`: its line in a JSON Lines input, None for a file of
    its own), its bytes (at most one byte past the profile limit, so the limit is refused as
    triage refuses it), and how far into the input it ends (for progress)."""

    name: str
    line: int | None
    raw: bytes
    end: int
    refused: tuple[Problem, ...] = ()  # refused before it could be read (a file that cannot be opened)


class Reader(Protocol):
    """Records in input order, then `close`. `size` is what the last record's `end` reaches, when
    known; `blank` counts blank lines passed over (they are not records)."""

    size: int | None
    blank: int

    def __iter__(self) -> Iterator[Record]: ...

    def close(self) -> None: ...


class JsonLines:
    """One profile per line (JSON, or anything `continuum triage` reads that fits on a line).

    A blank line (only spaces or tabs) is not a record: it is counted in `blank` and passed over.
    A line longer than the profile limit is kept only to its limit and refused. `close` closes
    the stream if the reader `owns` it (a file opened for it, not standard input)."""

    def __init__(self, stream: BinaryIO, name: str, size: int | None, owns: bool = False):
        self.stream, self.name, self.size, self.owns, self.blank = stream, name, size, owns, 0

    def close(self) -> None:
        if self.owns:
            self.stream.close()

    def __iter__(self) -> Iterator[Record]:
        read, offset, number = self.stream.readline, 0, 0
        while raw := read(MAX_PROFILE_BYTES + 2):
            number += 1
            offset += len(raw)
            if len(raw) > MAX_PROFILE_BYTES + 1 and not raw.endswith(b"\n"):
                while rest := read(1 << 20):  # the rest of an over-long line, passed over
                    offset += len(rest)
                    if rest.endswith(b"\n"):
                        break
            raw = raw.removesuffix(b"\n").removesuffix(b"\r")
            if raw.strip(b" \t"):
                yield Record(self.name, number, raw, offset)
            else:
                self.blank += 1


class Directory:
    """Every profile file (.yaml, .yml, .json) directly in a directory, by name."""

    def __init__(self, path: Path, name: str):
        try:
            found = [p for p in path.iterdir() if p.suffix.lower() in PROFILE_SUFFIXES and p.is_file()]
        except OSError as exc:
            raise InputError([Problem(name, None, "", f"cannot read: {exc.strerror}")]) from None
        if not found:
            raise InputError([Problem(name, None, "", "holds no profile files (*.yaml, *.yml, *.json)")])
        self.files = sorted(found, key=lambda p: p.name)
        self.name, self.blank = name, 0
        self.size: int | None = len(self.files)

    def close(self) -> None:
        """Nothing is left open: each file is closed once read."""

    def __iter__(self) -> Iterator[Record]:
        for i, path in enumerate(self.files, 1):
            shown = os.path.join(self.name, path.name)
            try:
                with path.open("rb") as f:
                    yield Record(shown, None, f.read(MAX_PROFILE_BYTES + 1), i)
            except OSError as exc:
                yield Record(shown, None, b"", i, (Problem(shown, None, "", f"cannot read: {exc.strerror}"),))


def _size(stream: BinaryIO) -> int | None:
    """The stream's length if it is a regular file (a pipe's is unknown)."""
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError):
        return None
    return st.st_size if st.st_mode & 0o170000 == 0o100000 else None


def open_input(source: str, pack: CompiledPack | None = None) -> Reader:
    """The reader for INPUT: '-' (JSON Lines on standard input), a directory of profiles, a
    Children in Need census CSV (read through `pack`'s code mapping), or a JSON Lines file;
    refused (exit 2) when it cannot be used at all."""
    if source == "-":
        return JsonLines(sys.stdin.buffer, "<stdin>", _size(sys.stdin.buffer))
    path = Path(source)
    if path.is_dir():
        return Directory(path, source)
    if path.suffix.lower() in (".yaml", ".yml"):
        message = "one profile: decide it with `continuum triage`, or give a directory of profiles"
        raise InputError([Problem(source, None, "", message)])
    if path.suffix.lower() == ".csv" and pack is not None:
        from ..importers.records import CinCsv  # a census extract, as `continuum import cin` reads it

        return CinCsv(path, source, pack)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError([Problem(source, None, "", f"cannot read: {exc.strerror}")]) from None
    return JsonLines(stream, source, _size(stream), owns=True)
