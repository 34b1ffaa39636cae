"""Scenario format ``frontlijn/scenario@1``: YAML -> checked, typed :class:`Scenario`.

Everything wrong with a file is collected as located diagnostics before giving up, so a
trainer fixes a file in one pass. The checks follow DESIGN.md's key table exactly; codes
are stable and documented in docs/trainers.md.

One module per part of the file: ``reading`` (typed access to the YAML tree), ``keys``
(the key table), ``declarations`` (actors, facts), ``variables``, ``scoring``, ``scenes``,
``choices``, ``gotos``, ``effects``, ``references`` (expressions and templates),
``case_warnings`` and ``scenario_file`` (the whole file, the entry points). The names
below are the loader's public face; import them from here.
"""

from __future__ import annotations

from frontlijn_game.scenario.diagnostics import did_you_mean as did_you_mean
from frontlijn_game.scenario.loader.context import content_hash as content_hash
from frontlijn_game.scenario.loader.context import range_text as range_text
from frontlijn_game.scenario.loader.keys import (
    ACTOR_KEYS,
    CHOICE_KEYS,
    ENDING_KEYS,
    FACT_KEYS,
    RESERVED_TAGS,
    SCENARIO_FORMAT,
    SCENE_KEYS,
    SCORING_KEYS,
    SIGNED_NUMBER,
    TOP_KEYS,
    VARIABLE_KEYS,
    WEIGHT_KEYS,
)
from frontlijn_game.scenario.loader.reading import ID, SCENARIO_ID, Reader, locate
from frontlijn_game.scenario.loader.scenario_file import (
    load_scenario,
    load_scenario_bytes,
    load_scenario_or_raise,
    peek_format,
    scenario_from_text,
)

__all__ = [
    "ACTOR_KEYS",
    "CHOICE_KEYS",
    "ENDING_KEYS",
    "FACT_KEYS",
    "ID",
    "RESERVED_TAGS",
    "SCENARIO_FORMAT",
    "SCENARIO_ID",
    "SCENE_KEYS",
    "SCORING_KEYS",
    "SIGNED_NUMBER",
    "TOP_KEYS",
    "VARIABLE_KEYS",
    "WEIGHT_KEYS",
    "Reader",
    "content_hash",
    "did_you_mean",
    "load_scenario",
    "load_scenario_bytes",
    "load_scenario_or_raise",
    "locate",
    "peek_format",
    "range_text",
    "scenario_from_text",
]
