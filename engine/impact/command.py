"""`continuum impact`: decide a caseload under two packs and report what moves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from ..errors import InputError, Problem


def add_impact(sub: argparse._SubParsersAction, pack_help: str) -> None:
    """Register `continuum impact` on the command's subparsers."""
    p = sub.add_parser("impact", help="what moving a caseload from one pack to another changes")
    p.add_argument(
        "caseload", metavar="CASELOAD", help="profiles one per line (JSON Lines), a folder of them, a census CSV, or -"
    )
    p.add_argument("--baseline", required=True, metavar="DIR|NAME", help=f"the pack in use: {pack_help}")
    p.add_argument("--proposed", required=True, metavar="DIR|NAME", help="the pack proposed")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the board's page (one self-contained file)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON instead of the summary")
    p.add_argument(
        "--suppress-small", action="store_true", help="counts of 1-5 as 'c', others rounded to 10 (for sharing)"
    )


def run_impact(args: argparse.Namespace) -> int:
    """Compare the packs on the caseload; exit 1 if any record was refused, else 0."""
    from ..check import usable_pack
    from ..pack import resolve_pack
    from ..present.impact import render_html, render_summary
    from . import compare, read_caseload
    from .figures import figures

    baseline = usable_pack(resolve_pack(args.baseline, "--baseline"))
    proposed = usable_pack(resolve_pack(args.proposed, "--proposed"))
    families, refused = read_caseload(args.caseload, [baseline, proposed])
    for p in refused:
        print(p, file=sys.stderr)
    if not families:
        raise InputError([Problem(str(args.caseload), None, "", "no family in the caseload could be read")])
    fig = figures(compare(families, baseline, proposed, refused=len(refused)), suppress=args.suppress_small)
    if args.html:
        page = render_html(fig)
        try:
            args.html.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise InputError([Problem(str(args.html), None, "", f"cannot write the page: {exc.strerror}")]) from None
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(fig, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    else:
        sys.stdout.write(render_summary(fig))
    return 1 if refused else 0
