"""pylti1p3 on Starlette: the request, cookie, session and tool-configuration services the
library asks of a framework (it ships Django and Flask ones), backed by the database.

- The state travels in a short-lived cookie (``SameSite=None; Secure`` over HTTPS, as the
  platform posts the launch from its own site) and, with the nonce, in a login row.
- The nonce is checked against the login row of the launch's state and the row is
  consumed, *after* the signature checked out, so a replayed launch (same state, same
  id_token) finds nothing and is refused. pylti1p3's own "this state was valid before"
  shortcut is switched off for the same reason.
- Registrations and deployments come from the database through :class:`service.lti.Lti`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pylti1p3.cookie import CookieService
from pylti1p3.deployment import Deployment
from pylti1p3.exception import OIDCException
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.oidc_login import OIDCLogin
from pylti1p3.redirect import Redirect
from pylti1p3.registration import Registration
from pylti1p3.request import Request
from pylti1p3.session import SessionService
from pylti1p3.tool_config.abstract import ToolConfAbstract
from starlette.responses import RedirectResponse, Response

from frontlijn_game.service.lti import Lti, RegistrationRecord

COOKIE_PREFIX = "lti1p3-"
COOKIE_PATH = "/lti"


class LtiRequest(Request):
    """The query and form parameters of one Starlette request, and its cookies."""

    def __init__(self, params: Mapping[str, str], cookies: Mapping[str, str], secure: bool):
        self.params = dict(params)
        self.cookies = dict(cookies)
        self.secure = secure

    @property
    def session(self) -> None:
        return None

    def is_secure(self) -> bool:
        return self.secure

    def get_param(self, key: str) -> str:
        return self.params.get(key, "")


class LtiCookies(CookieService):
    """Cookies read from the request; the ones set are applied to the response later."""

    def __init__(self, request: LtiRequest) -> None:
        self.request = request
        self.to_set: dict[str, tuple[str, int | None]] = {}
        self.to_clear: list[str] = []

    def get_cookie(self, name: str) -> str | None:
        return self.request.cookies.get(COOKIE_PREFIX + name)

    def set_cookie(self, name: str, value: str | int, exp: int | None = 3600) -> None:
        self.to_set[COOKIE_PREFIX + name] = (str(value), exp)

    def clear(self, name: str) -> None:
        self.to_clear.append(COOKIE_PREFIX + name)

    def apply(self, response: Response) -> Response:
        secure = self.request.secure
        for key, (value, exp) in self.to_set.items():
            response.set_cookie(
                key,
                value,
                max_age=exp,
                path=COOKIE_PATH,
                httponly=True,
                secure=secure,
                samesite="none" if secure else "lax",
            )
        for key in self.to_clear:
            response.delete_cookie(key, path=COOKIE_PATH)
        return response


class LoginRows(SessionService):
    """pylti1p3's session service, kept in the login rows of the database."""

    def __init__(self, lti: Lti, state: str | None = None) -> None:
        # No super().__init__: that would bind a framework session we do not have.
        self.lti = lti
        self.state = state
        self.nonce: str | None = None
        self.registration_id: int | None = None

    def save_nonce(self, nonce: str) -> None:
        self.nonce = nonce

    def check_nonce(self, nonce: str) -> bool:
        if not self.state:
            return False
        self.registration_id = self.lti.use_login(self.state, nonce)
        return self.registration_id is not None

    def save_state_params(self, state: str, params: Mapping[str, object]) -> None:
        return None

    def get_state_params(self, state: str) -> dict[str, object]:
        return {}

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        return None

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        return False  # never re-admit a launch: the cookie and the login row decide

    def save_launch_data(self, key: str, jwt_body: Mapping[str, Any]) -> None:
        return None

    def get_launch_data(self, key: str) -> Mapping[str, Any]:
        return {}


class ToolConf(ToolConfAbstract[LtiRequest]):
    """Registrations from the database; every issuer may have many client ids."""

    def __init__(self, lti: Lti) -> None:
        self.lti = lti
        self.record: RegistrationRecord | None = None

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def _registration(self, iss: str, client_id: str | None) -> Registration:
        self.record = self.lti.find(iss, client_id or None)
        if self.record is None:
            raise OIDCException("Could not find registration details")
        return self.lti.tool_registration(self.record)

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        return self._registration(iss, None)

    def find_registration_by_params(
        self, iss: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Registration:
        return self._registration(iss, client_id)

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, "")

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Deployment | None:
        record = self.lti.find(iss, client_id or None)
        if record is None or deployment_id not in record.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)


class StarletteRedirect(Redirect[Response]):
    def __init__(self, location: str) -> None:
        self.location = location

    def do_redirect(self) -> Response:
        return RedirectResponse(self.location, status_code=302)

    def do_js_redirect(self) -> Response:
        return self.do_redirect()  # no inline script under this site's CSP

    def set_redirect_url(self, location: str) -> None:
        self.location = location

    def get_redirect_url(self) -> str:
        return self.location


class Login(OIDCLogin[LtiRequest, ToolConf, LoginRows, LtiCookies, Response]):
    def get_redirect(self, url: str) -> Redirect[Response]:
        return StarletteRedirect(url)


class Launch(MessageLaunch[LtiRequest, ToolConf, LoginRows, LtiCookies]):
    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)

    def validate(self) -> Launch:
        """pylti1p3's checks, with the nonce consumed only once the signature holds."""
        self._validated = True
        try:
            self.validate_state()
            self.validate_jwt_format()
            self.validate_registration()
            self.validate_jwt_signature()
            self.validate_nonce()
            self.validate_deployment()
            self.validate_message()
        except Exception:
            self._validated = False
            raise
        return self

    def body(self) -> dict[str, Any]:
        return dict(self.get_launch_data())
