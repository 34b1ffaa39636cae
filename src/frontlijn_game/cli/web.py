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
from frontlijn_game.cli.output import fail

NETWORK_NOTE = """\
\b
On a network (more than this computer):
  - put a reverse proxy with TLS (Caddy, nginx) in front; it must send X-Forwarded-Proto
    so cookies are marked Secure (proxies on 127.0.0.1 are trusted; others through
    FORWARDED_ALLOW_IPS);
  - use PostgreSQL (--db postgresql+psycopg://...) for several workers or machines;
  - it listens on 127.0.0.1 (this computer only) unless --host says otherwise.
"""


@click.command(epilog=NETWORK_NOTE)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True,
    help="Worker processes (they share the database).",
)  # fmt: skip
@pass_app
def web(app: AppContext, host: str, port: int, workers: int) -> None:
    """Serve the HTML door: trainees play in any browser, with a keyboard or a screen reader."""
    try:
        import uvicorn

        from frontlijn_game.web import app as _web_app  # noqa: F401  (fail early if missing)
    except ImportError as exc:
        fail(f"the web door needs its extra: pip install 'frontlijn-game[web]' ({exc.name})")
    from frontlijn_game.store.errors import StoreError
    from frontlijn_game.store.service import Store

    try:
        with Store.open(app.db_url) as store:
            store.purge_web_sessions()
            shown = store.display_url
    except StoreError as exc:
        fail(str(exc))
    if app.db_url:
        os.environ["FRONTLIJN_DB"] = app.db_url
    os.environ["FRONTLIJN_CONTENT"] = str(app.content_dir.resolve())
    url_host = f"[{host}]" if ":" in host else host
    click.echo(f"frontlijn web: http://{url_host}:{port}/ ({workers} worker(s), {shown})", err=True)
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
    )


COMMANDS = [web]
