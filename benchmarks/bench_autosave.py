"""Autosave under load: N simulated kiosks against the webform under gunicorn (2 workers).

Run: ``python benchmarks/bench_autosave.py [--kiosks 200] [--interval 2] [--duration 20]
[--databases sqlite,postgresql]``. For each database, the real autosave endpoint
(``POST /api/answer``: session lookup and key unwrap, decrypt the draft, validate, re-encrypt,
version-checked UPDATE) and a bare Flask endpoint that inserts the same text into one row are
served the same way (gunicorn, 2 sync workers) and driven by the same load: every kiosk saves
an answer every ``interval`` seconds (with jitter). Prints throughput and p50/p99 latency of
both and their ratios. The aim (issue #4): autosave p99 under 50 ms and at least half the
bare endpoint's throughput. Nothing here asserts a time; read the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from itsdangerous import URLSafeTimedSerializer  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from hearing import migrate  # noqa: E402
from hearing.config import Settings  # noqa: E402
from hearing.db import Database  # noqa: E402
from hearing.models import Case, Draft  # noqa: E402
from hearing.questionnaire import current, engine  # noqa: E402
from hearing.vault import drafts as vault_drafts  # noqa: E402
from hearing.vault import kiosk as vault_kiosk  # noqa: E402
from hearing.vault.drafts import KdfParams  # noqa: E402
from hearing.vault.office import ScryptParams, generate_keyring, keyring_dir  # noqa: E402
from hearing.vault.public import load_public_key  # noqa: E402

PG_URL = os.environ.get("HEARING_TEST_POSTGRES_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ANSWER = "Ik ben vertrokken omdat mijn familie werd bedreigd. عائلتي كانت مهددة. "
# The resume-code KDF is not on the autosave path; keep setup quick.
SETUP_KDF = KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1)

BARE_APP = '''
import os
from flask import Flask, request
from sqlalchemy import Column, Integer, MetaData, Text, Table, create_engine, insert

engine = create_engine(os.environ["BENCH_DB"])
table = Table("bench_bare", MetaData(), Column("id", Integer, primary_key=True),
              Column("body", Text))
app = Flask("bare")

@app.post("/api/answer")
def save():
    payload = request.get_json()
    with engine.begin() as conn:
        row = conn.execute(insert(table).values(body=payload["values"][payload["question"]]))
    return {"version": int(row.inserted_primary_key[0])}
'''


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    started: float = 0.0
    finished: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / max(self.finished - self.started, 1e-9)

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1e3 if ordered else 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited; see its output above")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _gunicorn(app: str, env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--backlog", "2048", app],
        env={**os.environ, **env}, cwd=cwd)
    _wait_for(port, proc)
    return proc, port


def _prepare(
    url: str, data_dir: Path, kiosks: int
) -> tuple[Settings, list[tuple[str, str]], str]:
    """Migrated database, office keys, and one signed-in kiosk session per simulated kiosk."""
    settings = Settings.from_env(environ={}, data_dir=data_dir, database_url=url).with_secrets()
    migrate.upgrade(url)
    generate_keyring(keyring_dir(settings), "bench", scrypt=ScryptParams(n=2**10, r=8, p=1))
    assert settings.office_public_key_path is not None
    office = load_public_key(settings.office_public_key_path)
    version = current().version
    database = Database(url)
    tokens = []
    with database.session() as session:
        for n in range(kiosks):
            case = Case(v_number=f"V8{n:08d}", family_name="Bench", given_names=f"K{n}",
                        date_of_birth=dt.date(1990, 1, 1), nationality="SYR",
                        preferred_locale="ar", state="in_progress")
            session.add(case)
            session.flush()
            draft = Draft(case_id=case.id, questionnaire_version=version)
            _code, key = vault_drafts.start_draft(draft, office, settings.pepper,
                                                  params=SETUP_KDF)
            session.add(draft)
            session.flush()
            tokens.append(vault_kiosk.open_session(session, draft, key,
                                                   dt.timedelta(hours=2)))
    database.dispose()
    import webform

    app = webform.create_app(settings)
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    # What a signed-in kiosk page holds: the session cookie and the page's CSRF token.
    csrf = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
    cookies = []
    for token in tokens:
        raw = secrets.token_hex(20)
        cookie = serializer.dumps({"kiosk_session": token, "csrf_token": raw})
        cookies.append((f"hearing_kiosk={cookie}", csrf.dumps(raw)))
    q = current()
    question = next(item for section in q.sections
                    for item in engine.visible_questions(q, section.id, {})
                    if item.type == "longtext")
    return settings, cookies, question.id


def _drive(port: int, cookies: list[tuple[str, str]], question: str, interval: float,
           duration: float) -> Result:
    result = Result()
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def kiosk(credentials: tuple[str, str], seed: int) -> None:
        cookie, csrf_token = credentials
        rng = random.Random(seed)
        version = 1
        time.sleep(rng.uniform(0, interval))
        while time.perf_counter() < stop:
            body = json.dumps({"question": question,
                               "values": {question: ANSWER * rng.randint(1, 8)},
                               "version": version})
            begin = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", "/api/answer", body=body, headers={
                    "Content-Type": "application/json", "Cookie": cookie,
                    "X-CSRFToken": csrf_token})
                response = conn.getresponse()
                payload = response.read()
                conn.close()
                ok = response.status == 200
                if ok:
                    version = json.loads(payload)["version"]
                elif response.status == 409:
                    version = json.loads(payload)["version"]  # catch up, count the miss
                if not ok and os.environ.get("BENCH_DEBUG"):
                    print(response.status, payload[:200])
            except OSError:
                ok = False
            elapsed = time.perf_counter() - begin
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
            time.sleep(max(0.0, interval * rng.uniform(0.8, 1.2) - elapsed))

    threads = [threading.Thread(target=kiosk, args=(c, i), daemon=True)
               for i, c in enumerate(cookies)]
    result.started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.finished = time.perf_counter()
    return result


def _pg_schema_url() -> tuple[str, str] | None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public"))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - no server: skip this database, say so
        print(f"postgresql: skipped ({exc.__class__.__name__})")
        return None
    finally:
        engine.dispose()
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def _drop_schema(schema: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def run(dialect: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        schema = None
        if dialect == "sqlite":
            url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        else:
            made = _pg_schema_url()
            if made is None:
                return
            url, schema = made
        try:
            settings, cookies, question = _prepare(url, tmp_path / "data", args.kiosks)
            (tmp_path / "bench_bare_app.py").write_text(BARE_APP)
            bare_env = {"BENCH_DB": url, "PYTHONPATH": str(tmp_path)}
            engine = create_engine(url)
            with engine.begin() as conn:
                key = "SERIAL PRIMARY KEY" if dialect == "postgresql" else "INTEGER PRIMARY KEY"
                conn.execute(text(f"CREATE TABLE bench_bare (id {key}, body TEXT)"))
            engine.dispose()
            env = {"HEARING_DATA_DIR": str(settings.data_dir), "HEARING_DATABASE_URL": url}
            results = {}
            for name, app, app_env in (("autosave", "webform.wsgi:app", env),
                                       ("bare", "bench_bare_app:app", bare_env)):
                proc, port = _gunicorn(app, app_env, ROOT if name == "autosave" else tmp_path)
                try:
                    results[name] = _drive(port, cookies, question, args.interval,
                                           args.duration)
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
        finally:
            if schema:
                _drop_schema(schema)
    ours, bare = results["autosave"], results["bare"]
    print(f"\n{dialect}: {args.kiosks} kiosks, one save every ~{args.interval:g} s each, "
          f"{args.duration:g} s, gunicorn -w 2")
    for name, r in (("autosave", ours), ("bare endpoint", bare)):
        print(f"  {name:<14} {r.throughput:8.1f} saves/s   p50 {r.pct(0.5):6.1f} ms   "
              f"p99 {r.pct(0.99):6.1f} ms   errors {r.errors}")
    print(f"  ratio autosave/bare: throughput {ours.throughput / bare.throughput:.2f}x, "
          f"p50 {ours.pct(0.5) / max(bare.pct(0.5), 1e-9):.1f}x, "
          f"p99 {ours.pct(0.99) / max(bare.pct(0.99), 1e-9):.1f}x   "
          f"(aim: p99 < 50 ms, throughput >= 0.5x)")
    if ours.latencies:
        print(f"  autosave mean {statistics.mean(ours.latencies) * 1e3:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    for dialect in args.databases.split(","):
        run(dialect.strip(), args)


if __name__ == "__main__":
    main()
