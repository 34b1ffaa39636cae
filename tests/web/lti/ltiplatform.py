"""An LTI 1.3 platform for the tests, built on lti1p3platform (the platform side of the
protocol: OIDC authorisation, signed launch messages, its JWKS, the OAuth2 token endpoint,
AGS line items and scores, NRPS members and deep-linking answers) as a Starlette app.
``conftest.py`` serves it with uvicorn on a loopback port.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import JWKS, LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request as PlatformRequest
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "frontlijn-tool-1"
DEPLOYMENT = "deployment-1"
STUDENT = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
TEACHER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class PlatformConf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs: Any) -> None:
        self.registration: Registration = kwargs["registration"]
        self._registration = self.registration

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        return self.registration


class Req(PlatformRequest):
    def build_metadata(self, request: Any) -> Any:
        return request


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> str:
        return url


class Launcher(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> Any:
        return launch_data


@dataclass
class Next:
    """What the platform's next launch says about the user, the course and the link."""

    sub: str = "student-1"
    name: str | None = "Sam Student"
    roles: list[str] = field(default_factory=lambda: list(STUDENT))
    resource_link: str = "link-1"
    custom: dict[str, str] = field(default_factory=lambda: {"case": "ui-kort"})
    deep_link: bool = False
    target: str = "window"
    locale: str = "nl-NL"
    course: str = "course-7"
    course_title: str = "Cursus ondermijning"
    lineitem: str | None = None
    """The line item the platform made for the link (as Moodle and Canvas do for a
    deep-linked item with a ``lineItem``); None: the tool finds or makes one."""


class Platform:
    """The platform's state: its registration, what it received, what it will send."""

    def __init__(self) -> None:
        self.private, self.public = _key_pair()
        self.base = ""
        self.tool = ""
        self.registration = Registration()
        self.conf = PlatformConf(registration=self.registration)
        self.next = Next()
        self.scores: list[dict[str, Any]] = []
        self.lineitems: dict[str, dict[str, Any]] = {}
        self.deep_links: list[list[dict[str, Any]]] = []
        self.members: list[dict[str, Any]] = []
        self.fail_scores = 0
        """Answer this many score posts with 503 (a platform that is down)."""

    @property
    def iss(self) -> str:
        return self.base

    def configure(self, tool: str, tool_jwks: dict[str, Any]) -> None:
        self.tool = tool
        (
            self.registration.set_iss(self.iss)
            .set_client_id(CLIENT_ID)
            .set_deployment_id(DEPLOYMENT)
            .set_oidc_login_url(tool + "/lti/login")
            .set_launch_url(tool + "/lti/launch")
            .set_deeplink_launch_url(tool + "/lti/launch")
            .set_platform_public_key(self.public)
            .set_platform_private_key(self.private)
            .set_tool_key_set(JWKS(keys=list(tool_jwks["keys"])))
        )

    def login_url(self) -> str:
        login = Login(None, self.conf)
        login.set_lti_message_hint(hint=self.next.resource_link)
        return str(login.initiate_login(self.next.sub))

    def authorise(self, query: dict[str, str]) -> dict[str, Any]:
        """The OIDC authorisation endpoint: check the tool's request, sign the launch."""
        launcher = Launcher(Req({"get_data": query, "form_data": {}}), self.conf)
        nxt = self.next
        launcher.set_user_data(nxt.sub, nxt.roles, full_name=nxt.name)
        launcher.set_launch_context_claim(
            nxt.course, context_title=nxt.course_title, context_label=nxt.course.upper()
        )
        launcher.set_launch_presentation_claim(document_target=nxt.target)
        launcher.set_extra_claims({"locale": nxt.locale})
        if nxt.deep_link:
            launcher.set_dl(self.base + "/deep-link-return", title="Frontlijn")
        else:
            launcher.set_resource_link_claim(nxt.resource_link, title="Frontlijn")
            launcher.set_custom_parameters_claim(nxt.custom)
            launcher.set_ags(
                self.base + "/lineitems",
                lineitem_url=nxt.lineitem,
                allow_creating_lineitems=True,
                results_service_enabled=False,
            )
        launcher.set_nrps(self.base + "/memberships")
        return dict(launcher.lti_launch())


class Ags(AssignmentsGradesService):
    def __init__(self, platform: Platform, request: Req) -> None:
        super().__init__(request, platform.conf, platform.base + "/lineitems")
        self.platform = platform

    def find_lineitems(
        self,
        page: int = 1,
        limit: int | None = None,
        line_item_id: str | None = None,
        resource_link_id: str | None = None,
        resource_id: str | None = None,
        tag: str | None = None,
    ) -> Any:
        query = {"resourceLinkId": resource_link_id, "resourceId": resource_id, "tag": tag}
        items = [
            i
            for i in self.platform.lineitems.values()
            if all(i.get(k) == v for k, v in query.items() if v)
        ]
        return {"content": items, "has_next": False}

    def find_lineitem(self, line_item_id: str) -> Any:
        return self.platform.lineitems[line_item_id]

    def create_lineitem(self, creation_data: Any) -> Any:
        number = str(len(self.platform.lineitems) + 1)
        item = {**creation_data, "id": f"{self.platform.base}/lineitems/{number}"}
        self.platform.lineitems[number] = item
        return item

    def update_lineitem(self, update_data: Any) -> Any:
        raise NotImplementedError

    def delete_lineitem(self, line_item_id: str) -> None:
        raise NotImplementedError

    def update_score(self, line_item_id: str, score: Any) -> Any:
        from lti1p3platform.score import UpdateScoreStatus

        self.platform.scores.append({**score, "lineitem": line_item_id})
        return UpdateScoreStatus.SUCCESS

    def get_results(
        self,
        line_item_id: str,
        page: int = 1,
        limit: int | None = None,
        user_id: str | None = None,
    ) -> Any:
        raise NotImplementedError


