"""Opening the store: SQLite by default, PostgreSQL by URL, brought up to date by Alembic migrations."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def normal_url(url: str) -> str:
    """A database URL with the driver the service ships with: `postgresql://` means psycopg 3."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def now() -> str:
    """The time now, UTC, as the store writes it."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _sqlite(engine: Engine, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(conn: Any, _record: Any) -> None:
        conn.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's own
        cur = conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode keeps every commit through a killed process (not through power loss)
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # a writer takes the write lock at BEGIN: two writers that both read first would deadlock
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    """The database: `read()` and `write()` sessions, each one transaction."""

    def __init__(self, url: str):
        self.url = normal_url(url)
        self.sqlite = self.url.startswith("sqlite")
        if self.sqlite:
            self.reader = create_engine(self.url)
            self.writer = create_engine(self.url)
            _sqlite(self.reader, immediate=False)
            _sqlite(self.writer, immediate=True)
        else:
            self.reader = self.writer = create_engine(self.url, pool_size=10, max_overflow=30, pool_pre_ping=True)
        self._read = sessionmaker(self.reader, expire_on_commit=False)
        self._write = sessionmaker(self.writer, expire_on_commit=False)
        self._writing = threading.Lock()
        path = make_url(self.url).database if self.sqlite else None
        self._lock_path = f"{path}.write-lock" if path and path != ":memory:" else None
        self._lock_fd: tuple[int, int] | None = None  # (pid, fd): a forked worker opens its own

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading."""
        with self._read() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end, or not at all."""
        if not self.sqlite:
            with self._write.begin() as s:
                yield s
            return
        # SQLite: writers queue here, woken in turn, rather than in SQLite's busy handler, which
        # sleeps and polls (up to 100 ms a time) and made writes slow under load: one thread of
        # this process at a time, and one process at a time through a lock file beside the database
        with self._writing, self._file_lock(), self._write.begin() as s:
            yield s

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        if self._lock_path is None:
            yield
            return
        if self._lock_fd is None or self._lock_fd[0] != os.getpid():
            self._lock_fd = (os.getpid(), os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600))
        fd = self._lock_fd[1]
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def migrate(self) -> None:
        """Bring the database's tables up to date (Alembic `upgrade head`)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.writer.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()

    def close(self) -> None:
        """Close every pooled connection."""
        self.reader.dispose()
        self.writer.dispose()
        if self._lock_fd is not None and self._lock_fd[0] == os.getpid():
            os.close(self._lock_fd[1])
        self._lock_fd = None
