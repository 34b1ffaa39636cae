"""LTI 1.3 in Chromium: the tool and the platform (lti1p3platform) both served by uvicorn,
the browser following the platform's self-posting forms and the tool's own pages, as a
teacher and a learner would. Needs the services (``FRONTLIJN_SERVICES=1``) and Debian's
``/usr/bin/chromium``; without them it skips loudly."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import uvicorn

from frontlijn_game.scenario.content import load_library
from frontlijn_game.service.lti import Lti
from frontlijn_game.service.lti_grades import queue_scores, send_due
from frontlijn_game.store.service import Store
from frontlijn_game.web.app import create_app
from web.lti.ltiplatform import CLIENT_ID, DEPLOYMENT, Platform, free_port

CONTENT = Path(__file__).parent.parent / "content"
CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    os.environ.get("FRONTLIJN_SERVICES") != "1",
    reason="SKIPPED LOUDLY: the LTI browser test needs FRONTLIJN_SERVICES=1 and Chromium "
    "(.ci/run sets it up); the LTI pages were NOT tried in a browser",
)


def _serve(app: Any, port: int, **tls: str) -> uvicorn.Server:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **tls)  # type: ignore[arg-type]
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    return server


@pytest.fixture
def served(
    tmp_path: Path, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Lti]]:
    monkeypatch.setenv("FRONTLIJN_LTI_KEYS", str(tmp_path / "keys"))
    db_url = f"sqlite:///{tmp_path / 'lti.db'}"
    store = Store.open(db_url)
    lti = Lti(store)
    lti.add(
        platform.iss, CLIENT_ID, platform.base + "/auth-form", platform.base + "/token",
        platform.base + "/jwks", [DEPLOYMENT],
    )  # fmt: skip
    port = free_port()
    tool = f"http://127.0.0.1:{port}"
    server = _serve(create_app(CONTENT, db_url), port)
    platform.configure(tool, {"keys": lti.jwks()["keys"]})
    yield tool, lti
    server.should_exit = True
    store.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        yield launched
        launched.close()


def test_a_teacher_places_a_case_and_a_learners_grade_arrives(
    served: tuple[str, Lti], platform: Platform, browser: Any
) -> None:
    tool, lti = served
    teacher = browser.new_page()
    teacher.goto(platform.base + "/start?" + urlencode({"role": "teacher", "deep": "1"}))
    teacher.wait_for_selector("h1")
    assert teacher.url == tool + "/lti/launch"
    teacher.check("#case-ui-kort")
    teacher.click("form[action='/lti/deep-link'] button[type=submit]")
    teacher.wait_for_url(platform.base + "/deep-link-return")  # lti.js posted the answer
    [[item]] = platform.deep_links
    assert item["custom"] == {"case": "ui-kort"}

    learner = browser.new_context().new_page()
    query = {"sub": "student-1", "custom": json.dumps(item["custom"]), "target": "iframe"}
    learner.goto(platform.base + "/start?" + urlencode(query))
    learner.wait_for_selector("a[target=_blank]")  # in a frame: open a window of its own
    with learner.context.expect_page() as opened:
        learner.click("a[target=_blank]")
    game = opened.value
    game.wait_for_url(tool + "/case/ui-kort")
    assert "pincode" not in game.content().lower()
    game.click("form[action='/case/ui-kort'] button")
    game.wait_for_url("**/play/*")
    game.check("input[value=samen]")
    game.click("form.choices button[type=submit]")
    game.wait_for_url("**/debrief/*")

    queue_scores(lti, load_library(CONTENT))
    assert send_due(lti).sent == 1
    [score] = platform.scores
    assert (score["userId"], score["scoreGiven"]) == ("student-1", 85.0)


def _self_signed(folder: Path, host: str) -> dict[str, str]:
    """A certificate for ``host`` (HTTPS, as an LMS requires of a tool): the state cookie
    of a launch posted from another site is ``SameSite=None; Secure``, never over HTTP."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    paths = {"ssl_certfile": str(folder / "tool.crt"), "ssl_keyfile": str(folder / "tool.key")}
    Path(paths["ssl_certfile"]).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    Path(paths["ssl_keyfile"]).write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


@pytest.fixture
def cross_site(
    tmp_path: Path, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Store, Any]]:
    """The tool on a site of its own (``https://tool.test``, mapped to loopback in
    Chromium), apart from the platform's (``http://127.0.0.1``), as an LMS and its tool
    are: the launch is a post from another site, and the leader cookie is SameSite=Strict."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("FRONTLIJN_LTI_KEYS", str(tmp_path / "keys"))
    db_url = f"sqlite:///{tmp_path / 'lti.db'}"
    store = Store.open(db_url)
    lti = Lti(store)
    lti.add(
        platform.iss, CLIENT_ID, platform.base + "/auth-form", platform.base + "/token",
        platform.base + "/jwks", [DEPLOYMENT],
    )  # fmt: skip
    port = free_port()
    server = _serve(create_app(CONTENT, db_url), port, **_self_signed(tmp_path, "tool.test"))
    tool = f"https://tool.test:{port}"
    platform.configure(tool, {"keys": lti.jwks()["keys"]})
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--host-resolver-rules=MAP tool.test 127.0.0.1",
                "--ignore-certificate-errors",
            ],
        )
        yield tool, store, launched
        launched.close()
    server.should_exit = True
    store.close()


def test_a_teacher_launch_opens_the_cohorts_progress_in_a_window_of_its_own(
    cross_site: tuple[str, Store, Any], platform: Platform
) -> None:
    from web.test_browser import _violations

    tool, store, browser = cross_site
    platform.members = [
        {"user_id": "student-7", "roles": ["x#Learner"], "name": "Noor Jansen"},
        {"user_id": "student-8", "name": "Milan de Vries",
         "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]},
    ]  # fmt: skip
    teacher = browser.new_page()
    query = {"role": "teacher", "sub": "teacher-1", "target": "iframe"}
    teacher.goto(platform.base + "/start?" + urlencode(query))
    teacher.wait_for_selector("a[href^='/lti/lead/']")
    assert teacher.url == tool + "/lti/launch"
    assert _violations(teacher) == []
    with teacher.context.expect_page() as opened:
        teacher.click("a[href^='/lti/lead/']")
    leader = opened.value
    leader.wait_for_url(tool + "/leader/matrix?*")
    heading = leader.inner_text("h1")
    assert heading.startswith("Voortgang: Cursus ondermijning")
    table = leader.inner_text("table.matrix")
    assert "Noor Jansen" in table and "Milan de Vries" in table
    assert "(cursusleider)" in leader.inner_text("body")
    assert _violations(leader) == []
    # The cookie holds from page to page (SameSite=Strict, first-party window).
    leader.click("a[href='/leader/cohorts']")
    leader.wait_for_url(tool + "/leader/cohorts")
    leader.go_back()
    leader.click("form[action='/leader/lti/play'] button")
    leader.wait_for_url(tool + "/case/ui-kort")
    assert "pincode" not in leader.content().lower()
    assert _violations(leader) == []
    codes = {t.code for t in store.list_trainees()}
    assert len(codes) == 3  # two from the roster and the teacher's own
    assert not any(code in leader.content() for code in codes)
