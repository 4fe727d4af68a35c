from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from hearing.cli import main
from hearing.demo import DEMO_CASES, DEMO_USERS
from hearing.models import Case, CaseState, User
from hearing.passwords import verify_password


def _env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"HEARING_DATABASE_URL": db_url, "HEARING_DATA_DIR": str(tmp_path / "data")}


def test_db_upgrade_and_current(empty_db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["db", "upgrade"], env=_env(empty_db_url, tmp_path))
    assert result.exit_code == 0, result.output
    assert "database at revision" in result.output
    result = runner.invoke(main, ["db", "current"], env=_env(empty_db_url, tmp_path))
    assert result.exit_code == 0 and result.output.strip() != "base (empty database)"


def test_users_create_prints_a_working_one_time_password(database, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["users", "create", "jdoe", "--name", "J. Doe", "--role", "planner", "--role", "screener"],
        env=_env(database.url, tmp_path),
    )
    assert result.exit_code == 0, result.output
    password = result.output.split("one-time password:")[1].strip()
    with database.session() as s:
        user = s.scalar(select(User).where(User.username == "jdoe"))
        assert user is not None and user.must_change_password
        assert user.role_names == {"planner", "screener"}
        assert verify_password(user.password_hash, password)
        assert password not in user.password_hash
    again = runner.invoke(main, ["users", "create", "jdoe", "--name", "x", "--role", "host"],
                          env=_env(database.url, tmp_path))
    assert again.exit_code == 1 and "already exists" in again.output


def test_demo_prepares_cases_in_every_state_once(empty_db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    for _ in range(2):  # a second run must not duplicate anything
        result = runner.invoke(main, ["demo", "--no-serve"], env=_env(empty_db_url, tmp_path))
        assert result.exit_code == 0, result.output
    from hearing.db import Database

    db = Database(empty_db_url)
    with db.session() as s:
        states = Counter(s.scalars(select(Case.state)).all())
        assert sum(states.values()) == len(DEMO_CASES) >= 20
        assert set(states) == {state.value for state in CaseState}
        assert len(s.scalars(select(User)).all()) == len(DEMO_USERS)
    db.dispose()


def _run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hearing", *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=60)


def test_wrong_database_url_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    for url in ("nonsense", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"):
        done = _run_cli(["db", "upgrade"], {"HEARING_DATABASE_URL": url,
                                            "HEARING_DATA_DIR": str(tmp_path)})
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "HEARING_DATABASE_URL" in lines[0], done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_serves_both_apps_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    kiosk_port, office_port = _free_port(), _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hearing", "demo", "--webform-port", str(kiosk_port),
         "--admin-port", str(office_port)],
        env={**os.environ, "HEARING_DATA_DIR": str(tmp_path / "demo")},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        statuses: dict[int, int] = {}
        deadline = time.monotonic() + 60
        while len(statuses) < 2 and time.monotonic() < deadline and proc.poll() is None:
            for port in (kiosk_port, office_port):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                        statuses[port] = r.status
                except OSError:
                    time.sleep(0.3)
        assert statuses == {kiosk_port: 200, office_port: 200}
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert f"http://127.0.0.1:{kiosk_port}/" in output and "planner" in output
