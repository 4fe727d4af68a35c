"""Check-in and resume: every refusal says what is wrong, and where and when when it can;
repeated wrong codes lock the code and the kiosk for a while — SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hearing.models import Booking, TimeSlot, utcnow
from hearing.throttle import MAX_FAILURES
from tests.webform.world import BORN, KioskWorld, dob_form


def _page(response) -> str:
    return response.get_data(as_text=True)


def _move_booking(world: KioskWorld, starts: dt.datetime, ends: dt.datetime) -> None:
    with world.database.session() as session:
        booking = session.scalar(select(Booking).where(Booking.case_id == world.case_id))
        assert booking is not None
        booking.starts_at, booking.ends_at = starts, ends
        slot = session.get(TimeSlot, booking.slot_id)
        assert slot is not None
        slot.starts_at, slot.ends_at = starts, ends


def test_an_unenrolled_browser_cannot_check_in(world: KioskWorld) -> None:
    client = world.app.test_client()
    assert client.get("/check-in").status_code == 403
    assert client.post("/check-in", data=dob_form(world.invitation_code)).status_code == 403


def test_wrong_date_of_birth_or_code_is_refused_with_one_message(world: KioskWorld) -> None:
    client = world.client()
    wrong_dob = client.post("/check-in", data=dob_form(world.invitation_code,
                                                       BORN.replace(year=1990)))
    wrong_code = client.post("/check-in", data=dob_form("AAAA-BBBB-CCCC"))
    for response in (wrong_dob, wrong_code):
        assert response.status_code == 422
        assert "The code or the date of birth is not correct" in _page(response)


def test_digits_of_other_scripts_are_accepted_for_the_date_of_birth(world: KioskWorld) -> None:
    client = world.client()
    arabic_indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    form = dob_form(world.invitation_code)
    form.update({k: form[k].translate(arabic_indic) for k in ("day", "month", "year")})
    response = client.post("/check-in", data=form)
    assert response.status_code == 200 and "resume-code" in _page(response)


def test_check_in_at_another_location_says_where_and_when(world: KioskWorld) -> None:
    client = world.client(world.other_kiosk_token)
    response = client.post("/check-in", data=dob_form(world.invitation_code))
    assert response.status_code == 403
    page = _page(response)
    assert "You are booked at Ter Apel" in page and "Havikshorst 1" in page


def test_too_early_and_too_late_say_when(world: KioskWorld) -> None:
    now = utcnow()
    _move_booking(world, now + dt.timedelta(days=2), now + dt.timedelta(days=2, hours=4))
    early = world.client().post("/check-in", data=dob_form(world.invitation_code))
    assert early.status_code == 403 and "Please come back then" in _page(early)
    _move_booking(world, now - dt.timedelta(hours=5), now - dt.timedelta(hours=1))
    late = world.client().post("/check-in", data=dob_form(world.invitation_code))
    assert late.status_code == 403 and "has passed" in _page(late)


def test_the_invitation_code_works_once(world: KioskWorld) -> None:
    world.check_in(world.client())
    again = world.client().post("/check-in", data=dob_form(world.invitation_code))
    assert again.status_code == 409
    assert "already been used" in _page(again) and 'href="/resume"' in _page(again)


def test_repeated_wrong_dates_lock_the_invitation_code(world: KioskWorld) -> None:
    client = world.client()
    wrong = dob_form(world.invitation_code, BORN.replace(year=1980))
    statuses = [client.post("/check-in", data=wrong).status_code for _ in range(MAX_FAILURES)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {422}
    # Even the right date is refused now, at another kiosk too: the code itself is locked.
    locked = world.client(world.other_kiosk_token).post(
        "/check-in", data=dob_form(world.invitation_code))
    assert locked.status_code == 429 and "locked" in _page(locked)


def test_repeated_wrong_codes_lock_the_kiosk(world: KioskWorld) -> None:
    client = world.client()
    for n in range(MAX_FAILURES):
        client.post("/check-in", data=dob_form(f"WRONG-{n:04d}-XXXX"))
    response = client.post("/check-in", data=dob_form(world.invitation_code))
    assert response.status_code == 429 and "at this kiosk" in _page(response)


def test_repeated_wrong_dates_lock_the_personal_code(world: KioskWorld) -> None:
    code = world.check_in(world.client())
    client = world.client(world.other_kiosk_token)
    wrong = {**dob_form(code, BORN.replace(year=1980))}
    for _ in range(MAX_FAILURES):
        client.post("/resume", data=wrong)
    fresh = world.client()
    response = world.resume(fresh, code)
    assert response.status_code == 429 and "locked" in _page(response)


def test_invalid_utf8_and_control_characters_get_a_message(world: KioskWorld) -> None:
    from tests.webform.helpers import first_visible, section_of

    client = world.client()
    world.check_in(client)
    question = first_visible("text")
    section = section_of(question)
    with world.database.session() as session:
        from hearing.models import Draft

        version = session.scalar(select(Draft.version).where(Draft.case_id == world.case_id))
    body = (f"draft_version={version}&nav=stay&{question.id}=".encode() + b"abc\xff\xfe")
    response = client.post(f"/questions/{section}", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422 and 'role="alert"' in _page(response)
    control = client.post("/api/answer", json={"question": question.id,
                                               "values": {question.id: "bell\x07"},
                                               "version": version})
    assert control.status_code == 422 and control.get_json()["message"]
