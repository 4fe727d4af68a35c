"""Text layer for PDFs: font runs, Unicode Bidi, Arabic shaping and line breaking.

Pipeline for one paragraph (a string without newlines):

1. NFC-normalise (display only; stored text is never changed) and pick a font per character
   from the fonts' cmaps (:func:`assign_fonts`), so a ``?`` inside Ethiopic or a Latin name inside
   Arabic is drawn by a font that has the glyph.
2. Resolve bidi embedding levels for the whole paragraph with python-bidi's implementation of the
   Unicode Bidirectional Algorithm (rules P/X/W/N/I). Levels are a paragraph property, so they are
   resolved before line breaking.
3. Cut the paragraph into *atoms*: maximal pieces with one font, one level, and either all
   whitespace or no whitespace. Each atom is shaped on its own in logical order with the
   direction of its level: HarfBuzz sees Arabic letters in logical order with their real
   neighbours, so joining is right, and returns glyphs in visual order.
4. Break lines in logical order with the shaped widths (rule: UAX#9 3.4 "reordering is done per
   line after line breaking").
5. Per line: drop trailing whitespace (rule L1), then reverse atom sequences from the highest
   level down to the lowest odd level (rule L2). Mirroring (L4) is done by HarfBuzz for shaped
   RTL atoms and by :data:`bidi.mirror.MIRRORED` for the others.

Nothing here parses markup: lines are drawn with ``canvas.drawString``, so ``<``, ``&`` and ``>``
in user text are plain characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from bidi import algorithm as _uba
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from hearing.dossier.fonts import FontFamily, families, family_of_font

# Bidi classes that make a paragraph need the full algorithm; text without them is all level 0
# in an LTR paragraph (fast path for Dutch and other Latin text).
_RTL_CLASSES = frozenset(
    {"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}
)
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc"})
_WS = re.compile(r"\s+")


def _script(ch: str) -> str:
    """'arab', 'ethi', 'latn' for strong letters of those scripts, 'mark', or 'common'."""
    cp = ord(ch)
    if (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ):
        return "arab"
    if 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF or 0xAB00 <= cp <= 0xAB2F:
        return "ethi"
    cat = unicodedata.category(ch)
    if cat[0] == "M" or ch in "\u200c\u200d":
        # Combining marks and ZWNJ/ZWJ belong to the preceding letter's run: splitting them off
        # would detach a haraka from its letter or break a Persian word's non-joining point.
        return "mark"
    if cat[0] == "L":
        return "latn"
    return "common"


def paragraph_script(text: str, default: str = "latn") -> str:
    """Script of the first strong letter, for choosing fonts of leading punctuation."""
    for ch in text:
        s = _script(ch)
        if s in ("arab", "ethi", "latn"):
            return s
    return default


def assign_fonts(text: str, default_script: str = "latn") -> list[FontFamily | None]:
    """Font family per character; ``None`` for invisible format characters no font draws.

    Neutral characters (spaces, digits, punctuation) go with the script around them when that
    font has all of them, so ``.`` at the end of an Arabic sentence is Naskh, while a whole
    ``12/03/2019`` moves to Noto Sans because Naskh lacks ``/`` (one font per cluster looks
    better than alternating fonts inside a date).
    """
    fams = families()
    n = len(text)
    scripts = [_script(c) for c in text]
    out: list[FontFamily | None] = [None] * n

    def first_covering(chars: str, prefer: str) -> FontFamily | None:
        order = [prefer] + [k for k in ("latn", "arab", "ethi") if k != prefer]
        for key in order:
            fam = fams[key]
            if all(fam.covers(c) for c in chars):
                return fam
        return None

    # Strong letters: their script's font if it has the glyph, else whatever has it.
    for i, s in enumerate(scripts):
        if s in ("arab", "ethi", "latn"):
            out[i] = fams[s] if fams[s].covers(text[i]) else first_covering(text[i], s)

    # Neutral clusters: context is the previous strong script, else the next, else the default.
    i = 0
    prev_strong = None
    while i < n:
        if scripts[i] in ("arab", "ethi", "latn"):
            prev_strong = scripts[i]
            i += 1
            continue
        if scripts[i] == "mark":
            i += 1
            continue
        j = i
        while j < n and scripts[j] == "common":
            j += 1
        nxt = next(
            (scripts[k] for k in range(j, n) if scripts[k] in ("arab", "ethi", "latn")), None
        )
        context = prev_strong or nxt or default_script
        cluster = "".join(
            c for c in text[i:j] if unicodedata.category(c) not in _INVISIBLE_CATEGORIES
        )
        fam = first_covering(cluster, context) if cluster else fams[context]
        for k in range(i, j):
            ch = text[k]
            if fam is not None and fam.covers(ch):
                out[k] = fam
            elif unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
                out[k] = None  # bidi marks etc.: they steer the algorithm but are not drawn
            else:
                out[k] = first_covering(ch, context) or fams["latn"]
        i = j

    # Marks follow the character they attach to.
    for i, s in enumerate(scripts):
        if s == "mark":
            prev = out[i - 1] if i else None
            if prev is not None and prev.covers(text[i]):
                out[i] = prev
            elif unicodedata.category(text[i]) in _INVISIBLE_CATEGORIES:
                out[i] = None
            else:
                out[i] = (
                    first_covering(text[i], prev.key if prev else default_script) or fams["latn"]
                )
    return out


def base_level(text: str, direction: str | None) -> int:
    """0 for LTR, 1 for RTL; ``direction`` 'rtl'/'ltr' wins, else the first strong character."""
    if direction == "rtl":
        return 1
    if direction == "ltr":
        return 0
    return _uba.get_base_level(text)


def resolve_levels(text: str, level: int) -> list[int]:
    """Embedding level per character (python-bidi, UAX #9 rules up to I2)."""
    if level == 0 and not any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text):
        return [0] * len(text)
    storage = _uba.get_empty_storage()
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    _uba.get_embedding_levels(text, storage)
    every = list(storage["chars"])  # X9 drops BN/explicit codes (e.g. ZWNJ) from storage
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    kept = {id(c) for c in storage["chars"]}
    levels: list[int] = []
    for c in every:
        if id(c) in kept:
            levels.append(c["level"])
        else:
            # A removed code takes its neighbour's level so it never splits a run: a ZWNJ inside
            # a Persian word must stay in that word's shaping run.
            levels.append(levels[-1] if levels else level)
    if len(levels) != len(text):
        raise ValueError("bidi level count does not match the text")
    return levels


