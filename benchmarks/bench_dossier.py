"""Dossier PDF benchmark: an 80-question case with long Arabic answers (~40 pages).

Prints the median build time of the dossier and, in the same run, of a plain ReportLab document
(Helvetica Paragraphs, no shaping or bidi) with the same amount of Latin text, and the ratio.
Run: ``python benchmarks/bench_dossier.py [repeats]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from hearing.dossier import build_dossier
from hearing.dossier.data import AnswerRecord, Correction, CorrectionKind, DossierData, Translation
from hearing.dossier.demo import demo_dossier_data
from hearing.dossier.text import layout_paragraph, shape

QUESTIONS = 80


def big_case() -> DossierData:
    base = demo_dossier_data("ar")
    account = next(a for a in base.answers if a.question_id == "reasons.account")
    assert account.translation is not None
    answers = []
    for i in range(QUESTIONS):
        # Vary the text a little so caches do not make the benchmark unrealistically cheap.
        answer = f"({i + 1}) " + account.answer + " " + (account.answer or "")[: 150 + 3 * i]
        translation = replace(account.translation, text=f"({i + 1}) " + account.translation.text)
        corrections = ()
        if i % 3 == 0:
            corrections = (
                Correction(
                    CorrectionKind.CORRECTION if i % 2 else CorrectionKind.ADDITION,
                    f"Toelichting bij vraag {i + 1}: cliënt bedoelt de periode na 12/03/2019; "
                    "de vertaling van dit deel is aangepast in overleg met de vertaler.",
                    "mr. J. de Vries",
                    account.translation.at + timedelta(days=3),
                ),
            )
        answers.append(
            AnswerRecord(
                question_id=f"q{i + 1:02d}",
                question_nl=f"Vraag {i + 1}: " + account.question_nl,
                question_original=account.question_original,
                answer=answer,
                translation=Translation(
                    translation.text,
                    translation.translator_name,
                    translation.register_number,
                    translation.at,
                ),
                corrections=corrections,
                section_nl=f"Deel {i // 10 + 1}",
            )
        )
    return replace(base, answers=tuple(answers))


def plain_latin(chars: int) -> bytes:
    styles = getSampleStyleSheet()
    sentence = "The quick brown fox jumps over the lazy dog and keeps running through the field. "
    text = sentence * (chars // len(sentence) + 1)
    paras = [Paragraph(text[i : i + 1200], styles["BodyText"]) for i in range(0, chars, 1200)]
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(paras)
    return out.getvalue()


def count_chars(d: DossierData) -> int:
    n = 0
    for a in d.answers:
        n += len(a.question_nl) + len(a.question_original) + len(a.answer or "")
        n += len(a.translation.text) if a.translation else 0
        n += sum(len(c.text) for c in a.corrections)
    return n


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        # Cold caches each round: a real dossier is built once, not from a warm layout cache.
        layout_paragraph.cache_clear()
        shape.cache_clear()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    case = big_case()
    chars = count_chars(case)
    pdf = build_dossier(case)  # warm-up: font loading, first-use imports
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    plain_latin(chars)
    dossier_s = median_time(lambda: build_dossier(case), repeats)
    plain_s = median_time(lambda: plain_latin(chars), repeats)
    print(
        f"dossier: {QUESTIONS} questions, {chars} characters of text, "
        f"~{pages} pages, {len(pdf)} bytes"
    )
    print(f"median dossier build:        {dossier_s * 1000:8.1f} ms  (aim: < 1000 ms)")
    print(
        f"median plain Latin document: {plain_s * 1000:8.1f} ms  (same amount of text, Helvetica)"
    )
    print(f"ratio dossier / plain:       {dossier_s / plain_s:8.2f}")


if __name__ == "__main__":
    main()
