"""An instructor's launch into the leader pages (one-time link, cursusleider of the
course's cohort only), "Zelf spelen", and what a learner never gets; against the
lti1p3platform platform of conftest."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from frontlijn_game.store.models import utcnow
from web.lti.ltiplatform import STUDENT, TEACHER, Next

LEAD = re.compile(r'href="(/lti/lead/[^"]+)"')
ENTER = re.compile(r'href="(/lti/enter/[^"]+)"')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ROSTER = [
    {"user_id": "student-7", "roles": STUDENT, "name": "Noor Jansen"},
    {"user_id": "student-8", "roles": STUDENT, "name": "Milan de Vries"},
    {"user_id": "teacher-1", "roles": TEACHER, "name": "Tess Teacher"},
]


def _teach(tool: Any, **change: Any) -> str:
    """An instructor's launch (in the LMS's frame); the launch page's leader link."""
    response = tool.launch(
        sub="teacher-1", name="Tess Teacher", roles=TEACHER, target="iframe", **change
    )
    assert response.status_code == 200, response.text
    found = LEAD.search(response.text)
    assert found is not None, response.text
    return found.group(1)


def _cohort(tool: Any, course: str = "Cursus ondermijning") -> str:
    return str(next(c.name for c in tool.store.list_cohorts() if c.name.startswith(course)))


def test_an_instructor_launch_opens_the_cohorts_progress_with_the_roster(tool: Any) -> None:
    tool.platform.members = list(ROSTER)
    entered = tool.client.get(_teach(tool), follow_redirects=False)
    assert entered.status_code == 303, entered.text
    cookie = entered.headers["set-cookie"]
    assert "frontlijn_leader=" in cookie and "Path=/leader" in cookie
    assert "samesite=strict" in cookie.lower() and "httponly" in cookie.lower()
    location = urlsplit(entered.headers["location"])
    assert location.path == "/leader/matrix"
    assert parse_qs(location.query) == {"cohort": [_cohort(tool)], "play": ["/case/ui-kort"]}
    page = tool.client.get(entered.headers["location"])
    assert page.status_code == 200, page.text
    assert f"Voortgang: {_cohort(tool)}</h1>" in page.text
    assert "Noor Jansen" in page.text and "Milan de Vries" in page.text
    assert "Tess Teacher" not in page.text  # the instructor has no seat in the cohort
    assert "(cursusleider)" in page.text and "beheerder" not in page.text
    assert 'action="/leader/lti/play"' in page.text and "Zelf spelen" in page.text
    assert "pincode" not in page.text.lower()
    # Their cohorts are the course's, nothing else.
    cohorts = tool.client.get("/leader/cohorts")
    assert cohorts.status_code == 200 and _cohort(tool) in cohorts.text


def test_zelf_spelen_opens_the_launched_case_as_the_instructors_own_trainee(tool: Any) -> None:
    tool.platform.members = list(ROSTER)
    entered = tool.client.get(_teach(tool), follow_redirects=False)
    page = tool.client.get(entered.headers["location"]).text
    csrf = CSRF.search(page[page.index('action="/leader/lti/play"') :])
    assert csrf is not None
    played = tool.client.post(
        "/leader/lti/play",
        data={"csrf": csrf.group(1), "next": "/case/ui-kort"},
        follow_redirects=False,
    )
    assert played.status_code == 303 and played.headers["location"] == "/case/ui-kort"
    intro = tool.client.get("/case/ui-kort")
    assert intro.status_code == 200
    assert "pincode" not in intro.text.lower()
    codes = {t.code for t in tool.store.list_trainees()}
    members = {t.code for t in tool.store.list_trainees(_cohort(tool))}
    own = codes - members
    assert len(own) == 1 and next(iter(own)) not in intro.text  # a trainee, never shown
    # Somewhere else than a case or home is not a target; a forged form does nothing.
    odd = tool.client.post(
        "/leader/lti/play",
        data={"csrf": csrf.group(1), "next": "https://elsewhere.example/"},
        follow_redirects=False,
    )
    assert odd.headers["location"] == "/home"
    forged = tool.client.post(
        "/leader/lti/play", data={"csrf": "forged", "next": "/home"}, follow_redirects=False
    )
    assert forged.status_code == 403


