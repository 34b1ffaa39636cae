"""The HTTP side of a cmi5 AU: the one fetch of the auth-token, and the LMS's LRS.

The fetch URL is POSTed (cmi5 8.2: never GET, so nothing caches it) and answers once
with ``{"auth-token": ...}``; a second call answers ``{"error-code": ..., "error-text":
...}`` (also with HTTP 200), which :class:`FetchRefused` carries. Every LRS request
sends the token as ``Authorization: Basic <auth-token>`` and
``X-Experience-API-Version: 1.0.3``. The token is never put in a message.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from frontlijn_game.reporting.xapi_validation import XAPI_VERSION, XapiError, is_absolute_iri

TIMEOUT = 10.0


class FetchRefused(XapiError):
    """The fetch URL answered with an error (code 1: already used or expired)."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"the LMS refused the fetch URL (error-code {code}): {text}")
        self.code = code
        self.text = text


def _open(request: urllib.request.Request, what: str, timeout: float) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read(2000)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise XapiError(f"cannot reach {what}: {reason}") from None


def fetch_token(url: str, timeout: float = TIMEOUT) -> str:
    """POST the fetch URL once; the auth-token, or :class:`FetchRefused` / XapiError."""
    if not is_absolute_iri(url, web=True):
        raise XapiError("the fetch URL is not an http(s) URL")
    request = urllib.request.Request(url, data=b"", method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    status, body = _open(request, "the LMS's fetch URL", timeout)
    try:
        answer = json.loads(body)
    except ValueError:
        raise XapiError(f"the fetch URL answered {status} without JSON") from None
    if isinstance(answer, dict) and isinstance(answer.get("auth-token"), str):
        if status != 200:
            raise XapiError(f"the fetch URL answered {status}")
        return str(answer["auth-token"])
    if isinstance(answer, dict) and "error-code" in answer:
        raise FetchRefused(str(answer["error-code"]), str(answer.get("error-text", ""))[:300])
    raise XapiError(f"the fetch URL answered {status} without an auth-token")


class Cmi5Lrs:
    """The LMS's LRS as the launched AU reaches it (endpoint and auth-token)."""

    def __init__(self, endpoint: str, token: str, timeout: float = TIMEOUT) -> None:
        if not is_absolute_iri(endpoint, web=True):
            raise XapiError("the endpoint is not an http(s) URL")
        self.endpoint = endpoint if endpoint.endswith("/") else endpoint + "/"
        self._auth = f"Basic {token}"
        self.timeout = timeout

    def _call(
        self, method: str, resource: str, params: Mapping[str, str], body: Any = None
    ) -> tuple[int, Any]:
        url = self.endpoint + resource + (f"?{urlencode(params)}" if params else "")
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("X-Experience-API-Version", XAPI_VERSION)
        request.add_header("Authorization", self._auth)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        status, raw = _open(request, f"the LRS at {self.endpoint}", self.timeout)
        if status == 404 and method == "GET":
            return status, None
        if status >= 300:
            detail = raw[:300].decode("utf-8", "replace").strip()
            raise XapiError(
                f"the LRS answered {status} to {method} {resource}"
                + (f": {detail}" if detail else "")
            )
        if not raw:
            return status, None
        try:
            return status, json.loads(raw)
        except ValueError:
            raise XapiError(f"the LRS answered {method} {resource} without JSON") from None

    def document(self, resource: str, params: Mapping[str, str]) -> dict[str, Any] | None:
        """A JSON document (state, agent profile); None when the LRS has none (404)."""
        _status, answer = self._call("GET", resource, params)
        if answer is None:
            return None
        if not isinstance(answer, dict):
            raise XapiError(f"the {resource} document is not a JSON object")
        return answer

    def launch_data(
        self, activity_id: str, actor: Mapping[str, Any], registration: str
    ) -> dict[str, Any] | None:
        return self.document(
            "activities/state",
            {
                "stateId": "LMS.LaunchData",
                "activityId": activity_id,
                "agent": json.dumps(actor, separators=(",", ":")),
                "registration": registration,
            },
        )

    def learner_preferences(self, actor: Mapping[str, Any]) -> dict[str, Any] | None:
        return self.document(
            "agents/profile",
            {
                "agent": json.dumps(actor, separators=(",", ":")),
                "profileId": "cmi5LearnerPreferences",
            },
        )

    def post(self, statements: list[dict[str, Any]]) -> list[str]:
        _status, answer = self._call("POST", "statements", {}, statements)
        return [str(i) for i in answer] if isinstance(answer, list) else []


__all__ = ["Cmi5Lrs", "FetchRefused", "fetch_token"]
