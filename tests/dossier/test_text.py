"""Unit tests of the text layer: font runs, bidi order and line breaking (no PDF tools needed)."""

from __future__ import annotations

from bidi import get_display

from hearing.dossier.fonts import family
from hearing.dossier.text import Line, layout_paragraph, missing_glyphs

WIDE = 2000.0


def one_line(text: str, direction: str | None = "rtl") -> Line:
    lines = layout_paragraph(text, WIDE, 10, direction=direction)
    assert len(lines) == 1
    return lines[0]


def test_sentence_final_full_stop_is_at_the_left_end_of_arabic() -> None:
    line = one_line("ذهبت إلى المدرسة.")
    assert line.display().startswith(".")
    assert line.display() == get_display("ذهبت إلى المدرسة.", base_dir="R")


def test_arabic_question_mark_at_the_left_end() -> None:
    assert one_line("من أين أنت؟").display().startswith("؟")


def test_persian_digits_keep_their_order() -> None:
    line = one_line("در سال ۱۳۹۸ رفتم.")
    assert "۱۳۹۸" in line.display()
    assert "۸۹۳۱" not in line.display()
    digits = [a for a in line.atoms if a.text == "۱۳۹۸"]
    assert digits and digits[0].level % 2 == 0  # an LTR run inside the RTL paragraph


def test_arabic_indic_digits_keep_their_order() -> None:
    line = one_line("ولدت في ١٥ آذار ١٩٩٠ في حلب.")
    assert "١٩٩٠" in line.display() and "٠٩٩١" not in line.display()
    assert line.display() == get_display("ولدت في ١٥ آذار ١٩٩٠ في حلب.", base_dir="R")


def test_latin_word_and_date_inside_arabic() -> None:
    text = "وصلت في 12/03/2019 مع Ali إلى هولندا."
    line = one_line(text)
    shown = line.display()
    assert "12/03/2019" in shown and "Ali" in shown
    assert shown.startswith(".")
    assert shown == get_display(text, base_dir="R")
    # The date is one LTR run in Noto Sans (Naskh has no "/"), the Latin word too.
    fonts = {a.text: a.font for a in line.atoms}
    assert fonts["12/03/2019"] == family("latn").regular
    assert fonts["Ali"] == family("latn").regular
    # Visual order: "Ali" (logically after the date) is to the left of the date.
    assert shown.index("Ali") < shown.index("12/03/2019")


def test_brackets_are_mirrored_in_rtl() -> None:
    # Logical "(" opens after "حلب"; drawn RTL it must look like "(" on the word's right side,
    # i.e. the display string reads "(ايروس)" left to right.
    assert "(ايروس)" in one_line("أنا من حلب (سوريا).").display()


def test_pashto_sentence() -> None:
    text = "زه د کندهار یم او ډېر ښه ژوند مې درلود."
    line = one_line(text)
    assert line.display() == get_display(text, base_dir="R")
    assert all(a.font == family("arab").regular for a in line.atoms if not a.space)
    assert not missing_glyphs([line])
    for ch in "ټځډړږښګڼېۍ":
        assert family("arab").covers(ch), ch


def test_sorani_sentence() -> None:
    text = "من خەڵکی سلێمانیم و ڕۆژی ١٢ی ئازار هاتم."
    line = one_line(text)
    assert line.display() == get_display(text, base_dir="R")
    assert "١٢" in line.display()
    assert not missing_glyphs([line])
    for ch in "ڕڵۆێە":
        assert family("arab").covers(ch), ch


def test_arabic_is_shaped_with_joining_forms() -> None:
    line = one_line("سلام")
    (atom,) = line.atoms
    # HarfBuzz replaced the four logical letters by contextual glyphs: not the input code points.
    assert hasattr(atom.glyphs, "__shapeData__")
    assert str(atom.glyphs) != "سلام"[::-1]


def test_rtl_paragraph_wraps_first_words_first_line_right_aligned() -> None:
    words = [f"كلمة{i}" for i in range(1, 40)]
    text = " ".join(words) + "."
    lines = layout_paragraph(text, 200, 10, direction="rtl")
    assert len(lines) > 3
    assert lines[0].logical.startswith("كلمة1 ")
    # In display order the first logical word is the right-most one of the first line.
    first = lines[0].display()
    assert first.endswith(get_display("كلمة1", base_dir="R"))
    assert lines[0].rtl
    assert lines[-1].display().startswith(".")
    assert all(ln.width <= 200 + 0.01 for ln in lines)
    # Logical order is kept across lines: concatenation gives back the text.
    assert " ".join(ln.logical for ln in lines) == text


def test_question_mark_inside_ethiopic_uses_a_font_that_has_it() -> None:
    line = one_line("ስምካ እንታይ እዩ? 2019", direction="ltr")
    fonts = {c: f for c, f in line.fonts_used()}
    assert fonts["?"] == family("latn").regular
    assert fonts["ስ"] == family("ethi").regular
    assert not missing_glyphs([line])


def test_markup_characters_are_plain_text() -> None:
    line = one_line("a <b> & c </b> > d", direction="ltr")
    assert line.display() == "a <b> & c </b> > d"
