"""The emails the system sends, as (recipient, subject, body), in the recipient's language.

Messages name a case by its V-number only; nothing an applicant wrote is ever in an email.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hearing.config import Settings
from hearing.models import Case, Deadline
from hearing.translate import N_, gettext_for

# Staff emails use the back office's gettext domain.
DOMAIN = "admin"

# Staff and outside parties read the back office in Dutch.
STAFF_LOCALE = "nl"

STAGE_NAMES = {
    "consent": N_("consent to the written hearing"),
    "translation": N_("translation"),
    "lawyer_review": N_("corrections and additions"),
    "procedure": N_("the whole written procedure"),
}


@dataclass(frozen=True)
class Notice:
    to: str
    subject: str
    body: str


def _when(moment: dt.datetime, settings: Settings) -> str:
    return moment.astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M")


def invitation(case: Case, to: str, deadline: Deadline, settings: Settings) -> Notice:
    _ = gettext_for(STAFF_LOCALE, DOMAIN)
    return Notice(
        to,
        _("Written hearing offered for case %(v)s", v=case.v_number),
        _("Your client in case %(v)s may take part in a written hearing. Please give or "
          "refuse consent in the back office before %(due)s.\n\n%(url)s",
          v=case.v_number, due=_when(deadline.due_at, settings), url=settings.admin_base_url),
    )


def assignment(case: Case, to: str, deadline: Deadline, settings: Settings) -> Notice:
    _ = gettext_for(STAFF_LOCALE, DOMAIN)
    return Notice(
        to,
        _("Translation assigned: case %(v)s", v=case.v_number),
        _("Case %(v)s has been assigned to your agency for translation. "
          "The translation is due before %(due)s.\n\n%(url)s",
          v=case.v_number, due=_when(deadline.due_at, settings), url=settings.admin_base_url),
    )


def deadline_near(case: Case, to: str, deadline: Deadline, settings: Settings) -> Notice:
    _ = gettext_for(STAFF_LOCALE, DOMAIN)
    stage = _(STAGE_NAMES[deadline.stage])
    return Notice(
        to,
        _("Deadline near for case %(v)s: %(stage)s", v=case.v_number, stage=stage),
        _("The deadline for %(stage)s in case %(v)s ends at %(due)s.\n\n%(url)s",
          stage=stage, v=case.v_number, due=_when(deadline.due_at, settings),
          url=settings.admin_base_url),
    )


def deadline_passed(case: Case, to: str, deadline: Deadline, settings: Settings) -> Notice:
    _ = gettext_for(STAFF_LOCALE, DOMAIN)
    stage = _(STAGE_NAMES[deadline.stage])
    return Notice(
        to,
        _("Deadline passed for case %(v)s: %(stage)s", v=case.v_number, stage=stage),
        _("The deadline for %(stage)s in case %(v)s ended at %(due)s.\n\n%(url)s",
          stage=stage, v=case.v_number, due=_when(deadline.due_at, settings),
          url=settings.admin_base_url),
    )


def review_requested(case: Case, to: str, deadline: Deadline, settings: Settings) -> Notice:
    """To the lawyer when the sworn translation is in: corrections and additions are due."""
    _ = gettext_for(STAFF_LOCALE, DOMAIN)
    return Notice(
        to,
        _("Translation ready for your review: case %(v)s", v=case.v_number),
        _("The sworn translation in case %(v)s is ready. You can send corrections and "
          "additions in the back office before %(due)s. After that date the case moves on "
          "without your response.\n\n%(url)s",
          v=case.v_number, due=_when(deadline.due_at, settings), url=settings.admin_base_url),
    )
