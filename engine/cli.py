"""The `continuum` command: triage, check, test, diff, schema, pack init, pack show, import cin and impact."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import EngineError, InputError
from .importers.command import add_import_parser, run_import

EXIT_OK, EXIT_PROBLEMS, EXIT_INPUT, EXIT_ENGINE = 0, 1, 2, 3


PACK_HELP = "a pack directory, or the name of a pack that ships with Continuum (default: default)"


def _pack_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", metavar="DIR|NAME", help=PACK_HELP)


def _backend_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--backend",
        choices=("durable", "reference"),
        default="durable",
        help="durable-rules (default) or the pure-Python reference evaluator",
    )


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(
        prog="continuum",
        description="Decision support for children's early help. "
        "It supports professional judgement and never replaces it.",
    )
    p.add_argument("--version", action="version", version=f"continuum {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("triage", help="decide one family profile (YAML or JSON; '-' reads standard input)")
    t.add_argument("file")
    _pack_option(t)
    t.add_argument("--json", action="store_true", help="print the decision object")
    _backend_option(t)
    c = sub.add_parser("check", help="validate and lint a rule pack")
    _pack_option(c)
    c.add_argument(
        "--against",
        metavar="DIR|NAME",
        help="also decide a synthetic caseload under this pack and this one: a lost escalation is a problem",
    )
    tc = sub.add_parser("test", help="run a pack's cases (cases/*.yaml) and report each one that differs")
    tc.add_argument("files", nargs="*", metavar="FILE", help="case files to run (default: the pack's cases/*.yaml)")
    _pack_option(tc)
    _backend_option(tc)
    s = sub.add_parser("schema", help="write JSON Schema for rule files, profiles, cases and decisions")
    _pack_option(s)
    s.add_argument("--out", type=Path, required=True, metavar="DIR", help="directory to write the schemas into")
    pk = sub.add_parser("pack", help="copy or describe a rule pack")
    pack_sub = pk.add_subparsers(dest="pack_command", required=True)
    init = pack_sub.add_parser("init", help="write an editable copy of a pack (rules/, pathways/, cases/)")
    init.add_argument("dir", type=Path, metavar="DIR", help="a new (or empty) directory")
    init.add_argument("--from", dest="source", metavar="NAME|DIR", help="the pack to copy (default: default)")
    show = pack_sub.add_parser("show", help="name, version, digest, dates, levels, indicators, programmes")
    _pack_option(show)
    show.add_argument("--json", action="store_true", help="print it as JSON")
    d = sub.add_parser("diff", help="list what changed between two rule packs, in policy words")
    d.add_argument("pack_a", metavar="PACK_A", help="the pack before: a directory, or a bundled pack's name")
    d.add_argument("pack_b", metavar="PACK_B", help="the pack after: a directory, or a bundled pack's name")
    d.add_argument("--json", action="store_true", help="print the changes as a JSON list")
    from .impact.command import add_impact

    add_impact(sub, PACK_HELP)
    add_import_parser(sub, _pack_option)
    from .caseload.cli import add_commands  # synth and batch, each run by its own args.run

    add_commands(sub, _pack_option)
    return p


def _triage(args: argparse.Namespace) -> int:
    from .check import usable_pack
    from .decide import decide
    from .evaluate import make_backend
    from .pack import resolve_pack
    from .profile import read_profile

    pack = usable_pack(resolve_pack(args.pack))
    family = read_profile(args.file, pack)
    decision = decide(family, pack, make_backend(args.backend, pack))
    if args.json:
        sys.stdout.write(decision.to_json())
    else:
        from .present.text import render_text  # Jinja2 is loaded only for the readable summary

        sys.stdout.write(render_text(decision))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .check import cache, check_pack
    from .pack import load_pack, resolve_pack

    pack, problems = check_pack(load_pack(resolve_pack(args.pack)))
    if pack is not None and not problems:
        cache.put(pack)
        if args.against:
            from .check import usable_pack
            from .impact.guard import lost_escalations

            against = usable_pack(resolve_pack(args.against, "--against"))
            where = str(resolve_pack(args.pack) / "rules" / "safeguarding.yaml")
            problems = lost_escalations(pack, against, where)
    for p in problems:
        print(p)
    if not problems:
        print("pack is clean")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from .diff import diff_packs, render_json, render_text
    from .errors import Problem
    from .pack import load_pack, resolve_pack

    packs, problems = [], []
    for given, option in ((args.pack_a, "PACK_A"), (args.pack_b, "PACK_B")):
        try:
            packs.append(load_pack(resolve_pack(given, option)))
        except InputError as exc:
            problems += exc.problems or [Problem(given, None, "", "cannot read the pack")]
    if problems:
        raise InputError(problems)
    changes = diff_packs(*packs)
    sys.stdout.write(render_json(changes) if args.json else render_text(changes))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .pack import resolve_pack
    from .pack.jsonschema import write_schemas

    for path in write_schemas(args.out, resolve_pack(args.pack)):
        print(path)
    return EXIT_OK


def _test(args: argparse.Namespace) -> int:
    from .cases import case_files, read_cases, run_cases, shown, summary
    from .check import usable_pack
    from .evaluate import make_backend
    from .pack import resolve_pack

    root = resolve_pack(args.pack)
    pack = usable_pack(root)
    paths = [Path(f) for f in args.files] or case_files(root)
    if not paths:
        print(f"0 cases: {shown(root / 'cases')} holds no case files (*.yaml), so nothing was tested")
        return EXIT_OK
    outcomes = run_cases(read_cases(paths, pack), pack, make_backend(args.backend, pack))
    for o in outcomes:
        if not o.passed:
            print(o)
    print(summary(outcomes))
    return EXIT_OK if all(o.passed for o in outcomes) else EXIT_PROBLEMS


def _pack_init(args: argparse.Namespace) -> int:
    from .pack import load_pack, resolve_pack
    from .pack.copy import copy_pack
    from .present.pack import next_steps

    source = resolve_pack(args.source, "--from")
    written = copy_pack(source, args.dir)
    sys.stdout.write(next_steps(load_pack(args.dir), args.source or "default", written))
    return EXIT_OK


def _pack_show(args: argparse.Namespace) -> int:
    import json

    from .pack import resolve_pack
    from .present.pack import describe, render_description

    about = describe(resolve_pack(args.pack))
    sys.stdout.write(json.dumps(about, indent=2) + "\n" if args.json else render_description(about))
    return EXIT_OK


def _impact(args: argparse.Namespace) -> int:
    from .impact.command import run_impact

    return run_impact(args)


def _pack(args: argparse.Namespace) -> int:
    return _pack_init(args) if args.pack_command == "init" else _pack_show(args)


def main(argv: list[str] | None = None, extend: Callable[[argparse._SubParsersAction], None] | None = None) -> int:
    """Run one `continuum` command; the exit code (0 done, 1 problems, 2 bad input, 3 engine failure).

    `extend` adds commands from outside the engine (the service's), each run by its `args.run`."""
    parser = _parser()
    if extend is not None:
        extend(next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)))
    args = parser.parse_args(argv)
    run = {
        "triage": _triage,
        "check": _check,
        "test": _test,
        "diff": _diff,
        "schema": _schema,
        "pack": _pack,
        "impact": _impact,
        "import": run_import,
    }.get(args.command) or args.run
    try:
        return run(args)
    except InputError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return EXIT_INPUT
    except EngineError as exc:
        print(f"continuum: the rules engine failed, no decision was made: {exc}", file=sys.stderr)
        return EXIT_ENGINE
    except BrokenPipeError:  # the reader went away (`continuum check | head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
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
    """The console script: run the command and exit with its code."""
    sys.exit(main())
