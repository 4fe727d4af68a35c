"""``hearing metrics``: lead times, deadline breaches, consent rate, share decided on the form."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from sqlalchemy.exc import OperationalError

from hearing.cli.common import CliContext, connection_error, pass_cli
from hearing.metrics import Report, build


def _pct(pair: tuple[int, int]) -> str:
    rate = Report.rate(pair)
    return "–" if rate is None else f"{rate * 100:.0f}% ({pair[0]} of {pair[1]})"


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_cli
def metrics(cli: CliContext, as_json: bool) -> None:
    """Print the measurement report of the written procedure."""
    try:
        with cli.database.session() as session:
            report = build(session)
    except OperationalError as exc:
        raise connection_error(exc) from None
    if as_json:
        click.echo(json.dumps(asdict(report), indent=2))
        return
    click.echo("Lead time per stage (days)      cases   median   p90")
    for stage, spread in report.stage_lead_times.items():
        median = "–" if spread.median_days is None else f"{spread.median_days:.1f}"
        p90 = "–" if spread.p90_days is None else f"{spread.p90_days:.1f}"
        click.echo(f"  {stage:<30}{spread.count:>5}  {median:>7}  {p90:>5}")
    p = report.procedure_lead_time
    click.echo(f"Consent to decision route: {p.count} cases, median "
               f"{'–' if p.median_days is None else f'{p.median_days:.1f}'} days")
    click.echo("Deadline breaches:")
    for stage, pair in sorted(report.breaches.items()):
        click.echo(f"  {stage:<16} {_pct(pair)}")
    click.echo(f"Lawyer consent rate: {_pct(report.consent)}")
    for nationality, pair in report.consent_by_nationality.items():
        click.echo(f"  {nationality}  {_pct(pair)}")
    click.echo("Decided on the form (of cases with a decision route):")
    for route, pair in report.decided_on_form.items():
        click.echo(f"  {route:<8} {_pct(pair)}")
