from __future__ import annotations

from tests.browser.conftest import axe_violations, screenshot


def test_language_picker_is_accessible_and_shows_native_names(live, page) -> None:
    page.goto(live.kiosk_url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []
    screenshot(page, "language-picker")
