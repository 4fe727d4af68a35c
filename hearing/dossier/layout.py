"""Shared page set-up and building blocks of the three documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from hearing.dossier.flowables import TextBlock, numbered_canvas
from hearing.dossier.fonts import families
from hearing.dossier.text import TextStyle, draw_line, layout_paragraph
from hearing.locales import get_locale_info

PAGE = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN_X

INK = (0.1, 0.1, 0.12)
MUTED = (0.38, 0.38, 0.42)
ACCENT = colors.HexColor("#154273")  # Rijksoverheid dark blue
SOFT = colors.HexColor("#F2F4F7")


@dataclass(frozen=True)
class Lang:
    """How text of one locale is set: direction and the script for neutral characters."""

    code: str
    rtl: bool
    script: str  # 'latn', 'arab', 'ethi'

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    def style(
        self, size: float = 10, *, bold: bool = False, color: tuple[float, float, float] = INK
    ) -> TextStyle:
        return TextStyle(
            size=size, bold=bold, color=color, direction=self.direction, default_script=self.script
        )


def lang(code: str) -> Lang:
    try:
        info = get_locale_info(code)
    except KeyError:
        return Lang(code, False, "latn")
    script = {"Arab": "arab", "Ethi": "ethi"}.get(info.script, "latn")
    return Lang(code, info.rtl, script)


DUTCH = Lang("nl", False, "latn")


def auto(
    size: float = 10, *, bold: bool = False, color: tuple[float, float, float] = INK
) -> TextStyle:
    """Direction from the text itself (names, values of unknown script)."""
    return TextStyle(size=size, bold=bold, color=color, direction=None)


def para(text: str, style: TextStyle, **kwargs: object) -> TextBlock:
    return TextBlock([(text, style)], **kwargs)  # type: ignore[arg-type]


def heading(text: str, language: Lang = DUTCH, size: float = 14, **kwargs: object) -> TextBlock:
    kwargs.setdefault("space_before", 8)
    kwargs.setdefault("space_after", 4)
    return TextBlock([(text, language.style(size, bold=True))], keep_with_next=True, **kwargs)  # type: ignore[arg-type]


def kv_table(
    rows: Sequence[tuple[str, str | Flowable]],
    language: Lang = DUTCH,
    *,
    label_width: float = 45 * mm,
    value_style: TextStyle | None = None,
    width: float = FRAME_WIDTH,
) -> Table:
    """Label/value rows; mirrored (label on the right) for right-to-left languages."""
    label_style = language.style(9, bold=True, color=MUTED)
    # RTL documents keep values at the start (right) edge; in Dutch ones each value finds its own
    # direction, so an Arabic name sits right with its full stop on the left.
    vstyle = value_style or (
        language.style(10) if language.rtl else replace(language.style(10), direction=None)
    )
    data = []
    for label, value in rows:
        lab = para(label, label_style, space_after=0)
        val = value if isinstance(value, Flowable) else para(value, vstyle, space_after=0)
        data.append([val, lab] if language.rtl else [lab, val])
    widths = (
        [width - label_width, label_width] if language.rtl else [label_width, width - label_width]
    )
    table = Table(data, colWidths=widths, hAlign="RIGHT" if language.rtl else "LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # Cells hold TextBlocks, but Table still selects its cell font; without this
                # an unembedded Helvetica shows up in the PDF's font list.
                ("FONT", (0, 0), (-1, -1), families()["latn"].regular),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#D0D4DA")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    language: Lang = DUTCH,
) -> Table:
    """A table of plain text cells with a header row, every cell set by the text layer."""
    hstyle = language.style(8.5, bold=True, color=MUTED)
    cstyle = replace(language.style(9), direction=None)
    data = [[para(h, hstyle, space_after=0) for h in header]]
    data += [[para(c, cstyle, space_after=0) for c in row] for row in rows]
    if language.rtl:
        data = [list(reversed(r)) for r in data]
        widths = list(reversed(widths))
    table = Table(
        data, colWidths=list(widths), repeatRows=1, hAlign="RIGHT" if language.rtl else "LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # Cells hold TextBlocks, but Table still selects its cell font; without this
                # an unembedded Helvetica shows up in the PDF's font list.
                ("FONT", (0, 0), (-1, -1), families()["latn"].regular),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#D0D4DA")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def group_fingerprint(hexdigest: str) -> str:
    """SHA-256 hex in groups of eight, easier to compare aloud or by eye."""
    h = hexdigest.lower()
    return " ".join(h[i : i + 8] for i in range(0, len(h), 8))


@dataclass(frozen=True)
class Furniture:
    """Header and footer texts; ``page_label`` is formatted with ``page`` and ``pages``."""

    header_start: str
    header_middle: str
    header_end: str
    footer_start: str
    page_label: str  # e.g. "pagina %(page)d van %(pages)d"
    language: Lang = DUTCH

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        width = PAGE[0]
        top = PAGE[1] - 12 * mm
        bottom = 10 * mm
        left, right = MARGIN_X, width - MARGIN_X
        rtl = self.language.rtl
        style = self.language.style(8, color=MUTED)

        def put(text: str, y: float, where: str, bold: bool = False) -> None:
            if not text:
                return
            line = layout_paragraph(
                text,
                right - left,
                style.size,
                bold=bold,
                direction=None,
                default_script=style.default_script,
            )[0]
            canv.setFillColorRGB(*(MUTED if not bold else (0.6, 0.05, 0.05)))
            draw_line(canv, line, left, right, y, align=where)

        start, end = ("right", "left") if rtl else ("left", "right")
        put(self.header_start, top, start)
        put(self.header_middle, top, "center", bold=True)
        put(self.header_end, top, end)
        canv.setStrokeColor(colors.HexColor("#D0D4DA"))
        canv.setLineWidth(0.4)
        canv.line(left, top - 4, right, top - 4)
        canv.line(left, bottom + 10, right, bottom + 10)
        put(self.footer_start, bottom, start)
        put(self.page_label % {"page": page, "pages": pages}, bottom, end)
        canv.restoreState()


def render(story: list[Flowable], furniture: Furniture, *, title: str, subject: str = "") -> bytes:
    """Build the story into PDF bytes in memory."""
    out = BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        subject=subject,
        author="IND schriftelijk gehoor",
        creator="hearing.dossier",
        # Same input, same bytes (no creation timestamp or random id): lets the file be
        # fingerprinted and compared.
        invariant=1,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=numbered_canvas(furniture.draw))
    return out.getvalue()
