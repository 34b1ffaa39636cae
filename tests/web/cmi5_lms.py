"""The LMS side of cmi5, played by the tests: a real HTTP server on a loopback port.

It does what cmi5 asks of an LMS before and during a launch: it makes the registration,
the activityId and a one-time fetch URL, writes ``LMS.LaunchData`` (with a context
template holding the session id and the publisher id) and the learner's
``cmi5LearnerPreferences``, records ``launched``, answers the fetch URL once with an
auth-token (and with error-code 1 after that), and takes statements only with that
token. Statements are kept here, or forwarded to a real LRS (Ralph) when one is given;
``fail_posts`` makes the next statement POSTs fail (503) to test the retries.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

SESSION_EXT = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
HOME = "https://lms.example.org"


@dataclass
class Launch:
    url: str
    fetch: str
    registration: str
    activity_id: str
    publisher_id: str
    session_id: str
    actor: dict[str, Any]
    token: str


@dataclass
class Forward:
    url: str
    user: str
    password: str


@dataclass
class FakeLms:
    base: str = ""
    statements: list[dict[str, Any]] = field(default_factory=list)
    fetches: list[str] = field(default_factory=list)
    """Every fetch key POSTed, in order (twice the same key: a second fetch)."""
    tokens: dict[str, str] = field(default_factory=dict)
    """fetch key -> token still to hand out (popped by the first fetch)."""
    valid: set[str] = field(default_factory=set)
    state: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_posts: int = 0
    forward: Forward | None = None
    posts: int = 0

    def launch(
        self,
        door: str,
        scenario_id: str,
        learner: str = "learner-1",
        mode: str = "Normal",
        mastery: float | None = None,
        registration: str | None = None,
        language: str | None = None,
        return_url: str | None = None,
    ) -> Launch:
        """A launch URL of the AU ``scenario_id`` at the web door ``door``."""
        actor = {"objectType": "Agent", "account": {"homePage": HOME, "name": learner}}
        registration = registration or str(uuid.uuid4())
        publisher_id = f"{door}/cmi5/au/{scenario_id}"
        activity_id = f"{HOME}/cmi5/activities/{scenario_id}"
        session_id = str(uuid.uuid4())
        key = secrets.token_hex(8)
        token = base64.b64encode(f"au-{key}:{secrets.token_hex(8)}".encode()).decode()
        self.tokens[key] = token
        data: dict[str, Any] = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id}]},
                "extensions": {SESSION_EXT: session_id},
            },
            "launchMode": mode,
            "moveOn": "CompletedAndPassed",
            "returnURL": return_url or f"{HOME}/course/view?id=7",
        }
        if mastery is not None:
            data["masteryScore"] = mastery
        self.state[(activity_id, learner, registration)] = data
        if language is not None:
            self.profiles[learner] = {"languagePreference": language, "audioPreference": "on"}
        self._store(
            [
                {
                    "id": str(uuid.uuid4()),
                    "actor": actor,
                    "verb": {
                        "id": "http://adlnet.gov/expapi/verbs/launched",
                        "display": {"en-US": "launched"},
                    },
                    "object": {"objectType": "Activity", "id": activity_id},
                    "context": {
                        **data["contextTemplate"],
                        "registration": registration,
                        "contextActivities": {
                            **data["contextTemplate"]["contextActivities"],
                            "category": [
                                {"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}
                            ],
                        },
                        "extensions": {
                            SESSION_EXT: session_id,
                            "https://w3id.org/xapi/cmi5/context/extensions/launchmode": mode,
                            "https://w3id.org/xapi/cmi5/context/extensions/moveon": data["moveOn"],
                            "https://w3id.org/xapi/cmi5/context/extensions/launchurl": (
                                f"{door}/cmi5/launch/{scenario_id}"
                            ),
                        },
                    },
                    "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                }
            ]
        )
        fetch = f"{self.base}/fetch?{urlencode({'k': key})}"
        query = urlencode(
            {
                "endpoint": f"{self.base}/xapi/",
                "fetch": fetch,
                "actor": json.dumps(actor),
                "registration": registration,
                "activityId": activity_id,
            }
        )
        return Launch(
            f"{door}/cmi5/launch/{scenario_id}?{query}",
            fetch, registration, activity_id, publisher_id, session_id, actor, token,
        )  # fmt: skip

    def _store(self, statements: list[dict[str, Any]]) -> None:
        if self.forward is None:
            self.statements.extend(statements)
            return
        auth = base64.b64encode(f"{self.forward.user}:{self.forward.password}".encode())
        request = urllib.request.Request(
            self.forward.url.rstrip("/") + "/statements",
            data=json.dumps(statements).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {auth.decode()}",
                "Content-Type": "application/json",
                "X-Experience-API-Version": "1.0.3",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
        self.statements.extend(statements)

    def of_registration(self, registration: str) -> list[dict[str, Any]]:
        return [s for s in self.statements if s["context"].get("registration") == registration]


class _Handler(BaseHTTPRequestHandler):
    lms: FakeLms

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        version = self.headers.get("X-Experience-API-Version", "")
        return header.startswith("Basic ") and header[6:] in self.lms.valid and bool(version)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/course/view":  # the returnURL: the LMS's course page
            page = b"<!doctype html><title>LMS</title><h1>LMS course page</h1>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        if not self._authorised():
            self._answer(401, {"error": "no valid auth-token"})
            return
        if parts.path == "/xapi/activities/state" and query.get("stateId") == "LMS.LaunchData":
            name = json.loads(query["agent"])["account"]["name"]
            found = self.lms.state.get((query["activityId"], name, query["registration"]))
            self._answer(200, found) if found is not None else self._answer(404)
        elif parts.path == "/xapi/agents/profile":
            name = json.loads(query["agent"])["account"]["name"]
            found = self.lms.profiles.get(name)
            self._answer(200, found) if found is not None else self._answer(404)
        else:
            self._answer(404)

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if parts.path == "/fetch":
            key = parse_qs(parts.query).get("k", [""])[0]
            self.lms.fetches.append(key)
            token = self.lms.tokens.pop(key, None)
            if token is None:
                self._answer(
                    200,
                    {
                        "error-code": "1",
                        "error-text": "The authorization token has already been returned.",
                    },
                )
                return
            self.lms.valid.add(token)
            self._answer(200, {"auth-token": token})
        elif parts.path == "/xapi/statements":
            if not self._authorised():
                self._answer(401, {"error": "no valid auth-token"})
                return
            self.lms.posts += 1
            if self.lms.fail_posts > 0:
                self.lms.fail_posts -= 1
                self._answer(503, {"error": "try again later"})
                return
            statements = json.loads(body)
            statements = statements if isinstance(statements, list) else [statements]
            self.lms._store(statements)
            self._answer(200, [s["id"] for s in statements])
        else:
            self._answer(404)


@contextmanager
def fake_lms(forward: Forward | None = None) -> Iterator[FakeLms]:
    lms = FakeLms(forward=forward)
    handler = type("Handler", (_Handler,), {"lms": lms})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    lms.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lms
    finally:
        server.shutdown()
        server.server_close()