@dataclass(frozen=True, slots=True)
class Atom:
    """A piece of one line: one font, one bidi level, shaped, ready to draw left to right."""

    text: str  # logical order, as typed (after NFC)
    font: str  # ReportLab font name
    level: int
    space: bool
    glyphs: str  # visual order; a ShapedStr for HarfBuzz-shaped fonts
    width1000: float  # advance width at font size 1000 / 1000 (i.e. in em/1000 units)

    def width(self, size: float) -> float:
        return self.width1000 * size / 1000.0

    @property
    def rtl(self) -> bool:
        return bool(self.level % 2)

    def display(self) -> str:
        """Characters in display order (what a reader sees left to right), mirrored when RTL."""
        if not self.rtl:
            return self.text
        return "".join(MIRRORED.get(c, c) for c in reversed(self.text))


@dataclass(slots=True)
class Line:
    atoms: list[Atom]  # visual order, left to right
    rtl: bool  # paragraph direction: RTL lines are aligned right
    size: float
    logical: str = ""  # the line's text in logical order (for tests and text extraction)

    @property
    def width(self) -> float:
        return sum(a.width(self.size) for a in self.atoms)

    def display(self) -> str:
        return "".join(a.display() for a in self.atoms)

    def fonts_used(self) -> list[tuple[str, str]]:
        """(character, font name) for every drawn character, for the missing-glyph test."""
        return [(c, a.font) for a in self.atoms for c in a.text]


@lru_cache(maxsize=1 << 16)
def shape(text: str, font: str, rtl: bool) -> tuple[str, float]:
    """Glyph string in visual order and its width in 1/1000 em for one atom.

    Only fonts that need shaping (Arabic) go through HarfBuzz; the direction comes from the bidi
    level, not from HarfBuzz's guess, so neutrals such as ``(`` inside RTL text are mirrored and
    digit runs inside Arabic stay left-to-right.
    """
    fam = family_of_font(font)
    if not fam.shaped or text.isspace():
        glyphs = "".join(MIRRORED.get(c, c) for c in reversed(text)) if rtl else text
        return glyphs, pdfmetrics.stringWidth(glyphs, font, 1000)
    ttf = pdfmetrics.getFont(font)
    hbfont = _hb_font(font)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.guess_segment_properties()
    hb.shape(hbfont, buf, {"kern": True, "liga": True})
    chars: list[str] = []
    data: list[ShapeData] = []
    total = 0.0
    glyph_to_char = ttf.face.glyphToChar
    widths = ttf.face.charWidths
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        mapped = glyph_to_char.get(gid)
        x_advance = ttf.pdfScale(pos.x_advance)
        if mapped:
            uchar = mapped[0]
        else:
            # Contextual forms without a code point get a private-use alias so ReportLab's
            # subsetter can embed them (the same mechanism ReportLab's own shaping uses).
            uchar = ttf.hbAddPrivate(hbfont.glyph_to_string(gid), gid, x_advance)
        chars.append(chr(uchar))
        data.append(
            ShapeData(
                info.cluster,
                x_advance,
                ttf.pdfScale(pos.y_advance),
                ttf.pdfScale(pos.x_offset),
                ttf.pdfScale(pos.y_offset),
                widths[uchar],
            )
        )
        total += x_advance
    return ShapedStr("".join(chars), shapeData=data), total