def test_a_launch_from_the_course_navigation_opens_the_progress_too(tool: Any) -> None:
    entered = tool.client.get(_teach(tool, custom={}, resource_link="nav-1"))
    assert entered.status_code == 200
    assert str(entered.url).startswith("http://testserver/leader/matrix?")
    assert parse_qs(urlsplit(str(entered.url)).query)["play"] == ["/home"]


def test_a_module_launch_opens_the_progress_in_its_curriculum(tool: Any) -> None:
    link = _teach(tool, custom={"curriculum": "ui-basis", "module": "m2"}, resource_link="m-2")
    page = tool.client.get(link)
    assert page.status_code == 200
    query = parse_qs(urlsplit(str(page.url)).query)
    assert query["curriculum"] == ["ui-basis"] and query["play"] == ["/case/ui-kort"]
    assert "Curriculum ui-basis" in page.text
    assert "2 kolommen" in page.text  # the curriculum's cases, played or not


def test_a_learner_launch_never_gets_the_leader_pages(tool: Any) -> None:
    framed = tool.launch(target="iframe")
    assert framed.status_code == 200
    assert LEAD.search(framed.text) is None and ENTER.search(framed.text) is not None
    assert "voortgang van je groep" not in framed.text
    windowed = tool.launch()
    assert windowed.status_code == 303 and windowed.headers["location"] == "/case/ui-kort"
    assert "frontlijn_leader" not in windowed.headers.get("set-cookie", "")
    tool.client.get(windowed.headers["location"])
    for path in ("/leader/matrix", "/leader/cohorts"):
        answer = tool.client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/leader/signin"
    from frontlijn_game.store.leaders import list_leaders

    assert tool.store.db.read(list_leaders) == []
    # The play button needs a leader session as well.
    answer = tool.client.post("/leader/lti/play", data={"next": "/home"}, follow_redirects=False)
    assert answer.status_code == 403


def test_the_leader_link_works_once(tool: Any) -> None:
    link = _teach(tool)
    assert tool.client.get(link, follow_redirects=False).status_code == 303
    again = tool.client.get(link, follow_redirects=False)
    assert again.status_code == 403
    assert "al gebruikt of verlopen" in again.text and "Traceback" not in again.text


def test_the_leader_link_expires(tool: Any) -> None:
    from sqlalchemy import update

    from frontlijn_game.store.lti_models import LtiLaunch

    link = _teach(tool)
    tool.store.db.write(
        lambda s: s.execute(update(LtiLaunch).values(created_at=utcnow() - timedelta(minutes=6)))
    )
    expired = tool.client.get(link, follow_redirects=False)
    assert expired.status_code == 403 and "frontlijn_leader" not in expired.headers.get(
        "set-cookie", ""
    )
    assert tool.client.get("/leader/cohorts", follow_redirects=False).status_code == 303


def test_the_leader_link_is_stored_hashed_and_opens_no_other_door(tool: Any) -> None:
    from frontlijn_game.store.lti_models import LtiLaunch

    link = _teach(tool)
    token = link.rsplit("/", 1)[1]
    stored = tool.store.db.read(lambda s: [r.id for r in s.query(LtiLaunch)])
    assert stored and token not in stored  # only SHA-256 digests
    # Neither the trainee's entry nor the deep-linking answer takes it ...
    assert tool.client.get(f"/lti/enter/{token}", follow_redirects=False).status_code == 403
    picked = tool.client.post("/lti/deep-link", data={"token": token, "pick": "case:ui-kort"})
    assert picked.status_code == 403
    # ... and it still opens the leader pages (once).
    assert tool.client.get(link, follow_redirects=False).status_code == 303


def test_a_replayed_instructor_launch_is_refused(tool: Any) -> None:
    tool.platform.next = Next(sub="teacher-1", roles=TEACHER, target="iframe")
    login = tool.client.get(_local(tool.platform.login_url()), follow_redirects=False)
    form = requests.get(login.headers["location"], timeout=10).json()
    first = tool.post_launch(form)
    assert first.status_code == 200 and LEAD.search(first.text) is not None
    replayed = tool.post_launch(form)
    assert replayed.status_code == 403
    assert "geweigerd" in replayed.text and LEAD.search(replayed.text) is None


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + "?" + parts.query