class Nrps(NamesRoleProvisioningService):
    def __init__(self, platform: Platform, request: Req) -> None:
        super().__init__(request, platform.conf, platform.base + "/memberships")
        self.platform = platform

    def get_member_data_page(
        self,
        page: int = 1,
        limit: int | None = None,
        role: str | None = None,
        since: str | None = None,
    ) -> Any:
        return {"content": list(self.platform.members), "has_next": False}

    def get_context_by_id(self) -> Context:
        return Context(id="course-7", label="ONDER7", title="Cursus ondermijning")


def _answer(result: Any) -> Response:
    return JSONResponse(result.result, status_code=result.code, media_type=result.media_type)


async def _req(request: Request) -> Req:
    body = await request.body()
    form = dict(await request.form()) if b"=" in body and b"{" not in body[:1] else {}
    json = None
    if body[:1] == b"{":
        import json as _json

        json = _json.loads(body)
    return Req(
        {
            "method": request.method,
            "headers": request.headers,  # case-insensitive, as the library reads "Authorization"
            "get_data": dict(request.query_params),
            "form_data": form,
            "json": json,
            "path": request.url.path,
            "content_type": request.headers.get("content-type"),
        }
    )


def platform_app(platform: Platform) -> Starlette:
    async def auth(request: Request) -> Response:
        return JSONResponse(platform.authorise(dict(request.query_params)))

    async def auth_form(request: Request) -> Response:
        """The same authorisation as a browser gets it: a form that posts itself."""
        import html

        form = platform.authorise(dict(request.query_params))
        fields = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(str(form[k]))}">'
            for k in ("id_token", "state")
        )
        return HTMLResponse(
            f'<form id="f" method="post" action="{html.escape(form["launch_url"])}">{fields}'
            '<button>Go</button></form><script>document.getElementById("f").submit()</script>'
        )

    async def start(request: Request) -> Response:
        """A learner or teacher clicks the activity: the platform starts the login."""
        import json

        query = request.query_params
        platform.next = Next(
            sub=query.get("sub", "student-1"),
            roles=TEACHER if query.get("role") == "teacher" else STUDENT,
            deep_link=query.get("deep") == "1",
            target=query.get("target", "window"),
            custom=json.loads(query.get("custom", '{"case": "ui-kort"}')),
        )
        return RedirectResponse(platform.login_url(), status_code=302)

    async def jwks(request: Request) -> Response:
        return JSONResponse(dict(platform.conf.get_jwks()))

    async def token(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            return JSONResponse(dict(platform.conf.get_access_token(form)))
        except Exception as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    async def lineitems(request: Request) -> Response:
        service = Ags(platform, await _req(request))
        if request.method == "POST":
            return _answer(service.handle_resp(service.handle_create_lineitem))
        answer = service.handle_resp(service.handle_get_lineitems)
        if answer.code == 200:  # the container is a JSON array of line items
            answer.result = answer.result["content"]
        return _answer(answer)

    async def scores(request: Request) -> Response:
        if platform.fail_scores > 0:
            platform.fail_scores -= 1
            return JSONResponse({"error": "maintenance"}, status_code=503)
        service = Ags(platform, await _req(request))
        number = request.path_params["number"]
        return _answer(service.handle_resp(service.handle_update_score, line_item_id=number))

    async def memberships(request: Request) -> Response:
        service: Any = Nrps(platform, await _req(request))  # the library types the
        return _answer(service.handle_resp(service.handle_get_members))  # handler for AGS

    async def deep_link_return(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        items = platform.conf.validate_deeplinking_resp(form)
        platform.deep_links.append(items)
        for item in items:  # a gradebook column for each item that asks for one
            if "lineItem" in item:
                number = str(len(platform.lineitems) + 1)
                url = f"{platform.base}/lineitems/{number}"
                platform.lineitems[number] = {**item["lineItem"], "id": url}
                item["placed_lineitem"] = url
        return JSONResponse({"received": len(items)})

    return Starlette(
        routes=[
            Route("/auth", auth),
            Route("/auth-form", auth_form),
            Route("/start", start),
            Route("/jwks", jwks),
            Route("/token", token, methods=["POST"]),
            Route("/lineitems", lineitems, methods=["GET", "POST"]),
            Route("/lineitems/{number}/scores", scores, methods=["POST"]),
            Route("/memberships", memberships),
            Route("/deep-link-return", deep_link_return, methods=["POST"]),
        ]
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
