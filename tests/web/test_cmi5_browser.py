"""A cmi5 launch in real headless Chromium: the launch, the case, the way back to the LMS
through the header's button (a page that sends the browser on: a form may not redirect
to another site under the CSP), and axe-core on the cmi5 pages. Needs FRONTLIJN_SERVICES=1
and Chromium, as the other browser tests; skips loudly otherwise."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontlijn_game.web.app import create_app
from web.cmi5_lms import FakeLms, fake_lms
from web.test_browser import CONTENT, _free_port, _violations, browser, pytestmark

__all__ = ["browser", "pytestmark"]


@pytest.fixture
def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, FakeLms]]:
    import uvicorn

    with fake_lms() as lms:
        monkeypatch.setenv("FRONTLIJN_CMI5_ORIGINS", lms.base)
        port = _free_port()
        app = create_app(CONTENT, f"sqlite:///{tmp_path / 'web.db'}")
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", lms
        server.should_exit = True
        thread.join(10)


@pytest.mark.parametrize("language", ["nl-NL", "en-US"])
def test_a_launch_in_the_browser_and_back(
    running: tuple[str, FakeLms], browser: Any, language: str
) -> None:
    base, lms = running
    back = f"{lms.base}/course/view?id=7"
    launch = lms.launch(base, "ui-kort", language=language, return_url=back)
    page = browser.new_context().new_page()
    problems: list[str] = []
    page.goto(launch.url)
    assert "/play/" in page.url
    assert page.locator("html").get_attribute("lang") == language[:2]
    problems += _violations(page)
    page.check('input[name="choice"] >> nth=0')
    page.click("form.choices button[type=submit]")
    page.wait_for_url("**/debrief/**")
    problems += _violations(page)
    label = "Terug naar de leeromgeving" if language == "nl-NL" else "Back to the learning platform"
    page.get_by_role("button", name=label).click()
    page.wait_for_url(back, timeout=10_000)
    assert page.locator("h1").inner_text() == "LMS course page"
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in lms.of_registration(launch.registration)]
    assert verbs[0] == "launched" and verbs[1] == "initialized" and verbs[-1] == "terminated"
    again = browser.new_context().new_page()
    again.goto(launch.url)
    assert "al gebruikt" in again.locator("main").inner_text()
    problems += _violations(again)
    page.context.close()
    again.context.close()
    assert problems == []
