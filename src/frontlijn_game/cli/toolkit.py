"""Trainer's toolkit commands: ``test``, ``graph``, ``inspect``, ``new`` and ``schema``.

Each turns one module of :mod:`frontlijn_game.authoring` into a command with DESIGN.md's
exit codes: 0 ok, 1 content problems (a failing test, a bad file, an unknown name, a file
that exists), 2 usage errors (click's own). No user error ends in a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from frontlijn_game.cli.content import load_scenario_arg, sniff_format
from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import emit_json, fail, print_diagnostics
from frontlijn_game.i18n import _, ngettext

TESTS_SUFFIXES = (".tests.yaml", ".tests.yml")


def _symbols() -> tuple[str, str]:
    """✓ and ✗ where the terminal can print them, else PASS and FAIL."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "PASS", "FAIL"
    return "✓", "✗"


# ---------------------------------------------------------------------------- test


def find_test_files(
    paths: tuple[str, ...], app: AppContext | None = None
) -> tuple[list[Path], list[str]]:
    """Test files under ``paths``: folders are searched for ``*.tests.yaml``; a case file
    (or a case id, looked for as ``run`` does) stands for the test file beside it.
    Returns the files and problems to report."""
    from frontlijn_game.scenario.content import find_scenario

    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            found_case = find_scenario(app.search_roots(), raw) if app is not None else None
            if found_case is None:
                places = app.searched() if app is not None else "."
                problems.append(
                    _(
                        "geen bestand, map of casus-id '{ref}' gevonden (gezocht in {places})"
                    ).format(ref=raw, places=places)
                )
                continue
            path = found_case
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.endswith(TESTS_SUFFIXES)
            )
            if not found:
                problems.append(_("geen *.tests.yaml-bestanden onder {folder}").format(folder=path))
            files.extend(found)
            continue
        if path.name.endswith(TESTS_SUFFIXES) or sniff_format(path) == "frontlijn/tests@1":
            files.append(path)
            continue
        beside = [path.with_name(path.stem + s) for s in TESTS_SUFFIXES]
        found_beside = [p for p in beside if p.is_file()]
        if found_beside:
            files.append(found_beside[0])
        else:
            problems.append(
                _("{path} is geen testbestand en heeft geen {name} ernaast").format(
                    path=path, name=beside[0].name
                )
            )
    return list(dict.fromkeys(files)), problems


@click.command(
    "test",
    help=N_(
        "Draai testbestanden met gouden paden (formaat frontlijn/tests@1).\n\nPATHS zijn testbestanden, mappen (doorzocht op *.tests.yaml) of casusbestanden (hun\n<id>.tests.yaml ernaast wordt gedraaid). Elk geval speelt zijn keuzes en trekkingen\nopnieuw door de engine en controleert het verwachte einde, de grenzen, het oordeel en\nde variabelen. Exitcode 1 bij elk falend geval of fout testbestand."
    ),
)
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help=N_("Toon één JSON-object op stdout."))
@pass_app
def test_command(app: AppContext, paths: tuple[str, ...], as_json: bool) -> None:
    from frontlijn_game.authoring.golden import ScenarioCache, load_test_file, run_file

    files, problems = find_test_files(paths, app)
    for problem in problems:
        click.echo(_("frontlijn: fout: {message}").format(message=problem), err=True)
    cache: ScenarioCache = {}
    diagnostics = []
    reports: list[dict[str, Any]] = []
    passed = failed = bad_files = 0
    ok_mark, fail_mark = _symbols()
    for path in files:
        test_file, found = load_test_file(path, app.content_dir, cache)
        errors = [d for d in found if d.severity == "error"]
        diagnostics.extend(errors)
        if test_file is None:
            bad_files += 1
            print_diagnostics(errors)
            reports.append({"file": str(path), "ok": False, "cases": []})
            continue
        result = run_file(test_file)
        cases = [c.to_json() for c in result.cases]
        reports.append(
            {
                "file": str(path),
                "scenario": test_file.scenario.id,
                "ok": result.ok,
                "cases": cases,
            }
        )
        passed += sum(1 for c in result.cases if c.ok)
        failed += sum(1 for c in result.cases if not c.ok)
        if as_json:
            continue
        click.echo(f"{path} ({test_file.scenario.id})")
        for case in result.cases:
            if case.ok:
                click.echo(f"  {ok_mark} {case.case.name}")
                continue
            click.echo(f"  {fail_mark} {case.case.name}  [{path}:{case.case.loc.line}]")
            if case.error is not None:
                click.echo(f"      {case.error}")
            for miss in case.failures:
                click.echo(
                    "      "
                    + _("{key}: verwacht {expected}, gekregen {got}").format(
                        key=miss.key, expected=miss.expected, got=miss.got
                    )
                )
    ok = failed == 0 and bad_files == 0 and not problems
    if as_json:
        emit_json(
            {
                "ok": ok,
                "files": len(files),
                "cases": passed + failed,
                "passed": passed,
                "failed": failed,
                "bad_files": bad_files,
                "results": reports,
                "diagnostics": [d.to_json() for d in diagnostics],
                "problems": problems,
            }
        )
    else:
        counted_cases = ngettext("{n} geval", "{n} gevallen", passed + failed).format(
            n=passed + failed
        )
        counted = ngettext("{n} bestand", "{n} bestanden", len(files)).format(n=len(files))
        if bad_files:
            counted += _(", {n} met fouten").format(n=bad_files)
        summary = _("{cases}: {passed} geslaagd, {failed} gefaald ({files})").format(
            cases=counted_cases, passed=passed, failed=failed, files=counted
        )
        click.echo(summary, err=not ok)
    if not ok:
        sys.exit(1)


