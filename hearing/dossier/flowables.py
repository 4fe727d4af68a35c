"""Platypus flowables and page furniture on top of the text layer.

``TextBlock`` replaces ReportLab's ``Paragraph`` for everything we draw: it lays text out with
:mod:`hearing.dossier.text` (font runs, bidi, shaping) and never parses markup. It splits across
pages line by line, and can carry a box (background, border, coloured bar) that is drawn on each
fragment, so a long lawyer's correction stays visibly boxed on every page it spans.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from hearing.dossier.fonts import families
from hearing.dossier.text import Line, TextStyle, draw_line, layout_text


@dataclass(frozen=True)
class Box:
    background: colors.Color | None = None
    border: colors.Color | None = None
    bar: colors.Color | None = None  # thick bar at the start edge (right for RTL, left for LTR)
    padding: float = 6.0
    bar_width: float = 3.0


@dataclass(frozen=True)
class _Row:
    line: Line
    style: TextStyle
    leading: float


class TextBlock(Flowable):
    """One or more (text, style) paragraphs set as plain text, optionally in a box."""

    def __init__(
        self,
        paras: Sequence[tuple[str, TextStyle]],
        *,
        box: Box | None = None,
        space_before: float = 0.0,
        space_after: float = 4.0,
        keep_with_next: bool = False,
        bar_side: str | None = None,
    ) -> None:
        super().__init__()
        self.paras = list(paras)
        self.box = box
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.keepWithNext = keep_with_next
        self.bar_side = bar_side
        self._rows: list[_Row] | None = None
        self._width = 0.0

    # -- layout -----------------------------------------------------------------------------
    def _inner(self, avail_width: float) -> float:
        pad = (
            self.box.padding * 2 + (self.box.bar_width if self.box and self.box.bar else 0)
            if self.box
            else 0
        )
        return max(avail_width - pad, 20.0)

    def _layout(self, avail_width: float) -> list[_Row]:
        if self._rows is not None and self._width == avail_width:
            return self._rows
        inner = self._inner(avail_width)
        rows: list[_Row] = []
        for text, style in self.paras:
            lines = layout_text(
                text,
                inner,
                style.size,
                bold=style.bold,
                direction=style.direction,
                default_script=style.default_script,
            )
            leading = style.leading_for(lines)
            rows.extend(_Row(ln, style, leading) for ln in lines)
        self._rows = rows
        self._width = avail_width
        return rows

    @classmethod
    def _from_rows(
        cls, rows: list[_Row], template: TextBlock, width: float, first: bool, last: bool
    ) -> TextBlock:
        tb = cls([], box=template.box, bar_side=template.bar_side)
        tb._rows = rows
        tb._width = width
        tb.spaceBefore = template.spaceBefore if first else 0
        tb.spaceAfter = template.spaceAfter if last else 0
        tb.keepWithNext = template.keepWithNext if last else False
        return tb

    def _pad(self) -> float:
        return self.box.padding if self.box else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        rows = self._layout(availWidth)
        self.width = availWidth
        self.height = sum(r.leading for r in rows) + 2 * self._pad()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        rows = self._layout(availWidth)
        room = availHeight - 2 * self._pad()
        used = 0.0
        k = 0
        for r in rows:
            if used + r.leading > room:
                break
            used += r.leading
            k += 1
        # Keep at least two lines on each side where possible (no widows or orphans of one line).
        if 0 < k < len(rows) and len(rows) >= 4:
            k = max(2, min(k, len(rows) - 2)) if k >= 2 else 0
        if k == 0 or k >= len(rows):
            return []
        return [
            self._from_rows(rows[:k], self, availWidth, True, False),
            self._from_rows(rows[k:], self, availWidth, False, True),
        ]

    def all_lines(self, width: float = 450.0) -> list[Line]:
        """The laid-out lines (for tests: glyph coverage, order)."""
        return [r.line for r in self._layout(width)]

    # -- drawing ----------------------------------------------------------------------------
    def draw(self) -> None:
        c: Canvas = self.canv
        rows = self._rows or []
        pad = self._pad()
        box = self.box
        x_left, x_right = pad, self.width - pad
        if box:
            c.saveState()
            if box.background is not None or box.border is not None:
                c.setFillColor(box.background or colors.white)
                c.setStrokeColor(box.border or box.background or colors.white)
                c.setLineWidth(0.6)
                c.rect(
                    0,
                    0,
                    self.width,
                    self.height,
                    stroke=box.border is not None,
                    fill=box.background is not None,
                )
            if box.bar is not None:
                c.setFillColor(box.bar)
                rtl = self.bar_side == "right" or (
                    self.bar_side is None and rows and rows[0].line.rtl
                )
                bx = self.width - box.bar_width if rtl else 0
                c.rect(bx, 0, box.bar_width, self.height, stroke=0, fill=1)
                if rtl:
                    x_right -= box.bar_width
                else:
                    x_left += box.bar_width
            c.restoreState()
        y = self.height - pad
        for r in rows:
            baseline = y - r.leading / 2 - r.style.size * 0.32
            c.setFillColorRGB(*r.style.color)
            draw_line(c, r.line, x_left, x_right, baseline, align=r.style.align)
            y -= r.leading


class Rule(Flowable):
    """A thin horizontal line."""

    def __init__(
        self, color: colors.Color = colors.grey, thickness: float = 0.5, space: float = 6.0
    ) -> None:
        super().__init__()
        self.color = color
        self.thickness = thickness
        self.spaceBefore = space
        self.spaceAfter = space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)


PageFurniture = Callable[[Canvas, int, int], None]


def numbered_canvas(furniture: PageFurniture) -> type[Canvas]:
    """A canvas class that draws header/footer after the last page, so "page x of y" is known.

    Pages are kept as canvas state and replayed in ``save``; one build pass, no temp files.
    """

    class _NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            # ReportLab's default initial font is Helvetica, which would be listed unembedded.
            if not kwargs.get("initialFontName"):
                kwargs["initialFontName"] = families()["latn"].regular
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                furniture(self, number, total)
                super().showPage()
            super().save()

    return _NumberedCanvas
