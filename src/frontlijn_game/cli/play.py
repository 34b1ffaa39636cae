"""``frontlijn`` (no sub-command) and ``frontlijn play``: the trainee app.

Nothing heavy is imported here: the app module is imported when the command runs, and
the app loads the cases and opens the database itself after its first screen is painted.
"""

from __future__ import annotations

from pathlib import Path

import click

from frontlijn_game.cli.context import AppContext, pass_app


def start_app(
    app_context: AppContext,
    scenario: str | None = None,
    trainee: str | None = None,
    seed: int | None = None,
    record: bool = True,
    shuffle: bool = True,
) -> None:
    """Run the trainee app in this terminal until the trainee quits."""
    from frontlijn_game.ui.factory import build_app

    app = build_app(
        app_context.content_dir,
        app_context.db_url,
        lang=app_context.lang,
        record=record,
        scenario=scenario,
        trainee=trainee,
        seed=seed,
        shuffle=shuffle,
    )
    app.run()


def _check_scenario_ref(app_context: AppContext, ref: str) -> str:
    """A file is passed on as an absolute path; an id stays an id when the app's content
    folder has it, and becomes the path of the file found in ``./scenarios`` otherwise."""
    from frontlijn_game.i18n import _

    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise click.BadParameter(_("bestand bestaat niet: {ref}").format(ref=ref))
        return str(path.resolve())
    from frontlijn_game.scenario.content import find_scenario, find_scenario_file

    if find_scenario_file(app_context.content_dir, ref) is not None:
        return ref
    found = find_scenario(app_context.search_roots(), ref)
    if found is None:
        raise click.BadParameter(
            _("geen casus '{ref}' gevonden (gezocht in {places})").format(
                ref=ref, places=app_context.searched()
            )
        )
    return str(found.resolve())


@click.command()
@click.argument("scenario", required=False, metavar="[SCENARIO|FILE]")
@click.option("--trainee", metavar="CODE", help="Sign in with this trainee code.")
@click.option("--seed", type=int, help="Seed of every new attempt (for a reproducible run).")
@click.option(
    "--no-record",
    is_flag=True,
    help="Store nothing (a trainer previewing a draft case); no sign-in.",
)
@click.option(
    "--no-shuffle",
    is_flag=True,
    help="Show the options in file order (a trainer previewing a case); recording is unchanged.",
)
@pass_app
def play(
    app: AppContext,
    scenario: str | None,
    trainee: str | None,
    seed: int | None,
    no_record: bool,
    no_shuffle: bool,
) -> None:
    """Open the trainee app, optionally straight into one case (by id or file)."""
    ref = _check_scenario_ref(app, scenario) if scenario else None
    start_app(
        app, scenario=ref, trainee=trainee, seed=seed, record=not no_record, shuffle=not no_shuffle
    )


COMMANDS: list[click.Command] = [play]
