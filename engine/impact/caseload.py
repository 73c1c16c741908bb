"""A caseload to compare packs on: profiles one per line (JSONL), or a folder of profile files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError, Problem
from ..ir import CompiledPack
from ..profile import Family
from ..profile.read import family_from
from ..text import parse_text


def _texts(path: Path) -> list[tuple[str, int | None, str]]:
    """(file, line, text) for every record: a JSONL line with its number, or a folder's file."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
        return [(str(p), None, p.read_bytes().decode("utf-8", errors="replace")) for p in files]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot read the caseload: {exc.strerror}")]) from None
    out: list[tuple[str, int | None, str]] = []
    for n, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue  # a blank line (the one after the last record, say) holds no record
        try:
            out.append((str(path), n, line.decode("utf-8")))
        except UnicodeDecodeError:
            out.append((str(path), n, "\0"))  # refused below, with its line
    return out


def read_caseload(path: Path, packs: Sequence[CompiledPack]) -> tuple[list[Family], list[Problem]]:
    """The families of a caseload that every pack can read, and a problem for each record it cannot.

    A record is read against each pack's vocabulary in force on its referral date: a family that
    one pack cannot read is left out of the comparison and reported, never dropped silently."""
    families: list[Family] = []
    problems: list[Problem] = []
    for file, line, text in _texts(path):
        try:
            if "\0" in text:
                raise InputError([Problem(file, line, "", "not UTF-8 text")])
            doc = parse_text(text, file)
            read = [family_from(doc, pack) for pack in packs]
        except InputError as exc:
            # a JSONL record is one line: its problems are at that line, whatever the parser says
            problems += [p if line is None else Problem(file, line, p.field, p.message) for p in exc.problems]
            continue
        families.append(read[0])
    return families, problems
