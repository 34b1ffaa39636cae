"""Live sessions in the HTML door over plain HTTP: the facilitator's console under
/leader/sessions and the trainee's join and session pages. Every form carries the CSRF
token; a cursusleider leads only their own cohorts' sessions; a participant never sees
another role's private facts nor the vote counts before the reveal; a vote for a decision
already taken is refused in words."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from frontlijn_game.store.leader_cohorts import assign
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store
from frontlijn_game.web.app import create_app
from web.test_pages import page_shape

HERE = Path(__file__).parent
CASE = HERE.parent / "fixtures" / "overleg.yaml"
PASSWORD = "een lang wachtwoord 42"
PIN = "2468"
FORM = re.compile(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')
ROLES = {"P1": "wijkagent", "P2": "leerplicht", "P3": "reclassering"}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The web fixtures' cases plus the casusoverleg fixture with three roles."""
    root = tmp_path / "content"
    shutil.copytree(HERE / "content", root)
    shutil.copy(CASE, root / "scenarios" / "overleg.yaml")
    return root


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    with Store.open(url) as store:
        for n in range(1, 5):
            store.add_trainee(f"P{n}", display_name=f"Naam{n}", pin=PIN)
        store.add_trainee("B1", display_name="Buiten", pin=PIN)
        store.create_cohort("groep-a")
        store.enrol("groep-a", codes=["P1", "P2", "P3", "P4"])
        store.create_cohort("groep-b")
        store.db.write(lambda s: add_leader(s, "anna", PASSWORD))
        store.db.write(lambda s: add_leader(s, "bert", PASSWORD, role="cursusleider"))
        store.db.write(lambda s: add_leader(s, "carla", PASSWORD, role="cursusleider"))
        store.db.write(lambda s: assign(s, "bert", "groep-a"))
        store.db.write(lambda s: assign(s, "carla", "groep-b"))
    return url


class Browser:
    """One browser on the door: its own cookies; forms are read from the pages."""

    def __init__(self, content: Path, db: str) -> None:
        self.client = TestClient(create_app(content, db))
        self.page = ""

    def get(self, path: str, status: int = 200) -> str:
        response = self.client.get(path, follow_redirects=True)
        assert response.status_code == status, (path, response.status_code, response.text[:800])
        self.page = str(response.text)
        return self.page

    def form(self, action: str, page: str | None = None) -> dict[str, str]:
        for found, body in FORM.findall(page or self.page):
            if found == action:
                return dict(HIDDEN.findall(body))
        raise AssertionError(f"no form posting to {action}")

    def post(self, action: str, status: int = 200, **data: str) -> str:
        fields = {**self.form(action), **data}
        response = self.client.post(action, data=fields, follow_redirects=True)
        assert response.status_code == status, (action, response.status_code, response.text[:800])
        self.page = str(response.text)
        return self.page

    def sign_in(self, code: str) -> None:
        self.get("/signin")
        self.post("/signin", code=code, pin=PIN)
        assert "/home" in str(self.client.get("/home").url)

    def leader_in(self, name: str) -> None:
        self.get("/leader/signin")
        outer: Any = self.client.app
        outer.app.state.leader_sleep = _no_sleep  # the app inside SecurityHeaders
        self.post("/leader/signin", name=name, password=PASSWORD)
        assert "Aangemeld als" in self.page


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture
def browsers(content: Path, db: str) -> Iterator[Any]:
    made: list[Browser] = []

    def make() -> Browser:
        made.append(Browser(content, db))
        return made[-1]

    yield make
    for b in made:
        b.client.close()


def open_session(
    leader: Browser, case: str = "overleg", cohort: str = "groep-a", lang: str = "nl"
) -> str:
    leader.get("/leader/sessions")
    page_shape(leader.page, lang)
    page = leader.post("/leader/sessions", case=case, cohort=cohort, mode="")
    found = re.search(r"frontlijn join ([A-Z0-9]{6})", page)
    assert found is not None, page
    return found.group(1)


def join(trainee: Browser, code: str, lang: str = "nl") -> str:
    trainee.get("/join")
    page_shape(trainee.page, lang)
    page = trainee.post("/join", code=code.lower())  # typed as it is said
    page_shape(page, lang)
    return page


