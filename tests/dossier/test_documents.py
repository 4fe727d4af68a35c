"""Build the demo documents, check glyph coverage, embedding and literal markup, keep PNGs.

Tests that need poppler-utils skip with a reason when it is missing, unless REQUIRE_PDF_TOOLS=1
or REQUIRE_BROWSER=1 is set (then they fail).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from hearing.dossier import build_dossier, build_invitation_letter, build_receipt, identity
from hearing.dossier.demo import (
    demo_dossier_data,
    demo_gettext,
    demo_invitation_data,
    demo_locales,
    demo_receipt_data,
)
from hearing.dossier.dossier import dossier_story
from hearing.dossier.flowables import TextBlock
from hearing.dossier.layout import FRAME_WIDTH
from hearing.dossier.text import missing_glyphs

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "pdf"
LOCALES = demo_locales()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("REQUIRE_PDF_TOOLS") == "1" or os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{name} (poppler-utils) is required but not installed")
    pytest.skip(
        f"{name} not installed (apt-get install poppler-utils); set REQUIRE_PDF_TOOLS=1 to fail"
    )
    raise AssertionError  # unreachable, for type checkers


def _blocks(flowables: list) -> list[TextBlock]:
    """Every TextBlock in a story, including those inside table cells."""
    out: list[TextBlock] = []
    for f in flowables:
        if isinstance(f, TextBlock):
            out.append(f)
        cells = getattr(f, "_cellvalues", None)
        if cells:
            out.extend(_blocks([c for row in cells for c in row]))
    return out


@pytest.mark.parametrize("locale", LOCALES)
def test_no_character_in_demo_dossier_lacks_a_glyph(locale: str) -> None:
    data = demo_dossier_data(locale)
    blocks = _blocks(dossier_story(data))
    lines = [ln for b in blocks for ln in b.all_lines(FRAME_WIDTH - 20)]
    drawn = "".join(c for ln in lines for c, _f in ln.fonts_used())
    assert len(drawn) > 500
    assert missing_glyphs(lines) == []
    # The demo really mixes scripts: digits, "?" and Latin letters are among the drawn characters.
    assert "?" in drawn or "؟" in drawn
    assert any(c.isdigit() for c in drawn)


@pytest.mark.parametrize("locale", LOCALES)
def test_builders_return_pdf_bytes(locale: str) -> None:
    for pdf in (
        build_dossier(demo_dossier_data(locale)),
        build_receipt(demo_receipt_data(locale), demo_gettext(locale), identity),
        build_invitation_letter(demo_invitation_data(locale), demo_gettext(locale), identity),
    ):
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_receipt_in_dutch_only_once() -> None:
    data = replace(demo_receipt_data("ru"), locale="nl")
    assert build_receipt(data, identity, identity).startswith(b"%PDF-")


def _text(pdf: bytes, tmp_path: Path) -> str:
    tool = _tool("pdftotext")
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    return subprocess.run(
        [tool, "-layout", str(src), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_markup_characters_appear_literally(tmp_path: Path) -> None:
    data = demo_dossier_data("ru")
    answer = replace(
        data.answers[0], answer="<b>bold?</b> & AT&T > 3 <br/> &amp;", translation=None
    )
    pdf = build_dossier(replace(data, answers=(answer, *data.answers[1:])))
    text = _text(pdf, tmp_path)
    assert "<b>bold?</b> & AT&T > 3 <br/> &amp;" in text


def test_header_and_footer_on_every_page(tmp_path: Path) -> None:
    data = demo_dossier_data("ar")
    text = _text(build_dossier(data), tmp_path)
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert data.v_number in page
        assert "Vertrouwelijk" in page
        assert f"pagina {n} van {len(pages)}" in page


def _documents() -> dict[str, bytes]:
    docs: dict[str, bytes] = {}
    for loc in LOCALES:
        docs[f"dossier-{loc}"] = build_dossier(demo_dossier_data(loc))
        docs[f"receipt-{loc}"] = build_receipt(demo_receipt_data(loc), demo_gettext(loc), identity)
    docs["letter-ar"] = build_invitation_letter(
        demo_invitation_data("ar"), demo_gettext("ar"), identity
    )
    docs["letter-ti"] = build_invitation_letter(demo_invitation_data("ti"), identity, identity)
    return docs


def test_render_to_png_and_every_font_embedded() -> None:
    pdftoppm = _tool("pdftoppm")
    pdffonts = _tool("pdffonts")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, pdf in _documents().items():
        path = ARTIFACTS / f"{name}.pdf"
        path.write_bytes(pdf)
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(
            [pdftoppm, "-r", "150", "-png", str(path), str(ARTIFACTS / name)], check=True
        )
        assert list(ARTIFACTS.glob(f"{name}-*.png")), name
        out = subprocess.run(
            [pdffonts, str(path)], check=True, capture_output=True, text=True
        ).stdout
        rows = out.splitlines()[2:]
        assert rows, f"{name}: no fonts listed"
        for row in rows:
            # columns: name type encoding emb sub uni object ID; type may be two words
            cols = row.split()
            emb = cols[-5]
            assert emb == "yes", f"{name}: font not embedded: {row}"
            assert "Noto" in cols[0], f"{name}: unexpected font {row}"
