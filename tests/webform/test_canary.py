"""A canary answer goes through the whole kiosk flow and is then searched for everywhere it
must not be: the raw database (SQLite file and WAL; a pg_dump on PostgreSQL), every log
record (SQL statements with their parameters included), the cookies, and the temp directory.
"""

from __future__ import annotations

import base64
import logging
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import skip_or_fail
from tests.webform.helpers import first_visible, section_of
from tests.webform.world import KioskWorld


def _needles(secret: str) -> list[bytes]:
    raw = secret.encode("utf-8")
    return [raw, raw.hex().encode(), raw.hex().upper().encode(), base64.b64encode(raw),
            base64.urlsafe_b64encode(raw).rstrip(b"=")]


def _found(blob: bytes, secrets: list[str]) -> list[str]:
    return [s for s in secrets for needle in _needles(s) if needle in blob]


def _database_bytes(world: KioskWorld) -> bytes:
    url = make_url(world.database.url)
    if url.get_backend_name() == "sqlite":
        world.database.dispose()
        path = Path(url.database or "")
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        skip_or_fail("REQUIRE_POSTGRES", "pg_dump not installed")
    options = url.query.get("options", "")
    schema = str(options).split("search_path=")[-1]
    result = subprocess.run(
        [pg_dump, "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
         "-U", url.username or "postgres", "-n", schema, "--data-only", url.database or "test"],
        capture_output=True, check=True, timeout=120)
    assert b"COPY" in result.stdout  # the dump really holds the data
    return result.stdout


def _temp_files_since(start: float) -> bytes:
    chunks = []
    for root, _dirs, files in os.walk(tempfile.gettempdir()):
        if "pytest-of-" in root and "canary" not in root:
            continue  # other tests' directories; this test's own tmp_path is searched
        for name in files:
            path = Path(root, name)
            try:
                stat = path.stat()
                if stat.st_mtime >= start and stat.st_size < 50_000_000 and path.is_file():
                    chunks.append(path.read_bytes())
            except OSError:
                continue
    return b"".join(chunks)


@pytest.mark.usefixtures("database")
def test_canary_answer_is_nowhere_in_plaintext(
    world: KioskWorld, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    start = time.time() - 1
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # statements and parameters
    canary = f"CANARY-{uuid.uuid4().hex}"
    canary_ar = f"كناري {uuid.uuid4().hex[:12]} الصحراء"
    secrets = [canary, canary_ar]
    client = world.client()
    world.check_in(client)

    text_q = first_visible("text")
    long_q = first_visible("longtext")
    for question, value in ((text_q, canary), (long_q, canary_ar)):
        version = client.get("/questions").status_code and _version(world)
        response = client.post("/api/answer", json={"question": question.id,
                                                    "values": {question.id: value},
                                                    "version": version})
        assert response.status_code == 200, response.get_json()
    # and once through the plain form post
    section = section_of(text_q)
    client.post(f"/questions/{section}", data={
        "draft_version": str(_version(world)), text_q.id: canary + " again", "nav": "stay"})
    assert canary in client.get("/review").get_data(as_text=True)  # the applicant sees it
    sealed = client.post("/seal", data={"draft_version": str(_version(world)),
                                        "declaration": "yes"})
    assert sealed.status_code == 302
    assert client.get("/receipt.pdf").status_code == 200

    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert _found(_database_bytes(world), secrets) == [], "canary in the database"
    log_text = "\n".join(r.getMessage() + " " + repr(r.args) for r in caplog.records)
    assert any("INSERT" in r.getMessage() for r in caplog.records)  # SQL was logged
    out, err = capfd.readouterr()
    assert _found((log_text + out + err).encode(), secrets) == [], "canary in the logs"
    cookies = " ".join(f"{c.key}={c.value}" for c in client._cookies.values())
    assert _found(cookies.encode(), secrets) == [], "canary in a cookie"
    assert _found(_temp_files_since(start), secrets) == [], "canary in a temp file"


def _version(world: KioskWorld) -> int:
    from sqlalchemy import select

    from hearing.models import Draft

    with world.database.session() as session:
        return session.scalar(select(Draft.version).where(Draft.case_id == world.case_id))
