"""`continuum synth` and `continuum batch`: whole caseloads, as JSON Lines (registered by engine/cli.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, Problem

SYNTH_BLOCK = 1_000  # profiles written at a time


def _count(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"{value} is less than {least}")
        return value

    return parse


def _day(text: str) -> dt.date:
    try:
        if len(text) == 10:  # fromisoformat alone takes 20261120 too
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD")


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], pack_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add `synth` and `batch` to the command line; each runs through `args.run`."""
    from ..synth import AS_OF

    s = sub.add_parser("synth", help="write N synthetic family profiles (JSON Lines) calibrated to published figures")
    s.add_argument("n", type=_count(0), metavar="N", help="how many profiles")
    s.add_argument("--seed", type=int, default=2026, help="the same seed gives the same profiles (default: 2026)")
    s.add_argument("--as-of", type=_day, default=AS_OF, metavar="DATE", help=f"the referral date (default: {AS_OF})")
    pack_option(s)
    s.add_argument("--out", type=Path, metavar="FILE.jsonl", help="write here (default: standard output)")
    s.set_defaults(run=synth)
    b = sub.add_parser("batch", help="decide every profile of a caseload, one decision per line (JSON Lines)")
    b.add_argument("input", metavar="INPUT", help="a JSON Lines file, a directory of profiles, or '-' (standard input)")
    pack_option(b)
    b.add_argument("--out", type=Path, metavar="FILE.jsonl", help="write decisions here (default: standard output)")
    b.add_argument(
        "--errors", type=Path, metavar="FILE", help="write refusals here (default with --out: FILE.errors.jsonl)"
    )
    b.add_argument("--jobs", type=_count(1), default=1, metavar="N", help="worker processes (default: 1)")
    b.set_defaults(run=batch)


@contextmanager
def _writing(path: Path | None, option: str) -> Iterator[BinaryIO]:
    """A file opened to write (standard output for None), refused with the option that named it."""
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        f = path.open("wb")
    except OSError as exc:
        raise InputError([Problem(option, None, "", f"cannot write {path}: {exc.strerror}")]) from None
    with f:
        yield f


def synth(args: argparse.Namespace) -> int:
    """Write `args.n` synthetic profiles, one JSON object per line."""
    import orjson

    from ..check import usable_pack
    from ..pack import resolve_pack
    from ..synth.caseload import Caseload

    caseload = Caseload(usable_pack(resolve_pack(args.pack)), args.seed, args.as_of)
    with _writing(args.out, "--out") as out:
        left = args.n
        while left:
            block = min(left, SYNTH_BLOCK)
            out.write(b"".join(orjson.dumps(p, option=orjson.OPT_APPEND_NEWLINE) for p in caseload.profiles(block)))
            left -= block
    return 0


def _errors_path(args: argparse.Namespace) -> Path | None:
    """Where refusals are written: --errors, else beside --out (d.jsonl: d.errors.jsonl), else nowhere."""
    if args.errors is not None:
        return Path(args.errors)
    return args.out.with_suffix(".errors.jsonl") if args.out is not None else None


def batch(args: argparse.Namespace) -> int:
    """Decide every record of INPUT; 0 all decided, 1 some refused, 3 the rules engine failed on some."""
    from ..check import usable_pack
    from ..cli import EXIT_ENGINE, EXIT_OK, EXIT_PROBLEMS
    from ..pack import resolve_pack
    from .progress import Progress
    from .read import open_input
    from .run import run_batch

    pack = usable_pack(resolve_pack(args.pack))
    errors = _errors_path(args)
    _apart(args.input, args.out, errors)
    reader = open_input(args.input, pack)
    progress = Progress(sys.stderr, sys.stderr.isatty(), reader.size)
    try:
        with _writing(args.out, "--out") as out, _writing_errors(errors) as errors_file:
            totals = run_batch(reader, pack, out, errors_file, progress, args.jobs)
    finally:
        progress.close()
        reader.close()
    print(totals, file=sys.stderr)
    if totals.engine_failed:
        return EXIT_ENGINE
    return EXIT_PROBLEMS if totals.refused else EXIT_OK


def _apart(source: str, out: Path | None, errors: Path | None) -> None:
    """Refuse outputs that would overwrite the input or each other (opening one empties it)."""
    given = Path(source).resolve() if source != "-" else None
    if out is not None and out.resolve() == given:
        raise InputError([Problem("--out", None, "", "must not be the INPUT file")])
    if errors is not None and errors.resolve() in (given, out.resolve() if out else None):
        raise InputError([Problem("--errors", None, "", "must not be the INPUT file or the --out file")])


@contextmanager
def _writing_errors(path: Path | None) -> Iterator[BinaryIO | None]:
    if path is None:
        yield None
        return
    with _writing(path, "--errors") as f:
        yield f
