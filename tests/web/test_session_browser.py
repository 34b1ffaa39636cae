"""Live sessions in real headless Chromium: axe-core on every session page (WCAG 2.1 A and
AA, both languages, both themes) through a whole casusoverleg, the poller script
(``session.js``) redrawing a participant's page and the console without a reload, with
the change announced and the focus on the new heading, and reflow at 320 px.

Reuses the browser tests' Chromium, server and axe helpers; needs the services
(``FRONTLIJN_SERVICES=1``) and skips loudly without them.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontlijn_game.service import sessions
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store
from web.test_browser import _focused, _page, _tab_to, _violations, browser, serve

HERE = Path(__file__).parent
CASE = HERE.parent / "fixtures" / "overleg.yaml"
LEADER = "anna"
PASSWORD = "een lang wachtwoord 42"
PIN = "2468"

pytestmark = pytest.mark.skipif(
    __import__("os").environ.get("FRONTLIJN_SERVICES") != "1",
    reason="SKIPPED LOUDLY: the live-session browser tests need FRONTLIJN_SERVICES=1 and "
    "Chromium (.ci/run sets it up); the session pages were NOT tested in a browser",
)
__all__ = ["browser"]  # the fixture, shared with test_browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(server URL, database URL): the web cases plus the casusoverleg fixture."""
    root = tmp_path_factory.mktemp("live-browser")
    content = root / "content"
    shutil.copytree(HERE / "content", content)
    shutil.copy(CASE, content / "scenarios" / "overleg.yaml")
    db_url = f"sqlite:///{root / 'web.db'}"
    with Store.open(db_url) as store:
        for n in range(1, 9):
            store.add_trainee(f"LIVE-{n}", display_name=f"Deelnemer {n}", pin=PIN)
        store.db.write(lambda s: add_leader(s, LEADER, PASSWORD))
    for url in serve(db_url, content):
        yield url, db_url


def _leader(browser: Any, base: str, lang: str = "nl", theme: str = "light") -> Any:
    page = _page(browser, color_scheme=theme)
    page.goto(base + "/leader/signin")
    if lang == "en":
        page.click('form[action="/leader/settings"] button[name="lang"][value="en"]')
        page.wait_for_load_state()
    page.fill("#name", LEADER)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(base + "/leader/cohorts")
    page.click(f'form[action="/leader/settings"] button[name="theme"][value="{theme}"]')
    page.wait_for_load_state()
    return page


def _trainee(browser: Any, base: str, code: str, lang: str = "nl", theme: str = "light") -> Any:
    page = _page(browser, color_scheme=theme)
    page.goto(base + "/signin")
    page.fill("#code", code)
    page.fill("#pin", PIN)
    page.click("button.primary")
    page.wait_for_url(base + "/home")
    if lang == "en":
        page.click('form[action="/settings"] button[name="lang"][value="en"]')
        page.wait_for_load_state()
    page.click(f'form[action="/settings"] button[name="theme"][value="{theme}"]')
    page.wait_for_load_state()
    return page


def _join(page: Any, base: str, code: str) -> None:
    page.goto(base + "/join")
    page.fill("#session-code", code)
    page.click("form[action='/join'] button.primary")
    page.wait_for_url(f"{base}/session/{code}")


def _open(page: Any, base: str) -> str:
    page.goto(base + "/leader/sessions")
    page.select_option("#case", "overleg")
    page.click("form[action='/leader/sessions'] button.primary")
    page.wait_for_url(base + "/leader/sessions/*")
    return str(page.url.rsplit("/", 1)[1])


