"""``make i18n``: bring every locale's catalog in line with ``translations/messages.pot``.

New catalogs are created; existing ones are updated (new messages added untranslated, removed
ones marked obsolete). Every catalog header carries the review notice: translations written
by the development team must be reviewed by a certified translator before production use.
"""

from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from hearing.i18n import APPLICANT_DOMAIN, STAFF_DOMAIN, STAFF_LOCALES, catalog_path
from hearing.locales import SOURCE_LOCALE, TRANSLATIONS_DIR, locale_codes

REVIEW_NOTICE = (
    "NOT REVIEWED: these translations were written by the development team and must be "
    "reviewed by a certified translator before production use."
)


def header_comment(locale: str) -> str:
    return (
        f"# Translations for written-hearing, locale {locale}.\n"
        f"# {REVIEW_NOTICE}\n"
        "#"
    )


def update_all() -> int:
    update_domain(APPLICANT_DOMAIN, locale_codes())
    update_domain(STAFF_DOMAIN, STAFF_LOCALES)
    return 0


def update_domain(domain: str, locales: tuple[str, ...]) -> None:
    pot_path = TRANSLATIONS_DIR / f"{domain}.pot"
    for locale in locales:
        # Read the template afresh for each locale: Catalog.update shares message objects
        # with it, so filling in one catalog would otherwise leak into the next.
        with pot_path.open("rb") as fh:
            template = read_po(fh)
        path = catalog_path(locale, domain=domain)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=locale, project="written-hearing")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.header_comment = header_comment(locale)
        catalog.fuzzy = False
        if locale == SOURCE_LOCALE:
            # The source locale translates every message to itself.
            for message in catalog:
                if not message.id:
                    continue
                if isinstance(message.id, str):
                    message.string = message.string or message.id
                elif not all(message.string or ()):
                    message.string = tuple(message.id)  # singular, plural
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, ignore_obsolete=True)
        print(f"updated {path}")


if __name__ == "__main__":
    sys.exit(update_all())
