"""The launch parameters, the learner's language and the erasure of an LMS link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlijn_game.service.cmi5 import (
    LaunchError,
    language_of,
    mastery_of,
    parse_launch,
    trusted_origins,
)
from frontlijn_game.store import cmi5 as rows
from frontlijn_game.store.cmi5_models import Cmi5Learner
from frontlijn_game.store.service import Store

ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.nl", "name": "77"}}
TRUSTED = trusted_origins(" HTTPS://LMS.nl/ , https://lrs.nl")
GOOD = {
    "endpoint": "https://lms.nl/xapi/",
    "fetch": "https://lms.nl/fetch?k=1",
    "actor": json.dumps(ACTOR),
    "registration": "760E3480-BA55-4991-94B0-01820DBD23A2",
    "activityId": "https://lms.nl/activities/1",
}


def test_parse_launch() -> None:
    launch = parse_launch("case", GOOD, TRUSTED)
    assert launch.registration == "760e3480-ba55-4991-94b0-01820dbd23a2"
    assert launch.actor == ACTOR and launch.scenario_id == "case"
    for key, value, words in (
        ("fetch", None, "fetch ontbreekt"),
        ("actor", '{"mbox": "mailto:a@b.nl"}', "actor met account"),
        ("actor", "{", "actor met account"),
        ("endpoint", "javascript:alert(1)", "endpoint is geen webadres"),
        ("fetch", "http://127.0.0.1:5432/x", "niet bekend"),
        ("endpoint", "https://lms.nl.evil.example/xapi/", "niet bekend"),
        ("registration", "12", "geen UUID"),
        ("activityId", "geen iri", "geen IRI"),
    ):
        query = {k: v for k, v in GOOD.items() if k != key}
        if value is not None:
            query[key] = value
        with pytest.raises(LaunchError, match=words):
            parse_launch("case", query, TRUSTED)


def test_language_and_mastery() -> None:
    assert language_of({"languagePreference": "fr-FR,en-US,nl-NL"}, "nl") == "en"
    assert language_of({"languagePreference": "nl-BE"}, "en") == "nl"
    assert language_of({"languagePreference": "de-DE"}, "en") == "en"
    assert language_of(None, "nl") == "nl"
    assert str(mastery_of({"masteryScore": 0.75})) == "0.75"
    assert mastery_of({"masteryScore": 1.5}) is None and mastery_of({}) is None


def test_erasing_a_trainee_removes_the_lms_link(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'e.db'}") as store:
        learner, code = store.db.write(lambda s: rows.learner_code(s, "https://lms.nl", "77"))
        again = store.db.write(lambda s: rows.learner_code(s, "https://lms.nl", "77"))
        assert again == (learner, code)
        report = store.erase_trainee(code)
        assert any("LMS" in line for line in report.done)
        assert store.db.read(lambda s: s.query(Cmi5Learner).count()) == 0
        # the same LMS account launching later is a new, unlinked trainee
        _new, other = store.db.write(lambda s: rows.learner_code(s, "https://lms.nl", "77"))
        assert other != code
