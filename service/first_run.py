"""The first run: with no users yet, make an admin and print its password and API token once."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from .store import Store
from .store.audit import append
from .store.tables import User
from .store.users import add_user


def first_admin(store: Store) -> None:
    """Create `admin` with a random password if the store has no users; say so on the terminal."""
    with store.write() as s:
        if s.scalar(select(func.count()).select_from(User)):
            return
        password = secrets.token_urlsafe(12)
        token = add_user(s, "admin", "admin", password)
        append(s, "service", "user_added", "admin", {"role": "admin", "first_run": True}, {})
    print("First run: created the user 'admin' (role admin) to add everyone else.")
    print(f"  password:  {password}")
    print(f"  API token: {token}")
    print("  Both are shown once. Add staff with `continuum users add NAME --role ROLE` or on the Users page.")
