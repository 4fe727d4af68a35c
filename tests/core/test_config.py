from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hearing.config import ConfigError, Deadlines, Settings


def test_defaults_put_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    s = Settings.from_env(environ={"HEARING_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{(tmp_path / 'hearing.sqlite3').resolve()}"
    assert s.is_sqlite
    assert "ar" in s.locales and "ti" in s.locales
    assert s.sitting_limit_minutes == 240
    assert s.deadlines == Deadlines()


def test_environment_values_are_parsed() -> None:
    s = Settings.from_env(environ={
        "HEARING_DATABASE_URL": "postgresql+psycopg://u@h:5432/db",
        "HEARING_LOCALES": "en, ar",
        "HEARING_KIOSK_IDLE_LOCK_SECONDS": "600",
        "HEARING_DEADLINE_TRANSLATION_WORKING_DAYS": "7",
        "HEARING_SMTP_STARTTLS": "yes",
    })
    assert s.locales == ("en", "ar")
    assert s.kiosk_idle_lock_seconds == 600
    assert s.deadlines.translation_working_days == 7
    assert s.deadlines.lawyer_review_working_days == 10
    assert s.smtp_starttls is True
    assert not s.is_sqlite


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"HEARING_DATABASE_URL": "not a url"}, "HEARING_DATABASE_URL"),
        ({"HEARING_DATABASE_URL": "mysql://u@h/db"}, "HEARING_DATABASE_URL"),
        ({"HEARING_DATABASE_URL": "postgresql+psycopg2://u@h/db"}, "HEARING_DATABASE_URL"),
        ({"HEARING_LOCALES": "en,xx"}, "HEARING_LOCALES"),
        ({"HEARING_KIOSK_IDLE_LOCK_SECONDS": "soon"}, "HEARING_KIOSK_IDLE_LOCK_SECONDS"),
        ({"HEARING_KIOSK_IDLE_WARNING_SECONDS": "900"}, "HEARING_KIOSK_IDLE_WARNING_SECONDS"),
        ({"HEARING_DEADLINE_CONSENT_WORKING_DAYS": "0"}, "HEARING_DEADLINE_CONSENT_WORKING_DAYS"),
        ({"HEARING_SMTP_STARTTLS": "maybe"}, "HEARING_SMTP_STARTTLS"),
        ({"HEARING_TIMEZONE": "Mars/Olympus"}, "HEARING_TIMEZONE"),
    ],
)
def test_bad_values_name_the_variable_in_one_line(env: dict[str, str], names: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env(environ=env)
    message = str(info.value)
    assert names in message
    assert "\n" not in message


def test_plain_postgresql_url_uses_psycopg3() -> None:
    s = Settings.from_env(environ={"HEARING_DATABASE_URL": "postgresql://u:pw@h/db"})
    assert s.database_url == "postgresql+psycopg://u:pw@h/db"


def test_secrets_are_generated_once_and_private(tmp_path: Path) -> None:
    first = Settings.from_env(environ={"HEARING_DATA_DIR": str(tmp_path)}).with_secrets()
    second = Settings.from_env(environ={"HEARING_DATA_DIR": str(tmp_path)}).with_secrets()
    assert first.webform_secret_key and first.admin_secret_key and first.pepper
    assert first.webform_secret_key != first.admin_secret_key
    assert (first.webform_secret_key, first.pepper) == (second.webform_secret_key, second.pepper)
    for name in ("webform_secret_key", "admin_secret_key", "pepper"):
        mode = stat.S_IMODE((tmp_path / "secrets" / name).stat().st_mode)
        assert mode == 0o600


def test_given_secret_is_not_replaced(tmp_path: Path) -> None:
    s = Settings.from_env(environ={
        "HEARING_DATA_DIR": str(tmp_path), "HEARING_ADMIN_SECRET_KEY": "given-key",
    }).with_secrets()
    assert s.admin_secret_key == "given-key"
