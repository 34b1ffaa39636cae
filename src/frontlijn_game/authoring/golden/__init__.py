"""Golden-path test files (``frontlijn/tests@1``): pin a path through a case and its result.

A trainer writes, beside ``<id>.yaml``, a ``<id>.tests.yaml`` with cases of choices (and
forced draws for random gotos) and what must come out: the ending, bounds on the scores,
the verdict, variable values. ``frontlijn test`` replays each case through the real
engine, so a later edit that breaks the best path, or lets a pure path win, fails loudly.

The file is read with the scenario loader's :class:`Reader`, so a bad test file gets the
same located ``file:line:col`` diagnostics and codes as a bad case; ids that the scenario
does not have (choices, scenes, variables) are errors at load time, before anything runs.

One module per part: ``model`` (keys, cases, bounds), ``case_files`` (finding the case a
test file names), ``loading`` and ``running``. Import the names below from here.
"""

from __future__ import annotations

from frontlijn_game.authoring.golden.case_files import declared_id, find_case_file
from frontlijn_game.authoring.golden.loading import load_test_file
from frontlijn_game.authoring.golden.model import (
    BOUND_KEYS,
    CASE_KEYS,
    EXPECT_KEYS,
    STATUSES,
    TESTS_FORMAT,
    TOP_KEYS,
    Bound,
    Expect,
    GoldenCase,
    ScenarioCache,
    TestFile,
    number_text,
)
from frontlijn_game.authoring.golden.running import (
    CaseResult,
    FileResult,
    Mismatch,
    run_case,
    run_file,
)

__all__ = [
    "BOUND_KEYS",
    "CASE_KEYS",
    "EXPECT_KEYS",
    "STATUSES",
    "TESTS_FORMAT",
    "TOP_KEYS",
    "Bound",
    "CaseResult",
    "Expect",
    "FileResult",
    "GoldenCase",
    "Mismatch",
    "ScenarioCache",
    "TestFile",
    "declared_id",
    "find_case_file",
    "load_test_file",
    "number_text",
    "run_case",
    "run_file",
]
