"""The ``hearing`` command line. Each command group lives in its own module here."""

from __future__ import annotations

import sys

import click

from hearing.cli.common import CliContext
from hearing.config import ConfigError


class HearingGroup(click.Group):
    """Turns configuration and connection problems into one-line errors, not tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=HearingGroup)
@click.pass_context
def main(ctx: click.Context) -> None:
    """written-hearing: the digital written hearing (kiosk form, vault, back office)."""
    ctx.obj = CliContext()


def _register() -> None:
    from hearing.cli import audit, db, demo, keys, kiosks, metrics, remind, screen, users

    main.add_command(db.db)
    main.add_command(remind.remind)
    main.add_command(kiosks.kiosks)
    main.add_command(metrics.metrics)
    main.add_command(keys.keys)
    main.add_command(audit.audit)
    main.add_command(users.users)
    main.add_command(screen.screen)
    main.add_command(demo.demo)
    main.add_command(demo.demo_code_command)


_register()
