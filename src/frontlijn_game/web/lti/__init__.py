"""The LTI 1.3 side of the web door (needs the ``lti`` extra: pylti1p3next).

:func:`lti_door` gives the routes and the grade worker to :func:`web.app.create_app`,
or nothing when the extra is not installed (the rest of the door works without it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

if TYPE_CHECKING:
    from frontlijn_game.service.lti_grades import GradeWorker
    from frontlijn_game.web.app_layer import AppLayer


@dataclass
class LtiDoor:
    routes: list[BaseRoute] = field(default_factory=list)
    start: Callable[[], None] = lambda: None
    stop: Callable[[], None] = lambda: None


def lti_door(layer: AppLayer, interval: float = 15.0) -> LtiDoor:
    """The LTI routes and a grade worker over ``layer``'s database (none without pylti1p3)."""
    try:
        import pylti1p3  # noqa: F401
    except ImportError:
        return LtiDoor()
    from frontlijn_game.web.lti import leader
    from frontlijn_game.web.lti.routes import routes

    worker: list[GradeWorker] = []

    def start() -> None:
        from frontlijn_game.service.lti import Lti
        from frontlijn_game.service.lti_grades import GradeWorker

        try:
            lti = Lti(layer.progress().store)
        except Exception:  # no database yet: the pages say so; grades wait
            return
        worker.append(GradeWorker(lti, layer.library, interval))
        worker[0].start()

    def stop() -> None:
        for running in worker:
            running.stop()

    return LtiDoor(routes() + leader.routes(), start, stop)
