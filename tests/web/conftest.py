"""The HTML door under Starlette's TestClient: a fresh SQLite database per test, the
web fixtures' cases, a trainee with a PIN, and a small driver that reads forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from frontlijn_game.store.service import Store
from frontlijn_game.web.app import create_app

CONTENT = Path(__file__).parent / "content"
CODE = "WEB-4711"
PIN = "2468"
FIELD = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')
CHOICE = re.compile(r'<input type="radio" name="choice" id="[^"]+" value="([^"]+)"')


@dataclass
class Door:
    """One browser: a client with its cookie jar, and everything it was sent to."""

    client: TestClient
    db_url: str
    seen: list[str] = field(default_factory=list)

    def get(self, path: str) -> str:
        response = self.client.get(path)
        self.seen.append(str(response.url))
        self.seen.extend(str(r.headers.get("location", "")) for r in response.history)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return str(response.text)

    def fields(self, html: str, action: str) -> dict[str, str]:
        """The hidden fields of the form posting to ``action`` on ``html``."""
        start = html.index(f'action="{action}"')
        end = html.index("</form>", start)
        return dict(FIELD.findall(html[start:end]))

    def post(self, path: str, data: dict[str, str], follow: bool = False) -> object:
        response = self.client.post(path, data=data, follow_redirects=follow)
        self.seen.append(str(response.headers.get("location", "")))
        return response

    def sign_in(self, code: str = CODE, pin: str = PIN) -> object:
        page = self.get("/signin")
        data = {**self.fields(page, "/signin"), "code": code, "pin": pin}
        return self.post("/signin", data)

    def start(self, scenario_id: str) -> str:
        page = self.get(f"/case/{scenario_id}")
        data = {**self.fields(page, f"/case/{scenario_id}"), "action": "start"}
        response = self.post(f"/case/{scenario_id}", data)
        location = response.headers["location"]  # type: ignore[attr-defined]
        assert location.startswith("/play/")
        return str(location)

    def choose(
        self, play: str, index: int = 0, choice: str | None = None
    ) -> tuple[object, str, list[str]]:
        """Post the ``index``-th option shown (or ``choice``); (response, its choice id,
        the order shown)."""
        page = self.get(play)
        shown = CHOICE.findall(page)
        if choice is not None:
            index = shown.index(choice)
        data = {**self.fields(page, play), "choice": shown[index]}
        return self.post(play, data), shown[index], shown


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    with Store.open(url) as store:
        store.add_trainee(CODE, pin=PIN)
        store.add_trainee("NOPIN-1")
    return url


@pytest.fixture
def make_door(db_url: str) -> Iterator[object]:
    clients: list[TestClient] = []

    def make(base_url: str = "http://testserver") -> Door:
        client = TestClient(create_app(CONTENT, db_url), base_url=base_url)
        clients.append(client)
        return Door(client, db_url)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def door(make_door: object) -> Door:
    return make_door()  # type: ignore[operator, no-any-return]


@pytest.fixture
def signed_in(door: Door) -> Door:
    response = door.sign_in()
    assert response.headers["location"] == "/home"  # type: ignore[attr-defined]
    return door


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened
