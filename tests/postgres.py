"""PostgreSQL for the store tests: an empty, freshly created database, and never a silent skip.

Fixtures (re-exported by tests/conftest.py, so any test in tests/ can ask for them):

- `postgres_url`: a SQLAlchemy URL (`postgresql+psycopg://...`) of an empty database created for
  the test session, dropped at its end.
- `database_url`: parametrized over `sqlite` and `postgresql`, a fresh empty database for each test
  (a file in tmp_path; a new database on the session's server), so a store test is written once
  and runs on both.

Where the server comes from:

1. `CONTINUUM_TEST_POSTGRES_URL` (`postgresql://user[:password]@host[:port]/dbname`, or a unix
   socket as `postgresql://user@/dbname?host=/run/dir`): that server; the role must be allowed
   to create databases. The databases are created there with unique names and dropped after.
2. Otherwise a throwaway cluster: initdb and pg_ctl from the highest version under
   /usr/lib/postgresql/*/bin (or from `CONTINUUM_PG_BIN`, or from PATH), initialised in a
   temporary directory (as the `postgres` system user when we are root, since initdb refuses
   root), listening only on a unix socket in that directory; stopped and removed at the end.

If neither works, the tests that use PostgreSQL fail, saying why and how to install it, unless
`CONTINUUM_SKIP_POSTGRES=1` is set: then they are skipped with that reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

ENV_URL = "CONTINUUM_TEST_POSTGRES_URL"
ENV_SKIP = "CONTINUUM_SKIP_POSTGRES"
ENV_BIN = "CONTINUUM_PG_BIN"
DRIVER = "postgresql+psycopg"
HOW_TO_INSTALL = (
    "Install PostgreSQL (Debian or Ubuntu, as root): apt-get install postgresql\n"
    "  (the tests then start a throwaway server from /usr/lib/postgresql/*/bin themselves),\n"
    f"or set {ENV_URL}=postgresql://user:password@host:port/postgres to a server where that user may\n"
    f"create databases. To skip the PostgreSQL tests on purpose, set {ENV_SKIP}=1."
)


quote = postgresql.dialect().identifier_preparer.quote


class Unavailable(Exception):
    """No PostgreSQL server could be used; the message says why."""


# ---------------------------------------------------------------- a server, and databases on it


def _as_driver(url: str) -> URL:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise Unavailable(f"{ENV_URL} is not a postgresql:// URL: {parsed.render_as_string()}")
    return parsed.set(drivername=DRIVER)


def show(url: URL | str) -> str:
    """A URL as text, with any password hidden."""
    return (make_url(url) if isinstance(url, str) else url).render_as_string(hide_password=True)


@dataclass
class Server:
    """A PostgreSQL server: `admin` is a database to connect to while creating and dropping others."""

    admin: URL
    origin: str  # where it came from, for the session's summary
    version: str = ""
    created: list[str] = field(default_factory=list)

    def _engine(self) -> sa.Engine:
        return sa.create_engine(self.admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def check(self) -> None:
        try:
            with self._engine().connect() as conn:
                self.version = str(conn.execute(sa.text("select version()")).scalar_one())
        except sa.exc.SQLAlchemyError as e:
            raise Unavailable(f"cannot connect to {show(self.admin)} ({self.origin}): {e.__cause__ or e}") from e

    def create_database(self) -> str:
        """A new, empty database with a unique name: its URL."""
        name = f"continuum_test_{os.getpid()}_{secrets.token_hex(4)}"
        try:
            with self._engine().connect() as conn:
                conn.execute(sa.text(f"CREATE DATABASE {quote(name)}"))
        except sa.exc.SQLAlchemyError as e:
            raise Unavailable(
                f"cannot create a database on {show(self.admin)} ({self.origin}); "
                f"the role needs CREATEDB: {e.__cause__ or e}"
            ) from e
        self.created.append(name)
        return self.admin.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        """Drop a database made by create_database, closing any connection a test left open."""
        name = make_url(url).database
        assert name in self.created, name
        with self._engine().connect() as conn:
            version = int(conn.execute(sa.text("show server_version_num")).scalar_one())
            force = " WITH (FORCE)" if version >= 130000 else ""  # closes what a test left open
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {quote(name)}{force}"))
        self.created.remove(name)


# ---------------------------------------------------------------- a throwaway cluster


def _version_key(bin_dir: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", Path(bin_dir).parent.name))


def find_bin() -> Path:
    """The directory holding initdb and pg_ctl: $CONTINUUM_PG_BIN, the newest Debian one, or PATH's."""
    wanted = ("initdb", "pg_ctl")
    if os.environ.get(ENV_BIN):
        where = Path(os.environ[ENV_BIN])
        missing = [w for w in wanted if not (where / w).is_file()]
        if missing:
            raise Unavailable(f"{ENV_BIN}={where} has no {' or '.join(missing)}")
        return where
    debian = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if all(Path(d, w).is_file() for w in wanted)]
    if debian:
        return Path(max(debian, key=_version_key))
    on_path = shutil.which("initdb")
    if on_path and (Path(on_path).parent / "pg_ctl").is_file():
        return Path(on_path).parent
    raise Unavailable("no initdb and pg_ctl under /usr/lib/postgresql/*/bin nor on PATH")


