"""``frontlijn --server``: the terminal app built by the factory plays through a real
``frontlijn web`` process over HTTPS (a self-signed certificate made here), and the
decisions land in the server's database; no database is opened on the trainee side."""

from __future__ import annotations

import datetime
import ipaddress
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from uihelp import (
    CASE,
    CONTENT,
    ENDINGS,
    make_app,
    notifications,
    open_case,
    play_digits,
    screen_name,
    settle,
    shown_digit,
    type_into,
    wait_for,
    widget_text,
)

from frontlijn_game.service.remote import RemoteProgress
from frontlijn_game.service.remote_http import BadCertificate, ServerUnreachable
from frontlijn_game.service.trainee import WrongPin
from frontlijn_game.store.service import Store

SRC = Path(__file__).resolve().parents[2] / "src"
CODE, PIN = "KLAS-1", "2468"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key (PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "frontlijn test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    return cert_file, key_file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """``frontlijn web --certfile --keyfile`` as a process of its own, restartable."""

    db_url: str
    cert: Path
    key: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
        env["FRONTLIJN_DB"] = self.db_url
        env["FRONTLIJN_CONTENT"] = str(CONTENT)
        command = [sys.executable, "-m", "frontlijn_game", "web", "--port", str(self.port)]
        command += ["--certfile", str(self.cert), "--keyfile", str(self.key)]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        context = ssl.create_default_context(cafile=str(self.cert))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", verify=context, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("frontlijn web did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(20)
            if self.process.stderr is not None:
                self.process.stderr.close()
            self.process = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    db_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    with Store.open(db_url) as store:
        store.add_trainee(CODE, pin=PIN)
    cert, key = make_certificate(tmp_path)
    started = Server(db_url, cert, key, free_port())
    started.start()
    yield started
    started.stop()


def remote_app(server: Server, **kwargs: Any) -> Any:
    return make_app(None, server=server.url, server_ca=str(server.cert), **kwargs)


async def sign_in_remote(pilot: Any, code: str = CODE, pin: str = PIN) -> None:
    await wait_for(pilot, "SignInScreen")
    await type_into(pilot, "#code", code)
    await wait_for(pilot, "PinDialog")
    await type_into(pilot, "#pin", pin)


def notices(pilot: Any) -> str:
    return " ".join(notifications(pilot))


async def test_a_case_played_through_the_server_to_its_debrief(server: Server) -> None:
    app = remote_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in_remote(pilot)
        await wait_for(pilot, "HomeScreen")
        assert isinstance(app.services.progress(), RemoteProgress)
        await open_case(pilot, CASE)
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await play_digits(pilot, ENDINGS["good"])
        await wait_for(pilot, "DebriefScreen")
        shown = pilot.app.screen.state
    with Store.open(server.db_url) as store:
        (attempt,) = store.attempts(CODE)
        assert attempt.status == "finished" and attempt.seed == shown.seed
        decisions = store.decisions(attempt.id)
        assert [d.choice for d in decisions] == list(shown.chosen)
        assert len(decisions) == len(ENDINGS["good"])
        assert all(d.shown is not None for d in decisions)


async def test_a_wrong_pin_is_refused_as_an_unknown_code(server: Server) -> None:
    app = remote_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        answers = []
        for code in (CODE, "NIEMAND-1"):
            await sign_in_remote(pilot, code, "1111")
            await settle(pilot)
            assert screen_name(pilot) == "PinDialog"
            answers.append(widget_text(pilot.app.screen.query_one("#pin-message")).strip())
            await pilot.press("escape")
    assert answers[0] == answers[1]
    assert answers[0].startswith("Die code of pincode klopt niet.")
    with Store.open(server.db_url) as store:
        assert [t.code for t in store.list_trainees()] == [CODE]


async def test_server_down_mid_case_then_the_attempt_goes_on(server: Server) -> None:
    app = remote_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in_remote(pilot)
        await wait_for(pilot, "HomeScreen")
        await open_case(pilot, CASE)
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        digits = ENDINGS["good"]
        await play_digits(pilot, digits[:1])
        server.stop()
        await pilot.press(shown_digit(pilot.app.screen, digits[1]))
        await settle(pilot)
        assert screen_name(pilot) == "PlayScreen"
        assert pilot.app.screen.play.state.decisions == 1  # nothing shown that is not stored
        assert "niet bereikbaar" in notices(pilot)
        assert len(notifications(pilot)) == 1  # said once, not by every screen class
        server.start()
        await play_digits(pilot, digits[1:])
        await wait_for(pilot, "DebriefScreen")
    with Store.open(server.db_url) as store:
        (attempt,) = store.attempts(CODE)
        assert attempt.status == "finished"
        assert len(store.decisions(attempt.id)) == len(digits)


async def test_after_a_restart_of_the_terminal_the_attempt_resumes(server: Server) -> None:
    app = remote_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in_remote(pilot)
        await wait_for(pilot, "HomeScreen")
        await open_case(pilot, CASE)
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await play_digits(pilot, ENDINGS["good"][:1])
        chosen = pilot.app.screen.play.state.chosen
    again = remote_app(server)
    async with again.run_test(size=(100, 40)) as pilot:
        await sign_in_remote(pilot)
        await wait_for(pilot, "HomeScreen")
        await open_case(pilot, CASE)
        await settle(pilot)
        if screen_name(pilot) != "PlayScreen":  # the open attempt's dialog: resume
            await pilot.press("enter")
            await wait_for(pilot, "PlayScreen")
        assert pilot.app.screen.play.state.chosen == chosen


def test_the_client_says_what_is_wrong_with_the_connection(server: Server) -> None:
    with pytest.raises(BadCertificate, match="certificaat"):
        RemoteProgress(server.url).sign_in(CODE, PIN)  # not signed by a system CA
    with pytest.raises(WrongPin):
        RemoteProgress(server.url, str(server.cert)).sign_in(CODE, "0000")
    closed = RemoteProgress(f"https://127.0.0.1:{free_port()}", str(server.cert), timeout=5)
    with pytest.raises(ServerUnreachable, match="niet bereikbaar"):
        closed.sign_in(CODE, PIN)


async def test_play_a_case_by_id_with_a_preset_code(server: Server) -> None:
    """``frontlijn --server URL play CASE --trainee CODE``: the PIN step at once (a server
    is never asked whether a code exists), then the server's case."""
    app = remote_app(server, scenario=CASE, trainee=CODE)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, "PinDialog")
        await type_into(pilot, "#pin", PIN)
        await wait_for(pilot, "IntroScreen")
        assert pilot.app.screen.scenario.id == CASE
