"""A cmi5 launch through the web door, with the LMS played by :mod:`cmi5_lms`.

The whole AU flow: launch, one fetch, the launch data and the language preference
read, the case played in the trainee pages without a code or a PIN, the statements
(initialized, answered, completed, passed/failed, terminated) in the LMS's LRS in
timestamp order and by cmi5's rules, and the way back to the returnURL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from frontlijn_game.reporting import cmi5_statements as st
from frontlijn_game.reporting.xapi_validation import validate_statement
from frontlijn_game.service.cmi5_outbox import flush, pending
from frontlijn_game.store.service import Store
from web.cmi5_lms import FakeLms, Launch, fake_lms
from web.conftest import Door

DOOR = "http://testserver"


@pytest.fixture
def lms(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLms]:
    with fake_lms() as running:
        monkeypatch.setenv("FRONTLIJN_CMI5_ORIGINS", f"https://other.example, {running.base}")
        yield running


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    ordered = sorted(statements, key=lambda s: s["timestamp"])
    return [s["verb"]["id"].rsplit("/", 1)[-1] for s in ordered]


def context(launch: Launch, lms: FakeLms) -> st.Cmi5Context:
    data = lms.state[(launch.activity_id, launch.actor["account"]["name"], launch.registration)]
    mastery = data.get("masteryScore")
    from decimal import Decimal

    return st.Cmi5Context(
        launch.actor,
        launch.registration,
        launch.activity_id,
        data["contextTemplate"],
        "-",
        None if mastery is None else Decimal(str(mastery)),
    )


def au_statements(launch: Launch, lms: FakeLms) -> list[dict[str, Any]]:
    """What the AU sent for this launch (the LMS's own launched statement left out)."""
    return [
        s
        for s in lms.of_registration(launch.registration)
        if not s["verb"]["id"].endswith("/launched")
    ]


def check_rules(statements: list[dict[str, Any]], launch: Launch, lms: FakeLms) -> None:
    ctx = context(launch, lms)
    for statement in statements:
        assert validate_statement(statement) == [], statement
        assert st.cmi5_problems(statement, ctx) == [], statement
    assert st.session_problems(statements) == []


def play(door: Door, launch: Launch, choices: list[str]) -> str:
    response = door.client.get(launch.url)
    assert response.status_code == 200, response.text[:500]
    play_path = response.url.path
    assert play_path.startswith("/play/")
    for choice in choices:
        door.choose(play_path, choice=choice)
    return str(play_path)


def leave(door: Door, page: str) -> Any:
    html = door.get(page)
    assert "Terug naar de leeromgeving" in html or "Back to the learning platform" in html
    return door.client.post(
        "/cmi5/exit", data=door.fields(html, "/cmi5/exit"), follow_redirects=False
    )


def test_the_whole_au_flow(make_door: Any, lms: FakeLms, store: Store) -> None:
    door: Door = make_door()
    launch = lms.launch(DOOR, "ui-kort", mastery=0.6)
    play_path = play(door, launch, ["samen"])
    assert lms.fetches == [launch.fetch.rsplit("=", 1)[-1]]  # fetched once, server side
    debrief = door.get(play_path.replace("/play/", "/debrief/"))
    trainee = store.list_trainees()[-1]
    assert trainee.code not in debrief  # no code shown, and no PIN asked
    assert "pincode" not in debrief.lower()
    answer = leave(door, play_path.replace("/play/", "/debrief/"))
    assert answer.status_code == 200  # a page that goes on (a form may not redirect away)
    back = "https://lms.example.org/course/view?id=7"
    assert f'<meta http-equiv="refresh" content="0; url={back}">' in answer.text
    assert f'href="{back}"' in answer.text
    sent = au_statements(launch, lms)
    assert verbs(sent) == ["initialized", "answered", "completed", "passed", "terminated"]
    check_rules(sent, launch, lms)
    passed = next(s for s in sent if s["verb"]["id"].endswith("/passed"))
    assert passed["result"]["score"]["scaled"] == 0.85
    assert passed["context"]["extensions"][st.MASTERY_SCORE] == 0.6
    answered = next(s for s in sent if s["verb"]["id"].endswith("/answered"))
    assert st.verb_of(answered) is None  # cmi5 allowed: no cmi5 category
    assert answered["context"]["contextActivities"]["parent"][0]["id"] == launch.activity_id
    assert answered["result"]["response"] == "samen"
    for statement in sent:
        assert statement["context"]["extensions"][st.SESSION_ID] == launch.session_id
        assert {"objectType": "Activity", "id": launch.publisher_id} in statement["context"][
            "contextActivities"
        ]["grouping"]
    assert pending(store) == []
    # signed out: the browser's session went with the AU session
    assert door.client.get("/home", follow_redirects=False).headers["location"] == "/signin"


def test_a_second_fetch_is_refused_with_a_clear_page(make_door: Any, lms: FakeLms) -> None:
    first: Door = make_door()
    launch = lms.launch(DOOR, "ui-kort")
    play_path = play(first, launch, [])
    again = first.client.get(launch.url)  # a reload in the same browser: go on, no fetch
    assert again.url.path == play_path
    assert len(lms.fetches) == 1
    other: Door = make_door()  # the link in another browser: refused, no second fetch
    refused = other.client.get(launch.url)
    assert refused.status_code == 409
    assert "al gebruikt" in refused.text and "leeromgeving" in refused.text
    assert len(lms.fetches) == 1
    # a fetch URL the LMS already answered elsewhere: the door asks once, the LMS refuses
    taken = lms.launch(DOOR, "ui-kort", learner="learner-2")
    key = taken.fetch.rsplit("=", 1)[-1]
    lms.tokens.pop(key)
    answer = other.client.get(taken.url)
    assert answer.status_code == 409 and "al gebruikt" in answer.text
    assert lms.fetches[-1] == key


def test_a_failed_send_is_sent_again_in_order(make_door: Any, lms: FakeLms, store: Store) -> None:
    door: Door = make_door()
    launch = lms.launch(DOOR, "ui-kort")
    lms.fail_posts = 3
    play_path = play(door, launch, ["inval"])
    leave(door, play_path.replace("/play/", "/debrief/"))
    assert au_statements(launch, lms) == []
    waiting = [verb for verb, _tries, _error in pending(store)]
    assert waiting == ["initialized", "answered", "completed", "failed", "terminated"]
    tried = [(verb, tries, error) for verb, tries, error in pending(store) if tries]
    assert tried == [("initialized", 1, tried[0][2])] and "503" in (tried[0][2] or "")
    assert lms.posts == 1  # after a failure, later choices did not wait for the LMS again
    lms.fail_posts = 0
    # due again: the backoff is waited out by making the rows due now
    from sqlalchemy import update

    from frontlijn_game.store.cmi5_models import Cmi5Outbox
    from frontlijn_game.store.models import utcnow

    store.db.write(lambda s: s.execute(update(Cmi5Outbox).values(next_try_at=utcnow())))
    report = flush(store)
    assert report.sent == 5 and report.failed == 0
    sent = au_statements(launch, lms)
    assert verbs(sent) == ["initialized", "answered", "completed", "failed", "terminated"]
    check_rules(sent, launch, lms)
    failed = next(s for s in sent if s["verb"]["id"].endswith("/failed"))
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] == 0.35


