"""The questionnaire through the test client: save with and without JavaScript, resume,
conflicts between kiosks, lock, seal and the receipt — on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from hearing import questionnaire as qn
from hearing.models import Case, CaseEvent, Draft, KioskSession, Submission
from hearing.questionnaire import engine
from tests.webform.helpers import first_visible, section_of
from tests.webform.world import KioskWorld


def _version(world: KioskWorld) -> int:
    with world.database.session() as session:
        return session.scalar(select(Draft.version).where(Draft.case_id == world.case_id))


def _answers_via_page(client, section_id: str) -> str:
    return client.get(f"/questions/{section_id}").get_data(as_text=True)


def test_checked_in_applicant_lands_on_the_first_question(world: KioskWorld) -> None:
    client = world.client()
    world.check_in(client)
    response = client.get("/questions")
    assert response.status_code == 302
    first = qn.current().sections[0]
    assert response.headers["Location"].startswith(f"/questions/{first.id}")
    page = client.get(f"/questions/{first.id}").get_data(as_text=True)
    assert 'data-autosave-url="/api/answer"' in page
    assert "progressbar" in page


def test_plain_form_post_saves_and_moves_on(world: KioskWorld) -> None:
    client = world.client()
    world.check_in(client)
    question = first_visible("text")
    section = section_of(question)
    before = _version(world)
    response = client.post(f"/questions/{section}", data={
        "draft_version": str(before), question.id: "Mariam", "nav": "next"})
    assert response.status_code == 302
    assert _version(world) == before + 1
    assert 'value="Mariam"' in _answers_via_page(client, section)


def test_invalid_answer_is_shown_back_with_a_message_and_saved_answers_stay(
    world: KioskWorld,
) -> None:
    client = world.client()
    world.check_in(client)
    text_q = first_visible("text")
    section = section_of(text_q)
    client.post(f"/questions/{section}", data={
        "draft_version": str(_version(world)), text_q.id: "kept", "nav": "stay"})
    date_q = first_visible("date")
    date_section = section_of(date_q)
    response = client.post(f"/questions/{date_section}", data={
        "draft_version": str(_version(world)), f"{date_q.id}.day": "31",
        f"{date_q.id}.month": "2", f"{date_q.id}.year": "1990",
        f"{date_q.id}.calendar": "gregorian", "nav": "next"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and 'value="31"' in page  # typed input kept for correction
    assert 'value="kept"' in _answers_via_page(client, section)


def test_autosave_acknowledges_with_a_new_version_and_refuses_a_stale_one(
    world: KioskWorld,
) -> None:
    client = world.client()
    world.check_in(client)
    question = first_visible("text")
    version = _version(world)
    ok = client.post("/api/answer", json={"question": question.id,
                                          "values": {question.id: "first"}, "version": version})
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["version"] == version + 1
    assert question.id in ok.get_json()["visible"]
    stale = client.post("/api/answer", json={"question": question.id,
                                             "values": {question.id: "second"},
                                             "version": version})
    assert stale.status_code == 409
    assert stale.get_json()["version"] == version + 1
    assert 'value="first"' in _answers_via_page(client, section_of(question))


def test_autosave_explains_a_bad_answer(world: KioskWorld) -> None:
    client = world.client()
    world.check_in(client)
    question = first_visible("text")
    assert question.max_length
    response = client.post("/api/answer", json={
        "question": question.id, "values": {question.id: "x" * (question.max_length + 1)},
        "version": _version(world)})
    assert response.status_code == 422
    assert str(question.max_length) in response.get_json()["message"]
    bad = client.post("/api/answer", json={"question": "no.such.question", "values": {},
                                           "version": 1})
    assert bad.status_code == 400


def test_two_kiosks_on_one_draft_cannot_overwrite_each_other(world: KioskWorld) -> None:
    first, second = world.client(), world.client()
    code = world.check_in(first)
    assert world.resume(second, code).status_code == 302
    question = first_visible("text")
    section = section_of(question)
    version = _version(world)
    assert first.post(f"/questions/{section}", data={
        "draft_version": str(version), question.id: "from kiosk one",
        "nav": "stay"}).status_code == 302
    response = second.post(f"/questions/{section}", data={
        "draft_version": str(version), question.id: "from kiosk two", "nav": "stay"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "another kiosk" in page and 'value="from kiosk one"' in page


def test_resume_elsewhere_goes_to_the_first_unanswered_question(world: KioskWorld) -> None:
    client = world.client()
    code = world.check_in(client)
    question = first_visible("text")
    client.post("/api/answer", json={"question": question.id,
                                     "values": {question.id: "answered"},
                                     "version": _version(world)})
    client.post("/sign-out")
    assert client.get("/questions").status_code == 302  # back to the locked screen
    elsewhere = world.client(world.other_kiosk_token)
    assert world.resume(elsewhere, "WRONG-CODE-0000").status_code == 422
    response = world.resume(elsewhere, code)
    assert response.status_code == 302
    landing = elsewhere.get("/questions")
    q = qn.current()
    expected = engine.first_unanswered(q, {question.id: "answered"})
    assert expected is not None
    assert landing.headers["Location"] == f"/questions/{expected[0]}#q-{expected[1]}"


def test_locking_destroys_the_server_side_key(world: KioskWorld) -> None:
    client = world.client()
    world.check_in(client)
    with world.database.session() as session:
        assert session.scalar(select(func.count()).select_from(KioskSession)) == 1
    cookie = client.get_cookie("hearing_kiosk")
    assert cookie is not None
    assert client.post("/lock", json={}).get_json() == {"locked": True}
    with world.database.session() as session:
        assert session.scalar(select(func.count()).select_from(KioskSession)) == 0
    replay = world.client()
    replay.set_cookie("hearing_kiosk", cookie.value)
    assert replay.get("/questions").headers["Location"].endswith("/locked")
    assert replay.post("/api/answer", json={"question": "x", "values": {},
                                            "version": 1}).status_code == 401


def test_group_items_are_added_and_removed_without_javascript(world: KioskWorld) -> None:
    client = world.client()
    world.check_in(client)
    q = qn.current()
    group = next(item for section in q.sections for item in section.questions
                 if item.type == "group" and engine.is_visible(q, item.id, {}))
    section = section_of(group)
    response = client.post(f"/questions/{section}", data={
        "draft_version": str(_version(world)), "action": f"add:{group.id}"})
    assert response.status_code == 302
    page = _answers_via_page(client, section)
    assert f'name="{group.id}.count" value="1"' in page
    sub = next(item for item in group.questions if item.type == "text")
    client.post(f"/questions/{section}", data={
        "draft_version": str(_version(world)), f"{group.id}.count": "1",
        f"{group.id}.0.{sub.key}": "Item one", "action": f"add:{group.id}"})
    page = _answers_via_page(client, section)
    assert f'name="{group.id}.count" value="2"' in page and 'value="Item one"' in page
    client.post(f"/questions/{section}", data={
        "draft_version": str(_version(world)), f"{group.id}.count": "2",
        f"{group.id}.0.{sub.key}": "Item one", "action": f"remove:{group.id}:0"})
    page = _answers_via_page(client, section)
    assert f'name="{group.id}.count" value="1"' in page and "Item one" not in page


def test_sealing_needs_the_declaration_then_seals_and_prints_the_receipt(
    world: KioskWorld,
) -> None:
    client = world.client()
    world.check_in(client)
    question = first_visible("text")
    client.post("/api/answer", json={"question": question.id,
                                     "values": {question.id: "my words"},
                                     "version": _version(world)})
    review = client.get("/review")
    assert review.status_code == 200 and "my words" in review.get_data(as_text=True)
    refused = client.post("/seal", data={"draft_version": str(_version(world))})
    assert refused.status_code == 422
    sealed = client.post("/seal", data={"draft_version": str(_version(world)),
                                        "declaration": "yes"})
    assert sealed.status_code == 302 and sealed.headers["Location"] == "/done"
    with world.database.session() as session:
        submission = session.scalar(select(Submission).where(
            Submission.case_id == world.case_id))
        assert submission is not None
        assert session.scalar(select(Draft).where(Draft.case_id == world.case_id)) is None
        assert session.scalar(select(func.count()).select_from(KioskSession)) == 0
        case = session.get(Case, world.case_id)
        assert case is not None and case.state == "submitted"
        steps = session.scalars(select(CaseEvent.step).where(
            CaseEvent.case_id == world.case_id)).all()
        assert "seal" in steps
        fingerprint = submission.fingerprint
    done = client.get("/done").get_data(as_text=True)
    assert fingerprint in done
    receipt = client.get("/receipt.pdf")
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF")
    assert world.client().get("/receipt.pdf").status_code == 404  # only this browser's
    assert client.get("/questions").status_code == 302  # the sitting is over
    client.post("/finish")
    assert client.get("/receipt.pdf").status_code == 404


def test_csrf_is_required_for_posts(world: KioskWorld) -> None:
    world.app.config["WTF_CSRF_ENABLED"] = True
    client = world.client()
    response = client.post("/check-in", data={"code": world.invitation_code})
    assert response.status_code == 400
