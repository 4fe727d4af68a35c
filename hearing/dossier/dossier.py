"""The dossier for the decision officer and the case file (Dutch labels)."""

from __future__ import annotations

from babel import Locale
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from hearing.dossier.data import AnswerRecord, AnswerStatus, CorrectionKind, DossierData
from hearing.dossier.flowables import Box, Rule, TextBlock
from hearing.dossier.i18n import format_when
from hearing.dossier.layout import (
    ACCENT,
    DUTCH,
    FRAME_WIDTH,
    MUTED,
    SOFT,
    Furniture,
    Lang,
    auto,
    grid_table,
    group_fingerprint,
    heading,
    kv_table,
    lang,
    para,
    render,
)

ROUTES = {
    "replace": "vervangend (replace): beslissing op het formulier mogelijk",
    "prepare": "voorbereidend (prepare): nader gehoor volgt altijd",
}

# Visibly distinct from the applicant's words: boxed, coloured bar, and a label naming author
# and date. Colour is never the only signal (label text says what it is; prints in greyscale).
_CORRECTION_BOX = Box(
    background=colors.HexColor("#FFF6DB"),
    border=colors.HexColor("#C98A00"),
    bar=colors.HexColor("#C98A00"),
)
_ADDITION_BOX = Box(
    background=colors.HexColor("#E8F3EA"),
    border=colors.HexColor("#2E7D32"),
    bar=colors.HexColor("#2E7D32"),
)
_ORIGINAL_BOX = Box(background=SOFT, padding=6)
_TRANSLATION_BOX = Box(border=colors.HexColor("#9AA5B1"), padding=6)
_STATUS_BOX = Box(
    background=colors.HexColor("#FDECEA"),
    border=colors.HexColor("#B3261E"),
    bar=colors.HexColor("#B3261E"),
)


