"""``frontlijn lti add|list|remove|grades|send``: the LMS platforms this server trusts.

``add`` registers one platform (issuer + client id, with the URLs and deployment ids the
LMS shows after the tool was added to it) and makes the tool's key pair for it: the
private key goes to a ``0600`` file in the ``0700`` folder ``$FRONTLIJN_LTI_KEYS`` (default:
``lti-keys`` in the user data folder), the public one to the database, served at
``/lti/jwks``. Like every account command it trusts whoever holds the database.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.service.database import Store


def _lti(app: AppContext) -> AbstractContextManager[Store]:
    from frontlijn_game.cli.desk import opened_store

    return opened_store(app)


@click.group(
    help=N_(
        "Leeromgevingen (LMS) die Frontlijn via LTI 1.3 mogen starten.\n\n\b\n"
        "frontlijn lti add --issuer ... --client-id ... --deployment ... --auth-url ... --token-url ... --jwks-url ...\n"
        "frontlijn lti list                  de registraties tonen\n"
        "frontlijn lti deploy --issuer ... --deployment ...   een deployment-id toevoegen\n"
        "frontlijn lti remove --issuer ...   een registratie (en haar sleutel) verwijderen\n"
        "frontlijn lti grades                de cijfers voor de leeromgeving en hun status\n"
        "frontlijn lti send                  wachtende cijfers nu versturen"
    )
)
def lti() -> None:
    """The group only: its sub-commands do the work."""


@lti.command(help=N_("Een leeromgeving registreren en een sleutelpaar voor haar maken."))
@click.option("--issuer", required=True, help=N_("Platform-ID (issuer) van de leeromgeving."))
@click.option("--client-id", required=True, help=N_("Client-ID die de leeromgeving gaf."))
@click.option(
    "--deployment", "deployments", multiple=True, required=True,
    help=N_("Deployment-ID (mag vaker)."),
)  # fmt: skip
@click.option("--auth-url", required=True, help=N_("Authentication request URL (OIDC)."))
@click.option("--token-url", required=True, help=N_("Access token URL (OAuth2)."))
@click.option("--jwks-url", required=True, help=N_("Public keyset URL van de leeromgeving."))
@click.option(
    "--audience",
    default=None,
    help=N_("Audience voor tokens (alleen als de leeromgeving dat vraagt)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Uitvoer als JSON."))
@pass_app
def add(
    app: AppContext,
    issuer: str,
    client_id: str,
    deployments: tuple[str, ...],
    auth_url: str,
    token_url: str,
    jwks_url: str,
    audience: str | None,
    as_json: bool,
) -> None:
    from frontlijn_game.service.lti import Lti, LtiError

    with _lti(app) as store:
        service = Lti(store)
        try:
            record = service.add(
                issuer, client_id, auth_url, token_url, jwks_url, deployments, audience
            )
        except LtiError as exc:
            fail(str(exc))
        key = service.key_path(record)
    if as_json:
        emit_json(
            {
                "issuer": record.issuer,
                "client_id": record.client_id,
                "kid": record.kid,
                "key_file": str(key),
            }
        )
        return
    click.echo(
        _("Geregistreerd: {issuer} (client-id {client}), sleutel {kid}.").format(
            issuer=record.issuer, client=record.client_id, kid=record.kid
        )
    )
    click.echo(
        _("Privésleutel: {path} (alleen leesbaar voor jou; maak er een reservekopie van).").format(
            path=key
        )
    )


@lti.command(name="list", help=N_("De geregistreerde leeromgevingen tonen."))
@click.option("--json", "as_json", is_flag=True, help=N_("Uitvoer als JSON."))
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    from frontlijn_game.service.lti import Lti

    with _lti(app) as store:
        service = Lti(store)
        records = service.registrations()
        keys = {r.kid: service.key_path(r).is_file() for r in records}
    if as_json:
        emit_json(
            {
                "registrations": [
                    {
                        "issuer": r.issuer,
                        "client_id": r.client_id,
                        "deployment_ids": list(r.deployment_ids),
                        "auth_login_url": r.auth_login_url,
                        "auth_token_url": r.auth_token_url,
                        "key_set_url": r.key_set_url,
                        "kid": r.kid,
                        "key_present": keys[r.kid],
                    }
                    for r in records
                ]
            }
        )
        return
    if not records:
        click.echo(_("Nog geen leeromgevingen geregistreerd (frontlijn lti add)."))
    for r in records:
        missing = "" if keys[r.kid] else "  " + _("(privésleutel ontbreekt op deze computer)")
        click.echo(
            f"{r.issuer}  client-id {r.client_id}  deployment {', '.join(r.deployment_ids)}  kid {r.kid}{missing}"
        )


@lti.command(help=N_("Een registratie meer deployment-id's geven."))
@click.option("--issuer", required=True, help=N_("Platform-ID (issuer) van de leeromgeving."))
@click.option("--client-id", default=None, help=N_("Client-ID die de leeromgeving gaf."))
@click.option(
    "--deployment", "deployments", multiple=True, required=True,
    help=N_("Deployment-ID (mag vaker)."),
)  # fmt: skip
@pass_app
def deploy(
    app: AppContext, issuer: str, client_id: str | None, deployments: tuple[str, ...]
) -> None:
    from frontlijn_game.service.lti import Lti, LtiError

    with _lti(app) as store:
        try:
            record = Lti(store).add_deployments(issuer, client_id, deployments)
        except LtiError as exc:
            fail(str(exc))
    click.echo(
        _("{issuer} (client-id {client}): deployments {ids}.").format(
            issuer=record.issuer, client=record.client_id, ids=", ".join(record.deployment_ids)
        )
    )


@lti.command(
    help=N_("Een registratie en haar sleutel verwijderen (deelnemers en cijfers blijven).")
)
@click.option("--issuer", required=True)
@click.option("--client-id", default=None)
@pass_app
def remove(app: AppContext, issuer: str, client_id: str | None) -> None:
    from frontlijn_game.service.lti import Lti, LtiError

    with _lti(app) as store:
        try:
            record = Lti(store).remove(issuer, client_id)
        except LtiError as exc:
            fail(str(exc))
    click.echo(
        _("Verwijderd: {issuer} (client-id {client}).").format(
            issuer=record.issuer, client=record.client_id
        )
    )


@lti.command(help=N_("De cijfers voor de leeromgeving tonen, met hun status."))
@click.option("--json", "as_json", is_flag=True, help=N_("Uitvoer als JSON."))
@pass_app
def grades(app: AppContext, as_json: bool) -> None:
    from frontlijn_game.service.lti import Lti

    with _lti(app) as store:
        rows = Lti(store).grades()
    if as_json:
        emit_json(
            {
                "grades": [
                    dict(zip(("user", "link", "score", "status", "tries", "error"), r, strict=True))
                    for r in rows
                ]
            }
        )
        return
    for user, link, score, status, tries, error in rows:
        click.echo(
            f"{status:10} {score:5.1f}  link {link}  user {user}  tries {tries}"
            + (f"  {error}" if error else "")
        )


@lti.command(help=N_("Betere scores in de wachtrij zetten en wachtende cijfers nu versturen."))
@pass_app
def send(app: AppContext) -> None:
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.service.lti import Lti
    from frontlijn_game.service.lti_grades import queue_scores, send_due

    with _lti(app) as store:
        service = Lti(store)
        queued = queue_scores(service, load_library(app.content_dir))
        done = send_due(service)
    click.echo(
        _(
            "{queued} nieuw in de wachtrij; {sent} verstuurd, {retried} later opnieuw, {failed} opgegeven."
        ).format(queued=queued, sent=done.sent, retried=done.retried, failed=done.failed)
    )


COMMANDS = [lti]
