"""A YAML syntax error in a trainer's words: what went wrong, where the open bracket,
quote or block began, and the likely fix (PyYAML's own text names parser states).
"""

from __future__ import annotations

import yaml

from frontlijn_game.i18n import N_, _

_CONTEXTS = {
    "while parsing a flow sequence": N_("in de [ ]-lijst die opent op {at}"),
    "while parsing a flow mapping": N_("in de {{ }}-mapping die opent op {at}"),
    "while scanning a quoted scalar": N_("in de tekst tussen aanhalingstekens die begint op {at}"),
    "while parsing a block collection": N_("in de lijst die begint op {at}"),
    "while parsing a block mapping": N_("in de mapping die begint op {at}"),
    "while scanning a simple key": N_("in de sleutel op {at}"),
    "while scanning a block scalar": N_("in het tekstblok dat begint op {at}"),
    "expected a single document in the stream": N_("het eerste document begint op {at}"),
    "found duplicate anchor; first occurrence": N_("het eerste staat op {at}"),
    "while scanning a plain scalar": N_("in de tekst die begint op {at}"),
    "while scanning an alias": N_("in de alias op {at}"),
    "while scanning an anchor": N_("in het anker op {at}"),
    "while parsing a node": N_("in de waarde op {at}"),
}
_HINTS = (
    ("mapping values are not allowed", N_("staat er een ': ' in een tekst (zet de tekst tussen "
     "aanhalingstekens) of springt deze regel te ver in?")),
    ("could not find expected ':'", N_("een sleutel heeft een ':' nodig; tekst over meer regels "
     "heeft misschien aanhalingstekens nodig")),
    ("expected ',' or ']'", N_("ontbreekt er een ']', of een ',' tussen de onderdelen?")),
    ("expected ',' or '}'", N_("ontbreekt er een '}}', of een ',' tussen de onderdelen?")),
    ("unexpected end of stream", N_("ontbreekt er een sluitend aanhalingsteken?")),
    ("expected '-' indicator", N_("de onderdelen van een lijst moeten onder elkaar staan; "
     "controleer het inspringen")),
    ("expected <block end>", N_("controleer het inspringen van deze regel")),
    ("did not find expected key", N_("controleer het inspringen, of tekst na een sluitend "
     "aanhalingsteken")),
    ("undefined alias", N_("'*naam' heeft eerder een '&naam' nodig")),
    ("second document", N_("een bestand bevat één casus; haal de tweede regel '---' weg")),
    ("tab character that violates", N_("YAML springt alleen in met spaties")),
)  # fmt: skip
_PROBLEMS = {
    "mapping values are not allowed in this context": N_("hier mag geen 'sleutel: waarde' staan"),
    "mapping values are not allowed here": N_("hier mag geen 'sleutel: waarde' staan"),
    "block sequence entries are not allowed in this context": N_(
        "hier mag geen lijstonderdeel ('- ') staan"
    ),
    "could not find expected ':'": N_("de verwachte ':' ontbreekt"),
    "did not find expected key": N_("de verwachte sleutel ontbreekt"),
    "did not find expected '-' indicator": N_("het verwachte '-' van een lijst ontbreekt"),
    "did not find expected ',' or ']'": N_("de verwachte ',' of ']' ontbreekt"),
    "did not find expected ',' or '}'": N_("de verwachte ',' of '}}' ontbreekt"),
    "did not find expected node content": N_("de verwachte waarde ontbreekt"),
    "expected ',' or ']', but got": N_("een ',' of ']' verwacht, maar gevonden: {rest}"),
    "expected ',' or '}', but got": N_("een ',' of '}}' verwacht, maar gevonden: {rest}"),
    "found unexpected end of stream": N_("onverwacht einde van het bestand"),
    "found undefined alias": N_("onbekende alias"),
    "found a tab character that violates indentation": N_("een tabteken verstoort het inspringen"),
    "found unknown escape character": N_("onbekend escapeteken"),
    "found character that cannot start any token": N_("een teken dat geen waarde kan beginnen"),
    "invalid YAML": N_("ongeldige YAML"),
}
"""PyYAML's most common complaints in the interface language (matched on their start;
the rest is shown as PyYAML says it)."""


def _problem_text(problem: str) -> str:
    for start, text in _PROBLEMS.items():
        if problem.startswith(start):
            rest = problem[len(start) :].strip()
            shown = _(text).format(rest=rest)
            return shown if "{rest}" in text or not rest else f"{shown} {rest}"
    return problem


def syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's complaint in a trainer's words: what, where it started, and a likely fix."""
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context if exc.problem else None
    mark, cmark = exc.problem_mark, exc.context_mark
    where = ""
    if context and cmark is not None and (mark is None or cmark.line != mark.line):
        at = _("regel {line}, kolom {col}").format(line=cmark.line + 1, col=cmark.column + 1)
        template = _CONTEXTS.get(context)
        where = (
            f" ({_(template).format(at=at)})"
            if template
            else " " + _("({context} op {at})").format(context=context, at=at)
        )
    shown = _problem_text(problem)
    if context and "duplicate anchor" in context:
        shown = _("een anker (&naam) is twee keer gedefinieerd")
    if "another document" in problem:
        problem = "a second document starts here"  # PyYAML's words, for the hint below
        shown = _("hier begint een tweede document")
    hint = next((_(h).format() for key, h in _HINTS if key in problem), "")
    if "cannot start any token" in problem and mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        char = line[mark.column : mark.column + 1]
        if char == "\t":
            shown, hint = _("een tabteken"), _("YAML springt alleen in met spaties")
        elif char:
            shown = _("'{char}' kan hier geen waarde beginnen").format(char=char)
            hint = _("zet de tekst tussen aanhalingstekens")
    message = _("YAML-syntaxfout: {problem}{where}").format(problem=shown, where=where)
    return message + (f"; {hint}" if hint else "")


__all__ = ["syntax_message"]