@lru_cache(maxsize=16)
def _hb_font(font: str) -> hb.Font:
    # ReportLab's hbFont also installs hbAddPrivate on the TTFont, which shape() relies on.
    return pdfmetrics.getFont(font).hbFont(1000)


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    font: str
    level: int
    space: bool


def _atoms(
    text: str, fonts: Sequence[FontFamily | None], levels: Sequence[int], bold: bool
) -> list[Atom]:
    pieces: list[_Piece] = []
    for i, ch in enumerate(text):
        fam = fonts[i]
        if fam is None:
            continue  # invisible control: already did its work in the bidi levels
        name = fam.name(bold)
        sp = ch.isspace()
        last = pieces[-1] if pieces else None
        if (
            last
            and last.end == i
            and last.font == name
            and last.level == levels[i]
            and last.space == sp
        ):
            last.end = i + 1
        else:
            pieces.append(_Piece(i, i + 1, name, levels[i], sp))
    out = []
    for p in pieces:
        t = text[p.start : p.end]
        if p.space:
            t = " " * len(t)  # tabs, NBSP and friends draw as plain spaces
        rtl = bool(p.level % 2)
        glyphs, w = shape(t, p.font, rtl)
        out.append(Atom(t, p.font, p.level, p.space, glyphs, w))
    return out


def _reorder(atoms: list[Atom]) -> list[Atom]:
    """Rule L2 on whole atoms (each atom has one level and is already in its own visual order)."""
    if not atoms:
        return atoms
    items = list(atoms)
    highest = max(a.level for a in items)
    odd = [a.level for a in items if a.level % 2]
    lowest_odd = min(odd) if odd else highest + 1
    for lvl in range(highest, lowest_odd - 1, -1):
        i = 0
        n = len(items)
        while i < n:
            if items[i].level >= lvl:
                j = i
                while j < n and items[j].level >= lvl:
                    j += 1
                items[i:j] = items[i:j][::-1]
                i = j
            else:
                i += 1
    return items


def _split_long_word(word: list[Atom], avail: float, size: float) -> list[list[Atom]]:
    """Break a word wider than the line at character boundaries (hashes, long URLs)."""
    chunks: list[list[Atom]] = []
    cur: list[Atom] = []
    cur_w = 0.0
    for atom in word:
        rest = atom.text
        while rest:
            # Longest prefix that still fits; binary search because shaping is the costly part.
            lo, hi = 1, len(rest)
            fits = 0
            while lo <= hi:
                mid = (lo + hi) // 2
                if shape(rest[:mid], atom.font, atom.rtl)[1] * size / 1000 + cur_w <= avail:
                    fits = mid
                    lo = mid + 1
                else:
                    hi = mid - 1
            if fits == 0 and not cur:
                fits = 1  # a single glyph wider than the line still has to go somewhere
            if fits == 0:
                chunks.append(cur)
                cur, cur_w = [], 0.0
                continue
            piece = rest[:fits]
            glyphs, w = shape(piece, atom.font, atom.rtl)
            cur.append(Atom(piece, atom.font, atom.level, False, glyphs, w))
            cur_w += w * size / 1000
            rest = rest[fits:]
            if rest:
                chunks.append(cur)
                cur, cur_w = [], 0.0
    if cur:
        chunks.append(cur)
    return chunks


