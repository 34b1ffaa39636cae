"""The course leader's reports as one call each: the same wiring for every door.

The reporting layer's queries take a session; these functions open the transaction on
the store (read-only where they only read), so ``frontlijn report``, ``frontlijn export``
and the leader screens never repeat it.

Each takes the reader's :class:`~frontlijn_game.service.scope.LeaderScope` (the database
owner's, ``LeaderScope.owner()``, for a command run without ``--leader``): a
*cursusleider*'s report counts only the trainees of their cohorts, filtered in the SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.reporting.common import Selection
    from frontlijn_game.reporting.csv_export import ExportReport
    from frontlijn_game.reporting.items import ItemStatistics
    from frontlijn_game.reporting.options import OptionDistribution
    from frontlijn_game.reporting.xapi import XapiSettings
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.scenario.model import PassRule
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.service import Store


def selection(
    scenario: str,
    cohort: str | None = None,
    first_only: bool = False,
    all_versions: bool = False,
    version: str | None = None,
) -> Selection:
    """Which attempts a report pools (one case; a cohort, first attempts, versions)."""
    from frontlijn_game.reporting.common import Selection

    return Selection(scenario, cohort, first_only, all_versions, version)


def scoped(session: Session, scope: LeaderScope, chosen: Selection) -> Selection:
    """``chosen`` as ``scope`` may see it: a named cohort must be one of theirs (else it
    is unknown), and without one the attempts are limited to their trainees."""
    from frontlijn_game.service.scope import check_cohort

    if scope.sees_all:
        return chosen
    if chosen.cohort is not None:
        check_cohort(session, scope, chosen.cohort)
    # Even with a cohort: the versions' attempt counts, too, are of their trainees only.
    return scope.narrow(chosen)


def option_distribution(store: Store, chosen: Selection, scope: LeaderScope) -> OptionDistribution:
    """Per decision point: how often each option was chosen and what it went with."""
    from frontlijn_game.reporting.options import option_distribution as query

    return store.db.read(lambda s: query(s, scoped(s, scope, chosen)))


def item_statistics(store: Store, chosen: Selection, scope: LeaderScope) -> ItemStatistics:
    """Facility and discrimination per decision point (replays every finished attempt)."""
    from frontlijn_game.reporting.items import item_statistics as query

    return store.db.read(lambda s: query(s, scoped(s, scope, chosen)))


def export_csv(
    store: Store, folder: str | Path, scope: LeaderScope, excel: bool = False
) -> ExportReport:
    """Every attempt and every decision (that ``scope`` sees) as two CSV files in
    ``folder``."""
    from frontlijn_game.reporting.csv_export import export_csv as write

    return write(store.db.engine, folder, excel=excel, within=scope.limit)


EXPORT_ARCHIVE = "frontlijn-export.zip"


def export_csv_archive(
    store: Store, scope: LeaderScope, excel: bool = False
) -> tuple[Path, ExportReport]:
    """The files of :func:`export_csv` (what ``scope`` sees) in one ZIP, for a download,
    and their row counts: written in a new private temporary folder (0700; the files in
    it 0600), which the caller removes with ``shutil.rmtree(path.parent)`` once it was
    sent."""
    import shutil
    import tempfile
    import zipfile

    folder = Path(tempfile.mkdtemp(prefix="frontlijn-export-"))  # 0700
    try:
        report = export_csv(store, folder / "csv", scope, excel=excel)
        archive = folder / EXPORT_ARCHIVE
        with (
            archive.open("xb") as raw,  # umask aside, the folder keeps it private
            zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as out,
        ):
            for path in (report.attempts, report.decisions, *(p for p, _n in report.sessions)):
                out.write(path, arcname=path.name)
        archive.chmod(0o600)
        shutil.rmtree(folder / "csv")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return archive, report


def pass_rules(library: Library) -> dict[str, PassRule]:
    """Case id -> the rule of the first module (curricula in id order) that holds it."""
    rules: dict[str, PassRule] = {}
    for cid in sorted(library.curricula):
        for module in library.curricula[cid].modules:
            for sid in module.scenarios:
                rules.setdefault(sid, module.pass_rule)
    return rules


@contextmanager
def xapi_statements(
    store: Store,
    settings: XapiSettings,
    cohort: str | None,
    scenario: str | None,
    scope: LeaderScope,
) -> Iterator[Iterator[dict[str, Any]]]:
    """The statements of every attempt ``scope`` sees, streamed in one read transaction."""
    from frontlijn_game.reporting.xapi_export import iter_statements
    from frontlijn_game.service.scope import check_cohort

    with store.db.read_session() as session:
        if cohort is not None:
            check_cohort(session, scope, cohort)
        yield iter_statements(session, settings, cohort, scenario, within=scope.limit)


__all__ = [
    "EXPORT_ARCHIVE",
    "export_csv",
    "export_csv_archive",
    "item_statistics",
    "option_distribution",
    "pass_rules",
    "scoped",
    "selection",
    "xapi_statements",
]
