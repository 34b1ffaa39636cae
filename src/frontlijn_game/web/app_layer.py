"""The HTML door's one window on the application: every rule, query and write goes here.

The handlers in :mod:`frontlijn_game.web.routes` call only this module, so the web door
holds no rule, no SQL and no scoring of its own: it reaches the same engine, store,
shuffle, scoring, debrief content and glossary as the terminal through the application
layer (``service.trainee``, ``service.overview``, ``service.debrief``, ``service.glossary``)
and the engine's one step function (``engine.playthrough``).

Every method blocks (database, path analysis): call them from a worker thread.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from frontlijn_game.i18n import _
from frontlijn_game.service.trainee import Progress, ProgressError, TooSoon, Trainee, WrongPin

if TYPE_CHECKING:
    from frontlijn_game.engine.state import PlayState
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.service.debrief import BestLine, Debrief
    from frontlijn_game.service.glossary import Entry
    from frontlijn_game.service.overview import Overview
    from frontlijn_game.store.records import AttemptRecord
    from frontlijn_game.store.web_sessions import WebSessionRecord

PIN_PATTERN = re.compile(r"[0-9]{4,12}")
"""As the terminal's PIN dialog: 4 to 12 digits."""
PIN_CHECKS = threading.BoundedSemaphore(2)
"""PIN checks (scrypt: ~16 MiB and tens of ms of CPU each) at once per worker: a class
signing in together must not take the memory and the CPU the players' choices need."""

__all__ = [
    "AppLayer",
    "DebriefView",
    "Meter",
    "NotFound",
    "ProgressError",
    "SceneView",
    "StaleForm",
    "TooSoon",
    "Turn",
    "WrongPin",
]


class NotFound(ProgressError):
    """No such case or attempt for this trainee (another trainee's attempt included)."""


class StaleForm(ProgressError):
    """A form for a decision that is no longer the one to take: nothing was recorded."""


@dataclass(frozen=True)
class Meter:
    label: str
    value: str
    minimum: float | None
    maximum: float | None
    number: float | None
    change: str | None
    """``+10``, ``-5`` or a new value after the last choice; None: unchanged."""


@dataclass(frozen=True)
class SceneView:
    attempt_id: int
    scenario: Scenario
    number: int
    """The number of the decision this scene asks for (1-based)."""
    title: str
    text: str
    consequence: str | None
    options: tuple[tuple[str, str], ...]
    """(choice id, text) in the shuffled order shown for this decision."""
    meters: tuple[Meter, ...]
    dossier: tuple[tuple[str, bool], ...]
    """(fact text, new in this scene) in the order revealed."""


@dataclass(frozen=True)
class Turn:
    """The decision to take now, as loaded once for a post that takes it: the post checks
    its form against ``number`` and ``shown`` and hands the turn to :meth:`AppLayer.choose`,
    which then needs no second load (the store still refuses a state changed meanwhile)."""

    number: int
    shown: tuple[str, ...]
    record: AttemptRecord
    scenario: Scenario
    state: PlayState


@dataclass(frozen=True)
class DebriefView:
    attempt: AttemptRecord
    debrief: Debrief
    best: dict[int, BestLine | None]
    """Per decision number; None: the path analysis could not say."""
    reveal: bool
    """Whether the best continuation's options may be named (the module's reveal_best)."""
    actors: Sequence[tuple[str, int, int]]


