"""What makes the HTML door safe on a network: form tokens, scene tokens, headers, limits.

- Every form carries the session's CSRF token; a post without the right one is refused.
- A scene's form also carries the decision number and a token that binds the attempt,
  that number and the options shown (an HMAC keyed by the session's secret), so a
  double submit, a form kept from an older scene or one made up elsewhere records nothing.
- Every response gets a strict Content-Security-Policy: no inline script or style at all.
- Sign-in posts are limited per client address (the PIN's growing delay, kept in the
  database per code, holds across workers; this limit stops one client trying many codes).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque
from collections.abc import Sequence

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'self'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def same(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a posted token with the expected one."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def scene_token(secret: str, attempt_id: int, number: int, shown: Sequence[str]) -> str:
    """The token of one scene's form: attempt, decision number and the options shown."""
    message = f"scene/{attempt_id}/{number}/{','.join(shown)}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class RateLimit:
    """At most ``limit`` events per ``window`` seconds per key (a client address), in this
    process; old events fall out as time passes."""

    def __init__(self, limit: int = 20, window: float = 300.0, keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.keys = keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.get(key)
            if events is None:
                if len(self._events) >= self.keys:  # forget the oldest client, not memory
                    self._events.pop(next(iter(self._events)))
                events = self._events[key] = deque()
            while events and now - events[0] > self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True
