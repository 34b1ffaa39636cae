"""HTTP(S) to a ``frontlijn web`` server's ``/api/v1`` door, with the standard library only.

What both ``--server`` clients need, the trainee's (``service.remote``) and the course
leader's (``service.remote_leader``): the address check, TLS, the bearer token of the
server-side session, and every failure as a
:class:`~frontlijn_game.service.trainee.ProgressError` (or one of its sign-in kinds) in
words for people: an unreachable server, a certificate that does not check out, a
timeout, an answer that is not the API's. Certificates are always verified: against the
system's CAs, or against ``ca_file`` (a classroom's own CA).
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from frontlijn_game.i18n import _, language
from frontlijn_game.service.trainee import ProgressError, TooSoon, WrongPin

API = "/api/v1"
TIMEOUT = 15.0
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServerUnreachable(ProgressError):
    """No answer from the server (down, wrong address, no network, too slow)."""


class BadCertificate(ProgressError):
    """The server's certificate was not accepted: the connection was not made."""


class SignedOut(ProgressError):
    """The server no longer knows this session (idle too long, erased, signed out)."""


class Refused(ProgressError):
    """The server said no; ``kind`` is the API's word for why (``not_found``,
    ``not_allowed``, ``wrong_password`` ...), ``seconds`` a wait it asks for."""

    def __init__(self, message: str, kind: str, seconds: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        self.seconds = seconds


def normalise_url(url: str) -> str:
    """``https://host[:port][/prefix]`` without a trailing slash; refuses other schemes, and
    plain ``http://`` to anything but this computer."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            _(
                "Een serveradres begint met https:// (of http://), bijvoorbeeld https://frontlijn.school.nl"
            )
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError(_("Een serveradres heeft geen gebruikersnaam, wachtwoord of ?-deel."))
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise ValueError(
            _(
                "Zonder https:// gingen code en pincode leesbaar over het netwerk; http:// "
                "kan alleen naar deze computer (127.0.0.1 of localhost)."
            )
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _trainee_signed_out() -> str:
    return _("Je bent niet meer aangemeld bij de server; meld je opnieuw aan.")


class Transport:
    """JSON calls to one server, with the session's bearer token once signed in.

    ``signed_out`` words the refusal of a session the server no longer knows, for the
    person this client serves (a trainee signs in with code and PIN, a leader by name).
    """

    def __init__(
        self,
        url: str,
        ca_file: str | None = None,
        timeout: float = TIMEOUT,
        signed_out: Callable[[], str] = _trainee_signed_out,
    ) -> None:
        self.url = normalise_url(url)
        self.timeout = timeout
        self.token: str | None = None
        self._context: ssl.SSLContext | None = None
        self._ca_file = ca_file
        self._signed_out = signed_out

    def context(self) -> ssl.SSLContext:
        if self._context is None:
            try:
                self._context = ssl.create_default_context(cafile=self._ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise BadCertificate(
                    _("Het CA-bestand {path} kan niet gelezen worden: {error}").format(
                        path=self._ca_file, error=getattr(exc, "strerror", None) or exc
                    )
                ) from None
        return self._context

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """One call; the answer's JSON."""
        return self._json(self.fetch(method, path, body))

    def fetch(self, method: str, path: str, body: dict[str, Any] | None = None) -> bytes:
        """One call; the answer's bytes (a download such as a ZIP)."""
        headers = {"Accept": "application/json", "Accept-Language": language()}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + API + path, data, headers, method=method)
        context = self.context() if self.url.startswith("https:") else None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=context) as answer:
                received: bytes = answer.read()
                return received
        except urllib.error.HTTPError as exc:
            raise self._refusal(exc) from None
        except urllib.error.URLError as exc:
            raise self._unreachable(exc.reason) from None
        except (TimeoutError, ConnectionError, ssl.SSLError, OSError) as exc:
            raise self._unreachable(exc) from None

    def sign_out(self, path: str = "/signout") -> None:
        """End the server's session (else it ends by itself when idle); forget the token."""
        if self.token is not None:
            with contextlib.suppress(ProgressError):
                self.call("POST", path, {})
            self.token = None

    # -- what went wrong, in people's words -------------------------------------------

    def _json(self, raw: bytes) -> Any:
        try:
            return json.loads(raw)
        except ValueError:
            raise ProgressError(
                _("{url} antwoordt niet als een frontlijn-server (frontlijn web).").format(
                    url=self.url
                )
            ) from None

    def _unreachable(self, reason: object) -> ProgressError:
        if isinstance(reason, ssl.SSLCertVerificationError):
            return BadCertificate(
                _(
                    "Het certificaat van {url} klopt niet ({reason}); er is niets verstuurd. "
                    "Vraag je begeleider om het adres of het CA-bestand (--server-ca)."
                ).format(url=self.url, reason=reason.verify_message or reason)
            )
        if isinstance(reason, ssl.SSLError):
            return BadCertificate(
                _("Geen veilige verbinding met {url} ({reason}).").format(
                    url=self.url, reason=reason.reason or reason
                )
            )
        if isinstance(reason, TimeoutError | socket.timeout):
            text = _("geen antwoord binnen {n} seconden").format(n=round(self.timeout))
        elif isinstance(reason, socket.gaierror):
            text = _("onbekend adres")
        elif isinstance(reason, ConnectionRefusedError):
            text = _("verbinding geweigerd")
        else:
            text = str(getattr(reason, "strerror", None) or reason)
        return ServerUnreachable(
            _(
                "De server {url} is niet bereikbaar ({reason}); vraag je begeleider als dat zo "
                "blijft."
            ).format(url=self.url, reason=text)
        )

    def _refusal(self, exc: urllib.error.HTTPError) -> ProgressError:
        try:
            body = json.loads(exc.read() or b"{}")
        except (ValueError, OSError):
            body = {}
        if not isinstance(body, dict) or "error" not in body:
            if exc.code >= 500:
                return ServerUnreachable(
                    _("De server {url} gaf een fout ({status}); probeer het zo opnieuw.").format(
                        url=self.url, status=exc.code
                    )
                )
            return ProgressError(
                _("{url} antwoordt niet als een frontlijn-server (frontlijn web).").format(
                    url=self.url
                )
            )
        kind, message = body.get("error"), str(body.get("message", ""))
        seconds = int(body.get("seconds") or 0)
        if kind == "too_soon":
            return TooSoon(message, seconds)
        if kind == "wrong_pin":
            return WrongPin(message, seconds)
        if kind == "signed_out":
            self.token = None
            return SignedOut(self._signed_out())
        return Refused(message, str(kind), seconds)
