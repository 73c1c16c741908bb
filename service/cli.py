"""The service's commands on `continuum`: serve, users, audit verify and audit replay."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from engine.cli import main
from engine.errors import InputError, Problem

from .auth.roles import ROLES
from .settings import DEFAULT_DATABASE

if TYPE_CHECKING:  # SQLAlchemy is imported only by the commands that open the store
    from .store import Store

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _database(p: argparse.ArgumentParser) -> None:
    default = os.environ.get("CONTINUUM_DATABASE_URL", DEFAULT_DATABASE)
    p.add_argument(
        "--database-url",
        default=default,
        metavar="URL",
        help=f"sqlite:///FILE or postgresql://USER@HOST/DB (default: {default}; or set CONTINUUM_DATABASE_URL)",
    )


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register serve, users and audit on `continuum`."""
    s = sub.add_parser("serve", help="run the early help hub service (pages and the JSON API)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    _database(s)
    s.add_argument("--pack", metavar="DIR|NAME", help="the pack in force (default: default)")
    workers = min(2, os.cpu_count() or 1)  # measured with bench/load.py: two share the decisions' CPU
    s.add_argument("--workers", type=int, default=workers, help=f"worker processes (default: {workers})")
    s.set_defaults(run=_serve)
    u = sub.add_parser("users", help="add or list the service's users")
    us = u.add_subparsers(dest="users_command", required=True)
    add = us.add_parser("add", help="create a user and print their API token (shown once)")
    add.add_argument("name", help="a staff handle (not an email or a real name)")
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    _database(add)
    add.set_defaults(run=_users_add)
    ls = us.add_parser("list", help="list users and their roles")
    _database(ls)
    ls.set_defaults(run=_users_list)
    a = sub.add_parser("audit", help="check the audit trail, or decide a recorded referral again")
    aus = a.add_subparsers(dest="audit_command", required=True)
    v = aus.add_parser("verify", help="check every entry's hash and link: exit 1 on any edit, swap or deletion")
    _database(v)
    v.set_defaults(run=_audit_verify)
    r = aus.add_parser("replay", help="decide a recorded referral again under the pack it was decided with")
    r.add_argument("id", type=int, help="the referral's number in the service")
    _database(r)
    r.set_defaults(run=_audit_replay)


def _store(url: str) -> Store:
    from sqlalchemy.exc import ArgumentError, OperationalError

    from .store import Store

    if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
        expected = "expected sqlite:///FILE or postgresql://USER@HOST/DATABASE"
        raise InputError(
            [Problem("--database-url", None, "", f"'{url.split(':')[0]}' is not a database this serves: {expected}")]
        )
    try:
        store = Store(url)
        store.migrate()
    except (ArgumentError, OperationalError, ValueError) as exc:
        reason = str(exc).splitlines()[0]
        raise InputError([Problem("--database-url", None, "", f"cannot open the database: {reason}")]) from None
    return store


def _password(args: argparse.Namespace) -> str | None:
    from .auth.secrets import MIN_PASSWORD

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.name} (empty for API use only): ")
        if password and getpass.getpass("Again: ") != password:
            raise InputError([Problem("password", None, "", "the two passwords differ")])
    else:
        return None
    if password and len(password) < MIN_PASSWORD:
        raise InputError([Problem("password", None, "", f"use at least {MIN_PASSWORD} characters")])
    return password or None


def _users_add(args: argparse.Namespace) -> int:
    from .store.users import add_user, by_name, name_problem

    if (problem := name_problem(args.name)) is not None:
        raise InputError([Problem("NAME", None, "", problem)])
    password = _password(args)
    store = _store(args.database_url)
    with store.write() as s:
        if by_name(s, args.name) is not None:
            raise InputError([Problem("NAME", None, "", f"there is already a user '{args.name}'")])
        token = add_user(s, args.name, args.role, password)
        from .store.audit import append

        append(s, "command line", "user_added", args.name, {"role": args.role}, {})
    print(f"Added {args.name} ({args.role}){'' if password else ', for the API only (no password)'}.")
    print(f"API token (shown once, keep it safe): {token}")
    return EXIT_OK


def _users_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from .store.tables import User

    with _store(args.database_url).read() as s:
        for u in s.scalars(select(User).order_by(User.name)):
            print(f"{u.name}\t{u.role}\t{'active' if u.active else 'removed'}")
    return EXIT_OK


def _audit_verify(args: argparse.Namespace) -> int:
    from .store.audit import verify

    with _store(args.database_url).read() as s:
        found = verify(s)
    for p in found.problems:
        print(p)
    if found.ok:
        print(f"the audit trail verifies: {found.entries:,} entries, each linked to the one before")
        return EXIT_OK
    print(f"the audit trail does NOT verify ({len(found.problems)} problems shown)")
    return EXIT_PROBLEMS


def _audit_replay(args: argparse.Namespace) -> int:
    from .replay import replay

    differences = replay(_store(args.database_url), args.id)
    for d in differences:
        print(d)
    if differences:
        print(f"referral {args.id}: the decision differs from the recorded one in {len(differences)} places")
        return EXIT_PROBLEMS
    print(f"referral {args.id}: decided again under the same pack, the decision is the same")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from engine import api

    from .first_run import first_admin
    from .settings import Settings

    api.load(args.pack)  # a broken pack is refused before anything starts
    settings = Settings(database_url=args.database_url, pack=args.pack)
    store = _store(settings.database_url)
    first_admin(store)
    store.close()
    os.environ.update(settings.to_env())
    shown = "localhost" if args.host in ("127.0.0.1", "::1", "localhost") else args.host
    print(f"Continuum is serving on http://{shown}:{args.port}/ (the JSON API's reference: /docs). Ctrl-C stops it.")
    uvicorn.run(
        "service.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        access_log=False,  # addresses can carry referral numbers; nothing personal goes to the log
        server_header=False,
        # clients that pause longer than uvicorn's 5 s default found their kept-alive connection closed
        # under them mid-request; 75 s is what nginx allows
        timeout_keep_alive=75,
    )
    return EXIT_OK


def entry() -> None:
    """The `continuum` console script: the engine's commands and the service's."""
    sys.exit(main(extend=add_commands))