class AppLayer:
    """The library and the progress store, shared by every request of one worker."""

    def __init__(self, content_dir: Path, db_url: str | None = None) -> None:
        self.content_dir = content_dir
        self.db_url = db_url
        self._lock = threading.Lock()
        self._library: Library | None = None
        self._progress: Progress | None = None

    # -- set-up ---------------------------------------------------------------------------

    def library(self) -> Library:
        with self._lock:
            if self._library is None:
                from frontlijn_game.scenario.content import load_library

                self._library = load_library(self.content_dir)
            return self._library

    def progress(self) -> Progress:
        with self._lock:
            if self._progress is None:
                self._progress = Progress.open(self.db_url)
            return self._progress

    def close(self) -> None:
        if self._progress is not None:
            self._progress.close()

    # -- sessions ------------------------------------------------------------------------

    def new_session(self, lang: str) -> WebSessionRecord:
        return self.progress().store.new_web_session(lang)

    def session(self, token: str) -> WebSessionRecord | None:
        return self.progress().store.web_session(token)

    def update_session(self, token: str, lang: str | None = None, theme: str | None = None) -> None:
        self.progress().store.update_web_session(token, lang, theme)

    def end_session(self, token: str) -> None:
        self.progress().store.end_web_session(token)

    # -- signing in ----------------------------------------------------------------------

    def sign_in(self, token: str | None, code: str, pin: str) -> WebSessionRecord:
        """A new signed-in session; a PIN is required, and a code without one is refused
        in the very words of a wrong PIN (known and unknown codes answer alike)."""
        refused = _("Die code of pincode klopt niet.")
        if not Progress.valid_code(code) or not PIN_PATTERN.fullmatch(pin):
            raise WrongPin(refused)
        with PIN_CHECKS:
            trainee: Trainee = self.progress().sign_in(code, pin)
        if not trainee.has_pin:
            raise WrongPin(refused)
        return self.progress().store.sign_in_web_session(token, trainee.code)

    def create(self, token: str | None, code: str, pin: str) -> WebSessionRecord:
        from frontlijn_game.service.trainee import code_rule

        if not Progress.valid_code(code):
            raise ProgressError(code_rule())
        if not PIN_PATTERN.fullmatch(pin):
            raise ProgressError(_("Een pincode bestaat uit 4 tot 12 cijfers."))
        with PIN_CHECKS:
            trainee = self.progress().create(code, pin)
        return self.progress().store.sign_in_web_session(token, trainee.code)

    @staticmethod
    def suggest_code() -> str:
        return Progress.suggest_code()

    # -- home, intro, results -------------------------------------------------------------

    def overview(self, code: str) -> Overview:
        from frontlijn_game.service.overview import build_overview

        progress = self.progress()
        return build_overview(
            code, self.library(), progress.attempts(code), progress.curricula(code)
        )

    def scenario(self, scenario_id: str) -> Scenario:
        found = self.library().scenarios.get(scenario_id)
        if found is None:
            raise NotFound(_("Casus '{ref}' niet gevonden.").format(ref=scenario_id))
        return found

    def open_attempt(self, code: str, scenario_id: str) -> AttemptRecord | None:
        saved = self.progress().open_attempt(code, scenario_id)
        return None if saved is None else saved.attempt

    # -- playing -------------------------------------------------------------------------

    def start(self, code: str, scenario_id: str, restart: bool = False) -> int:
        """A new attempt of the case as it is in the library (restart: abandon the open one)."""
        from frontlijn_game.engine.playthrough import Playthrough

        scenario = self.scenario(scenario_id)
        play = Playthrough.start(scenario)
        return self.progress().start(code, scenario, play.state, restart=restart)

    def _load(self, code: str, attempt_id: int) -> tuple[AttemptRecord, Scenario, PlayState]:
        from frontlijn_game.engine.state import PlayState

        try:
            saved = self.progress().load(attempt_id)
        except ProgressError as exc:
            raise NotFound(_("Deze poging bestaat niet.")) from exc
        if saved.attempt.trainee_code != code:
            raise NotFound(_("Deze poging bestaat niet."))
        return saved.attempt, saved.scenario, PlayState.from_json(saved.state)

    def attempt(self, code: str, attempt_id: int) -> AttemptRecord:
        return self._load(code, attempt_id)[0]

    def scene(self, code: str, attempt_id: int) -> SceneView:
        """What the trainee sees now: the scene, the last choice's consequence, the options
        in this decision's shown order, the meters and the dossier."""
        from frontlijn_game.engine.playthrough import Playthrough
        from frontlijn_game.service import format as fmt

        record, scenario, state = self._load(code, attempt_id)
        if not record.open:
            raise StaleForm(_("Deze poging is al afgesloten."))
        play = Playthrough(scenario, state)
        before = None
        consequence = None
        if state.chosen:
            last = scenario.choices[state.chosen[-1]]
            if last.consequence:
                consequence = play.text(last.consequence)
            previous = Playthrough.replay(scenario, state.seed, state.chosen[:-1], state.draws)
            before = previous.state
        meters = []
        for var_id, var in scenario.variables.items():
            if not var.visible:
                continue
            value = state.variables.get(var_id)
            old = None if before is None else before.variables.get(var_id)
            change = None
            if before is not None and old != value:
                if _number(value) is not None and _number(old) is not None:
                    change = f"{_number(value) - _number(old):+g}"  # type: ignore[operator]
                else:
                    change = fmt.value_text(value)
            number = _number(value)
            meters.append(Meter(var.label, fmt.value_text(value), var.min, var.max, number, change))
        seen_before = set(before.revealed) if before is not None else set()
        dossier = tuple(
            (play.text(scenario.facts[f].text), before is not None and f not in seen_before)
            for f in state.revealed
            if f in scenario.facts
        )
        scene = play.scene
        return SceneView(
            attempt_id,
            scenario,
            state.decisions + 1,
            scene.title or scene.id,
            play.text(scene.text),
            consequence,
            tuple((c.id, play.text(c.text)) for c in play.shown()),
            tuple(meters),
            dossier,
        )

    def shown(self, code: str, attempt_id: int) -> tuple[int, tuple[str, ...]]:
        """(the number of the decision to take, the choice ids in the order shown for it)."""
        turn = self.turn(code, attempt_id)
        return turn.number, turn.shown

    def turn(self, code: str, attempt_id: int) -> Turn:
        """The decision to take now (:class:`Turn`); StaleForm when the attempt is closed."""
        from frontlijn_game.engine.playthrough import Playthrough

        record, scenario, state = self._load(code, attempt_id)
        if not record.open:
            raise StaleForm(_("Deze poging is al afgesloten."))
        play = Playthrough(scenario, state)
        shown = tuple(c.id for c in play.shown())
        return Turn(state.decisions + 1, shown, record, scenario, state)

    def choose(
        self,
        code: str,
        attempt_id: int,
        number: int,
        choice_id: str,
        seconds: float | None,
        turn: Turn | None = None,
    ) -> bool:
        """Record decision ``number`` if it is the one to take and ``choice_id`` was shown
        for it; True when the case has ended. A double or replayed post is refused.
        ``turn``: what :meth:`turn` loaded for this very post (saves a second load)."""
        from frontlijn_game.engine.playthrough import Playthrough

        if turn is not None and turn.record.id == attempt_id:
            record, scenario, state = turn.record, turn.scenario, turn.state
        else:
            record, scenario, state = self._load(code, attempt_id)
        if not record.open or number != state.decisions + 1:
            raise StaleForm(_("Die keuze hoorde bij een eerder scherm; er is niets opgeslagen."))
        play = Playthrough(scenario, state)
        shown = [c.id for c in play.shown()]
        if choice_id not in shown:
            raise StaleForm(_("Die keuze hoorde bij een eerder scherm; er is niets opgeslagen."))
        step = play.choose(choice_id)
        self.progress().record(attempt_id, step, play.score(), seconds, shown)
        self.after_choice(attempt_id)
        return play.finished

    def after_choice(self, attempt_id: int) -> None:
        """Report the decision to the LMS when the attempt was launched from one (cmi5)."""
        from frontlijn_game.service.cmi5_play import after_choice

        after_choice(self.progress().store, self.library(), attempt_id)

    def suspend(self, code: str, attempt_id: int) -> None:
        record = self.attempt(code, attempt_id)
        if record.open:
            self.progress().suspend(attempt_id)

    def abandon(self, code: str, attempt_id: int) -> None:
        record = self.attempt(code, attempt_id)
        if record.open:
            self.progress().abandon(attempt_id)

    # -- debrief -------------------------------------------------------------------------

    def debrief(self, code: str, attempt_id: int) -> DebriefView:
        from frontlijn_game.service.debrief import build_debrief, may_name_best, per_actor
        from frontlijn_game.service.overview import _curricula_for

        record, scenario, state = self._load(code, attempt_id)
        debrief = build_debrief(scenario, state)
        progress = self.progress()
        try:
            curricula = _curricula_for(self.library(), progress.curricula(code))
            reveal = may_name_best(debrief, curricula, progress.attempts(code))
        except Exception:  # unsure: name nothing rather than hand out the key
            reveal = False
        best = _best_lines(scenario.content_hash, tuple(state.chosen), tuple(state.draws), debrief)
        return DebriefView(record, debrief, best, reveal, per_actor(debrief))

    def glossary(self, language: str, query: str = "") -> tuple[Entry, ...]:
        from frontlijn_game.service.glossary import load_glossary, search

        return search(load_glossary(language), query)


