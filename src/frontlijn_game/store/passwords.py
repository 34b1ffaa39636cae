"""Slow salted hashes for PINs and leader passwords (scrypt from the standard library),
and the growing delay after a wrong one.

Stored as ``scrypt$n$r$p$salt$hash`` (base64) so the cost can be raised later without
breaking old hashes.

Leader logins (``leaders.authenticate``) and trainee PINs (``Store.check_trainee_pin``)
count their failures on the account's row and share one rule for the wait that follows:
:func:`delay_after` (1, 2, 4 ... 60 s) and :func:`wait_left`. A try that comes too early
is refused unchecked, after the same scrypt work against :func:`dummy_hash`, so the time
an answer takes tells nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from functools import cache

N, R, P = 2**14, 8, 1
DKLEN = 32
DELAY_BASE = 1.0
"""Seconds of delay after the first failed sign-in; doubled after every further one."""
DELAY_CAP = 60.0
NO_PASSWORD = "!lms"
"""The stored "hash" of a leader account made by a launch from a learning platform (LTI):
no password matches it (it is no scrypt hash), and :func:`leaders.authenticate` checks a
try against :func:`dummy_hash` instead, so such an account opens only through a launch."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=DKLEN)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Constant-time check; a malformed stored hash never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            secret.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@cache
def dummy_hash() -> str:
    """A hash of nothing anybody knows: a try that is not checked for real (an unknown
    name, a try that came too early) is checked against it, so it costs the same work."""
    return hash_secret(secrets.token_hex(16))


def delay_after(failures: int, base: float = DELAY_BASE, cap: float = DELAY_CAP) -> float:
    """Seconds to wait after the ``failures``-th failed sign-in in a row: 1, 2, 4, 8 ... 60."""
    if failures <= 0:
        return 0.0
    return float(min(base * 2 ** min(failures - 1, 30), cap))


def wait_left(
    failures: int,
    last_failure_at: datetime | None,
    now: datetime,
    base: float = DELAY_BASE,
    cap: float = DELAY_CAP,
) -> float:
    """Seconds still to wait at ``now`` before the next try may be checked (0: check it)."""
    if not failures or last_failure_at is None:
        return 0.0
    allowed = last_failure_at + timedelta(seconds=delay_after(failures, base, cap))
    return max(0.0, (allowed - now).total_seconds())
