"""A small client for a Learning Record Store: statements POSTed in batches.

``X-Experience-API-Version: 1.0.3`` and HTTP basic authentication over ``urllib``; the
password is read from a file by the caller and never shown in a message. Every
statement is validated before it is sent.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any

from frontlijn_game.reporting.xapi_validation import (
    XAPI_VERSION,
    XapiError,
    is_absolute_iri,
    validate_statement,
)


def statements_endpoint(url: str) -> str:
    """``http://host/xAPI`` or ``http://host/xAPI/`` or ``.../statements`` -> the
    statements resource."""
    base = url.rstrip("/")
    return base if base.endswith("/statements") else f"{base}/statements"


class LrsClient:
    """POST statements in batches to an LRS with basic authentication (``urllib``)."""

    def __init__(
        self, url: str, user: str, password: str, batch: int = 500, timeout: float = 60
    ) -> None:
        if not is_absolute_iri(url, web=True):
            raise XapiError(f"the LRS URL must be an http(s) URL, got '{url}'")
        self.endpoint = statements_endpoint(url)
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._auth = f"Basic {token}"
        self.batch = batch
        self.timeout = timeout

    def _request(self, method: str, url: str, body: bytes | None = None) -> Any:
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("X-Experience-API-Version", XAPI_VERSION)
        request.add_header("Authorization", self._auth)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            raise XapiError(
                f"the LRS answered {exc.code} {exc.reason} to {method} {self.endpoint}"
                + (f": {detail}" if detail else "")
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise XapiError(f"cannot reach the LRS at {self.endpoint}: {reason}") from None
        return json.loads(data) if data else None

    def post(self, statements: list[dict[str, Any]]) -> list[str]:
        """POST one batch; returns the ids the LRS stored."""
        for statement in statements:
            problems = validate_statement(statement)
            if problems:
                raise XapiError(
                    f"statement {statement.get('id')} is invalid: {'; '.join(problems)}"
                )
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        answer = self._request("POST", self.endpoint, body)
        return [str(i) for i in answer] if isinstance(answer, list) else []

    def send(self, statements: Iterable[dict[str, Any]]) -> int:
        """POST all statements, ``batch`` at a time; returns how many were sent."""
        sent = 0
        batch: list[dict[str, Any]] = []
        for statement in statements:
            batch.append(statement)
            if len(batch) >= self.batch:
                self.post(batch)
                sent += len(batch)
                batch = []
        if batch:
            self.post(batch)
            sent += len(batch)
        return sent

    def get(self, statement_id: str) -> dict[str, Any]:
        """One statement by id (``GET statements?statementId=``)."""
        answer = self._request("GET", f"{self.endpoint}?statementId={statement_id}")
        if isinstance(answer, dict) and "statements" in answer:
            found = answer["statements"]
            if not found:
                raise XapiError(f"the LRS has no statement {statement_id}")
            return dict(found[0])
        return dict(answer)