# ---------------------------------------------------------------------------- graph


@click.command(
    "graph",
    help=N_(
        "Teken FILE (een pad of een scenario-id) als graaf van scènes en keuzes.\n\nPijlen dragen de keuzetekst, haar voorwaarde, en de conditie van de tak of de kans;\neindes zijn groen (good), oranje (mixed) of rood (bad); onbereikbare scènes en vallen\n(geen einde bereikbaar) worden gemarkeerd."
    ),
)
@click.argument("file")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help=N_("Mermaid-stroomschema (Markdown, GitHub, mermaid.live) of Graphviz DOT."),
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False),
    help=N_("Schrijf naar OUT (standaard stdout)."),
)
@click.option(
    "--no-analysis",
    is_flag=True,
    help=N_("Markeer alleen wat de scènegraaf laat zien (sla de padanalyse met voorwaarden over)."),
)
@pass_app
def graph_command(
    app: AppContext, file: str, fmt: str, output: str | None, no_analysis: bool
) -> None:
    from frontlijn_game.authoring.graph import render

    scenario = load_scenario_arg(app, file)
    text = render(scenario, "dot" if fmt == "dot" else "mermaid", analyse=not no_analysis)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(_("kan {file} niet schrijven: {error}").format(file=output, error=exc.strerror or exc))
    click.echo(_("{file} geschreven").format(file=output), err=True)


# ---------------------------------------------------------------------------- inspect

KIND_WORDS = {
    "variable": N_("variabele"),
    "fact": N_("feit"),
    "actor": N_("actor"),
    "scene": N_("scène"),
    "choice": N_("keuze"),
    "tag": N_("tag"),
}
"""The kinds of :func:`frontlijn_game.authoring.inspector.inspect` as a trainer reads them
(``--json`` keeps the English words)."""
USE_WORDS = {
    "declared": N_("gedeclareerd"),
    "start": N_("start"),
    "set": N_("zet"),
    "add": N_("wijzigt"),
    "read": N_("gelezen"),
    "shown": N_("getoond"),
    "revealed": N_("onthuld"),
    "carried": N_("gedragen"),
    "goto": N_("goto"),
    "tagged": N_("getagd"),
    "order": N_("volgorde"),
}
"""How a row of ``inspect`` names its use (``--json`` keeps the English word)."""
COUNT_WORDS = {
    **USE_WORDS,
    "set": N_("gezet"),
    "add": N_("gewijzigd"),
    "goto": N_("keer naartoe gegaan"),
    "order": N_("in volgorderegels"),
}
"""How the count line of ``inspect`` names each use: ``2 gezet, 3 gewijzigd``."""


def where_words(where: str) -> str:
    """``goto condition``, ``text of fact x``: the key a use sits in, in the UI language."""
    fixed = {
        "guard": N_("voorwaarde"),
        "goto condition": N_("goto-voorwaarde"),
        "text": N_("scènetekst"),
        "ending label": N_("label van het einde"),
        "consequence": N_("gevolg"),
        "feedback": N_("feedback"),
    }
    if where in fixed:
        return _(fixed[where])
    if where.startswith("text of fact "):
        return _("tekst van feit {id}").format(id=where.removeprefix("text of fact "))
    return where


