"""Emails that back-office actions cause, sent once the change they announce is committed.

Sending happens after the commit on purpose: a mail server that is down must not undo a
lawyer's invitation, and an invitation that was rolled back must never be announced. A failed
send is logged and reported to the user; ``hearing remind`` sends the deadline notices later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from hearing.mailer import Mailer
from hearing.notifications import Notice
from hearing.web import settings

log = logging.getLogger(__name__)


def send_notices(notices: Iterable[Notice]) -> tuple[int, int]:
    """Send each notice; returns (sent, failed)."""
    mailer = Mailer(settings())
    sent = failed = 0
    for notice in notices:
        try:
            mailer.send(notice.to, notice.subject, notice.body)
            sent += 1
        except OSError as exc:  # smtplib errors are OSErrors too
            failed += 1
            # The subject names the case by V-number only; never log the body.
            log.warning("mail to %s failed (%s): %s", notice.to, exc.__class__.__name__,
                        notice.subject)
    return sent, failed
