"""Solo play of a casusoverleg case in the terminal: the roles in the intro, whose move a
scene is, and the dossier marking what only one agency knows until it is shared."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static
from uihelp import SEED, open_case, play_digits, sign_in, wait_for, widget_text

from frontlijn_game.scenario.content import bundled_content_dir
from frontlijn_game.ui.factory import build_app
from frontlijn_game.ui.input_guard import InputGuard
from frontlijn_game.ui.kit.dossier import Dossier

CASE = "casusoverleg-jayden"


def content_with_the_case(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "scenarios").mkdir(parents=True)
    shutil.copy(bundled_content_dir() / "scenarios" / f"{CASE}.yaml", folder / "scenarios")
    return folder


def file_digit(screen: object, choice_id: str) -> str:
    """The number of ``choice_id`` among the offered options in file order."""
    ids = [c.id for c in screen.play.offered()]  # type: ignore[attr-defined]
    return str(ids.index(choice_id) + 1)


async def test_solo_shows_roles_the_decider_and_private_facts(tmp_path: Path, db_url: str) -> None:
    app = build_app(
        content_with_the_case(tmp_path),
        db_url,
        seed=SEED,
        input_guard=InputGuard(delay=0),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "solo-speler")
        await open_case(pilot, CASE)
        await wait_for(pilot, "IntroScreen")
        roles = widget_text(app.screen.query_one("#intro-roles", Static), width=200)
        assert "Solo speel je alle rollen" in roles
        for title in ("Procesregisseur", "Leerplichtambtenaar", "Wijkagent", "Jongerenwerker"):
            assert f"• {title}" in roles
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        screen = app.screen
        role_line = widget_text(screen.query_one("#scene-role", Static))
        assert "Aan zet: Procesregisseur Zorg- en Veiligheidshuis" in role_line
        dossier = screen.query_one("#dossier", Dossier)
        assert dossier.holders["eerder_dossier"].shared is False
        for choice in ("gezin_informeren", "moeder_afspraak"):
            await play_digits(pilot, [file_digit(app.screen, choice)])
        assert not app.screen.query_one("#dossier", Dossier).holders["moeder_beeld"].shared
        await play_digits(pilot, [file_digit(app.screen, "open_met_moeder")])
        dossier = app.screen.query_one("#dossier", Dossier)
        assert dossier.holders["moeder_beeld"].shared
        assert "Aan zet: Leerplichtambtenaar" in widget_text(
            app.screen.query_one("#scene-role", Static)
        )
        for choice in ("deel_verzuim", "politie_registratie", "schuld_eerst_jayden"):
            await play_digits(pilot, [file_digit(app.screen, choice)])
        assert "De tafel beslist samen" in widget_text(app.screen.query_one("#scene-role", Static))
