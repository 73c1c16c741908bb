"""Users, for admins: listed, added (the API token shown once) and deactivated, each with its audit entry."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from .auth.roles import ROLES
from .auth.secrets import MIN_PASSWORD
from .auth.who import Who
from .store import Store
from .store.audit import append
from .store.tables import Session as Login
from .store.tables import User
from .store.users import add_user, name_problem


class Refused(Exception):
    """The change cannot be made: each problem by the field it is about. Nothing was stored."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


@dataclass(frozen=True)
class Person:
    """A user as the users page lists them."""

    id: int
    name: str
    role: str
    created_at: str
    active: bool


def everyone(store: Store) -> list[Person]:
    """Every user, active ones first, by name."""
    with store.read() as s:
        rows = s.scalars(select(User).order_by(User.active.desc(), User.name))
        return [Person(u.id, u.name, u.role, u.created_at, u.active) for u in rows]


def add(store: Store, who: Who, name: str, role: str, password: str) -> str:
    """Add a user and return their API token, to show once; the password is never logged."""
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "Enter a user name"
    elif (why := name_problem(name)) is not None:
        problems["name"] = f"User name: {why}"
    if role not in ROLES:
        problems["role"] = "Choose a role"
    if len(password) < MIN_PASSWORD:
        problems["password"] = f"The password must be at least {MIN_PASSWORD} characters"
    elif len(password) > 200:
        problems["password"] = "The password must be 200 characters or fewer"
    if problems:
        raise Refused(problems)
    with store.write() as s:
        if s.scalar(select(User.id).where(User.name == name)) is not None:
            raise Refused({"name": f"There is already a user called {name}: choose another name"})
        token = add_user(s, name, role, password)
        s.flush()
        append(s, who.name, "user_added", name, {"name": name, "role": role}, {"active": True})
    return token


def deactivate(store: Store, who: Who, user_id: int) -> str:
    """Stop a user signing in or using their token, and end their sessions; returns their name."""
    if user_id == who.id:
        raise Refused({"user": "You cannot deactivate yourself: ask another admin"})
    with store.write() as s:
        user = s.get(User, user_id, with_for_update=True)
        if user is None or not user.active:
            raise Refused({"user": "Choose an active user to deactivate"})
        user.active = False
        s.execute(delete(Login).where(Login.user_id == user_id))
        append(s, who.name, "user_removed", user.name, {"name": user.name}, {"role": user.role, "active": False})
        return user.name
