"""The store tests' databases work: a table written and read back on SQLite and on PostgreSQL.

When CI gives a server in CONTINUUM_TEST_POSTGRES_URL, the PostgreSQL database must be on it
(not on a throwaway cluster the fixture started instead).
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from postgres import ENV_URL, show
from sqlalchemy.engine import make_url


def test_a_table_is_written_and_read_back(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as conn:
            assert sa.inspect(conn).get_table_names() == [], "the database is not empty"
            conn.execute(sa.text("create table referral (id varchar(20) primary key, level integer not null)"))
            conn.execute(
                sa.text("insert into referral (id, level) values (:id, :level)"),
                [{"id": "R-2026-0001", "level": 2}, {"id": "R-2026-0002", "level": 4}],
            )
        with engine.connect() as conn:
            rows = conn.execute(sa.text("select id, level from referral order by id")).all()
            assert [tuple(r) for r in rows] == [("R-2026-0001", 2), ("R-2026-0002", 4)]
            if engine.dialect.name == "postgresql":
                version = conn.execute(sa.text("select version()")).scalar_one()
                assert "PostgreSQL" in version
                print(f"{version} at {show(database_url)}")
    finally:
        engine.dispose()


def test_postgres_url_is_a_database_of_its_own_on_the_configured_server(postgres_url: str) -> None:
    url = make_url(postgres_url)
    assert url.drivername == "postgresql+psycopg"
    if os.environ.get(ENV_URL):
        given = make_url(os.environ[ENV_URL])
        where = (url.host, url.port, url.username, url.query.get("host"), url.query.get("port"))
        assert where == (given.host, given.port, given.username, given.query.get("host"), given.query.get("port"))
    assert url.database and url.database.startswith("continuum_test_"), "a database made for the session"
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("select current_database()")).scalar_one() == url.database
    finally:
        engine.dispose()
    print(f"postgres_url: {show(postgres_url)}")
