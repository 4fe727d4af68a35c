"""gettext outside a request: for emails, PDFs and CLI output in a given locale.

Uses the same catalogs as the web apps (``translations/<locale>/LC_MESSAGES/messages.mo``).
"""

from __future__ import annotations

from functools import cache

from babel.support import NullTranslations, Translations

from hearing.locales import TRANSLATIONS_DIR


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it yet."""
    return message


@cache
def translations(locale: str, domain: str = "messages") -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [locale], domain=domain)


def gettext_for(locale: str, domain: str = "messages"):  # type: ignore[no-untyped-def]
    """A ``gettext(message, **params)`` function for ``locale``, formatting like Flask-Babel."""
    catalog = translations(locale, domain)

    def gettext(message: str, **params: object) -> str:
        text = catalog.gettext(message)
        return text % params if params else text

    return gettext
