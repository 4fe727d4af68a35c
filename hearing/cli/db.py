"""``hearing db``: the schema, through Alembic only."""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from hearing import migrate
from hearing.cli.common import CliContext, connection_error, pass_cli


@click.group()
def db() -> None:
    """Database schema."""


@db.command()
@click.argument("revision", default="head")
@pass_cli
def upgrade(cli: CliContext, revision: str) -> None:
    """Upgrade the schema to REVISION (default: the newest)."""
    try:
        migrate.upgrade(cli.settings.database_url, revision)
    except OperationalError as exc:
        raise connection_error(exc) from None
    click.echo(f"database at revision {migrate.current(cli.settings.database_url)}")


@db.command()
@click.argument("revision")
@pass_cli
def downgrade(cli: CliContext, revision: str) -> None:
    """Downgrade the schema to REVISION (e.g. -1 or base)."""
    try:
        migrate.downgrade(cli.settings.database_url, revision)
    except OperationalError as exc:
        raise connection_error(exc) from None
    click.echo(f"database at revision {migrate.current(cli.settings.database_url) or 'base'}")


@db.command()
@pass_cli
def current(cli: CliContext) -> None:
    """Print the schema's current revision."""
    try:
        click.echo(migrate.current(cli.settings.database_url) or "base (empty database)")
    except OperationalError as exc:
        raise connection_error(exc) from None
