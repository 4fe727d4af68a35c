"""Documents for the applicant: the receipt after sealing and the invitation letter.

Each is set twice, first in the applicant's language, then in Dutch, from the same English
msgids: ``gettext`` translates into the applicant's locale, ``gettext_nl`` into Dutch (the web
app passes Flask-Babel translations for each; :func:`hearing.dossier.i18n.identity` gives the
English source). Values typed by people (names, addresses) are set as they are.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable

from hearing.dossier.data import InvitationData, ReceiptData
from hearing.dossier.flowables import Box, Rule, TextBlock
from hearing.dossier.i18n import N_, Gettext, format_clock, format_when
from hearing.dossier.layout import (
    ACCENT,
    DUTCH,
    FRAME_WIDTH,
    MUTED,
    Furniture,
    Lang,
    grid_table,
    group_fingerprint,
    heading,
    kv_table,
    lang,
    para,
    render,
)

_NOTE_BOX = Box(background=colors.HexColor("#EEF3F9"), bar=ACCENT)
_CODE_BOX = Box(background=colors.white, border=ACCENT, padding=10)

# --- receipt ---------------------------------------------------------------------------------
R_TITLE = N_("Receipt: your written answers")
R_INTRO = N_("You have sealed your answers to the written hearing. Keep this receipt.")
R_NAME = N_("Name")
R_VNUMBER = N_("V-number")
R_SUBMITTED = N_("Submitted on")
R_VERSION = N_("Questionnaire version")
R_ANSWERED = N_("Questions answered")
R_ANSWERED_VALUE = N_("%(answered)d of %(total)d")
R_FINGERPRINT = N_("Fingerprint (SHA-256)")
R_FINGERPRINT_EXPLAIN = N_(
    "This code identifies exactly the answers you sealed. If anyone changed a single letter, "
    "the code would no longer match."
)
R_IN_PERSON = N_(
    "You marked %(count)d question(s) as \u201cI would rather tell this in person\u201d. "
    "You will be asked about them in a hearing in person."
)
R_NEXT = N_("What happens next")
R_STEP_TRANSLATE = N_("A sworn translator translates your answers into Dutch.")
R_STEP_LAWYER = N_(
    "Your lawyer receives your answers and the translation, and can send corrections and additions."
)
R_STEP_DECISION = N_(
    "An IND officer reads your file. Either a decision is taken on your written answers, or you "
    "are invited to a hearing in person."
)
R_STEP_PRIVACY = N_(
    "Your answers are encrypted. Only the IND staff handling your case, the translator and your "
    "lawyer can read them."
)
R_DEADLINES = N_("Deadlines")
R_DEADLINE = N_("What")
R_DUE = N_("Date")
R_QUESTIONS = N_("Questions? Ask your lawyer.")
R_LOCATION = N_("Location")

# --- invitation letter -----------------------------------------------------------------------
L_TITLE = N_("Invitation: written hearing")
L_DEAR = N_("Dear %(name)s,")
L_INTRO = N_(
    "You are invited to answer the questions of your asylum hearing in writing, on a computer, "
    "in your own language. Your lawyer has agreed to this."
)
L_DATE = N_("Date")
L_TIME = N_("Time")
L_TIME_VALUE = N_("%(start)s to %(end)s")
L_LOCATION = N_("Location")
L_LAWYER = N_("Your lawyer")
L_CODE = N_("Your check-in code")
L_CODE_EXPLAIN = N_(
    "Type this code at the kiosk to start. The code works only once, at this location and at "
    "this time. Do not share it."
)
L_BRING = N_("What to bring")
L_BRING_LETTER = N_("This letter")
L_BRING_ID = N_("Your identity document or your asylum residence document (W document)")
L_BRING_GLASSES = N_("Reading glasses, if you use them")
L_BRING_MEDICINE = N_("Medication you need during the day")
L_NOTES = N_("You may bring preparation notes on paper. All papers are collected at the end.")
L_SESSION = N_(
    "The session takes at most four hours. You can take breaks. An interpreter and a host are present."  # noqa: E501 (prose literal)
)
L_CANNOT_COME = N_("If you cannot come, tell your lawyer at once.")

PAGE_LABEL = N_("page %(page)d of %(pages)d")


def _versions(locale: str, gettext: Gettext, gettext_nl: Gettext) -> list[tuple[Lang, Gettext]]:
    """Applicant's language first, then Dutch (once if the applicant's language is Dutch)."""
    if locale == "nl":
        return [(DUTCH, gettext_nl)]
    return [(lang(locale), gettext), (DUTCH, gettext_nl)]


def _bullets(items: list[str], language: Lang) -> list[Flowable]:
    out: list[Flowable] = []
    for n, text in enumerate(items, start=1):
        # In an RTL paragraph "1." resolves to the start (right) edge by the bidi algorithm.
        out.append(para(f"{n}. {text}", language.style(10), space_after=3))
    return out


def _receipt_section(d: ReceiptData, language: Lang, _: Gettext) -> list[Flowable]:
    story: list[Flowable] = [
        para(_(R_TITLE), language.style(17, bold=True), space_after=4),
        para(_(R_INTRO), language.style(10.5), space_after=8),
    ]
    rows: list[tuple[str, str | Flowable]] = [
        (_(R_NAME), d.name),
        (_(R_VNUMBER), d.v_number),
        (_(R_SUBMITTED), format_when(d.sealed_at, language.code)),
    ]
    if d.location:
        rows.append((_(R_LOCATION), d.location))
    rows += [
        (_(R_VERSION), d.questionnaire_version),
        (_(R_ANSWERED), _(R_ANSWERED_VALUE) % {"answered": d.answered, "total": d.total}),
        (
            _(R_FINGERPRINT),
            para(group_fingerprint(d.fingerprint), DUTCH.style(10, bold=True), space_after=0),
        ),
    ]
    story.append(kv_table(rows, language))
    story.append(para(_(R_FINGERPRINT_EXPLAIN), language.style(9, color=MUTED), space_before=4))
    if d.in_person:
        story.append(
            para(
                _(R_IN_PERSON) % {"count": d.in_person},
                language.style(10),
                box=_NOTE_BOX,
                space_before=4,
            )
        )
    story.append(heading(_(R_NEXT), language, size=13))
    story.extend(
        _bullets(
            [_(R_STEP_TRANSLATE), _(R_STEP_LAWYER), _(R_STEP_DECISION), _(R_STEP_PRIVACY)], language
        )
    )
    if d.deadlines:
        story.append(heading(_(R_DEADLINES), language, size=13))
        story.append(
            grid_table(
                [_(R_DEADLINE), _(R_DUE)],
                [
                    [_(dl.label), format_when(dl.due, language.code, time=False)]
                    for dl in d.deadlines
                ],
                [FRAME_WIDTH * 0.65, FRAME_WIDTH * 0.35],
                language,
            )
        )
    story.append(para(_(R_QUESTIONS), language.style(10, bold=True), space_before=8))
    return story


def build_receipt(d: ReceiptData, gettext: Gettext, gettext_nl: Gettext) -> bytes:
    """Receipt after sealing, in the applicant's language and in Dutch, as PDF bytes."""
    story: list[Flowable] = []
    for i, (language, _) in enumerate(_versions(d.locale, gettext, gettext_nl)):
        if i:
            story += [Rule(color=ACCENT, space=14), CondPageBreak(330)]
        story += _receipt_section(d, language, _)
    furniture = Furniture(
        header_start=d.v_number,
        header_middle="",
        header_end=f"{gettext(R_TITLE)} / {gettext_nl(R_TITLE)}"
        if d.locale != "nl"
        else gettext_nl(R_TITLE),
        footer_start=f"SHA-256 {d.fingerprint[:16]}…",
        page_label="%(page)d / %(pages)d",
    )
    return render(story, furniture, title=gettext_nl(R_TITLE), subject=d.v_number)