def main(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_a_whole_casusoverleg_in_the_browser(browsers: Any, db: str) -> None:
    anna = browsers()
    anna.leader_in("anna")
    code = open_session(anna)
    console = anna.get(f"/leader/sessions/{code}")
    page_shape(console)
    assert "Nog niemand" in console
    people = {}
    for who in ("P1", "P2", "P3", "P4"):
        people[who] = browsers()
        people[who].sign_in(who)
        page = join(people[who], code)
        assert "Je zit klaar" in page and f"Naam{who[1]}" in page
    # P4 takes a free role, the facilitator hands out the others
    page = people["P4"].post(f"/session/{code}/role", role="reclassering")
    assert "Jouw rol: Reclasseringswerker" in page
    console = anna.get(f"/leader/sessions/{code}")
    for who in ("P1", "P2", "P3", "P4"):
        assert f"Naam{who[1]}" in console and who not in re.sub(r"<[^>]+>", " ", main(console))
    seats = dict(re.findall(r'name="seat" value="(\d+)">\s*<label for="role-\d+" '
                            r'class="visually-hidden">Rol van (Naam\d)', console))  # fmt: skip
    by_name = {name: seat for seat, name in seats.items()}
    anna.post(f"/leader/sessions/{code}/role", seat=by_name["Naam4"], role="")
    for who, role in ROLES.items():
        page = anna.post(f"/leader/sessions/{code}/role", seat=by_name[f"Naam{who[1]}"], role=role)
    anna.post(f"/leader/sessions/{code}/start")
    # each participant's dossier: their own private fact, marked in words, and no other's
    private = {
        "P1": "twee meldingen van overlast",
        "P2": "verzuimt al zes weken",
        "P3": "broer staat onder toezicht",
    }
    for who in ("P1", "P2", "P3", "P4"):
        page = people[who].get(f"/session/{code}")
        page_shape(page)
        for other, fact in private.items():
            assert (fact in page) == (other == who), (who, fact)
        if who in private:
            assert "alleen jouw rol weet dit" in page
        assert 'type="radio" name="choice"' in page and "stemmen</strong>" not in page
    # votes come in; the counts show in the console, never to participants before the reveal
    for who, choice in (("P1", "deel_verzuim"), ("P2", "deel_verzuim"), ("P3", "zwijg")):
        page = people[who].post(f"/session/{code}/vote", choice=choice)
        assert "Je stem is binnen." in page and "(jouw stem)" in page
    console = anna.get(f"/leader/sessions/{code}")
    assert "3 van 4 hebben gestemd." in console
    assert re.search(
        r"Leg het verzuim op tafel <strong>\(meerderheid\)</strong></th><td>2</td>", console
    )
    page = people["P4"].get(f"/session/{code}")
    assert "stemmen</strong>" not in page and "1 stem" not in page and "2 stemmen" not in page
    anna.post(f"/leader/sessions/{code}/reveal")
    page = people["P4"].get(f"/session/{code}")
    assert "2 stemmen" in page and "De stemmen" in page and 'name="choice"' not in page
    assert f'action="/session/{code}/vote"' not in page  # voting closed with the reveal
    anna.post(f"/leader/sessions/{code}/note", note="Goed dat het verzuim gedeeld werd.")
    console = anna.post(f"/leader/sessions/{code}/advance", choice="")
    assert "Het besluit" in console and "Goed dat het verzuim gedeeld werd." in console
    # the consequence and the shared fact reach everyone; the wijkagent decides
    page = people["P3"].get(f"/session/{code}")
    assert "Het verzuim is nu bij iedereen bekend." in page and "verzuimt al zes weken" in page
    assert "Jouw advies" in page
    assert "Jouw besluit" in people["P1"].get(f"/session/{code}")
    people["P1"].post(f"/session/{code}/vote", choice="gesprek")
    console = anna.post(f"/leader/sessions/{code}/advance", choice="")
    assert "Einde" in console
    assert "Dani gaat weer naar school" in people["P2"].get(f"/session/{code}")
    anna.get(f"/leader/sessions/{code}/end")
    page_shape(anna.page)
    anna.post(f"/leader/sessions/{code}/end")
    assert "afgelopen" in people["P4"].get(f"/session/{code}")
    report = anna.get(f"/leader/sessions/{code}/debrief")
    page_shape(report)
    assert "Balans per rol" in report and "Stemmen tegen het beste vervolg" in report
    assert "Wijkagent" in report and "Naam1" in report
    saved = anna.post(f"/leader/sessions/{code}/review", went_well="Goed gedeeld",
                      gaps="Laat", agreements="Eerder bellen")  # fmt: skip
    assert "Bewaard op" in saved and "Eerder bellen" in saved
    listing = anna.get("/leader/sessions")
    assert code in listing and "afgelopen" in listing


def test_every_session_form_needs_the_csrf_token(browsers: Any) -> None:
    anna = browsers()
    anna.leader_in("anna")
    code = open_session(anna)
    p1 = browsers()
    p1.sign_in("P1")
    join(p1, code)
    anna.get(f"/leader/sessions/{code}")
    actions = {a for a, _b in FORM.findall(anna.page) if a.startswith("/leader/sessions")}
    assert {f"/leader/sessions/{code}/start", f"/leader/sessions/{code}/role"} <= actions
    for action in [*actions, "/leader/sessions", f"/leader/sessions/{code}/advance",
                   f"/leader/sessions/{code}/end", f"/leader/sessions/{code}/review"]:  # fmt: skip
        response = anna.client.post(action, data={"csrf": "vals", "seat": "1"})
        assert response.status_code == 403, action
    for action in ("/join", f"/session/{code}/vote", f"/session/{code}/role"):
        response = p1.client.post(action, data={"csrf": "vals", "code": code, "choice": "zwijg"})
        assert response.status_code == 403, action
    # nothing happened: still in the lobby, nobody holds a role
    console = anna.get(f"/leader/sessions/{code}")
    assert "Wachten tot de gespreksleider begint" in console
    # every form on every session page carries the token
    for page in (console, p1.get(f"/session/{code}"), anna.get("/leader/sessions"),
                 anna.get(f"/leader/sessions/{code}/end"), p1.get("/join")):  # fmt: skip
        for action, body in FORM.findall(page):
            assert 'name="csrf"' in body, action


def test_a_cursusleider_leads_only_their_own_cohorts_sessions(browsers: Any) -> None:
    bert, carla = browsers(), browsers()
    bert.leader_in("bert")
    carla.leader_in("carla")
    bert.get("/leader/sessions")
    assert "groep-b" not in bert.page and "(geen cohort" not in bert.page
    refused = bert.post("/leader/sessions", status=400, case="overleg", cohort="groep-b")
    assert "Onbekend cohort: groep-b" in refused
    code = open_session(bert)
    # carla neither sees it nor can act on it: as if it did not exist
    assert code not in carla.get("/leader/sessions")
    carla.get(f"/leader/sessions/{code}", status=404)
    carla.get(f"/leader/sessions/{code}/debrief", status=404)
    carla.get("/leader/sessions")
    csrf = carla.form("/leader/sessions")["csrf"]
    for action in ("start", "end", "reveal"):
        response = carla.client.post(f"/leader/sessions/{code}/{action}", data={"csrf": csrf})
        assert response.status_code == 404
    assert carla.client.get(f"/leader/sessions/{code}/state").status_code == 404
    assert "Wachten tot de gespreksleider begint" in bert.get(f"/leader/sessions/{code}")
    # a trainee outside the cohort waits until admitted
    outsider = browsers()
    outsider.sign_in("B1")
    assert "De gespreksleider laat je zo toe." in join(outsider, code)
    console = bert.get(f"/leader/sessions/{code}")
    assert "(wacht op toelating)" in console
    seat = re.search(r'name="seat" value="(\d+)">\s*<button type="submit">Toelaten', console)
    assert seat is not None
    bert.post(f"/leader/sessions/{code}/admit", seat=seat.group(1))
    assert "Je zit klaar" in outsider.get(f"/session/{code}")
    # the session pages are the leader's: a trainee's cookie does not open them
    response = outsider.client.get(f"/leader/sessions/{code}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/leader/signin"


def test_a_stale_vote_after_advance_is_refused_in_words(browsers: Any) -> None:
    anna = browsers()
    anna.leader_in("anna")
    code = open_session(anna, case="ui-kort", cohort="groep-a")  # klassikaal
    p1, p2 = browsers(), browsers()
    for who, b in (("P1", p1), ("P2", p2)):
        b.sign_in(who)
        join(b, code)
    anna.get(f"/leader/sessions/{code}")
    anna.post(f"/leader/sessions/{code}/start")
    first = p1.get(f"/session/{code}")
    choices = re.findall(r'name="choice" id="choice-\d+" value="([^"]+)"', first)
    p2.get(f"/session/{code}")
    p2.post(f"/session/{code}/vote", choice=choices[0])
    # no votes from a second click: the console's advance form of decision 1 goes once
    anna.get(f"/leader/sessions/{code}")
    old_advance = anna.form(f"/leader/sessions/{code}/advance")
    anna.post(f"/leader/sessions/{code}/advance", choice="")
    again = anna.client.post(f"/leader/sessions/{code}/advance", data={**old_advance, "choice": ""})
    assert again.status_code == 409 and "Beslissing 1 is al genomen" in again.text
    # P1 still has the page of decision 1 open and votes on it now
    fields = p1.form(f"/session/{code}/vote", first)
    response = p1.client.post(f"/session/{code}/vote", data={**fields, "choice": choices[0]})
    assert response.status_code == 409
    assert "Deze beslissing is al gesloten; je stem telt niet meer." in response.text
    assert 'role="alert"' in response.text and "De groep koos" in response.text


def test_no_majority_asks_the_facilitator_to_pick(browsers: Any) -> None:
    anna = browsers()
    anna.leader_in("anna")
    code = open_session(anna, case="ui-kort")
    anna.get(f"/leader/sessions/{code}")
    anna.post(f"/leader/sessions/{code}/start")
    page = anna.post(f"/leader/sessions/{code}/advance", status=409, choice="")
    assert "Geen meerderheid" in page and 'id="go-0"' not in page  # nobody voted
    picked = re.search(r'id="go-1" value="([^"]+)"', page)
    assert picked is not None
    page = anna.post(f"/leader/sessions/{code}/advance", choice=picked.group(1))
    assert "besluit van de gespreksleider" in page


def test_the_seat_follows_the_sign_in_and_a_new_device_takes_it_over(browsers: Any) -> None:
    anna = browsers()
    anna.leader_in("anna")
    code = open_session(anna)
    laptop, phone = browsers(), browsers()
    laptop.sign_in("P1")
    join(laptop, code)
    laptop.post(f"/session/{code}/role", role="wijkagent")
    # a browser not joined is sent to the join page; an unknown code says so
    phone.sign_in("P1")
    assert 'id="session-code"' in phone.get(f"/session/{code}")
    assert "Er is geen sessie met code ZZZZZZ." in phone.post("/join", status=400, code="zzzzzz")
    page = join(phone, code)
    assert "Jouw rol: Wijkagent" in page  # the same seat, role and all
    lost = laptop.get(f"/session/{code}", status=409)
    assert "overgenomen door een ander apparaat" in lost
    assert laptop.client.get(f"/session/{code}/state").status_code == 409
    assert f"Terug naar sessie {code}" in phone.get("/join")  # the way back from the menu
    page = laptop.post("/join", code=code)  # "Hier verder meedoen": back on the laptop
    assert "Jouw rol: Wijkagent" in page
    console = anna.get(f"/leader/sessions/{code}")
    assert console.count("Rol van Naam1") == 1  # one seat, never two
    # the seat cookie alone opens nothing: another trainee's browser with it is not seated
    other = browsers()
    other.sign_in("P2")
    other.client.cookies.set("frontlijn_seat", laptop.client.cookies.get("frontlijn_seat"),
                             path="/")  # fmt: skip
    assert 'id="session-code"' in other.get(f"/session/{code}")


def test_the_state_route_says_when_the_page_must_change(browsers: Any) -> None:
    anna = browsers()
    anna.leader_in("anna")
    code = open_session(anna, case="ui-kort")
    p1, p2 = browsers(), browsers()
    for who, b in (("P1", p1), ("P2", p2)):
        b.sign_in(who)
        join(b, code)
    page = p1.get(f"/session/{code}")
    version = int(re.search(r'data-version="(\d+)"', page).group(1))  # type: ignore[union-attr]
    key = re.search(r'data-key="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    response = p1.client.get(f"/session/{code}/state?since={version}")
    assert response.json() == {"version": version}
    csp = p1.client.get(f"/session/{code}").headers["content-security-policy"]
    assert "connect-src 'self'" in csp and "default-src 'none'" in csp and "unsafe" not in csp
    anna.get(f"/leader/sessions/{code}")
    anna.post(f"/leader/sessions/{code}/start")
    state = p1.client.get(f"/session/{code}/state?since={version}").json()
    assert state["version"] > version and state["key"] != key
    # another participant's secret vote changes the version, not what P1's page shows
    page = p1.get(f"/session/{code}")
    version = int(re.search(r'data-version="(\d+)"', page).group(1))  # type: ignore[union-attr]
    key = re.search(r'data-key="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    choice = re.search(r'name="choice" id="choice-1" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    p2.get(f"/session/{code}")
    p2.post(f"/session/{code}/vote", choice=choice)
    state = p1.client.get(f"/session/{code}/state?since={version}").json()
    assert state["version"] > version and state["key"] == key
    # the console's own state route follows every change (its counts are live)
    console = anna.client.get(f"/leader/sessions/{code}/state").json()
    assert console["version"] == state["version"]


def test_the_session_pages_speak_english(browsers: Any) -> None:
    anna = browsers()
    anna.leader_in("anna")
    anna.get("/leader/sessions")
    anna.post("/leader/settings", lang="en", next="/leader/sessions")
    page = anna.get("/leader/sessions")
    page_shape(page, "en")
    assert "Live sessions" in page and "Open a session" in page
    code = open_session(anna, lang="en")
    page_shape(anna.get(f"/leader/sessions/{code}"), "en")
    p1 = browsers()
    p1.sign_in("P1")
    p1.get("/home")
    p1.post("/settings", lang="en", next="/join")
    page = join(p1, code, "en")
    assert "Refresh" in page and "waiting" in page.lower()
