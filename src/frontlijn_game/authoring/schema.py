"""JSON Schemas of the three content formats, for editors with a YAML language server.

``frontlijn validate`` is the authority on content (it checks what a schema cannot:
dangling ids, expressions, reachability). The schemas give the trainer something sooner:
completion of keys and hover texts while typing, and a red squiggle under a typo, in any
editor that speaks the YAML language server protocol (VS Code with the Red Hat YAML
extension, Neovim, Helix...). They are JSON Schema draft-07, the newest draft that
yaml-language-server supports, and ship inside the package so they always match the
installed loader. A file opts in with a modeline on its first line::

    # yaml-language-server: $schema=../schemas/scenario.schema.json
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

__all__ = ["KINDS", "file_name", "modeline", "schema", "schema_text", "write_schemas"]

Kind = Literal["scenario", "curriculum", "tests"]
KINDS: tuple[Kind, ...] = ("scenario", "curriculum", "tests")
SCHEMA_DIR = "schemas"
"""Folder of a content folder where ``frontlijn new`` puts the schemas (beside scenarios/)."""


def file_name(kind: Kind) -> str:
    return f"{kind}.schema.json"


def schema_text(kind: Kind) -> str:
    """The shipped schema, byte for byte as written by ``frontlijn schema``."""
    return (resources.files("frontlijn_game") / "schemas" / file_name(kind)).read_text("utf-8")


def schema(kind: Kind) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text(kind))
    return data


def modeline(kind: Kind, relative_to_schemas: str = f"../{SCHEMA_DIR}") -> str:
    """The first line that ties a YAML file to its schema (a path relative to that file)."""
    return f"# yaml-language-server: $schema={relative_to_schemas}/{file_name(kind)}"


def write_schemas(
    out_dir: Path, kinds: tuple[Kind, ...] = KINDS, overwrite: bool = True
) -> list[Path]:
    """Write the schemas into ``out_dir``; returns the files written (skipping existing
    ones when ``overwrite`` is false)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        path = out_dir / file_name(kind)
        if path.exists() and not overwrite:
            continue
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
