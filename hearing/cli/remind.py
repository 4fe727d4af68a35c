"""``hearing remind``: send what is due (run from cron)."""

from __future__ import annotations

import smtplib

import click
from sqlalchemy.exc import OperationalError

from hearing.cli.common import CliContext, connection_error, pass_cli
from hearing.mailer import Mailer
from hearing.reminders import remind as run_remind


@click.command()
@click.option("--dry-run", is_flag=True, help="Show what would be sent; change nothing.")
@pass_cli
def remind(cli: CliContext, dry_run: bool) -> None:
    """Send deadline reminders and move on cases whose lawyer review deadline passed."""
    mailer = Mailer(cli.settings)
    failed = 0
    try:
        with cli.database.session() as session:
            result = run_remind(session, cli.settings)
            for v_number in result.sent_to_translation:
                click.echo(f"{v_number}: sealed; sent to translation")
            for v_number in result.lapsed_reviews:
                click.echo(f"{v_number}: lawyer review deadline passed; moved on as 'no response'")
            for notice in result.notices:
                if dry_run:
                    click.echo(f"would send to {notice.to}: {notice.subject}")
                    continue
                try:
                    mailer.send(notice.to, notice.subject, notice.body)
                    click.echo(f"sent to {notice.to}: {notice.subject}")
                except (OSError, smtplib.SMTPException) as exc:
                    failed += 1
                    # Not marked as sent, so the next run tries again.
                    result.unmark(notice)
                    click.echo(f"error: could not send to {notice.to}: {exc}", err=True)
            if dry_run:
                session.rollback()
    except OperationalError as exc:
        raise connection_error(exc) from None
    if failed:
        raise SystemExit(1)
