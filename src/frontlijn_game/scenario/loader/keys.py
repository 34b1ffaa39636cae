"""The keys each mapping of ``frontlijn/scenario@1`` may hold (DESIGN.md's key table).

In one place so that the JSON schema for editors (``authoring/schema.py``) and its test
can hold them against the loader; the keys added later are in ``loader.optional_keys``.
"""

from __future__ import annotations

import re

SCENARIO_FORMAT = "frontlijn/scenario@1"
RESERVED_TAGS = frozenset({"help", "sanction"})
"""Rule sides that mean "any choice with help / with sanction": never a competency tag."""
SIGNED_NUMBER = re.compile(r"[+-]\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")

TOP_KEYS = (
    "format", "id", "title", "language", "role", "summary", "estimated_minutes", "tags",
    "actors", "facts", "variables", "scoring", "start", "scenes", "sources", "roles",
)  # fmt: skip
SCORING_KEYS = ("target_balance", "tolerance", "weights", "competencies", "order", "forbidden")
WEIGHT_KEYS = ("balance", "outcome", "process")
SCENE_KEYS = ("title", "text", "reveal", "choices", "ending", "decided_by")
CHOICE_KEYS = (
    "id", "text", "goto", "help", "sanction", "actor", "tags", "when", "effects",
    "consequence", "feedback", "basis", "position", "share",
)  # fmt: skip
ENDING_KEYS = ("label", "outcome", "kind")
VARIABLE_KEYS = ("initial", "min", "max", "label", "visible")
ACTOR_KEYS = ("name", "age", "description")
FACT_KEYS = ("text", "known_by")
