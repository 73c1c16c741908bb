"""The store on SQLite and on a real PostgreSQL: migrations, users, the audit chain under concurrent
writers, a referral and its audit entry written together or not at all, and replay."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from engine import api
from service.app import create_app
from service.auth.who import Who
from service.packs import bring_into_force
from service.replay import replay
from service.settings import Settings
from service.store import Store
from service.store import audit as audit_module
from service.store.audit import append, verify
from service.store.tables import AuditEntry, Base, Referral, User
from service.store.users import add_user, by_name, by_token, end_session, session_user, start_session
from service.work import create_referral

from .conftest import example


@pytest.fixture
def store(database_url):
    s = Store(database_url)
    s.migrate()
    yield s
    s.close()


def _tables(store: Store) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(store.writer).get_table_names())


def test_migrations_from_empty_to_head_twice_match_the_tables(database_url):
    store = Store(database_url)
    try:
        assert _tables(store) == set()
        store.migrate()
        store.migrate()  # a second run changes nothing and does not fail
        assert set(Base.metadata.tables) <= _tables(store)
        with store.writer.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], diff
        with store.read() as s:  # the head row and the secret are made once, not once per run
            assert s.execute(text("select count(*) from audit_head")).scalar() == 1
            assert s.execute(text("select count(*) from settings where key = 'secret'")).scalar() == 1
    finally:
        store.close()


def test_users_tokens_and_sessions(store):
    with store.write() as s:
        token = add_user(s, "hw.one", "hub_worker", None)
    with store.read() as s:
        user = by_token(s, token)
        assert user is not None and (user.name, user.role) == ("hw.one", "hub_worker")
        assert by_token(s, token + "x") is None
        assert token not in {u.token_hash for u in s.scalars(select(User))}  # only its hash is kept
    with store.write() as s:
        cookie = start_session(s, by_name(s, "hw.one"), hours=1)
    with store.read() as s:
        assert session_user(s, cookie).name == "hw.one"
        assert session_user(s, "not-a-cookie") is None
    with store.write() as s:
        end_session(s, cookie)
    with store.read() as s:
        assert session_user(s, cookie) is None
    with store.write() as s:
        s.execute(text("update users set active = :f"), {"f": False})
    with store.read() as s:
        assert by_token(s, token) is None


def test_audit_append_and_verify(store):
    with store.write() as s:
        for i in range(5):
            append(s, "tester", "note", f"S{i}", {"i": i}, {"ok": True})
    with store.read() as s:
        found = verify(s)
        assert found.ok and found.entries == 5
    with store.write() as s:
        s.execute(text("update audit set actor = 'someone else' where seq = 2"))
    with store.read() as s:
        assert not verify(s).ok


def test_concurrent_appends_leave_one_unbroken_chain(store):
    threads, each = 8, 50
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(each):
                with store.write() as s:
                    append(s, f"thread{n}", "note", f"T{n}-{i}", {"n": n, "i": i}, {})
        except BaseException as exc:
            failures.append(exc)

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert not failures, failures
    with store.read() as s:
        found = verify(s)
        seqs = list(s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
        subjects = set(s.scalars(select(AuditEntry.subject)))
    assert found.ok, found.problems
    assert found.entries == threads * each
    assert seqs == list(range(1, threads * each + 1))  # no gaps, no repeats
    assert len(subjects) == threads * each


@pytest.fixture
def pack_store(store):
    ref = api.load(None)
    bring_into_force(store, ref)
    with store.write() as s:
        add_user(s, "hub_worker", "hub_worker", None)
    with store.read() as s:
        u = by_name(s, "hub_worker")
        who = Who(u.id, u.name, u.role)
    return store, ref, who


def _counts(store: Store) -> tuple[int, int]:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(Referral)), s.scalar(
            select(func.count()).select_from(AuditEntry)
        )


def test_a_referral_and_its_audit_entry_are_written_together_or_not_at_all(pack_store, monkeypatch):
    store, ref, who = pack_store
    before = _counts(store)
    made = create_referral(store, ref, who, example())
    assert _counts(store) == (before[0] + 1, before[1] + 1)
    with store.read() as s:
        last = s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        assert (last.action, last.subject) == ("referral", str(made.id))

    def broken(*args, **kwargs):
        raise RuntimeError("the audit append failed")

    monkeypatch.setattr("service.work.append", broken)
    monkeypatch.setattr(audit_module, "append", broken)
    with pytest.raises(RuntimeError):
        create_referral(store, ref, who, example("young-mother"))
    assert _counts(store) == (before[0] + 1, before[1] + 1)  # neither the referral nor an entry
    with store.read() as s:
        assert verify(s).ok


def test_replay_gives_the_same_decision_and_shows_a_changed_one(pack_store):
    store, ref, who = pack_store
    made = create_referral(store, ref, who, example("teen-offending"))
    assert replay(store, made.id) == []
    with store.write() as s:
        s.execute(
            text("update referrals set decision = replace(decision, :a, :b) where id = :id"),
            {"a": '"escalate":false', "b": '"escalate":true', "id": made.id},
        )
    assert any("escalate" in d for d in replay(store, made.id))


def test_the_app_runs_on_either_database(database_url):
    app = create_app(Settings(database_url=database_url))
    store = app.state.store
    try:
        with store.write() as s:
            token = add_user(s, "pg.worker", "hub_worker", None)
        c = TestClient(app, base_url="https://testserver", headers={"authorization": f"Bearer {token}"})
        made = c.post("/api/v1/referrals", json=example())
        assert made.status_code == 201, made.text
        got = c.get(f"/api/v1/referrals/{made.json()['id']}")
        assert got.status_code == 200 and got.json()["decision"] == made.json()["decision"]
        with store.read() as s:
            assert verify(s).ok
    finally:
        store.close()
