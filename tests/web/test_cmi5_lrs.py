"""The cmi5 AU flow against a real LRS: Ralph, which CI starts (``.ci/lrs.sh``).

The LMS (launch, fetch URL, LMS.LaunchData, learner preferences) is played by
:mod:`cmi5_lms`, which stores every statement in Ralph (Ralph has no State API, so the
LMS's documents stay with the LMS, as they would in Moodle or ILIAS). The test plays a
whole case through the web door, reads the registration's statements back from Ralph,
checks their order and cmi5's rules, has Ralph's own models validate them, and shows
that a second fetch is refused. Needs FRONTLIJN_SERVICES=1 and Ralph; skips loudly
otherwise.
"""

from __future__ import annotations

import base64
import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from frontlijn_game.reporting import cmi5_statements as st
from reporting.ralph import Lrs, ralph_lrs, validate_with_ralph
from web.cmi5_lms import Forward, fake_lms
from web.conftest import Door
from web.test_cmi5 import check_rules, verbs

DOOR = "http://testserver"


def read_back(lrs: Lrs, registration: str) -> list[dict[str, Any]]:
    auth = base64.b64encode(f"{lrs.user}:{lrs.password}".encode()).decode()
    query = urlencode({"registration": registration, "limit": 100})
    request = urllib.request.Request(
        f"{lrs.url.rstrip('/')}/statements?{query}",
        headers={"Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        found: list[dict[str, Any]] = json.load(answer)["statements"]
    return found


def play_to_the_end(door: Door, play_path: str) -> str:
    """Take the first option shown until the case ends; the debrief's path."""
    for _ in range(50):
        response, _choice, _shown = door.choose(play_path, index=0)
        location = str(response.headers["location"])  # type: ignore[attr-defined]
        if location.startswith("/debrief/"):
            return location
    raise AssertionError("the case did not end in 50 decisions")


def test_the_au_flow_lands_in_ralph_in_order(
    make_door: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        ralph_lrs(tmp_path / "lrs", append=True) as lrs,
        fake_lms(Forward(lrs.url, lrs.user, lrs.password)) as lms,
    ):
        monkeypatch.setenv("FRONTLIJN_CMI5_ORIGINS", lms.base)
        door: Door = make_door()
        launch = lms.launch(DOOR, "ui-proef", mastery=0.7, language="nl-NL")
        first = door.client.get(launch.url)
        assert first.status_code == 200 and first.url.path.startswith("/play/")
        debrief = play_to_the_end(door, first.url.path)
        page = door.get(debrief)
        back = door.client.post(
            "/cmi5/exit", data=door.fields(page, "/cmi5/exit"), follow_redirects=False
        )
        assert back.status_code == 200 and "url=https://lms.example.org/" in back.text

        # in the order the LRS stored them (Ralph answers newest first)
        stored = sorted(read_back(lrs, launch.registration), key=lambda s: s["stored"])
        assert stored[0]["verb"]["id"].endswith("/launched")  # the LMS's, before the launch
        au = stored[1:]
        sent = lms.of_registration(launch.registration)[1:]
        assert [s["id"] for s in au] == [s["id"] for s in sent]
        names = verbs(au)
        assert names[0] == "initialized" and names[-1] == "terminated"
        assert names[-3] == "completed" and names[-2] in ("passed", "failed")
        assert set(names[1:-3]) == {"answered"}
        assert [s["timestamp"] for s in au] == sorted(s["timestamp"] for s in au)
        check_rules(au, launch, lms)
        assert validate_with_ralph(au) == []
        judged = au[-2]
        assert judged["context"]["extensions"][st.MASTERY_SCORE] == 0.7

        # the fetch URL is one-time: a second POST is refused by the LMS ...
        request = urllib.request.Request(launch.fetch, data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.load(answer)["error-code"] == "1"
        # ... and the web door, given a launch whose token was already taken, says so
        taken = lms.launch(DOOR, "ui-proef", learner="learner-2")
        urllib.request.urlopen(
            urllib.request.Request(taken.fetch, data=b"", method="POST"), timeout=10
        ).close()
        refused = make_door().client.get(taken.url)
        assert refused.status_code == 409
        assert "Deze startlink is al gebruikt" in refused.text
        assert read_back(lrs, taken.registration)[-1]["verb"]["id"].endswith("/launched")