def test_a_cursusleider_from_lti_cannot_see_another_courses_cohort(tool: Any) -> None:
    # Another course, another instructor, a learner of theirs.
    tool.platform.members = [{"user_id": "student-9", "roles": STUDENT, "name": "Eva Elders"}]
    other = tool.launch(
        sub="teacher-2", roles=TEACHER, target="iframe", course="course-8",
        course_title="Cursus wijkteam",
    )  # fmt: skip
    assert other.status_code == 200
    elsewhere = _cohort(tool, "Cursus wijkteam")
    [eva] = tool.store.list_trainees(elsewhere)
    # Teacher 1 of course 7 signs in through their own launch.
    tool.platform.members = list(ROSTER)
    tool.client.get(_teach(tool))
    hidden = tool.client.get("/leader/matrix", params={"cohort": elsewhere})
    assert hidden.status_code == 404
    assert "Eva Elders" not in hidden.text
    eva_id = _trainee_id(tool, eva.code)
    assert tool.client.get(f"/leader/trainee/{eva_id}").status_code == 404
    everyone = tool.client.get("/leader/matrix", params={"cohort": "*"})
    assert "Eva Elders" not in everyone.text and "Noor Jansen" in everyone.text
    cohorts = tool.client.get("/leader/cohorts").text
    assert elsewhere not in cohorts and _cohort(tool) in cohorts


def _trainee_id(tool: Any, code: str) -> int:
    from sqlalchemy import select

    from frontlijn_game.store.models import Trainee

    found = tool.store.db.read(lambda s: s.scalar(select(Trainee.id).where(Trainee.code == code)))
    assert isinstance(found, int)
    return found


def test_an_lti_leader_account_has_no_password(tool: Any) -> None:
    from frontlijn_game.service import accounts
    from frontlijn_game.service.scope import LeaderScope, NotAllowed
    from frontlijn_game.store.leaders import authenticate, list_leaders
    from frontlijn_game.store.passwords import dummy_hash

    _teach(tool)
    [leader] = tool.store.db.read(list_leaders)
    assert leader.lms and leader.role == "cursusleider"
    for password in ("", "!lms", dummy_hash(), "een lang en sterk wachtwoord 42"):
        assert authenticate(tool.store.db, leader.name, password, base=0.0).leader is None

    # The sign-in page says what it says for any wrong password.
    async def no_wait(seconds: float) -> None:
        return None

    tool.client.app.app.state.leader_sleep = no_wait
    page = tool.client.get("/leader/signin").text
    csrf = CSRF.search(page)
    assert csrf is not None
    answer = tool.client.post(
        "/leader/signin",
        data={"csrf": csrf.group(1), "name": leader.name, "password": "!lms"},
        follow_redirects=False,
    )
    assert answer.status_code == 400 and "Naam of wachtwoord klopt niet" in answer.text
    # Nobody gives it one, nor makes it a beheerder.
    owner = LeaderScope.owner()
    with pytest.raises(NotAllowed, match="leeromgeving"):
        accounts.set_password(tool.store, owner, leader.name, "een lang en sterk wachtwoord 42")
    with pytest.raises(NotAllowed, match="leeromgeving"):
        accounts.set_role(tool.store, owner, leader.name, "beheerder")
    assert accounts.set_role(tool.store, owner, leader.name, "cursusleider").role == "cursusleider"


def test_an_lti_account_made_beheerder_behind_the_doors_back_is_not_let_in(tool: Any) -> None:
    """A database changed by hand (or by an older version): never beheerder through LTI."""
    from frontlijn_game.store.leader_cohorts import set_role
    from frontlijn_game.store.leaders import list_leaders

    link = _teach(tool)
    [leader] = tool.store.db.read(list_leaders)
    tool.store.db.write(lambda s: set_role(s, leader.name, "beheerder"))
    refused = tool.client.get(link, follow_redirects=False)
    assert refused.status_code == 403 and "cursusleider" in refused.text
    assert tool.client.get("/leader/cohorts", follow_redirects=False).status_code == 303