def _until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """Wait until ``expression`` is true on ``page`` (asked from here: Playwright's own
    wait_for_function evaluates strings, which the strict CSP forbids, rightly)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        time.sleep(0.1)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_session_page_has_no_wcag_violations(
    live: tuple[str, str], browser: Any, lang: str, theme: str
) -> None:
    base, _db = live
    n = {"nl": 0, "en": 2}[lang] + {"light": 1, "dark": 2}[theme]
    lead = _leader(browser, base, lang, theme)
    problems = _violations(lead)
    lead.goto(base + "/leader/sessions")
    problems += _violations(lead)
    code = _open(lead, base)
    problems += _violations(lead)  # the console in the lobby, nobody there
    one = _trainee(browser, base, f"LIVE-{n}", lang, theme)
    one.goto(base + "/join")
    problems += _violations(one)
    _join(one, base, code)
    problems += _violations(one)  # the lobby, free roles to pick
    one.check("input[name='role'][value='wijkagent']")
    one.click(f"form[action='/session/{code}/role'] button")
    one.wait_for_load_state()
    problems += _violations(one)
    lead.goto(f"{base}/leader/sessions/{code}")
    problems += _violations(lead)  # a participant with a role
    lead.click(f"form[action='/leader/sessions/{code}/start'] button")
    lead.wait_for_load_state()
    one.goto(f"{base}/session/{code}")
    problems += _violations(one)  # the first scene: the dossier with a private fact
    one.check("input[name='choice'] >> nth=0")
    one.click(f"form[action='/session/{code}/vote'] button")
    one.wait_for_load_state()
    problems += _violations(one)  # the vote is in
    lead.goto(f"{base}/leader/sessions/{code}")
    problems += _violations(lead)  # live counts
    lead.click(f"form[action='/leader/sessions/{code}/reveal'] button")
    lead.wait_for_load_state()
    one.goto(f"{base}/session/{code}")
    problems += _violations(one)  # the revealed distribution
    lead.click(f"form[action='/leader/sessions/{code}/advance'] button.primary")
    lead.wait_for_load_state()
    problems += _violations(lead)  # a scene the wijkagent decides
    one.goto(f"{base}/session/{code}")
    problems += _violations(one)  # the consequence; "Jouw besluit"
    lead.goto(f"{base}/leader/sessions/{code}/end")
    problems += _violations(lead)
    lead.click(f"form[action='/leader/sessions/{code}/end'] button")
    lead.wait_for_load_state()
    lead.goto(f"{base}/leader/sessions/{code}/debrief")
    problems += _violations(lead)
    one.goto(f"{base}/session/{code}")
    problems += _violations(one)  # ended
    for page in (lead, one):
        page.context.close()
    assert problems == []


def test_the_lost_seat_page_has_no_wcag_violations(live: tuple[str, str], browser: Any) -> None:
    base, _db = live
    lead = _leader(browser, base)
    code = _open(lead, base)
    laptop = _trainee(browser, base, "LIVE-5")
    _join(laptop, base, code)
    phone = _trainee(browser, base, "LIVE-5")
    _join(phone, base, code)
    laptop.goto(f"{base}/session/{code}")
    assert "overgenomen" in laptop.inner_text("main")
    problems = _violations(laptop)
    for page in (lead, laptop, phone):
        page.context.close()
    assert problems == []


def test_the_poller_redraws_without_a_reload_and_says_what_changed(
    live: tuple[str, str], browser: Any
) -> None:
    base, db_url = live
    lead = _leader(browser, base)
    code = _open(lead, base)
    one = _trainee(browser, base, "LIVE-6")
    _join(one, base, code)
    one.evaluate("window.__same_page = true")  # gone if the page reloads
    lead.goto(f"{base}/leader/sessions/{code}")
    lead.evaluate("window.__same_page = true")
    with Store.open(db_url) as store:
        sessions.start(store, code, LEADER)
        _until(one, "document.getElementById('scene-title').textContent.includes('Het overleg')")
        assert one.evaluate("window.__same_page === true")
        assert one.evaluate("document.activeElement.id") == "scene-title"  # focus moved
        assert "Beslissing 1" in one.inner_text("#live-announce")  # and it was said
        # a half-filled form is not redrawn when someone else votes in secret
        one.check("input[name='choice'] >> nth=1")
        two = sessions.join(store, code, "LIVE-7")
        _until(lead, "document.querySelector('#console-seats').textContent.includes('Deelnemer 7')")
        view = sessions.view(store, two)
        sessions.vote(store, two, 1, view.options[0].id)
        _until(lead, "document.querySelector('#console-head').dataset.announce.includes('1 van 2')")
        assert lead.evaluate("window.__same_page === true")  # the console followed live
        time.sleep(2)
        assert one.is_checked("input[name='choice'] >> nth=1")
        # the reveal and the advance reach the page by themselves
        sessions.reveal(store, code, LEADER)
        _until(one, "document.body.textContent.includes('1 stem')")
        sessions.advance(store, code, LEADER, 1)
        _until(one, "document.getElementById('scene-title').textContent.includes('Het besluit')")
        assert one.evaluate("window.__same_page === true")
        assert "De groep koos" in one.inner_text("main")
    for page in (lead, one):
        page.context.close()


def test_a_keyboard_alone_joins_and_votes(live: tuple[str, str], browser: Any) -> None:
    base, db_url = live
    lead = _leader(browser, base)
    code = _open(lead, base)
    with Store.open(db_url) as store:
        seat = sessions.join(store, code, "LIVE-3")
    page = _page(browser)
    page.goto(base + "/signin")
    _tab_to(page, "el.id === 'code'")
    page.keyboard.type("LIVE-4")
    page.keyboard.press("Tab")
    page.keyboard.type(PIN)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/home")
    _tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '/join'")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/join")
    _tab_to(page, "el.id === 'session-code'")
    page.keyboard.type(code.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/session/{code}")
    assert _focused(page)["id"] == "scene-title"  # focus on the heading of the new page
    with Store.open(db_url) as store:
        sessions.start(store, code, LEADER)
        _until(page, "document.getElementById('scene-title').textContent.includes('overleg')")
        _tab_to(page, "el.name === 'choice'")
        assert _focused(page)["outline"] != "none"  # visible focus
        page.keyboard.press("Space")
        _tab_to(page, "el.tagName === 'BUTTON' && el.closest('form.choices') !== null")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert "Je stem is binnen." in page.inner_text("main")
        assert sessions.view(store, seat).header.decision_no == 1
    for p in (lead, page):
        p.context.close()


WIDE = """[...document.querySelectorAll('main *')].filter(
  el => el.getBoundingClientRect().right > document.documentElement.clientWidth
).slice(0, 5).map(el => el.tagName + '.' + el.className + '#' + el.id)"""


@pytest.mark.parametrize("width", [320, 640])
def test_session_pages_reflow_without_sideways_scrolling(
    live: tuple[str, str], browser: Any, width: int
) -> None:
    base, db_url = live
    lead = _leader(browser, base)
    code = _open(lead, base)
    with Store.open(db_url) as store:
        sessions.join(store, code, "LIVE-8")
    lead.set_viewport_size({"width": width, "height": 640})
    one = _page(browser, viewport={"width": width, "height": 640})
    one.goto(base + "/signin")
    one.fill("#code", "LIVE-1")
    one.fill("#pin", PIN)
    one.click("button.primary")
    one.wait_for_url(base + "/home")
    _join(one, base, code)
    wide = []
    for page, path in ((lead, "/leader/sessions"), (lead, f"/leader/sessions/{code}"),
                       (one, "/join"), (one, f"/session/{code}")):  # fmt: skip
        page.goto(base + path)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide.append(path + str(page.evaluate(WIDE)))
    with Store.open(db_url) as store:
        sessions.start(store, code, LEADER)
    for page, path in ((lead, f"/leader/sessions/{code}"), (one, f"/session/{code}")):
        page.goto(base + path)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide.append(path + " (running)" + str(page.evaluate(WIDE)))
    for page in (lead, one):
        page.context.close()
    assert wide == []
