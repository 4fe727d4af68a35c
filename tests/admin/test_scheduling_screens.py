"""Scheduling screens: locations and kiosks, slots, booking with its errors, moving and
cancelling with history, and the invitation letter (HTML and PDF, audited)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hearing import kiosks, scheduling
from hearing.audit import verify
from hearing.config import Settings
from hearing.db import Database
from hearing.models import (
    AuditEvent,
    Booking,
    Case,
    CaseState,
    Kiosk,
    Location,
    Role,
    TimeSlot,
)
from tests.admin import helpers as h
from tests.admin.conftest import Clock, quick_client, text_of


def _planner(app: Flask, database: Database) -> FlaskClient:
    return quick_client(app, database, h.person(database, Role.PLANNER))


def _code(html: str) -> str:
    match = re.search(r'id="check-in-code">([A-Z0-9-]+)<', html)
    assert match, html
    return match.group(1)


def test_locations_and_a_kiosk_with_its_enrolment_url_shown_once(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    planner = _planner(app, database)
    dup = h.location(database, "North")
    assert planner.post("/scheduling/locations", data={"name": "North"}).status_code == 422
    created = planner.post("/scheduling/locations", data={"name": "South", "address": "Road 2"})
    assert created.status_code == 302
    page = planner.post(f"/scheduling/locations/{dup}/kiosks", data={"label": "hall 1"})
    assert page.status_code == 200
    url = re.search(r'id="enrolment-url">([^<]+)<', page.text).group(1)
    assert "/kiosk/enrol/" in url
    token = url.rsplit("/", 1)[1]
    with database.session() as s:
        kiosk = kiosks.kiosk_for_token(s, token, settings.pepper)
        assert kiosk is not None and kiosk.location_id == dup and kiosk.label == "hall 1"
        assert token not in (kiosk.token_hash or "")
    listing = planner.get("/scheduling/locations").text
    assert "hall 1" in listing and "South" in listing and token not in listing
    assert planner.post("/scheduling/locations/999999/kiosks",
                        data={"label": "x"}).status_code == 404


def test_create_slots_and_list_them_with_bookings_count(
    app: Flask, database: Database, clock: Clock
) -> None:
    loc = h.location(database)
    planner = _planner(app, database)
    assert planner.get("/scheduling/slots/new").status_code == 200
    wrong = planner.post("/scheduling/slots/new", data={
        "location_id": loc, "day": "2099-01-05", "start": "13:00", "end": "09:00",
        "capacity": "4"})
    assert wrong.status_code == 422 and "The end must be after the start." in wrong.text
    past = planner.post("/scheduling/slots/new", data={
        "location_id": loc, "day": "2000-01-05", "start": "09:00", "end": "13:00",
        "capacity": "4"})
    assert "The time slot must start in the future." in past.text
    done = planner.post("/scheduling/slots/new", data={
        "location_id": loc, "day": "2099-01-05", "start": "09:00", "end": "13:00",
        "capacity": "4"})
    assert done.status_code == 302
    with database.session() as s:
        slot = s.scalar(select(TimeSlot))
        assert slot.capacity == 4
        # 09:00 in Amsterdam in January is 08:00 UTC.
        assert slot.starts_at.hour == 8
    listing = text_of(planner.get("/scheduling/slots").text)
    assert "North" in listing and "0 4 4" in listing


def test_book_shows_the_code_once_and_the_letter_in_both_languages(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    loc = h.location(database, address="Havikshorst 1, Ter Apel")
    slot_id = h.slot(database, loc)
    case_id = h.case(database, state=CaseState.CONSENTED, preferred_locale="ar")
    planner = _planner(app, database)
    form = planner.get(f"/scheduling/cases/{case_id}/book")
    assert form.status_code == 200 and "5 of 5 places free" in form.text
    none = planner.post(f"/scheduling/cases/{case_id}/book", data={})
    assert none.status_code == 422 and "Choose a time slot." in none.text
    page = planner.post(f"/scheduling/cases/{case_id}/book", data={"slot_id": slot_id})
    assert page.status_code == 200
    code = _code(page.text)
    assert 'lang="ar" dir="rtl"' in page.text and 'lang="nl" dir="ltr"' in page.text
    assert "Havikshorst 1" in page.text
    with database.session() as s:
        booking = scheduling.find_by_invitation_code(s, code, settings.pepper)
        assert booking is not None and booking.case_id == case_id
        assert s.get(Case, case_id).state == CaseState.SCHEDULED
        assert s.get(TimeSlot, slot_id).booked == 1
        letters = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "letter.invitation")).all()
        assert [(e.case_id, e.detail["format"]) for e in letters] == [(case_id, "html")]
    # The case page shows no code: it exists only on the letter.
    case_page = planner.get(f"/planner/cases/{case_id}").text
    assert code not in case_page and "Booked" in case_page


def test_letter_pdf_is_served_for_the_right_code_and_audited(
    app: Flask, database: Database, clock: Clock
) -> None:
    loc = h.location(database)
    slot_id = h.slot(database, loc)
    case_id = h.case(database, state=CaseState.CONSENTED, preferred_locale="fa")
    other = h.case(database, state=CaseState.CONSENTED)
    planner = _planner(app, database)
    code = _code(planner.post(f"/scheduling/cases/{case_id}/book",
                              data={"slot_id": slot_id}).text)
    pdf = planner.post(f"/scheduling/cases/{case_id}/letter.pdf", data={"code": code})
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert pdf.headers["Cache-Control"] == "no-store"
    html = planner.post(f"/scheduling/cases/{case_id}/letter", data={"code": code})
    assert html.status_code == 200 and code in html.text and 'lang="fa"' in html.text
    # A code that is not this case's gives no letter, and nothing is audited for it.
    wrong = planner.post(f"/scheduling/cases/{other}/letter.pdf", data={"code": code},
                         follow_redirects=True)
    assert wrong.data[:4] != b"%PDF" and "no longer belongs" in wrong.text
    made_up = planner.post(f"/scheduling/cases/{case_id}/letter.pdf",
                           data={"code": "AAAA-BBBB-CCCC"})
    assert made_up.status_code == 302
    with database.session() as s:
        formats = [e.detail["format"] for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "letter.invitation")
            .order_by(AuditEvent.id))]
        assert formats == ["html", "pdf", "html"]
        assert verify(s).ok


def test_a_full_slot_is_refused_with_a_clear_message(
    app: Flask, database: Database, clock: Clock
) -> None:
    loc = h.location(database)
    slot_id = h.slot(database, loc, capacity=1)
    first = h.case(database, state=CaseState.CONSENTED)
    second = h.case(database, state=CaseState.CONSENTED)
    planner = _planner(app, database)
    assert planner.post(f"/scheduling/cases/{first}/book",
                        data={"slot_id": slot_id}).status_code == 200
    form = planner.get(f"/scheduling/cases/{second}/book").text
    assert "(full)" in form
    refused = planner.post(f"/scheduling/cases/{second}/book", data={"slot_id": slot_id})
    assert refused.status_code == 422
    assert "This time slot is full. Choose another time slot." in text_of(refused.text)
    assert 'role="alert"' in refused.text
    assert h.get_case(database, second).state == CaseState.CONSENTED
    with database.session() as s:
        assert s.get(TimeSlot, slot_id).booked == 1


def test_only_consented_cases_can_be_booked(app: Flask, database: Database,
                                            clock: Clock) -> None:
    case_id = h.case(database, state=CaseState.INVITED)
    page = _planner(app, database).get(f"/scheduling/cases/{case_id}/book",
                                       follow_redirects=True)
    assert "Only cases whose lawyer has consented can be booked." in page.text


def test_rebook_and_cancel_keep_the_history(app: Flask, database: Database,
                                            settings: Settings, clock: Clock) -> None:
    loc = h.location(database)
    a, b = h.slot(database, loc, hours_from_now=48), h.slot(database, loc, hours_from_now=96)
    case_id = h.case(database, state=CaseState.CONSENTED)
    planner = _planner(app, database)
    old_code = _code(planner.post(f"/scheduling/cases/{case_id}/book", data={"slot_id": a}).text)
    form = planner.get(f"/scheduling/cases/{case_id}/rebook")
    assert form.status_code == 200 and "Move the sitting" in form.text
    moved = planner.post(f"/scheduling/cases/{case_id}/rebook", data={"slot_id": b})
    assert moved.status_code == 200
    new_code = _code(moved.text)
    assert new_code != old_code
    with database.session() as s:
        assert scheduling.find_by_invitation_code(s, old_code, settings.pepper).status \
            == "rebooked"
        assert s.get(TimeSlot, a).booked == 0 and s.get(TimeSlot, b).booked == 1
    no_reason = planner.post(f"/scheduling/cases/{case_id}/cancel", data={"reason": ""})
    assert no_reason.status_code == 422
    done = planner.post(f"/scheduling/cases/{case_id}/cancel", data={"reason": "ill"},
                        follow_redirects=True)
    assert "Sitting cancelled" in done.text
    with database.session() as s:
        statuses = [row.status for row in s.scalars(
            select(Booking).where(Booking.case_id == case_id).order_by(Booking.id))]
        assert statuses == ["rebooked", "cancelled"]
        assert s.get(Case, case_id).state == CaseState.CONSENTED
    history = planner.get(f"/planner/cases/{case_id}").text
    assert "Moved to another time" in history and "Cancelled" in history
    nothing = planner.get(f"/scheduling/cases/{case_id}/cancel", follow_redirects=True)
    assert "no longer waiting for the applicant" in nothing.text


def test_a_lost_letter_gets_a_new_code_and_the_old_one_stops(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    loc = h.location(database)
    slot_id = h.slot(database, loc)
    case_id = h.case(database, state=CaseState.CONSENTED)
    planner = _planner(app, database)
    old = _code(planner.post(f"/scheduling/cases/{case_id}/book",
                             data={"slot_id": slot_id}).text)
    assert planner.get(f"/scheduling/cases/{case_id}/new-code").status_code == 200
    new = _code(planner.post(f"/scheduling/cases/{case_id}/new-code").text)
    assert new != old
    with database.session() as s:
        assert scheduling.find_by_invitation_code(s, old, settings.pepper) is None
        assert scheduling.find_by_invitation_code(s, new, settings.pepper).case_id == case_id
    assert planner.post(f"/scheduling/cases/{case_id}/letter.pdf",
                        data={"code": old}).status_code == 302
    assert planner.post(f"/scheduling/cases/{case_id}/letter.pdf",
                        data={"code": new}).data.startswith(b"%PDF")


def test_kiosks_listed_per_location(app: Flask, database: Database, clock: Clock) -> None:
    loc = h.location(database, "West")
    with database.session() as s:
        s.add(Kiosk(location_id=loc, label="corner"))
        assert s.get(Location, loc) is not None
    text = _planner(app, database).get("/scheduling/locations").text
    assert "corner" in text and "Not enrolled" in text
