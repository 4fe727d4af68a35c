from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from hearing import metrics
from hearing.cli import main
from hearing.demo import seed
from hearing.models import CaseState, Route
from hearing.workflow import SYSTEM, transition
from tests.factories import make_case

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _walk(session, case, steps, start=T0, days=1.0):
    for n, step in enumerate(steps):
        transition(session, case, step, SYSTEM, reason="r", at=start + dt.timedelta(days=days * n))


def test_lead_times_consent_rate_and_share_decided(session) -> None:
    path = ["invite", "consent", "schedule", "check_in", "seal", "send_to_translation",
            "finish_translation", "finish_lawyer_review", "hand_off"]
    a = make_case(session, route=Route.REPLACE.value, nationality="SYR")
    _walk(session, a, [*path, "decide_on_form"])
    a.lawyer_consent = "yes"
    b = make_case(session, route=Route.REPLACE.value, nationality="SYR")
    _walk(session, b, [*path, "require_hearing"], days=2)
    b.lawyer_consent = "yes"
    c = make_case(session, nationality="ERI")
    _walk(session, c, ["invite", "decline"])
    c.lawyer_consent = "no"
    report = metrics.build(session)
    assert report.stage_lead_times[CaseState.IN_TRANSLATION].count == 2
    assert report.stage_lead_times[CaseState.IN_TRANSLATION].median_days == 1.5
    # consent -> decision: 8 steps of 1 day and of 2 days.
    assert report.procedure_lead_time.median_days == 12.0
    assert report.consent == (2, 3)
    assert report.consent_by_nationality == {"ERI": (0, 1), "SYR": (2, 2)}
    assert report.decided_on_form == {"replace": (1, 2)}


def test_metrics_command_on_demo_data(database, tmp_path) -> None:
    with database.session() as s:
        seed(s)
    env = {"HEARING_DATABASE_URL": database.url, "HEARING_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(main, ["metrics"], env=env)
    assert result.exit_code == 0, result.output
    assert "Lawyer consent rate" in result.output and "in_translation" in result.output
    as_json = CliRunner().invoke(main, ["metrics", "--json"], env=env)
    assert '"consent"' in as_json.output