def test_browse_mode_sends_no_judgement(make_door: Any, lms: FakeLms) -> None:
    door: Door = make_door()
    launch = lms.launch(DOOR, "ui-kort", mode="Browse")
    play_path = play(door, launch, ["samen"])
    leave(door, play_path.replace("/play/", "/debrief/"))
    sent = au_statements(launch, lms)
    assert verbs(sent) == ["initialized", "answered", "terminated"]
    check_rules(sent, launch, lms)


def test_review_mode_shows_the_last_debrief(make_door: Any, lms: FakeLms) -> None:
    first = lms.launch(DOOR, "ui-kort")
    door: Door = make_door()
    play_path = play(door, first, ["samen"])
    leave(door, play_path.replace("/play/", "/debrief/"))
    review = lms.launch(DOOR, "ui-kort", mode="Review", registration=first.registration)
    again: Door = make_door()
    page = again.client.get(review.url)
    assert page.url.path == play_path.replace("/play/", "/debrief/")
    leave(again, page.url.path)
    sent = [s for s in au_statements(review, lms) if s not in au_statements(first, lms)[:5]]
    assert verbs(sent) == ["initialized", "terminated"]


def test_once_per_registration_and_the_mastery_score(make_door: Any, lms: FakeLms) -> None:
    """A second session of a registration sends no second completed or passed; a
    failed never follows a passed; the LMS's masteryScore decides."""
    door: Door = make_door()
    first = lms.launch(DOOR, "ui-kort", mastery=0.9)
    play_path = play(door, first, ["samen"])  # 85 < 90: failed
    leave(door, play_path.replace("/play/", "/debrief/"))
    assert verbs(au_statements(first, lms))[2:4] == ["completed", "failed"]
    second = lms.launch(DOOR, "ui-kort", registration=first.registration, mastery=0.6)
    again: Door = make_door()
    home = again.client.get(second.url)
    assert home.url.path.startswith("/play/") and home.url.path != play_path
    again.choose(home.url.path, choice="samen")  # 85 >= 60: passed, but no completed again
    leave(again, home.url.path.replace("/play/", "/debrief/"))
    session_two = [
        s
        for s in au_statements(second, lms)
        if s["context"]["extensions"][st.SESSION_ID] == second.session_id
    ]
    assert verbs(session_two) == ["initialized", "answered", "passed", "terminated"]
    check_rules(session_two, second, lms)