@click.command(
    "inspect",
    help=N_(
        "Toon waar NAME gedeclareerd, veranderd, gelezen en getoond wordt in FILE.\n\nNAME is een variabele (gezet, veranderd door effecten, gelezen door voorwaarden en\ngoto's met voorwaarden, getoond in teksten), een feit (waar onthuld), een actor (welke\nkeuzes hem dragen), een scène, een keuze of een tag. FILE is een pad of een scenario-id."
    ),
)
@click.argument("name")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help=N_("Toon één JSON-object op stdout."))
@pass_app
def inspect_command(app: AppContext, name: str, file: str, as_json: bool) -> None:
    from frontlijn_game.authoring.inspector import inspect, suggest

    scenario = load_scenario_arg(app, file)
    found = inspect(scenario, name)
    if not found:
        fail(
            _(
                "'{name}' is geen variabele, feit, actor, scène, keuze of tag van {path}{hint}"
            ).format(name=name, path=scenario.path, hint=suggest(scenario, name))
        )
    if as_json:
        emit_json(
            {
                "name": name,
                "file": scenario.path,
                "matches": [
                    {
                        "kind": item.kind,
                        "summary": item.summary,
                        "counts": item.counts(),
                        "uses": [u.to_json(scenario.path) for u in item.uses],
                    }
                    for item in found
                ],
            }
        )
        return
    for index, item in enumerate(found):
        if index:
            click.echo()
        click.echo(f"{_(KIND_WORDS.get(item.kind, item.kind))} '{name}': {item.summary}")
        rows = []
        for use in item.uses:
            where = f"{scenario.path}:{use.loc.line}:{use.loc.col}"
            verb = _(USE_WORDS.get(use.use, use.use))
            action = (
                verb if not use.detail or use.use not in ("add", "set") else f"{verb} {use.detail}"
            )
            context = ", ".join(
                part
                for part in (
                    _("scène {id}").format(id=use.scene) if use.scene else "",
                    _("keuze {id}").format(id=use.choice) if use.choice else "",
                    where_words(use.where) if use.where not in ("effects", "scenes", "id") else "",
                )
                if part
            )
            detail = use.detail if use.use not in ("add", "set") else ""
            rows.append((where, action, context + (f": {detail}" if detail else "")))
        width_where = max((len(r[0]) for r in rows), default=0)
        width_action = max((len(r[1]) for r in rows), default=0)
        for where, action, context in rows:
            click.echo(f"  {where:<{width_where}}  {action:<{width_action}}  {context}".rstrip())
        counts = item.counts()
        click.echo("  " + ", ".join(f"{n} {_(COUNT_WORDS.get(k, k))}" for k, n in counts.items()))
        if item.kind == "variable" and not any(k in counts for k in ("read", "shown")):
            click.echo(_("  (nooit gelezen of getoond: het verandert niet wat iemand ziet)"))


# ---------------------------------------------------------------------------- new


@click.command(
    "new",
    help=N_(
        "Begin een scenario (met een slagend testbestand) of een curriculum vanuit een sjabloon.\n\nHet scenariosjabloon laat elk onderdeel van het formaat zien met Nederlandse\nvoorbeeldtekst en slaagt voor `frontlijn validate --strict` en `frontlijn test` zoals\nhet er staat. Bestaande bestanden worden nooit overschreven."
    ),
)
@click.argument("kind", type=click.Choice(["scenario", "curriculum"]))
@click.argument("item_id", metavar="ID")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help=N_(
        "Inhoudsmap (bestanden komen in scenarios/ of curricula/ daarvan); een map scenarios/ of curricula/ zelf wordt gebruikt zoals hij is."
    ),
)
def new_command(kind: str, item_id: str, directory: str) -> None:
    from frontlijn_game.authoring.scaffold import ScaffoldError, new_curriculum, new_scenario

    try:
        if kind == "scenario":
            made = new_scenario(item_id, Path(directory))
        else:
            made = new_curriculum(item_id, Path(directory))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    except ScaffoldError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(_("kan niet schrijven: {error}").format(error=exc.strerror or exc))
    for path in made.files:
        click.echo(_("{file} geschreven").format(file=path))
    for note in made.notes:
        click.echo(_("let op: {note}").format(note=note))
    if kind == "scenario":
        case, tests = made.files[0], made.files[1]
        click.echo(
            _("volgende stap: frontlijn validate --strict {case} && frontlijn test {tests}").format(
                case=case, tests=tests
            )
        )


# ---------------------------------------------------------------------------- schema


@click.command(
    "schema",
    help=N_(
        "Toon of schrijf de JSON Schema's van de inhoudsformaten, voor editorondersteuning.\n\nMet een YAML-language-server (bijv. de YAML-extensie van VS Code) krijgt een bestand\naanvullen, uitleg en markering van tikfouten uit zijn schema, via een modeline op de\neerste regel zoals `# yaml-language-server: $schema=../schemas/scenario.schema.json`."
    ),
)
@click.argument("kind", required=False, type=click.Choice(["scenario", "curriculum", "tests"]))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    help=N_("Schrijf <kind>.schema.json in deze map (alle drie zonder KIND)."),
)
def schema_command(kind: str | None, out_dir: str | None) -> None:
    from frontlijn_game.authoring.schema import KINDS, Kind, schema_text, write_schemas

    chosen: tuple[Kind, ...] = KINDS if kind is None else tuple(k for k in KINDS if k == kind)
    if out_dir is None:
        if kind is None:
            raise click.UsageError(
                _(
                    "noem een schema (scenario, curriculum of tests) om het te tonen, of geef "
                    "-o MAP om alle drie te schrijven"
                )
            )
        click.echo(schema_text(chosen[0]), nl=False)
        return
    try:
        written = write_schemas(Path(out_dir), chosen)
    except OSError as exc:
        fail(
            _("kan niet schrijven naar {folder}: {error}").format(
                folder=out_dir, error=exc.strerror or exc
            )
        )
    for path in written:
        click.echo(_("{file} geschreven").format(file=path))


COMMANDS: list[click.Command] = [
    test_command,
    graph_command,
    inspect_command,
    new_command,
    schema_command,
]

__all__ = ["COMMANDS", "find_test_files"]
