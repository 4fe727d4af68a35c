"""The kiosk side cannot unwrap: it never imports the private side and has no way to."""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hearing.vault
from hearing.vault import drafts, envelope, errors, kiosk, public

ROOT = Path(__file__).resolve().parents[2]
KIOSK_SIDE = [hearing.vault, envelope, errors, public, drafts, kiosk]
# Anything that loads or handles a private key, or reaches the private side.
FORBIDDEN_NAMES = {
    "load_pem_private_key", "load_der_private_key", "from_private_bytes", "private_bytes",
    "OfficeKeyring", "load_keyring", "_unwrap", "_open", "Scrypt",
}


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_kiosk_side_modules_do_not_import_the_private_side() -> None:
    names = ", ".join(m.__name__ for m in KIOSK_SIDE)
    result = _run(
        f"import importlib, sys\nfor n in {names!r}.split(', '): importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m == 'hearing.vault.office' or m.startswith("
        "'admin'))\nprint(bad)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("module", KIOSK_SIDE, ids=lambda m: m.__name__)
def test_kiosk_side_source_has_no_private_key_handling(module) -> None:
    tree = ast.parse(inspect.getsource(module))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            used.add(node.module or "")
            used.update(alias.name for alias in node.names)
            used.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            used.update(alias.name for alias in node.names)
    hits = {u for u in used if u in FORBIDDEN_NAMES or u.endswith(".office")}
    assert not hits, f"{module.__name__} uses {hits}"


@pytest.mark.parametrize("module", KIOSK_SIDE, ids=lambda m: m.__name__)
def test_kiosk_side_exposes_no_unwrap(module) -> None:
    allowed = {"unwrap_with_code"}  # the draft key, with the applicant's own code
    for name, _value in inspect.getmembers(module, inspect.isfunction):
        assert "unwrap" not in name.lower() or name in allowed, f"{module.__name__}.{name}"


def test_webform_sources_never_import_the_private_side() -> None:
    for path in (ROOT / "webform").rglob("*.py"):
        source = path.read_text("utf-8")
        assert "vault.office" not in source and "vault import office" not in source, path


def test_webform_app_does_not_load_the_private_side(tmp_path: Path) -> None:
    result = _run(
        "import sys\n"
        "from hearing.config import Settings\n"
        "try:\n"
        "    import webform\n"
        f"    webform.create_app(Settings(data_dir={str(tmp_path)!r}))\n"
        "except ImportError as exc:\n"
        "    print('IMPORT-ERROR', exc); sys.exit(0)\n"
        "import hearing.vault.drafts, hearing.vault.kiosk, hearing.vault.public\n"
        "print(sorted(m for m in sys.modules if m == 'hearing.vault.office'))\n"
    )
    if result.stdout.startswith("IMPORT-ERROR"):
        pytest.skip(f"webform does not import yet: {result.stdout.strip()}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
