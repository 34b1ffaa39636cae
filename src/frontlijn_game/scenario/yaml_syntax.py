"""A YAML syntax error in a trainer's words: what went wrong, where the open bracket,
quote or block began, and the likely fix (PyYAML's own text names parser states).
"""

from __future__ import annotations

import yaml

_CONTEXTS = {
    "while parsing a flow sequence": "in the [ ] list opened at {at}",
    "while parsing a flow mapping": "in the { } mapping opened at {at}",
    "while scanning a quoted scalar": "in the quoted text that starts at {at}",
    "while parsing a block collection": "in the list that starts at {at}",
    "while parsing a block mapping": "in the mapping that starts at {at}",
    "while scanning a simple key": "in the key at {at}",
    "while scanning a block scalar": "in the text block that starts at {at}",
    "expected a single document in the stream": "the first document starts at {at}",
    "found duplicate anchor; first occurrence": "the first is at {at}",
}
_HINTS = (
    ("mapping values are not allowed", "is there a ': ' inside text (put the text in quotes) "
     "or is this line indented too far?"),
    ("could not find expected ':'", "a key needs a ':'; text over several lines may need quotes"),
    ("expected ',' or ']'", "is a ']' missing, or a ',' between the items?"),
    ("expected ',' or '}'", "is a '}' missing, or a ',' between the items?"),
    ("unexpected end of stream", "is a closing quote missing?"),
    ("expected '-' indicator", "the items of a list must line up; check the indentation"),
    ("expected <block end>", "check the indentation of this line"),
    ("did not find expected key", "check the indentation, or text after a closing quote"),
    ("undefined alias", "'*name' needs an earlier '&name'"),
    ("second document", "a file holds one case; remove the second '---' line"),
)  # fmt: skip


def syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's complaint in a trainer's words: what, where it started, and a likely fix."""
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context if exc.problem else None
    mark, cmark = exc.problem_mark, exc.context_mark
    where = ""
    if context and cmark is not None and (mark is None or cmark.line != mark.line):
        at = f"line {cmark.line + 1}, column {cmark.column + 1}"
        template = _CONTEXTS.get(context)
        where = f" ({template.replace('{at}', at)})" if template else f" ({context} at {at})"
    if context and "duplicate anchor" in context:
        problem = "an anchor (&name) is defined twice"
    if "another document" in problem:
        problem = "a second document starts here"
    hint = next((h for key, h in _HINTS if key in problem), "")
    if "cannot start any token" in problem and mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        char = line[mark.column : mark.column + 1]
        if char == "\t":
            problem, hint = "a tab character", "YAML indents with spaces only"
        elif char:
            problem = f"'{char}' cannot start a value here"
            hint = "put the text in quotes"
    return f"YAML syntax error: {problem}{where}" + (f"; {hint}" if hint else "")


__all__ = ["syntax_message"]
