"""Small builders for test data."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from hearing.models import Case, Role, User, UserRole
from hearing.passwords import hash_password

_counter = itertools.count(1)


def make_user(session: Session, username: str | None = None, *roles: Role, **kw: object) -> User:
    n = next(_counter)
    user = User(
        username=username or f"user{n}", full_name=kw.pop("full_name", f"User {n}"),
        password_hash=kw.pop("password_hash", hash_password("correct horse battery")),
        must_change_password=False, **kw,
    )
    user.roles = [UserRole(role=r.value) for r in roles]
    session.add(user)
    session.flush()
    return user


def make_case(session: Session, **kw: object) -> Case:
    n = next(_counter)
    values: dict[str, object] = {
        "v_number": f"V1{n:08d}", "family_name": "Haddad", "given_names": "Lina",
        "date_of_birth": dt.date(1995, 9, 3), "nationality": "SYR", "preferred_locale": "ar",
    }
    values.update(kw)
    case = Case(**values)
    session.add(case)
    session.flush()
    return case
