"""One typed configuration object, read from ``HEARING_*`` environment variables.

Every value is validated when the settings are loaded, so a mistake is reported once, in one
line that names the variable, before anything starts. Secrets that are not given are generated
on first start and kept in the data directory with mode 0600, so a restart keeps sessions valid.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from hearing.locales import locale_codes

PREFIX = "HEARING_"
SUPPORTED_DIALECTS = ("sqlite", "postgresql")


class ConfigError(ValueError):
    """A configuration value is missing or wrong; the message names the variable."""


@dataclass(frozen=True)
class Deadlines:
    """Deadlines per stage. Working days skip Saturdays and Sundays."""

    consent_working_days: int = 5
    translation_working_days: int = 5
    lawyer_review_working_days: int = 10
    procedure_weeks: int = 6


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("instance")
    database_url: str = ""
    webform_secret_key: str = ""
    admin_secret_key: str = ""
    locales: tuple[str, ...] = field(default_factory=locale_codes)
    default_locale: str = "en"
    timezone: str = "Europe/Amsterdam"
    deadlines: Deadlines = field(default_factory=Deadlines)
    kiosk_idle_warning_seconds: int = 240
    kiosk_idle_lock_seconds: int = 300
    sitting_limit_minutes: int = 240
    # Vault: the webform gets only the public key; the admin app also the private key file.
    office_public_key_path: Path | None = None
    office_private_key_path: Path | None = None
    office_key_passphrase: str | None = None
    pepper: str = ""
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_sender: str = "written-hearing@localhost"
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    admin_base_url: str = "http://127.0.0.1:5001"
    webform_base_url: str = "http://127.0.0.1:5000"
    log_level: str = "INFO"

    @property
    def db_url(self) -> URL:
        return make_url(self.database_url)

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.get_backend_name() == "sqlite"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> Settings:
        """Read the settings from ``environ`` (default ``os.environ``); keyword overrides win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}

        def get(name: str) -> str | None:
            raw = env.get(PREFIX + name)
            return raw if raw not in (None, "") else None

        if (raw := get("DATA_DIR")) is not None:
            values["data_dir"] = Path(raw)
        if (raw := get("DATABASE_URL")) is not None:
            values["database_url"] = raw
        for name in ("WEBFORM_SECRET_KEY", "ADMIN_SECRET_KEY", "PEPPER", "OFFICE_KEY_PASSPHRASE",
                     "SMTP_HOST", "SMTP_SENDER", "SMTP_USERNAME", "SMTP_PASSWORD",
                     "ADMIN_BASE_URL", "WEBFORM_BASE_URL", "TIMEZONE", "DEFAULT_LOCALE",
                     "LOG_LEVEL"):
            if (raw := get(name)) is not None:
                values[name.lower()] = raw
        for name in ("OFFICE_PUBLIC_KEY_PATH", "OFFICE_PRIVATE_KEY_PATH"):
            if (raw := get(name)) is not None:
                values[name.lower()] = Path(raw)
        if (raw := get("LOCALES")) is not None:
            values["locales"] = tuple(p.strip() for p in raw.split(",") if p.strip())
        for name in ("KIOSK_IDLE_WARNING_SECONDS", "KIOSK_IDLE_LOCK_SECONDS",
                     "SITTING_LIMIT_MINUTES", "SMTP_PORT"):
            if (raw := get(name)) is not None:
                values[name.lower()] = _int(PREFIX + name, raw)
        if (raw := get("SMTP_STARTTLS")) is not None:
            values["smtp_starttls"] = _bool(PREFIX + "SMTP_STARTTLS", raw)
        deadline_values = {}
        for f in fields(Deadlines):
            var = "DEADLINE_" + f.name.upper()
            if (raw := get(var)) is not None:
                deadline_values[f.name] = _int(PREFIX + var, raw)
        if deadline_values:
            values["deadlines"] = Deadlines(**deadline_values)
        values.update(overrides)
        return cls(**values).validated()

    def validated(self) -> Settings:
        """Check every value and fill in derived defaults; raises :class:`ConfigError`."""
        data_dir = Path(self.data_dir)
        database_url = self.database_url or f"sqlite:///{(data_dir / 'hearing.sqlite3').resolve()}"
        try:
            url = make_url(database_url)
        except ArgumentError:
            raise ConfigError(
                f"{PREFIX}DATABASE_URL is not a database URL: {database_url!r} "
                "(expected e.g. sqlite:///instance/hearing.sqlite3 or "
                "postgresql+psycopg://user@host:5432/dbname)"
            ) from None
        if url.get_backend_name() not in SUPPORTED_DIALECTS:
            raise ConfigError(
                f"{PREFIX}DATABASE_URL uses {url.get_backend_name()!r}; "
                f"supported: {', '.join(SUPPORTED_DIALECTS)}"
            )
        if url.get_backend_name() == "postgresql" and url.drivername != "postgresql+psycopg":
            if url.drivername != "postgresql":
                raise ConfigError(
                    f"{PREFIX}DATABASE_URL must use the psycopg 3 driver: postgresql+psycopg://…"
                )
            # A plain postgresql:// URL means the driver we ship.
            url = url.set(drivername="postgresql+psycopg")
            database_url = url.render_as_string(hide_password=False)
        supported = locale_codes()
        unknown = [code for code in self.locales if code not in supported]
        if unknown or not self.locales:
            raise ConfigError(
                f"{PREFIX}LOCALES has unsupported locale(s) "
                f"{', '.join(unknown) or '(none given)'}; "
                f"supported: {', '.join(supported)}"
            )
        if self.default_locale not in supported:
            raise ConfigError(f"{PREFIX}DEFAULT_LOCALE {self.default_locale!r} is not supported")
        for name in ("kiosk_idle_warning_seconds", "kiosk_idle_lock_seconds",
                     "sitting_limit_minutes"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{PREFIX}{name.upper()} must be a positive number")
        if self.kiosk_idle_warning_seconds >= self.kiosk_idle_lock_seconds:
            raise ConfigError(
                f"{PREFIX}KIOSK_IDLE_WARNING_SECONDS must be less than "
                f"{PREFIX}KIOSK_IDLE_LOCK_SECONDS"
            )
        for f in fields(Deadlines):
            if getattr(self.deadlines, f.name) <= 0:
                raise ConfigError(f"{PREFIX}DEADLINE_{f.name.upper()} must be a positive number")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.timezone)
        except Exception:  # noqa: BLE001 - any failure means the name is unusable
            raise ConfigError(
                f"{PREFIX}TIMEZONE {self.timezone!r} is not a known time zone"
            ) from None
        return replace(self, data_dir=data_dir, database_url=database_url)

    def with_secrets(self) -> Settings:
        """Fill in secret keys and the pepper, generating and storing them on first start."""
        return replace(
            self,
            webform_secret_key=self.webform_secret_key or self._stored_secret("webform_secret_key"),
            admin_secret_key=self.admin_secret_key or self._stored_secret("admin_secret_key"),
            pepper=self.pepper or self._stored_secret("pepper"),
            office_public_key_path=self.office_public_key_path
            or self.data_dir / "keys" / "office_public.pem",
        )

    def _stored_secret(self, name: str) -> str:
        path = self.data_dir / "secrets" / name
        if path.exists():
            return path.read_text("ascii").strip()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        value = secrets.token_urlsafe(48)
        # O_EXCL: two processes starting at once must not each write a different secret.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text("ascii").strip()
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(value)
        return value


def _int(var: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{var} must be a whole number, got {raw!r}") from None


def _bool(var: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{var} must be true or false, got {raw!r}")


def load_settings(config: Mapping[str, Any] | Settings | None = None) -> Settings:
    """Settings for an app factory: from the environment, with ``config`` overriding."""
    if isinstance(config, Settings):
        return config.validated().with_secrets()
    overrides = dict(config or {})
    return Settings.from_env(**overrides).with_secrets()
