"""Email notifications through the configured SMTP server."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from hearing.config import Settings

log = logging.getLogger(__name__)


class Mailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, to: str, subject: str, body: str) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"] = s.smtp_sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password or "")
            smtp.send_message(message)
        # Subjects and bodies name cases by V-number only; never log the body.
        log.info("mail sent to %s: %s", to, subject)