def test_language_preference_and_a_bad_launch(make_door: Any, lms: FakeLms) -> None:
    door: Door = make_door()
    launch = lms.launch(DOOR, "ui-kort", language="en-GB,nl-NL")
    response = door.client.get(launch.url)
    assert '<html lang="en"' in response.text
    assert "Back to the learning platform" in response.text or "leeromgeving" in response.text
    bad = make_door().client.get("/cmi5/launch/ui-kort?endpoint=x")
    assert bad.status_code == 400 and "cmi5" in bad.text
    fetches = len(lms.fetches)
    from urllib.parse import quote

    forged = lms.launch(DOOR, "ui-kort").url.replace(
        quote(lms.base, safe=""), quote("http://127.0.0.2:9", safe="")
    )
    refused = make_door().client.get(forged)
    assert refused.status_code == 403 and "FRONTLIJN_CMI5_ORIGINS" in refused.text
    assert len(lms.fetches) == fetches  # nothing was called
    unknown = lms.launch(DOOR, "geen-casus")
    missing = make_door().client.get(unknown.url)
    assert missing.status_code == 404


def test_playing_again_in_the_same_visit_is_reported(make_door: Any, lms: FakeLms) -> None:
    """*Nog eens* after the end: the new attempt's decisions go to the LMS too; cmi5
    allows one of passed and failed per session, so the new pass waits for a new launch."""
    door: Door = make_door()
    launch = lms.launch(DOOR, "ui-kort", mastery=0.6)
    play(door, launch, ["inval"])
    second = door.start("ui-kort")
    door.choose(second, choice="samen")
    leave(door, second.replace("/play/", "/debrief/"))
    sent = au_statements(launch, lms)
    assert verbs(sent) == [
        "initialized", "answered", "completed", "failed", "answered", "terminated",
    ]  # fmt: skip
    assert [s["result"]["response"] for s in sent if st.verb_of(s) is None] == ["inval", "samen"]
    check_rules(sent, launch, lms)
    again = lms.launch(DOOR, "ui-kort", registration=launch.registration, mastery=0.6)
    third: Door = make_door()
    page = third.client.get(again.url)
    third.choose(page.url.path, choice="samen")
    leave(third, page.url.path.replace("/play/", "/debrief/"))
    later = [s for s in au_statements(again, lms) if s not in sent]
    assert verbs(later) == ["initialized", "answered", "passed", "terminated"]


def test_the_outbox_thread_sends_what_waited(make_door: Any, lms: FakeLms, store: Store) -> None:
    """After a restart the web door's thread sends what the outbox still holds."""
    import time

    from sqlalchemy import update

    from frontlijn_game.store.cmi5_models import Cmi5Outbox
    from frontlijn_game.store.models import utcnow
    from frontlijn_game.web.app_layer import AppLayer
    from frontlijn_game.web.cmi5_routes import start_retries
    from web.conftest import CONTENT

    door: Door = make_door()
    launch = lms.launch(DOOR, "ui-kort")
    lms.fail_posts = 100
    play(door, launch, ["samen"])
    assert len(pending(store)) == 4 and au_statements(launch, lms) == []
    lms.fail_posts = 0
    store.db.write(lambda s: s.execute(update(Cmi5Outbox).values(next_try_at=utcnow())))
    layer = AppLayer(CONTENT, door.db_url)  # a new worker, as after a restart
    stop = start_retries(layer, every=0.05)
    try:
        deadline = time.monotonic() + 20
        while pending(store) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop()
        layer.close()
    assert pending(store) == []
    assert verbs(au_statements(launch, lms)) == ["initialized", "answered", "completed", "passed"]
