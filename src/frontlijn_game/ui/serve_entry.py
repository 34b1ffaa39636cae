"""The program each browser tab runs under ``frontlijn serve``.

textual-serve starts one process per websocket (so per tab) from a fixed command string,
``python -m frontlijn_game.ui.serve_entry [--leader]``. Everything else reaches the
process through its ENVIRONMENT, which the server process set before serving and every
child inherits:

- ``FRONTLIJN_DB``: the database URL (never on a command line: ``ps`` shows those to
  every user of the machine); unset means the default SQLite file;
- ``FRONTLIJN_CONTENT``: the content folder; unset means the bundled cases;
- ``FRONTLIJN_LANG``: the interface language (``nl``/``en``);
- ``FRONTLIJN_SERVED=1``: the app is served to a browser, so the sign-in screen requires a
  PIN for every trainee code (see ``service.serving.pin_required``).

The rule that a served app requires a PIN lives in ``service/serving.py`` (the sign-in
screen asks it there); this module starts the app and imports nothing heavy before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from frontlijn_game.service.serving import SERVED_ENV

MODULE = "frontlijn_game.ui.serve_entry"


def page_strings() -> dict[str, str]:
    """The few words of the served HTML page around the terminal, in the interface language."""
    from frontlijn_game.i18n import _

    return {
        "title": _("Frontlijn"),
        "leader_title": _("Frontlijn – cursusleider"),
        "start": _("Start"),
        "ended": _("Sessie beëindigd."),
        "restart": _("Opnieuw starten"),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Run one app session on this process's stdin/stdout (textual-serve's web driver)."""
    args = list(sys.argv[1:] if argv is None else argv)
    mode = "leader" if "--leader" in args else "trainee"
    from pathlib import Path

    from frontlijn_game.i18n import detect_language

    db_url = os.environ.get("FRONTLIJN_DB") or None
    content_env = os.environ.get("FRONTLIJN_CONTENT")
    if content_env:
        content_dir = Path(content_env)
    else:
        from frontlijn_game.scenario.content import bundled_content_dir

        content_dir = bundled_content_dir()
    lang = detect_language(os.environ.get("FRONTLIJN_LANG"))
    # Every tab of `frontlijn serve` is a trainee session that needs a PIN.
    os.environ[SERVED_ENV] = "1"

    from frontlijn_game.ui.factory import build_app

    app = build_app(content_dir, db_url, lang=lang, mode=mode)
    app.run()


if __name__ == "__main__":  # pragma: no cover - run by textual-serve
    main()