def _letter_section(d: InvitationData, language: Lang, _: Gettext) -> list[Flowable]:
    when_start = format_when(d.starts_at, language.code, time=False)
    start = format_clock(d.starts_at)
    end = format_clock(d.ends_at)
    story: list[Flowable] = [
        para(_(L_TITLE), language.style(17, bold=True), space_after=8),
        para(_(L_DEAR) % {"name": d.name}, language.style(10.5), space_after=4),
        para(_(L_INTRO), language.style(10.5), space_after=8),
    ]
    rows: list[tuple[str, str | Flowable]] = [
        (_(L_DATE), when_start),
        (_(L_TIME), _(L_TIME_VALUE) % {"start": start, "end": end}),
        (
            _(L_LOCATION),
            TextBlock(
                [(line, DUTCH.style(10)) for line in (d.location_name, *d.address_lines)],
                space_after=0,
            ),
        ),
        (_(R_VNUMBER), d.v_number),
    ]
    if d.lawyer_name:
        rows.append((_(L_LAWYER), d.lawyer_name))
    story.append(kv_table(rows, language))
    story.append(heading(_(L_CODE), language, size=13))
    story.append(
        TextBlock(
            [(d.check_in_code, replace(DUTCH.style(22, bold=True), align="center"))],
            box=_CODE_BOX,
            space_after=4,
        )
    )
    story.append(para(_(L_CODE_EXPLAIN), language.style(10), space_after=6))
    story.append(heading(_(L_BRING), language, size=13))
    story.extend(
        _bullets(
            [_(L_BRING_LETTER), _(L_BRING_ID), _(L_BRING_GLASSES), _(L_BRING_MEDICINE)], language
        )
    )
    story.append(para(_(L_NOTES), language.style(10), box=_NOTE_BOX, space_before=6))
    story.append(para(_(L_SESSION), language.style(10)))
    story.append(para(_(L_CANNOT_COME), language.style(10, bold=True)))
    return story


def build_invitation_letter(d: InvitationData, gettext: Gettext, gettext_nl: Gettext) -> bytes:
    """Invitation for a booked sitting, in the applicant's language and in Dutch, as PDF bytes."""
    story: list[Flowable] = []
    for i, (language, _) in enumerate(_versions(d.locale, gettext, gettext_nl)):
        if i:
            story += [Rule(color=ACCENT, space=14), CondPageBreak(400)]
        story += _letter_section(d, language, _)
    furniture = Furniture(
        header_start=d.v_number,
        header_middle="",
        header_end=f"{gettext(L_TITLE)} / {gettext_nl(L_TITLE)}"
        if d.locale != "nl"
        else gettext_nl(L_TITLE),
        footer_start=format_when(d.issued_at, "nl", time=False) if d.issued_at else "",
        page_label="%(page)d / %(pages)d",
    )
    return render(story, furniture, title=gettext_nl(L_TITLE), subject=d.v_number)
