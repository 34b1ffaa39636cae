"""Alembic environment: run on the connection :mod:`frontlijn_game.store.migrate` passes.

Run standalone (``alembic -x url=...``) it opens its own engine from that URL.
"""

from __future__ import annotations

from alembic import context

from frontlijn_game.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    from frontlijn_game.store.database import create_db_engine

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("give the database as: alembic -x url=URL ...")
    engine = create_db_engine(url)
    with engine.connect() as conn:
        run_on(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) mode is not supported; run against a database")
run_migrations_online()
