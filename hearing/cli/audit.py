"""``hearing audit``: verify and read the hash-chained audit log."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from hearing import audit as audit_log
from hearing.cli.common import CliContext, connection_error, pass_cli
from hearing.models import AuditEvent, Case


@click.group()
def audit() -> None:
    """The append-only audit log."""


@audit.command()
@click.option("--anchor", "anchor_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Anchor file from `hearing audit anchor` (detects tail deletion).")
@pass_cli
def verify(cli: CliContext, anchor_file: Path | None) -> None:
    """Check the hash chain; exit 1 naming the first bad entry."""
    anchor = None
    if anchor_file is not None:
        lines = [ln for ln in anchor_file.read_text("utf-8").splitlines() if ln.strip()]
        if not lines:
            raise click.ClickException(f"{anchor_file} holds no anchor")
        anchor = audit_log.Anchor.from_json(lines[-1])  # the newest anchor protects the most
    try:
        with cli.database.session() as session:
            result = audit_log.verify(session, anchor)
    except OperationalError as exc:
        raise connection_error(exc) from None
    if not result.ok:
        click.echo(f"error: {result}", err=True)
        raise SystemExit(1)
    click.echo(str(result))


@audit.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Append the anchor to this file (keep it off the database host).")
@pass_cli
def anchor(cli: CliContext, output: Path | None) -> None:
    """Print the id and hash of the newest entry, to keep outside the database."""
    try:
        with cli.database.session() as session:
            current = audit_log.anchor(session)
    except OperationalError as exc:
        raise connection_error(exc) from None
    if current is None:
        raise click.ClickException("the audit log is empty")
    if output is not None:
        with output.open("a", encoding="utf-8") as fh:
            fh.write(current.to_json() + "\n")
    click.echo(current.to_json())


@audit.command()
@click.option("--case", "v_number", default=None, help="Only this case (V-number).")
@click.option("--limit", default=50, show_default=True, help="Newest N entries.")
@pass_cli
def show(cli: CliContext, v_number: str | None, limit: int) -> None:
    """Show audit entries, newest last."""
    try:
        with cli.database.session() as session:
            query = select(AuditEvent)
            if v_number is not None:
                case_id = session.scalar(select(Case.id).where(Case.v_number == v_number))
                if case_id is None:
                    raise click.ClickException(f"case {v_number!r} does not exist")
                query = query.where(AuditEvent.case_id == case_id)
            events = list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))
    except OperationalError as exc:
        raise connection_error(exc) from None
    for event in reversed(events):
        reason = f" — {event.reason}" if event.reason else ""
        click.echo(
            f"{event.id:>6}  {event.at:%Y-%m-%d %H:%M:%S}  {event.actor_label:<16} "
            f"{event.action:<22} case={event.case_id} {event.target or ''}{reason}"
        )
