"""How the web door holds a participant's seat in a live session, and what the session
pages share with the facilitator's: the CSP that lets the small poller script fetch, and
the key that says when a participant's page must change.

A seat is held by a :class:`~frontlijn_game.service.session_views.Ticket` (session code,
seat id, device token), which the browser keeps in a cookie of its own
(:data:`SEAT_COOKIE`, ``HttpOnly``, ``SameSite=Lax``) signed with the web session's
secret and the trainee's code: the cookie opens nothing without that same signed-in web
session, a new sign-in (its new secret) needs a new join, and a join from another device
takes the seat over (the service tells the old device at its next call).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from frontlijn_game.web.security import CSP, same

if TYPE_CHECKING:
    from starlette.responses import Response

    from frontlijn_game.service.session_views import ParticipantView, Ticket
    from frontlijn_game.store.web_sessions import WebSessionRecord
    from frontlijn_game.web.pages import Ctx

SEAT_COOKIE = "frontlijn_seat"
SEAT_PATH = "/"
LIVE_CSP = CSP + "; connect-src 'self'"
"""The session pages' policy: the strict one plus ``fetch`` to this site (the poller)."""
POLL_MS = 700
"""How often the poller asks for the version (the service's cheap one-row read)."""


def _mac(session: WebSessionRecord, code: str, seat_id: int, device: str) -> str:
    message = f"seat/{session.trainee_code}/{code}/{seat_id}/{device}".encode()
    return hmac.new(session.csrf.encode(), message, hashlib.sha256).hexdigest()


def seat_cookie(session: WebSessionRecord, ticket: Ticket) -> str:
    return ".".join(
        [ticket.code, str(ticket.seat_id), ticket.device,
         _mac(session, ticket.code, ticket.seat_id, ticket.device)]
    )  # fmt: skip


def ticket_of(ctx: Ctx, code: str) -> Ticket | None:
    """The seat this browser holds in session ``code`` (None: not joined here, or the
    cookie belongs to another sign-in)."""
    from frontlijn_game.service.session_views import Ticket

    value = ctx.request.cookies.get(SEAT_COOKIE, "")
    parts = value.split(".")
    if ctx.session is None or ctx.session.trainee_code is None or len(parts) != 4:
        return None
    held, seat, device, mac = parts
    if held != code or not seat.isdigit():
        return None
    if not same(mac, _mac(ctx.session, held, int(seat), device)):
        return None
    return Ticket(held, int(seat), device)


def held_code(ctx: Ctx) -> str | None:
    """The session this browser holds a seat in (the join page offers the way back)."""
    code = ctx.request.cookies.get(SEAT_COOKIE, "").split(".", 1)[0]
    return code if code and ticket_of(ctx, code) is not None else None


def keep_seat(ctx: Ctx, response: Response, ticket: Ticket) -> Response:
    assert ctx.session is not None
    response.set_cookie(
        SEAT_COOKIE,
        seat_cookie(ctx.session, ticket),
        httponly=True,
        samesite="lax",
        secure=ctx.request.url.scheme == "https",
        path=SEAT_PATH,
    )
    return response


def view_key(view: ParticipantView) -> str:
    """What the participant's page shows, as a short hash: it changes when the page must
    (a reveal, an advance, a pause, a role, their own vote), not when someone else
    votes in secret, so the poller does not redraw a half-filled form for nothing."""
    data = asdict(view)
    data["header"].pop("version", None)
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def live_page(ctx: Ctx) -> None:
    """Let this response's poller script fetch from this site."""
    ctx.extra_headers["Content-Security-Policy"] = LIVE_CSP
