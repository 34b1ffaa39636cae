"""Deep linking, grades through AGS (with the outbox's retries) and the roster through
NRPS, against the lti1p3platform platform of conftest."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import requests
from starlette.testclient import TestClient

from frontlijn_game.scenario.content import load_library
from frontlijn_game.service.lti import Lti
from frontlijn_game.service.lti_grades import queue_scores, send_due, sync_roster
from frontlijn_game.store.models import utcnow
from frontlijn_game.store.service import Store
from frontlijn_game.web.app import create_app

FIELD = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')
CHOICE = re.compile(r'<input type="radio" name="choice" id="[^"]+" value="([^"]+)"')
TEACHER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]
STUDENT = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]


def _fields(html: str, action: str) -> dict[str, str]:
    start = html.index(f'action="{action}"')
    return dict(FIELD.findall(html[start : html.index("</form>", start)]))


def play(client: TestClient, case: str, prefer: tuple[str, ...] = ()) -> None:
    """Play ``case`` to its end in the browser, taking a preferred choice where shown."""
    page = client.get(f"/case/{case}").text
    started = client.post(
        f"/case/{case}", data={**_fields(page, f"/case/{case}"), "action": "start"},
        follow_redirects=False,
    )  # fmt: skip
    play_path = started.headers["location"]
    for _ in range(30):
        page = client.get(play_path).text
        shown = CHOICE.findall(page)
        choice = next((c for c in shown if c in prefer), shown[0])
        response = client.post(
            play_path, data={**_fields(page, play_path), "choice": choice}, follow_redirects=False
        )
        if "/debrief/" in response.headers["location"]:
            return
    raise AssertionError("the case did not end")


def deep_link(tool: Any, pick: str) -> dict[str, Any]:
    """An instructor places ``pick`` through Deep Linking; the item the platform got."""
    picker = tool.launch(sub="teacher-1", roles=TEACHER, deep_link=True)
    assert picker.status_code == 200, picker.text
    assert (
        "frame-ancestors 'self' " + tool.platform.base in picker.headers["content-security-policy"]
    )
    token = _fields(picker.text, "/lti/deep-link")["token"]
    answer = tool.client.post("/lti/deep-link", data={"token": token, "pick": pick})
    assert answer.status_code == 200, answer.text
    action = re.search(r'<form method="post" action="([^"]+)" id="lti-autosubmit">', answer.text)
    assert action is not None and action.group(1) == tool.platform.base + "/deep-link-return"
    jwt = re.search(r'name="JWT" value="([^"]+)"', answer.text)
    assert jwt is not None
    assert "form-action 'self' " + tool.platform.base in answer.headers["content-security-policy"]
    received = requests.post(action.group(1), data={"JWT": jwt.group(1)}, timeout=10)
    assert received.json() == {"received": 1}
    # The picker's launch is used up.
    again = tool.client.post("/lti/deep-link", data={"token": token, "pick": pick})
    assert again.status_code == 403
    return dict(tool.platform.deep_links[-1][0])


def test_deep_linking_places_a_case_with_a_gradebook_column(tool: Any) -> None:
    item = deep_link(tool, "case:ui-kort")
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == "http://testserver/lti/launch"
    assert item["custom"] == {"case": "ui-kort"}
    assert item["lineItem"]["scoreMaximum"] == 100
    assert item["title"] == "De zolder van Ria"


def test_a_finished_attempt_reaches_the_gradebook_and_a_better_one_again(tool: Any) -> None:
    item = deep_link(tool, "case:ui-kort")
    library = load_library(tool.client.app.app.state.layer.content_dir)
    assert tool.launch(sub="student-1", roles=STUDENT, custom=item["custom"]).status_code == 303
    assert queue_scores(tool.lti, library) == 0  # nothing finished yet
    play(tool.client, "ui-kort", prefer=("inval",))  # sanction only: 35
    assert queue_scores(tool.lti, library) == 1
    assert send_due(tool.lti).sent == 1
    [first] = tool.platform.scores
    assert first["userId"] == "student-1"
    assert first["scoreGiven"] == 35.0 and first["scoreMaximum"] == 100.0
    assert first["activityProgress"] == "Completed" and first["gradingProgress"] == "FullyGraded"
    # The launch named no line item, so the tool found or made the link's own column.
    [lineitem] = [i for i in tool.platform.lineitems.values() if i.get("resourceLinkId")]
    assert lineitem["resourceId"] == "case:ui-kort" and lineitem["resourceLinkId"] == "link-1"
    play(tool.client, "ui-kort", prefer=("samen",))  # help and sanction: 85
    play(tool.client, "ui-kort", prefer=("inval",))  # worse again: not sent
    assert queue_scores(tool.lti, library) == 1
    assert send_due(tool.lti).sent == 1
    assert [s["scoreGiven"] for s in tool.platform.scores] == [35.0, 85.0]
    assert tool.platform.scores[1]["timestamp"] > first["timestamp"]
    made = [i for i in tool.platform.lineitems.values() if i.get("resourceLinkId")]
    assert made == [lineitem]  # the column was found again, not made twice
    assert queue_scores(tool.lti, library) == 0


def test_a_module_link_reports_the_module_once_its_cases_are_done(tool: Any) -> None:
    item = deep_link(tool, "module:ui-basis/m1")
    assert item["custom"] == {"curriculum": "ui-basis", "module": "m1"}
    library = load_library(tool.client.app.app.state.layer.content_dir)
    response = tool.launch(
        sub="student-2",
        roles=STUDENT,
        custom=item["custom"],
        resource_link="link-m1",
        lineitem=item["placed_lineitem"],
    )
    assert response.headers["location"] == "/case/ui-proef"
    play(tool.client, "ui-proef")
    assert queue_scores(tool.lti, library) == 1
    assert send_due(tool.lti).sent == 1
    total = tool.store.attempts(tool.store.list_trainees()[-1].code, status="finished")[0].total
    assert tool.platform.scores[-1]["scoreGiven"] == total
    # Posted to the column the platform made at deep linking; the tool made none.
    assert tool.platform.scores[-1]["lineitem"] == item["placed_lineitem"].rsplit("/", 1)[1]
    assert len(tool.platform.lineitems) == 1


def test_a_failed_post_is_retried_later_and_survives_a_restart(tool: Any) -> None:
    library = load_library(tool.client.app.app.state.layer.content_dir)
    tool.launch()
    play(tool.client, "ui-kort", prefer=("samen",))
    queue_scores(tool.lti, library)
    tool.platform.fail_scores = 1
    result = send_due(tool.lti)
    assert (result.sent, result.retried) == (0, 1)
    assert tool.platform.scores == []
    [(_user, _link, score, status, tries, error)] = tool.lti.grades()
    assert (score, status, tries) == (85.0, "pending", 1) and error and "503" in error
    assert send_due(tool.lti).sent == 0  # not due yet: it waits its delay
    # A restart: a new process opens the same database and sends what is pending.
    tool.store.close()
    with Store.open(tool.db_url) as store:
        later = send_due(Lti(store), now=lambda: utcnow() + timedelta(minutes=5))
        assert later.sent == 1
    assert [s["scoreGiven"] for s in tool.platform.scores] == [85.0]


def test_the_web_door_sends_pending_grades_when_it_starts(tool: Any) -> None:
    library = load_library(tool.client.app.app.state.layer.content_dir)
    tool.launch()
    play(tool.client, "ui-kort", prefer=("samen",))
    queue_scores(tool.lti, library)
    content = tool.client.app.app.state.layer.content_dir
    with TestClient(create_app(content, tool.db_url)):  # the lifespan starts the worker
        for _ in range(200):
            if tool.platform.scores:
                break
            time.sleep(0.05)
    assert [s["scoreGiven"] for s in tool.platform.scores] == [85.0]


def test_an_instructor_launch_fills_the_cohort_from_the_roster(tool: Any) -> None:
    tool.platform.members = [
        {"user_id": "student-7", "roles": STUDENT, "name": "Noor"},
        {"user_id": "student-8", "roles": STUDENT},
        {"user_id": "teacher-1", "roles": TEACHER},
    ]
    response = tool.launch(sub="teacher-1", name="Tess", roles=TEACHER, target="iframe")
    assert response.status_code == 200
    [cohort] = tool.store.list_cohorts()
    members = tool.store.list_trainees(cohort.name)
    assert sorted(t.display_name or "" for t in members) == ["", "Noor"]
    assert sync_roster(tool.lti) == 0  # again: nobody new
    from frontlijn_game.store.leader_cohorts import cohort_names_by_leader
    from frontlijn_game.store.leaders import list_leaders

    [leader] = tool.store.db.read(list_leaders)
    assert leader.role == "cursusleider"
    assert tool.store.db.read(cohort_names_by_leader)[leader.id] == (cohort.name,)
    # The student who later launches is the roster's trainee, not a new one.
    tool.launch(sub="student-7", roles=STUDENT)
    assert len(tool.store.list_trainees(cohort.name)) == 2


def test_a_refused_token_is_asked_for_again(tool: Any) -> None:
    """The platform changes its keys: the cached access token is refused (lti1p3platform
    answers 500 where a platform would say 401), dropped, and the retry gets a new one."""
    from web.lti.ltiplatform import _key_pair

    library = load_library(tool.client.app.app.state.layer.content_dir)
    tool.launch()
    play(tool.client, "ui-kort", prefer=("inval",))
    queue_scores(tool.lti, library)
    assert send_due(tool.lti).sent == 1
    private, public = _key_pair()
    tool.platform.registration.set_platform_private_key(private).set_platform_public_key(public)
    play(tool.client, "ui-kort", prefer=("samen",))
    queue_scores(tool.lti, library)
    failed = send_due(tool.lti)
    assert failed.retried == 1 and "lineitems/1/scores" in (tool.lti.grades()[-1][5] or "")
    later = send_due(tool.lti, now=lambda: utcnow() + timedelta(minutes=5))
    assert later.sent == 1
    assert [s["scoreGiven"] for s in tool.platform.scores] == [35.0, 85.0]
