"""LTI 1.3 launches against a platform built on lti1p3platform: login, launch, refusals."""

from __future__ import annotations

from typing import Any

import pytest
import requests


def test_a_student_launch_signs_in_a_trainee_who_never_sees_a_code(tool: Any) -> None:
    response = tool.launch()
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/case/ui-kort"
    page = tool.client.get("/case/ui-kort")
    assert page.status_code == 200
    trainees = tool.store.list_trainees()
    assert len(trainees) == 1
    code = trainees[0].code
    assert code not in page.text
    assert "pincode" not in page.text.lower()
    cohorts = {c.name: c for c in tool.store.list_cohorts()}
    assert any(name.startswith("Cursus ondermijning") for name in cohorts)
    # The same person again is the same trainee.
    tool.launch()
    assert [t.code for t in tool.store.list_trainees()] == [code]


def test_the_login_goes_to_the_platform_with_state_and_nonce(tool: Any) -> None:
    login = tool.client.get(
        "/lti/login",
        params={"iss": tool.platform.iss, "login_hint": "u1", "client_id": "frontlijn-tool-1",
                "target_link_uri": "http://testserver/lti/launch"},
        follow_redirects=False,
    )  # fmt: skip
    assert login.status_code == 302
    location = login.headers["location"]
    assert location.startswith(tool.platform.base + "/auth?")
    for part in ("state=", "nonce=", "response_mode=form_post", "redirect_uri="):
        assert part in location
    assert any(c.startswith("lti1p3-state-") for c in tool.client.cookies)


def test_an_unknown_platform_is_refused_at_login(tool: Any) -> None:
    login = tool.client.get(
        "/lti/login", params={"iss": "https://elsewhere.example", "login_hint": "u1"}
    )
    assert login.status_code == 400
    assert "geweigerd" in login.text and "refused" in login.text
    assert "Traceback" not in login.text


def _form(tool: Any) -> dict[str, Any]:
    """The launch form the platform would post (login and authorisation done)."""
    login = tool.client.get(_path(tool.platform.login_url()), follow_redirects=False)
    return dict(requests.get(login.headers["location"], timeout=10).json())


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + "?" + parts.query


def _refused(response: Any, reason: str) -> None:
    assert response.status_code == 403, response.text
    assert reason in response.text
    assert "Deze start vanuit de leeromgeving is geweigerd" in response.text
    assert "This launch from the learning environment was refused" in response.text
    assert "Traceback" not in response.text


def test_a_replayed_launch_is_refused(tool: Any) -> None:
    form = _form(tool)
    state_cookies = {k: v for k, v in tool.client.cookies.items() if k.startswith("lti1p3-")}
    assert tool.post_launch(form).status_code == 303
    # The same browser again: its state cookie was used up with the launch.
    _refused(tool.post_launch(form), "State not found")
    # Someone who captured the form and the cookie: the nonce was used up as well.
    for name, value in state_cookies.items():
        tool.client.cookies.set(name, value)
    _refused(tool.post_launch(form), "Invalid Nonce")


def test_a_forged_launch_is_refused(tool: Any) -> None:
    form = _form(tool)
    header, body, signature = form["id_token"].split(".")
    import base64
    import json

    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    _refused(
        tool.post_launch({**form, "id_token": f"{header}.{forged}.{signature}"}),
        "Signature verification failed",
    )
    assert tool.store.list_trainees() == []
    # The genuine launch is still good after the forged one.
    assert tool.post_launch(form).status_code == 303


def _claims(token: str) -> dict[str, Any]:
    import jwt

    return dict(jwt.decode(token, options={"verify_signature": False}))


def test_a_launch_signed_by_another_key_is_refused(tool: Any, other_key: str) -> None:
    from lti1p3platform.registration import Registration

    form = _form(tool)
    claims = _claims(form["id_token"])
    token = Registration.encode_and_sign(
        claims, other_key, headers={"kid": Registration.get_jwk(tool.platform.public)["kid"]}
    )
    _refused(tool.post_launch({**form, "id_token": token}), "Signature verification failed")


def test_an_expired_launch_is_refused(tool: Any) -> None:
    form = _form(tool)
    claims = _claims(form["id_token"])
    claims["exp"] = claims["iat"] - 60
    token = tool.platform.registration.platform_encode_and_sign(claims)
    _refused(tool.post_launch({**form, "id_token": token}), "Signature has expired")


def test_a_launch_without_its_state_cookie_is_refused(tool: Any) -> None:
    form = _form(tool)
    tool.client.cookies.clear()
    _refused(tool.post_launch(form), "State not found")


def test_the_tool_jwks_holds_the_registration_key(tool: Any) -> None:
    keys = tool.client.get("/lti/jwks").json()["keys"]
    assert [k["kid"] for k in keys] == [tool.lti.registrations()[0].kid]
    assert all("d" not in k for k in keys)  # public parts only


def test_keys_are_private_files(tool: Any) -> None:
    record = tool.lti.registrations()[0]
    path = tool.lti.key_path(record)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert "PRIVATE KEY" in path.read_text()


def test_an_instructor_launch_makes_a_leader_and_opens_in_a_window(
    tool: Any, store_url: Any = None
) -> None:
    response = tool.launch(
        sub="teacher-1",
        name="Tess Teacher",
        roles=["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
    )
    assert response.status_code == 200, response.text
    assert "docent" in response.text
    href = response.text.split('href="/lti/enter/')[1].split('"')[0]
    entered = tool.client.get(f"/lti/enter/{href}", follow_redirects=False)
    assert entered.status_code == 303
    again = tool.client.get(f"/lti/enter/{href}", follow_redirects=False)
    assert again.status_code == 403  # one use
    from frontlijn_game.store.leaders import list_leaders

    leaders = tool.store.db.read(list_leaders)
    assert len(leaders) == 1 and leaders[0].name.startswith("lti-")


def test_erasing_a_trainee_forgets_their_lms_identity(tool: Any) -> None:
    tool.launch()
    code = tool.store.list_trainees()[0].code
    report = tool.store.erase_trainee(code)
    assert any("LTI" in line for line in report.done)
    tool.launch()
    codes = [t.code for t in tool.store.list_trainees()]
    assert len(codes) == 2 and code not in codes


def test_a_learner_cannot_pick_what_an_activity_opens(tool: Any) -> None:
    response = tool.launch(deep_link=True)  # a Learner's deep-linking request
    assert response.status_code == 403
    assert "Alleen docenten" in response.text


def test_login_initiations_are_limited_per_client(
    tool: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontlijn_game.web.lti import routes
    from frontlijn_game.web.security import RateLimit

    monkeypatch.setattr(routes, "LOGINS", RateLimit(limit=1))
    assert tool.launch().status_code == 303
    login = tool.client.get(_path(tool.platform.login_url()), follow_redirects=False)
    assert login.status_code == 429 and "Traceback" not in login.text


def test_two_first_launches_at_once_make_one_trainee(tool: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    forms = [_form(tool) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda f: tool.post_launch(f).status_code, forms))
    assert statuses == [303] * 4
    assert len(tool.store.list_trainees()) == 1