@lru_cache(maxsize=4096)
def layout_paragraph(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    direction: str | None = None,
    default_script: str = "latn",
) -> list[Line]:
    """Break one paragraph (no newlines) into display lines no wider than ``width`` points.

    ``direction`` is 'rtl', 'ltr' or None (first strong character decides, UAX#9 P2/P3).
    An empty paragraph gives one empty line so blank lines in answers keep their height.
    Results are cached: platypus wraps a flowable several times (keep-with-next, splitting), and
    the returned lines must be treated as read-only.
    """
    text = unicodedata.normalize("NFC", text.replace("\t", " "))
    level = base_level(text, direction)
    rtl = bool(level)
    if not text.strip():
        return [Line([], rtl, size)]
    fonts = assign_fonts(text, default_script)
    levels = resolve_levels(text, level)
    atoms = _atoms(text, fonts, levels, bold)

    # Words: a run of non-space atoms plus the spaces after it.
    words: list[tuple[list[Atom], list[Atom]]] = []
    for a in atoms:
        if a.space:
            if words:
                words[-1][1].append(a)
            # leading spaces of a paragraph are dropped: indentation is not meaningful here
        elif words and not words[-1][1]:
            words[-1][0].append(a)
        else:
            words.append(([a], []))

    lines_atoms: list[list[Atom]] = []
    cur: list[Atom] = []
    cur_w = 0.0
    for word, spaces in words:
        ww = sum(a.width(size) for a in word)
        if cur and cur_w + ww > width:
            lines_atoms.append(cur)
            cur, cur_w = [], 0.0
        if ww > width:
            chunks = _split_long_word(word, width - cur_w if cur else width, size)
            for chunk in chunks[:-1]:
                lines_atoms.append(cur + chunk)
                cur, cur_w = [], 0.0
            word = chunks[-1]
            ww = sum(a.width(size) for a in word)
        cur.extend(word)
        cur.extend(spaces)
        cur_w += ww + sum(a.width(size) for a in spaces)
    if cur:
        lines_atoms.append(cur)

    lines = []
    for la in lines_atoms:
        # L1: whitespace at the end of a line goes to the paragraph level; as it is not drawn
        # (lines are aligned to their start edge) it is simply removed.
        while la and la[-1].space:
            la = la[:-1]
        lines.append(Line(_reorder(la), rtl, size, "".join(a.text for a in la)))
    return lines


def layout_text(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    direction: str | None = None,
    default_script: str = "latn",
) -> list[Line]:
    """Lay out text that may contain newlines: each line of input is its own bidi paragraph."""
    out: list[Line] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        out.extend(
            layout_paragraph(
                para, width, size, bold=bold, direction=direction, default_script=default_script
            )
        )
    return out


def missing_glyphs(lines: Iterable[Line]) -> list[tuple[str, str]]:
    """(character, font) pairs drawn with a font that has no glyph for them."""
    fams = {f: fam for fam in families().values() for f in (fam.regular, fam.bold)}
    return [
        (c, f)
        for line in lines
        for c, f in line.fonts_used()
        if not c.isspace() and not fams[f].covers(c)
    ]


def draw_line(
    canvas, line: Line, x_left: float, x_right: float, y: float, *, align: str | None = None
) -> None:
    """Draw a laid-out line between ``x_left`` and ``x_right`` with its baseline at ``y``.

    RTL lines are aligned right, LTR lines left, unless ``align`` ('left', 'right', 'center')
    says otherwise. Adjacent atoms in the same font are drawn with one ``drawString``.
    """
    if not line.atoms:
        return
    align = align or ("right" if line.rtl else "left")
    w = line.width
    if align == "right":
        x = x_right - w
    elif align == "center":
        x = (x_left + x_right - w) / 2
    else:
        x = x_left
    groups: list[tuple[str, str, float]] = []
    for a in line.atoms:
        aw = a.width(line.size)
        if groups and groups[-1][0] == a.font:
            font, glyphs, gw = groups[-1]
            # ShapedStr implements + (both ways) so positioning data stays with its glyphs.
            groups[-1] = (font, glyphs + a.glyphs, gw + aw)
        else:
            groups.append((a.font, a.glyphs, aw))
    for font, glyphs, gw in groups:
        canvas.setFont(font, line.size)
        canvas.drawString(x, y, glyphs)
        x += gw


@dataclass
class TextStyle:
    """How a block of text is set; kept tiny on purpose (no markup, no inline styles)."""

    size: float = 10.0
    bold: bool = False
    leading: float | None = None  # default: 1.35 x size, 1.75 x size when Arabic script is used
    color: tuple[float, float, float] = (0, 0, 0)
    direction: str | None = None  # 'rtl', 'ltr' or None for auto per paragraph
    default_script: str = "latn"
    align: str | None = None

    def leading_for(self, lines: Sequence[Line]) -> float:
        if self.leading is not None:
            return self.leading
        arabic = any(family_of_font(a.font).key == "arab" for ln in lines for a in ln.atoms)
        # Naskh has tall ascenders and deep descenders; 1.35 would make lines touch.
        return self.size * (1.75 if arabic else 1.35)
