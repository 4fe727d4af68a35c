"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL tests use their own schema per test session (so parallel runs never collide) and
empty every table after each test. They skip with a visible reason when no server answers,
unless REQUIRE_POSTGRES=1, when they fail instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hearing import migrate
from hearing.config import Settings
from hearing.db import Database, make_engine
from hearing.models import Base

PG_URL = os.environ.get(
    "HEARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DIALECTS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _require(var: str) -> bool:
    return os.environ.get(var, "") not in ("", "0", "false", "no")


def skip_or_fail(var: str, reason: str) -> None:
    if _require(var):
        pytest.fail(f"{reason} (and {var}=1 is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for this test session, as a URL whose search_path is it."""
    admin_engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin_engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        admin_engine.dispose()
        skip_or_fail(
            "REQUIRE_POSTGRES", f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"
        )
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin_engine.connect() as conn:
        # Extensions are per database; parallel workers creating it at once would collide.
        conn.execute(text("SELECT pg_advisory_lock(4242)"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public"))
        conn.execute(text("SELECT pg_advisory_unlock(4242)"))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()


@pytest.fixture(scope="session")
def pg_database(pg_schema_url: str) -> Iterator[Database]:
    # The schema comes from the migrations, as in production: triggers and constraints included.
    migrate.upgrade(pg_schema_url)
    database = Database(pg_schema_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, built once per session and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    # Outside any transaction: a checkpoint cannot run inside one (ours begin IMMEDIATE).
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    engine.dispose()
    return path


def _truncate_all(database: Database) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    # Triggers keep time_slot.booked in step with bookings; TRUNCATE empties both at once.
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=DIALECTS)
def dialect(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database(dialect: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """An empty database with the current schema, on SQLite or PostgreSQL."""
    if dialect == "sqlite":
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        db = Database(f"sqlite:///{target}")
        yield db
        db.dispose()
        return
    db = request.getfixturevalue("pg_database")
    _truncate_all(db)
    yield db
    _truncate_all(db)


@pytest.fixture
def db_url(database: Database) -> str:
    return database.url


@pytest.fixture
def settings(tmp_path: Path, database: Database) -> Settings:
    data_dir = tmp_path / "data"
    return Settings.from_env(
        environ={}, data_dir=data_dir, database_url=database.url
    ).with_secrets()


@pytest.fixture
def session(database: Database) -> Iterator:
    with database.session() as s:
        yield s


@pytest.fixture
def empty_db_url(dialect: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL to an empty database (no tables at all), for migration tests."""
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    request.getfixturevalue("pg_schema_url")  # skips or fails when there is no server
    schema = f"m_{uuid.uuid4().hex[:12]}"
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, int, list]]:
    """A local SMTP server collecting every message it receives."""
    from email import message_from_bytes

    from aiosmtpd.controller import Controller

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            received.append(message_from_bytes(envelope.content))
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port, received
    finally:
        controller.stop()
