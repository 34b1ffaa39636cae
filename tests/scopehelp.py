"""Two cohorts, two cursusleiders and a beheerder on one database: the world in which every
door proves that a leader of cohort A gets nothing of cohort B (issue 21, DESIGN.md "Trust").

Any door's test can use it (importable from everywhere: pyproject puts tests/ on the path)::

    world = split_cohorts(url)                     # after leaderhelp.record(url), or any DB
    scope = world.scope(world.leader_a)            # the service layer's LeaderScope
    ... run the door as world.leader_a / world.password ...
    world.assert_nothing_of_b(text)                # no code, name or cohort name of B

The database gets (whatever it held before stays as it was):

- cohort ``groep-a`` (made when missing) with the A trainees ``ZALFA1`` and ``ZALFA2``,
  and cohort ``groep-b`` with ``ZBETA7`` (named "Bea Bijzonder", a note); a trainee
  ``ZLOS9`` in no cohort (a beheerder's only); ``ZBEIDE3`` in both cohorts (no attempts:
  both leaders see them, and A's leader must still not see the name ``groep-b``);
- attempts of each on the case ``case`` (the UI fixture case ``ui-proef`` by default),
  B's and the loose trainee's on a path no A trainee took (so a count of theirs shows);
- leaders ``leider-a`` (cursusleider of groep-a), ``leider-b`` (of groep-b) and ``baas``
  (a beheerder), all with :data:`PASSWORD`.

The markers are unusual on purpose: ``T1`` would match an ISO timestamp, ``PT4S`` a
duration. B's note is personal data too: it must appear nowhere either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontlijn_game.service.scope import LeaderScope, scope_of
from frontlijn_game.store.service import Store

PASSWORD = "gescheiden-cohorten-sleutel"
UI_CONTENT = Path(__file__).parent / "ui" / "fixtures" / "content"
SEED = 7

A_CODES = ("ZALFA1", "ZALFA2")
B_CODE = "ZBETA7"
B_NAME = "Bea Bijzonder"
B_NOTE = "vertrouwelijk-over-bea"
LOOSE_CODE = "ZLOS9"
SHARED_CODE = "ZBEIDE3"

# Paths through ui-proef: A plays the good and the mixed ending, B and the loose trainee
# the bad one (ui-proef: praat/moeder/volg_op, praat/schuldhulp/laat_los, bel_politie/straf).
PLAYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ZALFA1", ("praat", "moeder", "volg_op")),
    ("ZALFA2", ("praat", "schuldhulp", "laat_los")),
    (B_CODE, ("bel_politie", "straf")),
    (LOOSE_CODE, ("bel_politie", "straf")),
)


@dataclass
class SplitCohorts:
    url: str
    case: str
    leader_a: str = "leider-a"
    leader_b: str = "leider-b"
    beheerder: str = "baas"
    password: str = PASSWORD
    cohort_a: str = "groep-a"
    cohort_b: str = "groep-b"
    attempts: dict[str, list[int]] = field(default_factory=dict)
    """Trainee code -> the ids of their attempts made here."""

    @property
    def b_markers(self) -> tuple[str, ...]:
        """Text that only B (or nobody's cohort) can be the source of."""
        return (B_CODE, B_NAME, B_NOTE, self.cohort_b, LOOSE_CODE)

    def scope(self, leader: str) -> LeaderScope:
        with Store.open(self.url) as store:
            return scope_of(store, leader)

    def assert_nothing_of_b(self, text: str) -> None:
        """Fail when ``text`` (a screen, a file, an answer) shows anything of cohort B or
        of the trainee in no cohort."""
        found = [marker for marker in self.b_markers if marker.casefold() in text.casefold()]
        assert not found, f"a leader of {self.cohort_a} saw {found} of {self.cohort_b}"


def split_cohorts(url: str, content: Path = UI_CONTENT, case: str = "ui-proef") -> SplitCohorts:
    """Add the two-cohort world to the database at ``url`` (see the module docstring)."""
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.service import accounts

    world = SplitCohorts(url, case)
    scenario = load_library(content).scenarios[case]
    owner = LeaderScope.owner()
    with Store.open(url) as store:
        existing = {c.name for c in store.list_cohorts()}
        for cohort in (world.cohort_a, world.cohort_b):
            if cohort not in existing:
                store.create_cohort(cohort)
        for code in A_CODES:
            store.add_trainee(code, cohort=world.cohort_a)
        store.add_trainee(B_CODE, cohort=world.cohort_b, display_name=B_NAME, note=B_NOTE)
        store.add_trainee(LOOSE_CODE)
        store.add_trainee(SHARED_CODE, cohort=world.cohort_a)
        store.enrol(world.cohort_b, codes=[SHARED_CODE])
        for code, choices in PLAYS:
            play = Playthrough.start(scenario, SEED)
            attempt = store.start_attempt(code, scenario, play.state)
            for choice in choices:
                step = play.choose(choice)
                store.record_decision(attempt.id, step, score=play.score(), seconds=3.0)
            world.attempts.setdefault(code, []).append(attempt.id)
        accounts.add(store, owner, world.beheerder, PASSWORD, role="beheerder")
        accounts.add(store, owner, world.leader_a, PASSWORD, cohorts=(world.cohort_a,))
        accounts.add(store, owner, world.leader_b, PASSWORD, cohorts=(world.cohort_b,))
    return world


def codes_of(rows: Sequence[object]) -> set[str]:
    """The ``code`` of each row (matrix rows, trainee records)."""
    return {str(getattr(row, "code")) for row in rows}  # noqa: B009


__all__ = [
    "A_CODES",
    "B_CODE",
    "B_NAME",
    "B_NOTE",
    "LOOSE_CODE",
    "PASSWORD",
    "SHARED_CODE",
    "SplitCohorts",
    "codes_of",
    "split_cohorts",
]
