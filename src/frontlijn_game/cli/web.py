"""``frontlijn web``: the accessible HTML door (Starlette + Jinja2 under uvicorn).

One process serves many trainees (no process per tab); ``--workers N`` starts N worker
processes that share the database (sessions included), so more workers or more machines
behind one proxy serve the same trainees without sticky sessions. The database URL and
the content folder reach the workers through the environment, never a command line. The
database is opened (and migrated) here first, so a bad ``--db`` stops at once (exit 1).
No access log: it would hold every client's address.
"""

from __future__ import annotations

import os

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import fail
from frontlijn_game.i18n import _, ngettext

NETWORK_NOTE = N_(
    "\b\n"
    "Op een netwerk (meer dan deze computer):\n"
    "  - zet er een reverse proxy met TLS voor (Caddy, nginx); die moet X-Forwarded-Proto\n"
    "    meesturen, zodat cookies als Secure gemarkeerd worden (proxies op 127.0.0.1 worden\n"
    "    vertrouwd, andere via FORWARDED_ALLOW_IPS);\n"
    "  - gebruik PostgreSQL (--db postgresql+psycopg://...) voor meerdere workers of machines;\n"
    "  - hij luistert op 127.0.0.1 (alleen deze computer), tenzij --host iets anders zegt.\n"
)


@click.command(
    epilog=NETWORK_NOTE,
    help=N_(
        "Bied de HTML-ingang aan: deelnemers spelen in elke browser, met alleen een "
        "toetsenbord of met een schermlezer."
    ),
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help=N_("Adres om op te luisteren.")
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8080, show_default=True,
    help=N_("Poort van de HTML-ingang."),
)  # fmt: skip
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True,
    help=N_("Aantal werkprocessen (ze delen de database)."),
)  # fmt: skip
@click.option(
    "--certfile", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
    help=N_("TLS-certificaat (PEM): de ingang spreekt dan zelf HTTPS, zonder proxy."),
)  # fmt: skip
@click.option(
    "--keyfile", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
    help=N_("Privésleutel (PEM) bij --certfile, als die niet in het certificaatbestand staat."),
)  # fmt: skip
@pass_app
def web(
    app: AppContext,
    host: str,
    port: int,
    workers: int,
    certfile: str | None,
    keyfile: str | None,
) -> None:

    try:
        import uvicorn

        from frontlijn_game.web import app as _web_app  # noqa: F401  (fail early if missing)
    except ImportError as exc:
        fail(
            _(
                "{name} is niet geïnstalleerd: frontlijn web heeft de extra [web] nodig "
                '(pip install ".[web]" in de map van frontlijn, zoals de README zegt)'
            ).format(name=exc.name)
        )

    if keyfile is not None and certfile is None:
        raise click.UsageError(_("--keyfile werkt alleen samen met --certfile."))
    if certfile is not None:
        _check_tls(certfile, keyfile)
    from frontlijn_game.cli.desk import words_for_failures
    from frontlijn_game.service.database import check_database

    with words_for_failures():
        shown = check_database(app.db_url)
    if app.db_url:
        os.environ["FRONTLIJN_DB"] = app.db_url
    os.environ["FRONTLIJN_CONTENT"] = str(app.content_dir.resolve())
    # glibc gives every thread that allocates a malloc arena of its own; a worker's
    # thread pool then keeps ~40 arenas of freed memory. Two per worker keep its
    # resident memory near what it uses (bench/bench_web.py: ~30% less at the peak).
    # Read when a process starts, so it reaches the workers uvicorn spawns.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    url_host = f"[{host}]" if ":" in host else host
    scheme = "https" if certfile else "http"
    processes = ngettext("{n} werkproces", "{n} werkprocessen", workers).format(n=workers)
    click.echo(f"frontlijn web: {scheme}://{url_host}:{port}/ ({processes}, {shown})", err=True)
    uvicorn.run(
        "frontlijn_game.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        proxy_headers=True,
        server_header=False,
        log_level="warning",
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
    )


def _check_tls(certfile: str, keyfile: str | None) -> None:
    """A certificate and key that do not load stop here (exit 1), not in every worker."""
    import ssl

    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        fail(_("Certificaat of sleutel kan niet geladen worden: {error}").format(error=exc))


COMMANDS = [web]
