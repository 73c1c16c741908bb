"""`continuum import cin FILE.csv`: the command's options, and what it writes where."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any


def _day(text: str) -> dt.date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        with suppress(ValueError):
            return dt.date.fromisoformat(text)
    raise argparse.ArgumentTypeError(f"expected a date written as YYYY-MM-DD, got '{text}'")


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _write(path: Path, data: bytes) -> None:
    from ..errors import InputError, Problem

    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot write: {exc.strerror}")]) from None


def add_import_parser(sub: Any, pack_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register `continuum import cin` on the command's subparsers."""
    p = sub.add_parser("import", help="read a caseload a council holds into family profiles (JSON lines)")
    kinds = p.add_subparsers(dest="kind", required=True)
    cin = kinds.add_parser(
        "cin",
        help="Children in Need census rows (one per child assessment) into one profile per family",
        description="Read a CSV of Children in Need census assessments (columns FamilyID, LAchildID, "
        "PersonBirthDate, CINreferralDate, AssessmentFactors) into one family profile per FamilyID, one per line.",
    )
    cin.add_argument("file", type=Path, metavar="FILE.csv")
    cin.add_argument("--columns", type=Path, metavar="MAP.yaml", help="the area's names for the columns")
    pack_option(cin)
    cin.add_argument("--out", type=Path, metavar="FILE.jsonl", help="where the profiles go (default: stdout)")
    cin.add_argument(
        "--errors",
        type=Path,
        metavar="FILE.jsonl",
        help="where refused rows and warnings go (default: NAME.errors.jsonl, NAME being --out's name "
        "beside it, else the CSV's name in this directory)",
    )
    cin.add_argument("--as-of", type=_day, metavar="DATE", help="every family's referral date (default: its latest)")


def run_import(args: argparse.Namespace) -> int:
    """Import the file: profiles out, issues on standard error and in the errors file; 0 all rows, 1 some refused."""
    import orjson

    from ..check import usable_pack
    from ..pack import resolve_pack
    from .cin import import_cin
    from .columns import header_columns, read_columns
    from .csvfile import read_rows, read_text

    name = str(args.file)
    pack = usable_pack(resolve_pack(args.pack))
    columns = read_columns(args.columns)
    header, rows = read_rows(read_text(args.file, name), name)
    where = header_columns(header, columns, name)
    imported = import_cin(rows, header, where, pack, name, args.as_of)
    errors = args.errors or (args.out or Path(args.file.name)).with_suffix(".errors.jsonl")
    _write(errors, b"".join(orjson.dumps(i.record()) + b"\n" for i in imported.issues))
    lines = b"".join(orjson.dumps(p) + b"\n" for p in imported.profiles)
    if args.out is not None:
        _write(args.out, lines)
    for issue in imported.issues:
        print(issue, file=sys.stderr)
    if args.out is None:
        sys.stdout.write(lines.decode())
    warned = sum(not i.refused for i in imported.issues)
    print(
        f"{name}: {_plural(imported.rows, 'row')} read: {imported.rows - imported.refused} imported into "
        f"{_plural(len(imported.profiles), 'profile')}, {imported.refused} refused, "
        f"{_plural(warned, 'warning')} (listed in {errors})",
        file=sys.stderr,
    )
    return 1 if imported.refused else 0
