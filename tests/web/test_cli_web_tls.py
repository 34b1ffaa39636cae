"""``frontlijn web --certfile/--keyfile``: a certificate that does not load stops at once
(exit 1, no traceback), a key without a certificate is a usage error. Serving over HTTPS
itself is played end to end in tests/ui/test_remote_play.py."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner


def run(*args: str) -> tuple[int, str]:
    from frontlijn_game.cli import cli, hoist_global_options

    argv = hoist_global_options(["--lang", "nl", *args])
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    return result.exit_code, result.stderr


def test_a_certificate_that_does_not_load_stops_at_once(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("geen certificaat\n")
    key.write_text("geen sleutel\n")
    code, err = run("web", "--certfile", str(cert), "--keyfile", str(key))
    assert code == 1 and "Certificaat of sleutel" in err and "Traceback" not in err


def test_a_key_needs_a_certificate(tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_text("x\n")
    code, err = run("web", "--keyfile", str(key))
    assert code == 2 and "--certfile" in err
