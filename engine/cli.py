"""The `continuum` command: triage, check, diff, schema."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import EngineError, InputError

EXIT_OK, EXIT_PROBLEMS, EXIT_INPUT, EXIT_ENGINE = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="continuum",
        description="Decision support for children's early help. "
        "It supports professional judgement and never replaces it.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("triage", help="decide one family profile (YAML or JSON; '-' reads standard input)")
    t.add_argument("file")
    t.add_argument("--pack", type=Path, help="rule pack directory (default: the bundled pack)")
    t.add_argument("--json", action="store_true", help="print the decision object")
    t.add_argument(
        "--backend",
        choices=("durable", "reference"),
        default="durable",
        help="durable-rules (default) or the pure-Python reference evaluator",
    )
    c = sub.add_parser("check", help="validate and lint a rule pack")
    c.add_argument("--pack", type=Path)
    d = sub.add_parser("diff", help="list what changed between two rule packs, in policy words")
    d.add_argument("pack_a", metavar="PACK_A", help="the pack before: a directory, or 'default'")
    d.add_argument("pack_b", metavar="PACK_B", help="the pack after: a directory, or 'default'")
    d.add_argument("--json", action="store_true", help="print the changes as a JSON list")
    s = sub.add_parser("schema", help="write JSON Schema for rule files, profiles and decisions")
    s.add_argument("--pack", type=Path, help="pack whose indicator codes the profile schema lists")
    s.add_argument("--out", type=Path, default=Path("schema"), help="directory to write (default: schema)")
    return p


def _triage(args: argparse.Namespace) -> int:
    from .check import usable_pack
    from .decide import decide
    from .evaluate import make_backend
    from .present.text import render_text
    from .profile import read_profile

    pack = usable_pack(args.pack)
    family = read_profile(args.file, pack)
    decision = decide(family, pack, make_backend(args.backend, pack))
    sys.stdout.write(decision.to_json() if args.json else render_text(decision))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .check import cache, check_pack
    from .pack import load_pack

    pack, problems = check_pack(load_pack(args.pack))
    if pack is not None and not problems:
        cache.put(pack)
    for p in problems:
        print(p)
    if not problems:
        print("pack is clean")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _pack_dir(given: str) -> Path:
    """A pack directory, or the bundled pack for the name 'default'."""
    from .pack import default_pack_dir

    path = Path(given)
    return default_pack_dir() if given == "default" and not path.is_dir() else path


def _diff(args: argparse.Namespace) -> int:
    from .diff import diff_packs, render_json, render_text
    from .errors import Problem
    from .pack import load_pack

    packs, problems = [], []
    for given in (args.pack_a, args.pack_b):
        try:
            packs.append(load_pack(_pack_dir(given)))
        except InputError as exc:
            problems += exc.problems or [Problem(given, None, "", "cannot read the pack")]
    if problems:
        raise InputError(problems)
    changes = diff_packs(*packs)
    sys.stdout.write(render_json(changes) if args.json else render_text(changes))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .pack.jsonschema import write_schemas

    for path in write_schemas(args.out, args.pack):
        print(path)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run = {"triage": _triage, "check": _check, "diff": _diff, "schema": _schema}[args.command]
    try:
        return run(args)
    except InputError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return EXIT_INPUT
    except EngineError as exc:
        print(f"continuum: the rules engine failed, no decision was made: {exc}", file=sys.stderr)
        return EXIT_ENGINE
    except Exception as exc:  # a bug: say so plainly; CONTINUUM_DEBUG=1 shows the traceback
        if os.environ.get("CONTINUUM_DEBUG"):
            raise
        print(
            f"continuum: internal error, no decision was made ({type(exc).__name__}: {exc}). "
            "Please report it; set CONTINUUM_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return EXIT_ENGINE


def entry() -> None:
    sys.exit(main())