_best_store: dict[tuple[str, tuple[str, ...], tuple[str, ...]], dict[int, BestLine | None]] = {}
_best_lock = threading.Lock()
_analysis_locks: dict[str, threading.Lock] = {}
BEST_KEEP = 512


def _best_lines(
    content_hash: str, chosen: tuple[str, ...], draws: tuple[str, ...], debrief: Debrief
) -> dict[int, BestLine | None]:
    """The best continuation before each decision with its cost, kept per attempt path
    (the path analysis is slow on big cases; a debrief is read more than once)."""
    from frontlijn_game.service.debrief import best_lines

    key = (content_hash, chosen, draws)
    with _best_lock:
        found = _best_store.get(key)
    if found is not None:
        return found
    with _best_lock:
        analysis = _analysis_locks.setdefault(content_hash, threading.Lock())
    result: dict[int, BestLine | None] = {}
    # One analysis of a case at a time: the first one builds the case's graph (seconds,
    # and memory), later ones reuse it; fifty debriefs at once must not build it fifty times.
    with analysis:
        try:
            for number, best in best_lines(debrief):
                result[number] = best
        except Exception:  # the analysis is a bonus; the debrief stands without it
            result = {line.number: None for line in debrief.decisions}
    with _best_lock:
        if len(_best_store) >= BEST_KEEP:
            _best_store.pop(next(iter(_best_store)))
        _best_store[key] = result
    return result


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def balance_points(trace: Sequence[Fraction | None]) -> list[tuple[int, float | None]]:
    """(decision number, balance share 0..1 or None) for the chart and its table."""
    return [(n, None if b is None else float(b)) for n, b in enumerate(trace, start=1)]
