"""The leader pages of the HTML door over plain HTTP: their own sign-in with the growing
delay, sessions apart from the trainee's, CSRF, every page's shape, the CSV download."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest

from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store
from web.test_pages import page_shape

CODE = "WEB-4711"
LEADER = "anna"
PASSWORD = "een lang wachtwoord 42"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, html
    return found.group(1)


class Leader:
    """A leader's browser: a client of its own, signing in at /leader/signin."""

    def __init__(self, door: Any) -> None:
        self.door = door
        self.client = door.client
        self.waits: list[float] = []

        async def sleep(seconds: float) -> None:  # the delay, recorded instead of slept
            self.waits.append(seconds)

        self.client.app.app.state.leader_sleep = sleep  # the app inside SecurityHeaders

    def get(self, path: str, status: int = 200) -> str:
        response = self.client.get(path, follow_redirects=False)
        assert response.status_code == status, (path, response.status_code, response.text[:300])
        return str(response.text)

    def sign_in(self, name: str = LEADER, password: str = PASSWORD) -> Any:
        page = self.get("/leader/signin")
        data = {"csrf": csrf_of(page), "name": name, "password": password}
        return self.client.post("/leader/signin", data=data, follow_redirects=False)


@pytest.fixture
def played(db_url: str, signed_in: Any) -> int:
    """The trainee played ui-proef to its end; a leader and a cohort exist."""
    with Store.open(db_url) as store:
        store.db.write(lambda s: add_leader(s, LEADER, PASSWORD))
        store.create_cohort("groep-a", "ui-basis")
        store.enrol("groep-a", codes=[CODE])
    play = signed_in.start("ui-proef")
    for _ in range(10):
        response, _choice, _shown = signed_in.choose(play)
        if "/debrief/" in response.headers["location"]:
            break
    return int(play.rsplit("/", 1)[1])


@pytest.fixture
def leader(make_door: Any, played: int) -> Leader:
    browser = Leader(make_door())
    assert browser.sign_in().headers["location"] == "/leader/cohorts"
    return browser


def test_leader_pages_send_strangers_and_trainees_to_the_leader_sign_in(
    signed_in: Any, played: int
) -> None:
    for path in (
        "/leader/cohorts",
        "/leader/matrix",
        f"/leader/attempt/{played}",
        "/leader/trainee/1",
    ):
        response = signed_in.client.get(path, follow_redirects=False)  # a trainee's cookie
        assert response.status_code == 303 and response.headers["location"] == "/leader/signin"
    # the trainee's session token in the leader cookie opens nothing either
    token = signed_in.client.cookies.get("frontlijn_session")
    signed_in.client.cookies.set("frontlijn_leader", token, path="/leader")
    response = signed_in.client.get("/leader/cohorts", follow_redirects=False)
    assert response.status_code == 303


def test_leader_sign_in_cookie_is_its_own_and_strict(make_door: Any, played: int) -> None:
    browser = Leader(make_door())
    response = browser.sign_in()
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("frontlijn_leader=") and "path=/leader" in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie
    # the leader's session does not sign a trainee in
    assert browser.client.get("/home", follow_redirects=False).headers["location"] == "/signin"


def test_a_wrong_password_waits_longer_each_time_per_account_and_client(
    make_door: Any, played: int
) -> None:
    first = Leader(make_door())
    assert first.sign_in(password="fout wachtwoord 1").status_code == 400
    assert first.sign_in(password="fout wachtwoord 2").status_code == 400
    assert first.waits == [1.0, 2.0]
    # another worker (a new app on the same database) still sees the account's failures:
    # the right password too soon after a failure is refused unchecked
    second = Leader(make_door())
    response = second.sign_in()
    assert response.status_code == 400 and "Naam of wachtwoord klopt niet." in response.text
    assert second.waits == [1.0]  # this client's first failure; the account's delay holds
    # an unknown name answers alike and counts for the client
    unknown = first.sign_in(name="niemand")
    assert unknown.status_code == 400 and first.waits[-1] == 4.0  # the client's third


