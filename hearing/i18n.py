"""Which locales may be offered: only those whose catalog is complete.

Two gettext domains: ``messages`` (what applicants read: kiosk, questionnaire, receipt,
letter) in all 14 locales, and ``admin`` (back office, staff emails, dossier) in the staff
locales, Dutch and English. A catalog is complete when every message is translated, none is
fuzzy, and the placeholders of each translation match its source. English is the source
language and always complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from hearing.locales import SOURCE_LOCALE, TRANSLATIONS_DIR

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}|%[sd]")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text))


@dataclass
class CatalogReport:
    locale: str
    exists: bool
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    placeholder_mismatch: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.exists and not (self.untranslated or self.fuzzy or self.placeholder_mismatch)


APPLICANT_DOMAIN = "messages"
STAFF_DOMAIN = "admin"
STAFF_LOCALES = ("nl", "en")


def catalog_path(
    locale: str, directory: Path = TRANSLATIONS_DIR, domain: str = APPLICANT_DOMAIN
) -> Path:
    return directory / locale / "LC_MESSAGES" / f"{domain}.po"


def check_catalog(
    locale: str, directory: Path = TRANSLATIONS_DIR, domain: str = APPLICANT_DOMAIN
) -> CatalogReport:
    path = catalog_path(locale, directory, domain)
    if not path.exists():
        return CatalogReport(locale, exists=False)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    report = CatalogReport(locale, exists=True)
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or [])
        )
        if message.fuzzy:
            report.fuzzy.append(key)
        if not strings or not all(strings):
            report.untranslated.append(key)
            continue
        source_ph = placeholders(ids[-1])
        if any(placeholders(s) != source_ph and placeholders(s) != placeholders(ids[0])
               for s in strings):
            report.placeholder_mismatch.append(key)
    return report


@cache
def offered_locales(
    configured: tuple[str, ...], directory: Path = TRANSLATIONS_DIR,
    domain: str = APPLICANT_DOMAIN,
) -> tuple[str, ...]:
    """The configured locales that may be shown: the source locale and complete catalogs."""
    return tuple(
        code for code in configured
        if code == SOURCE_LOCALE or check_catalog(code, directory, domain).complete
    )
