"""What every command needs: settings and the database, loaded once and on demand."""

from __future__ import annotations

from dataclasses import dataclass, field

import click
from sqlalchemy.exc import OperationalError

from hearing.config import ConfigError, Settings
from hearing.db import Database


@dataclass
class CliContext:
    _settings: Settings | None = None
    _database: Database | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.from_env().with_secrets()
        return self._settings

    @property
    def database(self) -> Database:
        if self._database is None:
            self._database = Database(self.settings.database_url)
        return self._database


pass_cli = click.make_pass_decorator(CliContext)


def connection_error(exc: OperationalError) -> ConfigError:
    """A database that cannot be reached, as a one-line error naming the setting."""
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return ConfigError(f"HEARING_DATABASE_URL: cannot connect to the database ({reason})")
