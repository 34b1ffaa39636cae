"""The leader pages in real headless Chromium: axe-core on every leader page (WCAG 2.1 A
and AA, both languages, both themes), keyboard alone from the sign-in to a replay, and
reflow at 320 px.

Reuses the browser tests' Chromium, server and axe helpers (``test_browser``); needs the
services (``FRONTLIJN_SERVICES=1``) and skips loudly without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store
from frontlijn_game.web.app_layer import AppLayer
from web.test_browser import _focused, _page, _tab_to, _violations, browser, serve

CONTENT = Path(__file__).parent / "content"
CODE = "LEIDER-T1"
LEADER = "anna"
PASSWORD = "een lang wachtwoord 42"

pytestmark = pytest.mark.skipif(
    __import__("os").environ.get("FRONTLIJN_SERVICES") != "1",
    reason="SKIPPED LOUDLY: the leader browser tests need FRONTLIJN_SERVICES=1 and Chromium "
    "(.ci/run sets it up); the leader pages were NOT tested for accessibility in a browser",
)
__all__ = ["browser"]  # the fixture, shared with test_browser


@pytest.fixture(scope="module")
def leader_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with a beheerder, a cohort and one trainee's finished attempt."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('leader-browser') / 'web.db'}"
    with Store.open(db_url) as store:
        store.add_trainee(CODE, pin="2468")
        store.db.write(lambda s: add_leader(s, LEADER, PASSWORD))
        store.create_cohort("groep-a", "ui-basis")
        store.enrol("groep-a", codes=[CODE])
    layer = AppLayer(CONTENT, db_url)
    attempt = layer.start(CODE, "ui-proef")
    finished = False
    while not finished:  # three decisions: plein -> gesprek -> week -> an ending
        number, shown = layer.shown(CODE, attempt)
        chosen = next((c for c in ("praat", "schuldhulp", "volg_op") if c in shown), shown[0])
        finished = layer.choose(CODE, attempt, number, chosen, 3.0)
    layer.close()
    yield from serve(db_url)


def _sign_in(page: Any, base: str) -> None:
    page.goto(base + "/leader/signin")
    page.fill("#name", LEADER)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(base + "/leader/cohorts")


def _leader_pages(page: Any, base: str) -> list[str]:
    """Every leader page, in the order a leader meets them (URLs)."""
    page.goto(base + "/leader/matrix?cohort=groep-a")
    trainee = page.get_attribute('a[href^="/leader/trainee/"]', "href")
    page.goto(base + trainee)
    attempt = page.get_attribute('a[href^="/leader/attempt/"]', "href")
    page.goto(base + attempt)
    steps = page.eval_on_selector_all('nav.steps a[href^="?step="]', "els => els.length")
    return [
        "/leader/cohorts",
        "/leader/matrix?cohort=groep-a",
        "/leader/matrix?cohort=*&sort=passed&desc=1",
        "/leader/matrix?cohort=groep-a&q=niemand",
        trainee,
        attempt,
        *(f"{attempt}?step={n}" for n in range(2, steps + 1)),
        "/leader/case/ui-proef/options?cohort=groep-a",
        "/leader/case/ui-proef/items?cohort=*",
        "/leader/case/ui-kort/options?cohort=*",
        "/leader/export",
        "/leader/attempt/987654",
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_leader_page_has_no_wcag_violations(
    leader_server: str, browser: Any, lang: str, theme: str
) -> None:
    page = _page(browser, color_scheme=theme)
    page.goto(leader_server + "/leader/signin")
    if lang == "en":
        page.click('form[action="/leader/settings"] button[name="lang"][value="en"]')
        page.wait_for_load_state()
    problems = _violations(page)  # the sign-in
    _sign_in(page, leader_server)
    page.click(f'form[action="/leader/settings"] button[name="theme"][value="{theme}"]')
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "data-theme") == theme
    for path in _leader_pages(page, leader_server):
        page.goto(leader_server + path)
        problems += _violations(page)
    page.context.close()
    assert problems == []


def test_a_keyboard_alone_goes_from_the_sign_in_to_a_replay(
    leader_server: str, browser: Any
) -> None:
    page = _page(browser)
    page.goto(leader_server + "/leader/signin")
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Naar de inhoud"  # the skip link comes first
    _tab_to(page, "el.id === 'name'")
    page.keyboard.type(LEADER)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(leader_server + "/leader/cohorts")
    _tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'groep-a'")
    assert _focused(page)["outline"] != "none"  # visible focus
    page.keyboard.press("Enter")
    page.wait_for_url("**/leader/matrix?cohort=groep-a")
    _tab_to(page, f"el.tagName === 'A' && el.textContent.trim() === '{CODE}'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leader/trainee/*")
    _tab_to(page, "el.tagName === 'A' && el.getAttribute('href').startsWith('/leader/attempt/')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leader/attempt/*")
    assert "Poging #" in page.inner_text("h1") and "beslissing 1 van" in page.inner_text("h1")
    _tab_to(page, "el.tagName === 'A' && el.getAttribute('rel') === 'next'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leader/attempt/*?step=2")
    assert "beslissing 2 van" in page.inner_text("h1")
    assert "(gekozen)" in page.inner_text("ol.offered")
    page.context.close()


@pytest.mark.parametrize("width", [320, 640])  # 320 px reflow; 1280 px at 200% zoom
def test_leader_pages_reflow_without_sideways_scrolling(
    leader_server: str, browser: Any, width: int
) -> None:
    """The page never scrolls sideways; a wide matrix scrolls inside its own region."""
    page = _page(browser, viewport={"width": width, "height": 640})
    _sign_in(page, leader_server)
    wide = []
    for path in _leader_pages(page, leader_server):
        page.goto(leader_server + path)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide.append(path)
    page.context.close()
    assert wide == []
