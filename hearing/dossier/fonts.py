"""The Noto fonts shipped in ``hearing/fonts`` as ReportLab TrueType fonts, with their coverage.

Fonts are registered once per process (ReportLab keeps a global registry); each PDF embeds only
the subset of glyphs it uses. Coverage is read from each font's own cmap, so run splitting never
guesses which characters a font can draw.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(str(resources.files("hearing").joinpath("fonts")))


@dataclass(frozen=True)
class FontFamily:
    """One script's font in regular and bold, and the code points both of them can draw."""

    key: str  # 'latn', 'arab' or 'ethi'
    regular: str  # registered ReportLab font name
    bold: str
    coverage: frozenset[int]
    shaped: bool  # needs HarfBuzz (contextual forms, marks)

    def name(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.coverage


_FILES = {
    "latn": ("HearingNotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", False),
    "arab": (
        "HearingNotoNaskhArabic",
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
        True,
    ),
    "ethi": (
        "HearingNotoSansEthiopic",
        "NotoSansEthiopic-Regular.ttf",
        "NotoSansEthiopic-Bold.ttf",
        False,
    ),
}

_lock = threading.Lock()
_families: dict[str, FontFamily] = {}


def _register(name: str, filename: str) -> frozenset[int]:
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, str(FONT_DIR / filename))
        pdfmetrics.registerFont(font)
    # Snapshot now: shaping later adds private-use entries for unencoded glyphs to charToGlyph,
    # and those must never count as coverage of user text.
    return frozenset(c for c in font.face.charToGlyph if not 0xE000 <= c <= 0xF8FF)


def families() -> dict[str, FontFamily]:
    """Register the fonts (once) and return the families by script key."""
    if _families:
        return _families
    with _lock:
        if not _families:
            built = {}
            for key, (base, regular, bold, shaped) in _FILES.items():
                cov_regular = _register(base, regular)
                cov_bold = _register(base + "-Bold", bold)
                built[key] = FontFamily(
                    key=key,
                    regular=base,
                    bold=base + "-Bold",
                    # Bold and regular must agree, or a word would change font when emphasised.
                    coverage=cov_regular & cov_bold,
                    shaped=shaped,
                )
            _families.update(built)
    return _families


def family(key: str) -> FontFamily:
    return families()[key]


def family_of_font(font_name: str) -> FontFamily:
    for fam in families().values():
        if font_name in (fam.regular, fam.bold):
            return fam
    raise KeyError(font_name)


def font_files() -> list[Path]:
    """The TTF files in use (for the web apps and for tests)."""
    return [FONT_DIR / f for _, r, b, _s in _FILES.values() for f in (r, b)]
