"""The one list of supported locales (``locales.json``) and what the apps need to know of each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

SOURCE_LOCALE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"


@dataclass(frozen=True)
class Locale:
    code: str
    english: str
    native: str
    script: str
    dir: str

    @property
    def rtl(self) -> bool:
        return self.dir == "rtl"

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for ``<html lang>``: ``fa_AF`` becomes ``fa-AF``."""
        return self.code.replace("_", "-")


@cache
def supported_locales() -> tuple[Locale, ...]:
    raw = json.loads(resources.files("hearing").joinpath("locales.json").read_text("utf-8"))
    return tuple(Locale(**entry) for entry in raw)


def locale_codes() -> tuple[str, ...]:
    return tuple(loc.code for loc in supported_locales())


def get_locale_info(code: str) -> Locale:
    for loc in supported_locales():
        if loc.code == code:
            return loc
    raise KeyError(code)
