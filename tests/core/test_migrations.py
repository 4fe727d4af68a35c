"""The schema comes only from Alembic: head must match the models, every step must reverse."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from hearing import migrate
from hearing.db import make_engine
from hearing.models import Base


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_there_is_one_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_head_matches_the_models(empty_db_url: str) -> None:
    migrate.upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_every_revision_upgrades_and_downgrades(empty_db_url: str) -> None:
    revisions = _revisions()
    assert revisions, "no migrations found"
    for revision in revisions:
        migrate.upgrade(empty_db_url, revision)
        assert migrate.current(empty_db_url) == revision
        # Each step must reverse cleanly and apply again on top of its own downgrade.
        migrate.downgrade(empty_db_url, "-1")
        migrate.upgrade(empty_db_url, revision)
    migrate.downgrade(empty_db_url, "base")
    engine = make_engine(empty_db_url)
    try:
        leftover = set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
    assert leftover == set()
