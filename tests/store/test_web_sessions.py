"""Browser sessions in the database: only a digest is kept, sign-in rotates the token,
idle sessions end, and erasing a trainee signs them out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from frontlijn_game.store import web_sessions
from frontlijn_game.store.models import WebSession, utcnow
from frontlijn_game.store.service import Store


def test_sessions_keep_a_digest_rotate_and_end(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.add_trainee("SES-1", pin="1234")
        anonymous = store.new_web_session("en")
        ids = store.db.read(lambda s: list(s.scalars(select(WebSession.id))))
        assert ids == [web_sessions.digest(anonymous.token)] and anonymous.token not in ids
        signed = store.sign_in_web_session(anonymous.token, "ses-1")
        assert signed.token != anonymous.token and signed.trainee_code == "SES-1"
        assert signed.lang == "en"  # kept from the anonymous session
        assert store.web_session(anonymous.token) is None  # no session fixation
        found = store.web_session(signed.token)
        assert found is not None and found.csrf == signed.csrf
        store.end_web_session(signed.token)
        assert store.web_session(signed.token) is None


def test_idle_sessions_end_and_erase_signs_out(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.add_trainee("SES-2", pin="1234")
        signed = store.sign_in_web_session(None, "SES-2")
        late = utcnow() + web_sessions.IDLE + timedelta(minutes=1)
        assert store.db.read(lambda s: web_sessions.look(s, signed.token, late)) == (None, True)
        other = store.sign_in_web_session(None, "SES-2")
        report = store.erase_trainee("SES-2")
        assert "signed out of the web door" in report.done
        assert store.web_session(other.token) is None
        assert store.db.write(lambda s: web_sessions.purge(s, late)) == 0  # erase took both
        store.new_web_session()
        assert store.db.write(lambda s: web_sessions.purge(s, late)) == 1


def test_leader_sessions_are_apart_shorter_and_end_with_the_account(tmp_path: Path) -> None:
    from frontlijn_game.store.leaders import add_leader, remove_leader, set_password

    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.add_trainee("SES-3", pin="1234")
        leader = store.db.write(lambda s: add_leader(s, "anna", "een lang wachtwoord 42"))
        trainee = store.sign_in_web_session(None, "SES-3")
        assert trainee.leader_id is None
        anonymous = store.new_web_session("en")
        signed = store.sign_in_leader_web_session(anonymous.token, leader.id)
        assert signed.leader_id == leader.id and signed.trainee_code is None
        assert signed.leader_name == "anna"
        assert signed.lang == "en" and store.web_session(anonymous.token) is None
        # a trainee signing in on a leader's token gets no leader with it
        again = store.sign_in_web_session(signed.token, "SES-3")
        assert again.leader_id is None and store.web_session(signed.token) is None
        signed = store.sign_in_leader_web_session(None, leader.id)
        late = utcnow() + web_sessions.LEADER_IDLE + timedelta(minutes=1)
        assert store.db.read(lambda s: web_sessions.look(s, signed.token, late)) == (None, True)
        assert store.db.read(lambda s: web_sessions.look(s, trainee.token, late))[0] is not None
        assert store.db.write(lambda s: web_sessions.purge(s, late)) == 1  # the leader's only
        signed = store.sign_in_leader_web_session(None, leader.id)
        store.db.write(lambda s: set_password(s, "anna", "een ander lang wachtwoord 7"))
        assert store.web_session(signed.token) is None  # a new password signs out
        signed = store.sign_in_leader_web_session(None, leader.id)
        store.db.write(lambda s: remove_leader(s, "anna"))
        assert store.web_session(signed.token) is None
