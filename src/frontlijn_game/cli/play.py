"""``frontlijn`` (no sub-command) and ``frontlijn play``: the trainee app.

Nothing heavy is imported here: the app module is imported when the command runs, and
the app loads the cases and opens the database itself after its first screen is painted.
"""

from __future__ import annotations

from pathlib import Path

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_


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
        server=app_context.server,
        server_ca=app_context.server_ca,
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


def _check_server_play(
    scenario: str | None, seed: int | None, no_record: bool, no_shuffle: bool
) -> None:
    """A server draws the seed, shuffles, records and holds the cases: what a preview on
    this machine would change is a usage error there."""
    from frontlijn_game.i18n import _

    if seed is not None or no_record or no_shuffle:
        raise click.UsageError(
            _("--seed, --no-record en --no-shuffle gaan niet samen met --server.")
        )
    if scenario is not None and (Path(scenario).suffix in (".yaml", ".yml") or "/" in scenario):
        raise click.UsageError(
            _("Met --server speel je een casus van de server, op id (geen bestand): {ref}").format(
                ref=scenario
            )
        )


@click.command(
    help=N_("Open de app voor deelnemers, zo nodig direct in één casus (op id of bestand).")
)
@click.argument("scenario", required=False, metavar="[SCENARIO|FILE]")
@click.option("--trainee", metavar="CODE", help=N_("Meld je aan met deze deelnemerscode."))
@click.option(
    "--seed", type=int, help=N_("Seed van elke nieuwe poging (voor een herhaalbare doorloop).")
)
@click.option(
    "--no-record",
    is_flag=True,
    help=N_("Bewaar niets (een trainer bekijkt een concept); geen aanmelding."),
)
@click.option(
    "--no-shuffle",
    is_flag=True,
    help=N_(
        "Toon de opties in de volgorde van het bestand (een trainer bekijkt een casus); het vastleggen verandert niet."
    ),
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
    if app.server is not None:
        _check_server_play(scenario, seed, no_record, no_shuffle)
        ref = scenario
    else:
        ref = _check_scenario_ref(app, scenario) if scenario else None
    start_app(
        app, scenario=ref, trainee=trainee, seed=seed, record=not no_record, shuffle=not no_shuffle
    )


COMMANDS: list[click.Command] = [play]