def test_leader_sign_in_is_limited_per_client(make_door: Any, played: int) -> None:
    browser = Leader(make_door())
    statuses = [browser.sign_in(name=f"x{n}").status_code for n in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429


def test_posts_without_the_csrf_token_are_refused(leader: Leader) -> None:
    response = leader.client.post("/leader/export", data={"csrf": "forged"})
    assert response.status_code == 403 and "application/zip" not in response.headers["content-type"]
    page = leader.get("/leader/signin")
    response = leader.client.post(
        "/leader/signin", data={"csrf": "forged", "name": LEADER, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "csrf" in page


def test_every_leader_page_is_whole(leader: Leader, played: int) -> None:
    cohorts = leader.get("/leader/cohorts")
    page_shape(cohorts)
    assert "groep-a" in cohorts and "Aangemeld als anna (beheerder)" in cohorts
    matrix = leader.get("/leader/matrix?cohort=groep-a")
    page_shape(matrix)
    assert '<caption id="matrix-caption">' in matrix and '<th scope="row">' in matrix
    assert CODE in matrix and CODE not in re.sub(r">[^<]*<", "><", matrix).split("href")[1:]
    trainee_link = re.search(r'href="(/leader/trainee/\d+)"', matrix)
    assert trainee_link is not None
    detail = leader.get(trainee_link.group(1))
    page_shape(detail)
    assert f"/leader/attempt/{played}" in detail
    replay = leader.get(f"/leader/attempt/{played}")
    page_shape(replay)
    assert "(in de volgorde die de cursist zag)" in replay and "(gekozen)" in replay
    last = re.findall(r'href="\?step=(\d+)"', replay)
    ending = leader.get(f"/leader/attempt/{played}?step={max(int(n) for n in last)}")
    page_shape(ending)
    assert "Afloop" in ending
    for path in (
        "/leader/case/ui-proef/options?cohort=groep-a",
        "/leader/case/ui-proef/items?cohort=*",
        "/leader/case/ui-kort/options",  # nothing played yet
        "/leader/export",
        "/leader/matrix?cohort=*&q=web&status=passed&sort=passed&desc=1&page=9",
    ):
        page_shape(leader.get(path))


def test_the_replay_shows_each_decision_in_the_order_the_trainee_saw(
    leader: Leader, played: int, store: Store
) -> None:
    decisions = store.decisions(played)
    texts = {}
    scenario = None
    from frontlijn_game.scenario.content import load_library
    from web.conftest import CONTENT

    scenario = load_library(CONTENT).scenarios["ui-proef"]
    texts = {cid: choice.text for cid, choice in scenario.choices.items()}
    for n, decision in enumerate(decisions, 1):
        page = leader.get(f"/leader/attempt/{played}?step={n}")
        offered = page[
            page.index('<ol class="offered"') : page.index(
                "</ol>", page.index('<ol class="offered"')
            )
        ]
        positions = [offered.index(texts[cid].strip()[:30]) for cid in decision.shown or ()]
        assert positions == sorted(positions), (n, decision.shown)
        assert "(gekozen)" in offered


def test_the_leader_pages_speak_english(leader: Leader) -> None:
    page = leader.get("/leader/cohorts")
    leader.client.post(
        "/leader/settings", data={"csrf": csrf_of(page), "lang": "en", "next": "/leader/cohorts"}
    )
    english = leader.get("/leader/cohorts")
    page_shape(english, "en")
    assert "Cohorts" in english and "Signed in as anna" in english


def test_unknown_trainees_attempts_and_cases_are_404(leader: Leader) -> None:
    for path in ("/leader/trainee/999", "/leader/attempt/999", "/leader/case/bestaat-niet/options"):
        page_shape(leader.get(path, status=404))


def test_csv_download_is_the_export_as_a_zip(leader: Leader, played: int, store: Store) -> None:
    page = leader.get("/leader/export")
    response = leader.client.post("/leader/export", data={"csrf": csrf_of(page), "excel": "0"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert "frontlijn-export.zip" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [
            "attempts.csv",
            "decisions.csv",
            "sessions.csv",
            "session_votes.csv",
            "session_rounds.csv",
        ]
        attempts = archive.read("attempts.csv").decode().splitlines()
        decisions = archive.read("decisions.csv").decode().splitlines()
    assert attempts[0].startswith("attempt_id,trainee,scenario") and len(attempts) == 2
    assert len(decisions) == 1 + len(store.decisions(played))
    assert CODE in attempts[1]


def test_sign_out_ends_the_leader_session(leader: Leader) -> None:
    page = leader.get("/leader/cohorts")
    response = leader.client.post(
        "/leader/signout", data={"csrf": csrf_of(page)}, follow_redirects=False
    )
    assert response.headers["location"] == "/leader/signin?notice=signed_out"
    assert leader.client.get("/leader/cohorts", follow_redirects=False).status_code == 303


def test_a_cursusleider_of_cohort_a_gets_nothing_of_cohort_b(
    make_door: Any, played: int, db_url: str
) -> None:
    """Through every leader page, the CSV download and direct URLs: B's cohort, trainees
    and attempts answer as if they did not exist (404, the page of an unknown id)."""
    from frontlijn_game.store.leader_cohorts import assign

    other = make_door()
    with Store.open(db_url) as store:
        store.add_trainee("WEB-B-1", pin="1357")
        store.create_cohort("groep-b", "ui-basis")
        store.enrol("groep-b", codes=["WEB-B-1"])
        store.db.write(lambda s: add_leader(s, "bert", PASSWORD, role="cursusleider"))
        store.db.write(lambda s: assign(s, "bert", "groep-a"))
    assert other.sign_in(code="WEB-B-1", pin="1357").headers["location"] == "/home"
    play = other.start("ui-kort")
    for _ in range(10):
        response, _choice, _shown = other.choose(play)
        if "/debrief/" in response.headers["location"]:
            break
    b_attempt = int(play.rsplit("/", 1)[1])
    with Store.open(db_url) as store:
        b_id = store.trainee("WEB-B-1").id
        a_id = store.trainee(CODE).id

    bert = Leader(make_door())
    assert bert.sign_in(name="bert").headers["location"] == "/leader/cohorts"
    pages = [bert.get("/leader/cohorts"), bert.get("/leader/matrix?cohort=*")]
    pages.append(bert.get("/leader/matrix?cohort=groep-a"))
    pages.append(bert.get(f"/leader/trainee/{a_id}"))
    pages.append(bert.get(f"/leader/attempt/{played}"))
    for kind in ("options", "items"):
        pages.append(bert.get(f"/leader/case/ui-kort/{kind}?cohort=*"))
        pages.append(bert.get(f"/leader/case/ui-proef/{kind}?cohort=groep-a"))
    assert "groep-a" in pages[0] and CODE in pages[1]
    for page in pages:
        assert "groep-b" not in page and "WEB-B-1" not in page
    assert "Nog geen" in pages[5], pages[5].split("<main")[1]
    assert "Nog geen" in pages[7]  # ui-kort: only B played it
    unknown = bert.get("/leader/trainee/987654", status=404)
    for path in (
        "/leader/matrix?cohort=groep-b",
        f"/leader/trainee/{b_id}",
        f"/leader/attempt/{b_attempt}",
        f"/leader/attempt/{b_attempt}?step=2",
        "/leader/case/ui-kort/options?cohort=groep-b",
        "/leader/case/ui-kort/items?cohort=groep-b",
    ):
        page = bert.get(path, status=404)
        assert "WEB-B-1" not in page and "groep-b" not in page
        assert page.split("<main")[1] == unknown.split("<main")[1]  # alike: nothing told
    export = bert.get("/leader/export")
    response = bert.client.post("/leader/export", data={"csrf": csrf_of(export), "excel": "0"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        attempts = archive.read("attempts.csv").decode()
        decisions = archive.read("decisions.csv").decode().splitlines()[1:]
    assert CODE in attempts and "WEB-B-1" not in attempts
    assert {line.split(",")[0] for line in decisions} == {str(played)}
    # the beheerder sees both
    anna = Leader(make_door())
    anna.sign_in()
    assert "groep-b" in anna.get("/leader/cohorts")
    assert "WEB-B-1" in anna.get(f"/leader/trainee/{b_id}")


def test_the_split_cohorts_world_through_every_leader_page(make_door: Any, db_url: str) -> None:
    """The shared two-cohort world (tests/scopehelp.py): leider-a reads every page of A,
    every step of A's replays and the CSV, and meets nothing of B or of the trainee in
    no cohort; B's and the loose trainee's URLs answer as unknown ones."""
    from scopehelp import B_CODE, LOOSE_CODE, split_cohorts

    world = split_cohorts(db_url)
    with Store.open(db_url) as store:
        ids = {code: store.trainee(code).id for code in world.attempts}
    browser = Leader(make_door())
    assert browser.sign_in(world.leader_a, world.password).status_code == 303
    texts = [browser.get("/leader/cohorts"), browser.get("/leader/matrix?cohort=*")]
    texts.append(browser.get(f"/leader/matrix?cohort={world.cohort_a}"))
    for kind in ("options", "items"):
        texts.append(browser.get(f"/leader/case/{world.case}/{kind}?cohort=*"))
        texts.append(browser.get(f"/leader/case/{world.case}/{kind}?cohort=*&versions=1"))
    for code, attempts in world.attempts.items():
        if code in (B_CODE, LOOSE_CODE):
            continue
        texts.append(browser.get(f"/leader/trainee/{ids[code]}"))
        for attempt in attempts:
            for step in range(1, 5):
                texts.append(browser.get(f"/leader/attempt/{attempt}?step={step}"))
    export = browser.get("/leader/export")
    for excel in ("0", "1"):
        response = browser.client.post(
            "/leader/export", data={"csrf": csrf_of(export), "excel": excel}
        )
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            texts += [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    for text in texts:
        world.assert_nothing_of_b(text)
    assert "ZALFA1" in texts[1] and "ZALFA2" in texts[1]
    for code in (B_CODE, LOOSE_CODE):
        browser.get(f"/leader/trainee/{ids[code]}", status=404)
        for attempt in world.attempts[code]:
            world.assert_nothing_of_b(browser.get(f"/leader/attempt/{attempt}", status=404))
    world.assert_nothing_of_b(browser.get(f"/leader/matrix?cohort={world.cohort_b}", status=404))
    other = Leader(make_door())
    other.sign_in(world.leader_b, world.password)
    assert B_CODE in other.get(f"/leader/trainee/{ids[B_CODE]}")
    other.get(f"/leader/trainee/{ids['ZALFA1']}", status=404)