@dataclass
class Cluster:
    """A PostgreSQL cluster in a temporary directory, on a unix socket there and no TCP port."""

    bin: Path
    root: Path
    as_postgres: list[str]  # the prefix that runs a command as the cluster's owner
    port: int = 5432  # only names the socket file; the socket directory is ours alone

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def run(self, *args: str, timeout: float = 120) -> None:
        env = {**os.environ, "LC_ALL": "C"}
        for var in ("PGDATA", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGOPTIONS"):
            env.pop(var, None)
        result = subprocess.run(
            [*self.as_postgres, *args], cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise Unavailable(
                f"`{shlex.join(args)}` failed ({result.returncode}):\n{result.stdout}{result.stderr}{log}".rstrip()
            )

    @classmethod
    def start(cls) -> Cluster:
        bin_dir = find_bin()
        as_postgres: list[str] = []
        root = Path(tempfile.mkdtemp(prefix="continuum-pg-"))
        try:
            if os.geteuid() == 0:
                try:
                    owner = pwd.getpwnam("postgres")
                except KeyError:
                    raise Unavailable(
                        "we are root, initdb refuses to run as root, and there is no `postgres` system user "
                        "to run it as (Debian's postgresql package creates one)"
                    ) from None
                runuser = shutil.which("runuser")
                if runuser is None:
                    raise Unavailable("we are root and runuser (util-linux) is missing to run initdb as `postgres`")
                os.chown(root, owner.pw_uid, owner.pw_gid)
                as_postgres = [runuser, "-u", "postgres", "--"]
            cluster = cls(bin_dir, root, as_postgres)
            cluster.run(
                str(bin_dir / "initdb"),
                *("-D", str(cluster.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"),
            )
            options = (
                f"-c listen_addresses='' -k {shlex.quote(str(root))} -p {cluster.port}"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            cluster.run(
                str(bin_dir / "pg_ctl"),
                *("-D", str(cluster.data), "-l", str(cluster.log), "-o", options, "-w", "-t", "60", "start"),
            )
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return cluster

    @property
    def url(self) -> URL:
        return URL.create(
            DRIVER, username="postgres", database="postgres", query={"host": str(self.root), "port": str(self.port)}
        )

    def stop(self) -> None:
        try:
            self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


# ---------------------------------------------------------------- fixtures


def _unavailable(why: Unavailable) -> NoReturn:
    reason = f"PostgreSQL is needed by this test and none could be used: {why}"
    if os.environ.get(ENV_SKIP) == "1":
        pytest.skip(f"{ENV_SKIP}=1 is set, so skipped: {reason}")
    pytest.fail(f"{reason}\n\n{HOW_TO_INSTALL}", pytrace=False)


_servers: list[Server] = []  # the session's server, for the terminal summary


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The session's PostgreSQL server: $CONTINUUM_TEST_POSTGRES_URL's, or a throwaway cluster."""
    cluster: Cluster | None = None
    problem: Unavailable | None = None
    try:
        if os.environ.get(ENV_URL):
            server = Server(_as_driver(os.environ[ENV_URL]), f"from {ENV_URL}")
        else:
            cluster = Cluster.start()
            server = Server(cluster.url, f"a throwaway cluster from {cluster.bin}")
        server.check()
    except Unavailable as why:
        problem = why
    if problem is not None:  # failed or skipped outside the except block, so without a chained traceback
        if cluster is not None:
            cluster.stop()
        _unavailable(problem)
    _servers.append(server)
    try:
        yield server
    finally:
        try:
            for name in list(server.created):  # left by a test whose own teardown failed
                server.drop_database(server.admin.set(database=name).render_as_string(hide_password=False))
        finally:
            if cluster is not None:
                cluster.stop()


def _fresh(server: Server) -> str:
    problem: Unavailable | None = None
    try:
        return server.create_database()
    except Unavailable as why:
        problem = why
    _unavailable(problem)
    raise AssertionError("not reached: _unavailable fails or skips")


@pytest.fixture(scope="session")
def postgres_url(postgres_server: Server) -> Iterator[str]:
    """A SQLAlchemy URL (postgresql+psycopg://...) of an empty database made for this test session."""
    url = _fresh(postgres_server)
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for this test: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    server: Server = request.getfixturevalue("postgres_server")
    url = _fresh(server)
    yield url
    server.drop_database(url)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which PostgreSQL server the tests ran against, so a CI log shows it."""
    for server in _servers:
        version = server.version.split(" on ")[0]
        terminalreporter.write_line(f"PostgreSQL tests ran on {version} at {show(server.admin)}, {server.origin}")
