"""``frontlijn db``: the progress database itself — schema, summaries, the app's role.

``db upgrade`` and ``db grant`` change the schema or its privileges: only the database's
owner may run them (for PostgreSQL the owner role; the app role is refused, whatever
login it brings). ``db rebuild`` rewrites summaries of people's attempts: the owner, or a
course leader who signs in (``--leader NAME``).
"""

from __future__ import annotations

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.desk import administering, words_for_failures
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.login import leader_options
from frontlijn_game.i18n import _


@click.group(help=N_("De voortgangsdatabase."))
def db() -> None:
    """A group of sub-commands; its help is the ``help=`` above."""


@db.command(
    "upgrade",
    help=N_(
        "Maak de database zo nodig en breng haar naar het nieuwste schema (alleen de eigenaar\nvan de database; op PostgreSQL de rol die de tabellen bezit)."
    ),
)
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Create the database if needed and migrate it to the newest schema."""
    from frontlijn_game.service.database import upgrade_database

    with words_for_failures():  # store errors are already worded, the password hidden
        before, after, shown = upgrade_database(app.db_url)
    if before == after:
        click.echo(_("{url} is bij (revisie {after})").format(url=shown, after=after))
    else:
        click.echo(
            _("{url} bijgewerkt van {before} naar {after}").format(
                url=shown, before=before or _("leeg"), after=after
            )
        )


@db.command(
    "rebuild",
    help=N_(
        "Reken de samenvattingen die de rapporten lezen opnieuw uit (eerste pogingen, tellingen\nper optie).\n\nfrontlijn houdt ze bij elke beslissing bij. Draai dit nadat iets anders in de database\nschreef: een oudere frontlijn die tijdens een upgrade bleef draaien, een herstel van\nmaar een paar tabellen, een wijziging met de hand. Eén transactie: mislukt het, dan\nverandert er niets."
    ),
)
@leader_options()
@pass_app
def db_rebuild(app: AppContext, leader_name: str | None, leader_password_file: str | None) -> None:
    with administering(app, leader_name, leader_password_file) as admin:
        admin.rebuild_summaries()
    click.echo(_("de eerste pogingen en de tellingen per optie zijn opnieuw berekend"))


@db.command(
    "grant",
    help=N_(
        "Geef de PostgreSQL-rol ROLE precies wat de app nodig heeft: SELECT, INSERT, UPDATE en\nDELETE op de tabellen en USAGE op de sequences, en niets anders (geen CREATE, ALTER of\nDROP). Alleen de eigenaar van de database; draai het opnieuw na elke db upgrade.\n\nDe servers (frontlijn serve, frontlijn web) verbinden daarna met ROLE; opdrachten die\ndeelnemers of accounts wijzigen vragen met die rol om een login van een cursusleider."
    ),
)
@click.argument("role")
@pass_app
def db_grant(app: AppContext, role: str) -> None:
    from frontlijn_game.service.database import grant_app_role

    with words_for_failures():
        report = grant_app_role(app.db_url, role)
    click.echo(
        _(
            "rol {role} mag nu rijen lezen en schrijven in {tables} tabellen en {sequences} "
            "sequences van schema {schema}, en het schema niet veranderen"
        ).format(
            role=report.role,
            tables=report.tables,
            sequences=report.sequences,
            schema=report.schema,
        )
    )


COMMANDS: list[click.Command] = [db]
