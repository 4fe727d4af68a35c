"""Autosave benchmark: one kiosk autosave vs a bare Flask endpoint writing one row.

Run: ``python benchmarks/bench_autosave.py``. Both run through the Flask test client on the
same SQLite database in this run, so the ratio shows what the autosave adds: session lookup
with key unwrap, decrypting the draft, validating the answer, re-encrypting it and the
version-checked UPDATE. No timed assertions anywhere; judge by reading the output.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask, request  # noqa: E402
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select  # noqa: E402

from hearing import migrate  # noqa: E402
from hearing.config import Settings  # noqa: E402
from hearing.db import Database  # noqa: E402
from hearing.models import Draft  # noqa: E402
from tests.webform.helpers import first_visible  # noqa: E402
from tests.webform.world import make_kiosk_world  # noqa: E402

ROUNDS = 300
ANSWER = "Ik ben vertrokken omdat mijn familie werd bedreigd — عائلتي كانت مهددة. " * 6


def _median_ms(func: Callable[[], object], rounds: int = ROUNDS) -> float:
    for _ in range(10):
        func()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def bare_app(database: Database) -> Flask:
    """The baseline: a Flask JSON endpoint that stores the posted text in one row."""
    table = Table("bench_bare", MetaData(), Column("id", Integer, primary_key=True),
                  Column("body", String))
    table.create(database.engine, checkfirst=True)
    app = Flask("bare")

    @app.post("/save")
    def save() -> dict[str, int]:
        payload = request.get_json()
        with database.session() as session:
            result = session.execute(insert(table).values(body=payload["values"]["q"]))
            return {"version": int(result.inserted_primary_key[0])}

    return app


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(
            environ={}, data_dir=Path(tmp) / "data",
            database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}").with_secrets()
        migrate.upgrade(settings.database_url)
        database = Database(settings.database_url)
        world = make_kiosk_world(settings, database)
        client = world.client()
        world.check_in(client)
        question = first_visible("longtext")
        state = {"version": 0}
        with database.session() as session:
            state["version"] = session.scalar(select(Draft.version))

        def autosave() -> None:
            response = client.post("/api/answer", json={
                "question": question.id, "values": {question.id: ANSWER[:900]},
                "version": state["version"]})
            assert response.status_code == 200, response.get_json()
            state["version"] = response.get_json()["version"]

        bare = bare_app(database).test_client()

        def baseline() -> None:
            response = bare.post("/save", json={"values": {"q": ANSWER[:900]}})
            assert response.status_code == 200

        ours = _median_ms(autosave)
        base = _median_ms(baseline)
        database.dispose()
    print(f"autosave (decrypt, validate, encrypt, version-checked update): {ours:7.2f} ms median")
    print(f"bare Flask endpoint inserting one row (baseline):             {base:7.2f} ms median")
    print(f"ratio: {ours / base:.1f}x over {ROUNDS} rounds each "
          f"({dt.date.today().isoformat()}, same machine, same run)")


if __name__ == "__main__":
    main()
