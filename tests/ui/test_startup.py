"""Start-up stays light: nothing heavy is imported before the first screen is painted."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from uihelp import CONTENT

HEAVY = ["sqlalchemy", "yaml", "transitions", "alembic", "frontlijn_game.store",
         "frontlijn_game.scenario.loader", "frontlijn_game.engine", "markdown_it"]  # fmt: skip


def test_no_heavy_imports_before_first_paint() -> None:
    script = textwrap.dedent(
        f"""
        import json, sys
        from frontlijn_game.ui.app import FrontlijnApp
        from frontlijn_game.ui.factory import build_app

        seen = {{}}

        def painted(self):
            seen["screen"] = type(self.screen).__name__
            seen["heavy"] = [m for m in {HEAVY!r} if m in sys.modules]
            self.exit()

        FrontlijnApp.start_services = painted
        build_app({str(CONTENT)!r}, None).run(headless=True, size=(80, 24))
        print(json.dumps(seen))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"screen": "SignInScreen", "heavy": []}


def test_play_command_is_registered() -> None:
    from click.testing import CliRunner

    from frontlijn_game.cli import cli

    result = CliRunner().invoke(cli, ["play", "--help"])
    assert result.exit_code == 0
    assert "--no-record" in result.output and "--seed" in result.output
    missing = CliRunner().invoke(cli, ["--content", str(CONTENT), "play", "geen-casus"])
    assert missing.exit_code == 2
    assert "geen-casus" in missing.output