def language_name_nl(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name("nl") or code
    except (ValueError, LookupError):
        return code


def _when(value: object) -> str:
    return format_when(value, "nl")  # type: ignore[arg-type]


def _cover(d: DossierData, applicant: Lang) -> list[Flowable]:
    story: list[Flowable] = [
        para("Dossier schriftelijk gehoor", DUTCH.style(20, bold=True), space_after=2),
        para(
            "Asielprocedure — verslag van het digitale schriftelijk gehoor",
            DUTCH.style(11, color=MUTED),
            space_after=12,
        ),
    ]
    rows: list[tuple[str, str | Flowable]] = [
        ("V-nummer", d.v_number),
        ("Naam", d.full_name),
    ]
    if d.full_name_original:
        rows.append(
            (
                "Naam in eigen schrift",
                para(d.full_name_original, applicant.style(11), space_after=0),
            )
        )
    if d.date_of_birth:
        rows.append(("Geboortedatum", d.date_of_birth))
    rows += [
        ("Nationaliteit", d.nationality),
        ("Taal", f"{language_name_nl(d.locale)} ({d.locale})"),
        ("Route", ROUTES.get(d.route, d.route)),
        ("Vragenlijstversie", d.questionnaire_version),
        ("Aantal vragen", str(len(d.answers))),
        (
            "Vingerafdruk (SHA-256) van de verzegelde inzending",
            para(group_fingerprint(d.fingerprint), DUTCH.style(10, bold=True), space_after=0),
        ),
    ]
    story.append(kv_table(rows, label_width=62 * mm))
    story.append(heading("Verloop", size=13, space_before=14))
    story.append(
        grid_table(
            ["Stap", "Datum en tijd", "Door"],
            [[s.name, _when(s.at), s.actor] for s in d.stages],
            [FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.4],
        )
    )
    story.append(Spacer(1, 10))
    story.append(
        para(
            "De antwoorden van de aanvrager staan ongewijzigd in dit dossier. Vertalingen, correcties "  # noqa: E501 (prose literal)
            "en aanvullingen zijn afzonderlijk vastgelegd en staan ieder met auteur en datum bij het "  # noqa: E501 (prose literal)
            "antwoord waarop ze betrekking hebben.",
            DUTCH.style(9, color=MUTED),
        )
    )
    story.append(PageBreak())
    return story


def _status_text(status: AnswerStatus) -> str | None:
    return {
        AnswerStatus.DONT_KNOW: "De aanvrager heeft gekozen: \u201cIk weet het niet\u201d.",
        AnswerStatus.IN_PERSON: "De aanvrager heeft gekozen: \u201cIk vertel dit liever persoonlijk\u201d. "  # noqa: E501 (prose literal)
        "Deze vraag moet in een gehoor worden besproken.",
        AnswerStatus.UNANSWERED: "Niet beantwoord (optionele vraag).",
    }.get(status)


def _question(n: int, a: AnswerRecord, applicant: Lang) -> list[Flowable]:
    story: list[Flowable] = [
        TextBlock(
            [
                (f"Vraag {n}  ·  {a.question_id}", DUTCH.style(8, color=MUTED)),
                (a.question_nl, DUTCH.style(11, bold=True)),
                (a.question_original, applicant.style(10, color=MUTED)),
            ],
            space_before=10,
            space_after=3,
            keep_with_next=True,
        )
    ]
    status = _status_text(a.status)
    if status:
        story.append(
            para(
                status,
                DUTCH.style(9.5, bold=True, color=(0.55, 0.08, 0.06)),
                box=_STATUS_BOX,
                space_after=4,
            )
        )
    if a.answer:
        story.append(
            para(
                f"Antwoord van de aanvrager (origineel, {language_name_nl(applicant.code)})",
                DUTCH.style(8, bold=True, color=MUTED),
                space_after=1,
                keep_with_next=True,
            )
        )
        story.append(para(a.answer, applicant.style(11), box=_ORIGINAL_BOX, space_after=5))
    if a.translation:
        t = a.translation
        story.append(
            TextBlock(
                [
                    (
                        f"Beëdigde vertaling — {t.translator_name}, "
                        f"Rbtv-nummer {t.register_number}, {_when(t.at)}",
                        DUTCH.style(8, bold=True, color=MUTED),
                    ),
                    (t.text, DUTCH.style(10)),
                ],
                box=_TRANSLATION_BOX,
                space_after=5,
            )
        )
    elif a.answer:
        story.append(
            para(
                "Nog geen vertaling vastgelegd.",
                DUTCH.style(9, bold=True, color=(0.55, 0.08, 0.06)),
                space_after=5,
            )
        )
    for c in a.corrections:
        label = "CORRECTIE" if c.kind is CorrectionKind.CORRECTION else "AANVULLING"
        story.append(
            TextBlock(
                [
                    (
                        f"{label} door {c.author}, {_when(c.at)}",
                        DUTCH.style(8, bold=True, color=(0.35, 0.25, 0.0)),
                    ),
                    (c.text, auto(10)),
                ],
                box=_CORRECTION_BOX if c.kind is CorrectionKind.CORRECTION else _ADDITION_BOX,
                bar_side="left",
                space_after=5,
            )
        )
    return story


def _closing(d: DossierData) -> list[Flowable]:
    story: list[Flowable] = [
        PageBreak(),
        heading("Screening en overdracht", size=16, space_before=0),
    ]
    s = d.screening
    if s is None:
        story.append(para("Nog niet gescreend.", DUTCH.style(10, bold=True)))
    else:
        story.append(
            kv_table(
                [
                    ("Uitkomst", para(s.result, DUTCH.style(11, bold=True), space_after=0)),
                    ("Route", ROUTES.get(s.route, s.route)),
                    ("Regelset", s.ruleset_version or "—"),
                    ("Gescreend door", s.screened_by),
                    ("Datum", _when(s.at)),
                ]
            )
        )
        story.append(heading("Oordeel per regel", size=12, space_before=12))
        story.append(
            grid_table(
                ["Regel", "Omschrijving", "Oordeel", "Reden"],
                [
                    [v.rule_id, v.statement, "voldaan" if v.passed else "NIET voldaan", v.reason]
                    for v in s.verdicts
                ],
                [FRAME_WIDTH * 0.16, FRAME_WIDTH * 0.38, FRAME_WIDTH * 0.14, FRAME_WIDTH * 0.32],
            )
        )
    story.append(heading("Overdracht", size=12, space_before=14))
    h = d.handoff
    if h is None:
        story.append(para("Nog niet overgedragen.", DUTCH.style(10, bold=True)))
    else:
        rows: list[tuple[str, str | Flowable]] = [
            ("Overgedragen aan", h.to),
            ("Door", h.by),
            ("Datum", _when(h.at)),
        ]
        if h.note:
            rows.append(("Toelichting", h.note))
        story.append(kv_table(rows))
    story.append(Rule(color=ACCENT))
    story.append(
        para(
            "Een schriftelijk gehoor kan leiden tot inwilliging op het formulier; elke andere uitkomst "  # noqa: E501 (prose literal)
            "leidt tot een gehoor in persoon.",
            DUTCH.style(9, color=MUTED),
        )
    )
    return story


def dossier_story(d: DossierData) -> list[Flowable]:
    applicant = lang(d.locale)
    story = _cover(d, applicant)
    section = None
    for n, a in enumerate(d.answers, start=1):
        if a.section_nl and a.section_nl != section:
            section = a.section_nl
            story.append(heading(section, size=14, space_before=14))
            story.append(Rule(color=ACCENT, space=2))
        story.extend(_question(n, a, applicant))
    story.extend(_closing(d))
    return story


def build_dossier(d: DossierData) -> bytes:
    """The complete dossier as PDF bytes."""
    furniture = Furniture(
        header_start=f"V-nummer {d.v_number}",
        header_middle="Vertrouwelijk",
        header_end="Dossier schriftelijk gehoor",
        footer_start=f"SHA-256 {d.fingerprint[:16]}…",
        page_label="pagina %(page)d van %(pages)d",
    )
    return render(
        dossier_story(d),
        furniture,
        title=f"Dossier {d.v_number}",
        subject="Dossier schriftelijk gehoor",
    )
