"""Fixtures for the vault tests: own databases (``create_all``), a fast keyring, cheap KDFs.

The KDF costs here are lowered only to keep the suite quick; the code paths are the same.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hearing.db import Database
from hearing.models import Base, Case, Organisation, OrganisationKind, User
from hearing.vault.drafts import KdfParams
from hearing.vault.office import OfficeKeyring, ScryptParams, generate_keyring, load_keyring

PG_URL = os.environ.get(
    "HEARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
FAST_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=256, parallelism=1)
PASSPHRASE = "correct horse battery staple"
PEPPER = "test-pepper-not-secret"


def _sqlite_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'vault.sqlite3'}")
    Base.metadata.create_all(db.engine)
    return db


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """SQLite only: most vault tests are about bytes, not the database engine."""
    database = _sqlite_db(tmp_path)
    yield database
    database.dispose()


def _postgres_db() -> Iterator[Database]:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        admin.dispose()
        reason = f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"
        if os.environ.get("REQUIRE_POSTGRES", "") not in ("", "0", "false", "no"):
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"vault_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    database = Database(url.render_as_string(hide_password=False))
    try:
        Base.metadata.create_all(database.engine)
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same test on SQLite and on PostgreSQL (skipped with a reason if there is none)."""
    if request.param == "sqlite":
        database = _sqlite_db(tmp_path)
        yield database
        database.dispose()
    else:
        yield from _postgres_db()


@pytest.fixture
def keyring(tmp_path: Path) -> OfficeKeyring:
    directory = tmp_path / "keys"
    generate_keyring(directory, PASSPHRASE, scrypt=FAST_SCRYPT)
    return load_keyring(directory, PASSPHRASE)


@pytest.fixture
def other_keyring(tmp_path: Path) -> OfficeKeyring:
    directory = tmp_path / "other-keys"
    generate_keyring(directory, PASSPHRASE, scrypt=FAST_SCRYPT)
    return load_keyring(directory, PASSPHRASE)


_n = iter(range(1, 10**6))


def make_case(session: Session) -> Case:
    n = next(_n)
    case = Case(
        v_number=f"V9{n:08d}", family_name="Haddad", given_names="Lina",
        date_of_birth=dt.date(1995, 9, 3), nationality="SYR", preferred_locale="ar",
    )
    session.add(case)
    session.flush()
    return case


def make_staff(session: Session) -> User:
    n = next(_n)
    user = User(username=f"staff{n}", full_name=f"Staff {n}", password_hash="x",
                must_change_password=False)
    session.add(user)
    session.flush()
    return user


def make_agency(session: Session) -> Organisation:
    org = Organisation(name=f"Agency {next(_n)}", kind=OrganisationKind.TRANSLATION_AGENCY.value)
    session.add(org)
    session.flush()
    return org
