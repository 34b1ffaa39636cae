"""Every page of the HTML door over plain HTTP: structure, sign-in, the play loop."""

from __future__ import annotations

import re
from typing import Any

import pytest

from frontlijn_game.store.service import Store

CODE = "WEB-4711"

H1 = re.compile(r"<h1[\s>]")


def page_shape(html: str, lang: str = "nl") -> None:
    """What every page has: its language, one h1, a title, the landmarks, a skip link."""
    assert f'<html lang="{lang}"' in html
    assert len(H1.findall(html)) == 1, html
    assert re.search(r"<title>[^<]+ · Frontlijn</title>", html)
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert '<a class="skip" href="#main">' in html
    assert "style=" not in html and "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, "inline script"


def test_signin_page_is_safe_and_whole(door: Any) -> None:
    response = door.client.get("/signin")
    page_shape(response.text)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp
    assert "default-src 'none'" in csp
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()
    assert response.headers["cache-control"] == "no-store"
    assert 'name="csrf"' in response.text


def test_cookie_is_secure_over_https(make_door: Any) -> None:
    door = make_door("https://testserver")
    cookie = door.client.get("/signin").headers["set-cookie"]
    assert "secure" in cookie.lower()


@pytest.mark.parametrize("path", ["/signin", "/new", "/scoring", "/glossary"])
def test_public_pages(door: Any, path: str) -> None:
    page_shape(door.get(path))


@pytest.mark.parametrize("path", ["/home", "/results", "/case/ui-proef", "/play/1", "/debrief/1"])
def test_private_pages_send_strangers_to_sign_in(door: Any, path: str) -> None:
    response = door.client.get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/signin"


def test_unknown_code_wrong_pin_and_no_pin_answer_alike(door: Any) -> None:
    answers = []
    for code, pin in (("NIEMAND-9", "1234"), (CODE, "9999"), ("NOPIN-1", "1234")):
        page = door.get("/signin")
        data = {**door.fields(page, "/signin"), "code": code, "pin": pin}
        response = door.post("/signin", data)
        answers.append((response.status_code, re.sub(r'value="[^"]*"', "", response.text)))
    assert answers[0][0] == 400
    assert answers[0] == answers[2]
    assert "Die code of pincode klopt niet." in answers[0][1]


def test_pin_is_required_on_the_web(door: Any) -> None:
    response = door.sign_in(pin="")
    assert response.status_code == 400


def test_pin_backoff_is_kept_in_the_database_for_every_worker(make_door: Any) -> None:
    first, second = make_door(), make_door()  # two workers, one database
    assert first.sign_in(pin="0000").status_code == 400
    response = second.sign_in()  # the right PIN, too soon after the wrong one
    assert response.status_code == 400
    assert "Te snel na een verkeerde pincode" in response.text


def test_signin_is_limited_per_client(door: Any) -> None:
    statuses = [door.sign_in(code=f"X{n}", pin="1234").status_code for n in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429


def test_a_new_code_signs_in(door: Any, store: Store) -> None:
    page = door.get("/new")
    data = {**door.fields(page, "/new"), "code": "nieuw-77", "pin": "13579", "pin2": "13579"}
    assert door.post("/new", data).headers["location"] == "/home"
    assert store.trainee("nieuw-77").has_pin
    assert "NIEUW-77" in door.get("/home")


def test_post_without_the_csrf_token_is_refused(signed_in: Any, store: Store) -> None:
    page = signed_in.get("/case/ui-vrij")
    data = {**signed_in.fields(page, "/case/ui-vrij"), "action": "start"}
    data["csrf"] = "forged"
    response = signed_in.post("/case/ui-vrij", data)
    assert response.status_code == 403
    assert store.attempts(CODE) == []


def test_signed_in_pages(signed_in: Any) -> None:
    home = signed_in.get("/home")
    page_shape(home)
    assert "Basis: preventie met gezag" in home and "Vrije oefening: de kapper" in home
    intro = signed_in.get("/case/ui-proef")
    page_shape(intro)
    assert "Bronnen" in intro
    page_shape(signed_in.get("/results"))
    assert signed_in.client.get("/case/bestaat-niet").status_code == 404


def test_a_case_played_to_its_debrief_records_the_order_shown(signed_in: Any, store: Store) -> None:
    play = signed_in.start("ui-proef")
    scene = signed_in.get(play)
    page_shape(scene)
    assert "<fieldset" in scene and "<legend>" in scene and "checked" not in scene
    assert "autofocus" in scene
    orders = []
    for _ in range(10):
        response, _choice, shown = signed_in.choose(play)
        orders.append(shown)
        if "/debrief/" in response.headers["location"]:
            break
    debrief = signed_in.get(response.headers["location"])
    page_shape(debrief)
    assert (
        "<svg viewBox=" in debrief and 'role="img"' in debrief and '<table class="data">' in debrief
    )
    assert "Nabespreking · " in debrief and "Debrief" not in debrief  # Dutch, as the README
    assert "Nabespreking bekijken" in signed_in.get("/results")
    attempt = store.attempts(CODE)[0]
    assert attempt.status == "finished"
    decisions = store.decisions(attempt.id)
    assert [list(d.shown or ()) for d in decisions] == orders
    assert [d.choice for d in decisions] == [o[0] for o in orders]


def test_a_double_submit_records_one_decision(signed_in: Any, store: Store) -> None:
    play = signed_in.start("ui-proef")
    page = signed_in.get(play)
    data = {**signed_in.fields(page, play), "choice": "praat"}  # leads on: not an ending
    first = signed_in.post(play, data)
    second = signed_in.post(play, data)
    assert first.headers["location"] == play
    assert second.headers["location"] == play + "?notice=stale"
    assert len(store.decisions(store.attempts(CODE)[0].id)) == 1


def test_an_old_or_forged_form_records_nothing(signed_in: Any, store: Store) -> None:
    play = signed_in.start("ui-proef")
    page = signed_in.get(play)
    fields = signed_in.fields(page, play)
    shown = re.findall(r'name="choice" id="[^"]+" value="([^"]+)"', page)
    forged = {**fields, "token": "0" * 64, "choice": shown[0]}
    assert signed_in.post(play, forged).headers["location"].endswith("notice=stale")
    hidden = {**fields, "choice": "straf"}  # a choice of a later scene, never shown here
    assert signed_in.post(play, hidden).headers["location"].endswith("notice=stale")
    renumbered = {**fields, "number": "2", "choice": shown[0]}
    assert signed_in.post(play, renumbered).headers["location"].endswith("notice=stale")
    assert store.decisions(store.attempts(CODE)[0].id) == []
    notice = signed_in.get(play + "?notice=stale")
    assert 'role="status"' in notice and "niets opgeslagen" in notice


def test_no_choice_is_asked_again(signed_in: Any) -> None:
    play = signed_in.start("ui-vrij")
    page = signed_in.get(play)
    response = signed_in.post(play, signed_in.fields(page, play))
    assert response.status_code == 400 and 'role="alert"' in response.text


def test_pause_resume_and_abandon(signed_in: Any, store: Store) -> None:
    play = signed_in.start("ui-proef")
    signed_in.choose(play, choice="praat")  # leads on to a second scene
    page = signed_in.get(play)
    response = signed_in.post(play + "/pause", signed_in.fields(page, play + "/pause"))
    assert response.headers["location"] == "/home?notice=paused"
    assert store.attempts(CODE)[0].status == "suspended"
    home = signed_in.get("/home?notice=paused")
    assert "Open pogingen" in home and f'href="{play}"' in home
    assert "beslissing 2" in signed_in.get(play)  # resumes where it was
    action = play + "/abandon"
    signed_in.post(action, signed_in.fields(home, action))
    assert store.attempts(CODE)[0].status == "abandoned"
    assert signed_in.client.get(play, follow_redirects=False).headers["location"] == play.replace(
        "/play/", "/debrief/"
    )


def test_another_trainees_attempt_is_not_found(make_door: Any, store: Store) -> None:
    store.add_trainee("ANDER-1", pin="1111")
    owner, other = make_door(), make_door()
    owner.sign_in()
    play = owner.start("ui-vrij")
    other.sign_in("ANDER-1", "1111")
    assert other.client.get(play).status_code == 404
    page = other.get("/home")
    assert (
        other.client.post(
            play, data={**other.fields(page, "/signout"), "choice": "gesprek"}
        ).status_code
        == 404
    )


def test_best_option_follows_the_reveal_rule(signed_in: Any) -> None:
    play = signed_in.start("ui-proef")  # module m1: reveal_best after_pass (the default)
    response, _choice, _shown = signed_in.choose(play, choice="negeer")  # a bad ending: no pass
    assert "/debrief/" in response.headers["location"]
    debrief = signed_in.get(response.headers["location"])
    assert "Kostte" in debrief
    assert "Beste voortzetting" not in debrief and "pas als je deze casus hebt gehaald" in debrief
    free = signed_in.start("ui-vrij")  # free play: no module holds it, so it may be named
    response, _choice, _shown = signed_in.choose(free)
    assert "Beste voortzetting" in signed_in.get(response.headers["location"])


def test_language_and_theme_switch(signed_in: Any) -> None:
    page = signed_in.get("/home")
    fields = signed_in.fields(page, "/settings")
    signed_in.post("/settings", {**fields, "lang": "en"})
    english = signed_in.get("/home")
    page_shape(english, "en")
    assert "My results" in english or "Open attempts" in english or "Home" in english
    signed_in.post("/settings", {**signed_in.fields(english, "/settings"), "theme": "dark"})
    assert 'data-theme="dark"' in signed_in.get("/glossary")
    evil = {**signed_in.fields(english, "/settings"), "next": "//evil.example/"}
    assert signed_in.post("/settings", evil).headers["location"] == "/"


def test_sign_out_ends_the_session(signed_in: Any) -> None:
    page = signed_in.get("/home")
    signed_in.post("/signout", signed_in.fields(page, "/signout"))
    assert signed_in.client.get("/home", follow_redirects=False).headers["location"] == "/signin"


def test_no_trainee_code_in_any_url(signed_in: Any) -> None:
    play = signed_in.start("ui-proef")
    for _ in range(10):
        response, _choice, _shown = signed_in.choose(play)
        if "/debrief/" in response.headers["location"]:
            break
    signed_in.get(response.headers["location"])
    signed_in.get("/results")
    pages = " ".join(signed_in.seen)
    assert CODE.lower() not in pages.lower()
    assert all(url for url in signed_in.seen)


def test_glossary_search(door: Any) -> None:
    everything = door.get("/glossary")
    found = door.get("/glossary?q=13b")
    assert found.count("<article") < everything.count("<article")
    assert door.get("/glossary?q=zzzzqqq").count("<article") == 0
