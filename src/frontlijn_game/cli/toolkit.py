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
from frontlijn_game.cli.output import emit_json, fail, print_diagnostics
from frontlijn_game.i18n import _

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
                problems.append(f"no *.tests.yaml files under {path}")
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
            problems.append(f"{path} is not a test file and has no {beside[0].name} beside it")
    return list(dict.fromkeys(files)), problems


@click.command("test")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@pass_app
def test_command(app: AppContext, paths: tuple[str, ...], as_json: bool) -> None:
    """Run golden-path test files (format frontlijn/tests@1).

    PATHS are test files, folders (searched for *.tests.yaml) or case files (their
    <id>.tests.yaml beside them is run). Each case replays its choices and draws through
    the engine and checks the expected ending, bounds, verdict and variables. Exit code 1
    on any failing case or bad test file.
    """
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
                click.echo(f"      {miss.key}: expected {miss.expected}, got {miss.got}")
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
        summary = f"{passed + failed} case{'s' if passed + failed != 1 else ''}: {passed} passed, {failed} failed"
        summary += f" ({len(files)} file{'s' if len(files) != 1 else ''}"
        summary += f", {bad_files} with errors)" if bad_files else ")"
        click.echo(summary, err=not ok)
    if not ok:
        sys.exit(1)


# ---------------------------------------------------------------------------- graph


@click.command("graph")
@click.argument("file")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="Mermaid flowchart (Markdown, GitHub, mermaid.live) or Graphviz DOT.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False),
    help="Write to OUT (default stdout).",
)
@click.option(
    "--no-analysis",
    is_flag=True,
    help="Mark only what the scene graph shows (skip the guard-aware path analysis).",
)
@pass_app
def graph_command(
    app: AppContext, file: str, fmt: str, output: str | None, no_analysis: bool
) -> None:
    """Draw FILE (a path or a scenario id) as a graph of scenes and choices.

    Edges carry the choice text, its guard, and the branch condition or chance; endings
    are green (good), orange (mixed) or red (bad); unreachable scenes and traps (no
    ending reachable) are marked.
    """
    from frontlijn_game.authoring.graph import render

    scenario = load_scenario_arg(app, file)
    text = render(scenario, "dot" if fmt == "dot" else "mermaid", analyse=not no_analysis)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"wrote {output}", err=True)


# ---------------------------------------------------------------------------- inspect


@click.command("inspect")
@click.argument("name")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@pass_app
def inspect_command(app: AppContext, name: str, file: str, as_json: bool) -> None:
    """Show where NAME is declared, changed, read and shown in FILE.

    NAME is a variable (set, changed by effects, read by guards and conditional gotos,
    shown in texts), a fact (revealed where), an actor (carried by which choices), a
    scene, a choice or a tag. FILE is a path or a scenario id.
    """
    from frontlijn_game.authoring.inspector import inspect, suggest

    scenario = load_scenario_arg(app, file)
    found = inspect(scenario, name)
    if not found:
        fail(
            f"'{name}' is no variable, fact, actor, scene, choice or tag of "
            f"{scenario.path}{suggest(scenario, name)}"
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
        click.echo(f"{item.kind} '{name}': {item.summary}")
        rows = []
        for use in item.uses:
            where = f"{scenario.path}:{use.loc.line}:{use.loc.col}"
            action = (
                use.use
                if not use.detail or use.use not in ("add", "set")
                else f"{use.use} {use.detail}"
            )
            context = ", ".join(
                part
                for part in (
                    f"scene {use.scene}" if use.scene else "",
                    f"choice {use.choice}" if use.choice else "",
                    use.where if use.where not in ("effects", "scenes", "id") else "",
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
        names = {"add": "changed", "goto": "gone to", "order": "in order rules"}
        click.echo("  " + ", ".join(f"{n} {names.get(k, k)}" for k, n in counts.items()))
        if item.kind == "variable" and not any(k in counts for k in ("read", "shown")):
            click.echo("  (never read or shown: it does not change what anyone sees)")


# ---------------------------------------------------------------------------- new


@click.command("new")
@click.argument("kind", type=click.Choice(["scenario", "curriculum"]))
@click.argument("item_id", metavar="ID")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Content folder (files go to its scenarios/ or curricula/); a scenarios/ or "
    "curricula/ folder itself is used as is.",
)
def new_command(kind: str, item_id: str, directory: str) -> None:
    """Start a scenario (with a passing test file) or a curriculum from a template.

    The scenario template shows every feature of the format with Dutch sample text and
    passes `frontlijn validate --strict` and `frontlijn test` as written. Existing files
    are never overwritten.
    """
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
        fail(f"cannot write: {exc.strerror or exc}")
    for path in made.files:
        click.echo(f"wrote {path}")
    for note in made.notes:
        click.echo(f"note: {note}")
    if kind == "scenario":
        case, tests = made.files[0], made.files[1]
        click.echo(f"next: frontlijn validate --strict {case} && frontlijn test {tests}")


# ---------------------------------------------------------------------------- schema


@click.command("schema")
@click.argument("kind", required=False, type=click.Choice(["scenario", "curriculum", "tests"]))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Write <kind>.schema.json into this folder (all three without KIND).",
)
def schema_command(kind: str | None, out_dir: str | None) -> None:
    """Print or write the JSON Schemas of the content formats, for editor support.

    With a YAML language server (e.g. VS Code's YAML extension) a file gets completion,
    hover help and typo marks from its schema through a first-line modeline such as
    `# yaml-language-server: $schema=../schemas/scenario.schema.json`.
    """
    from frontlijn_game.authoring.schema import KINDS, Kind, schema_text, write_schemas

    chosen: tuple[Kind, ...] = KINDS if kind is None else tuple(k for k in KINDS if k == kind)
    if out_dir is None:
        if kind is None:
            raise click.UsageError(
                "name a schema (scenario, curriculum or tests) to print it, "
                "or give -o DIR to write all three"
            )
        click.echo(schema_text(chosen[0]), nl=False)
        return
    try:
        written = write_schemas(Path(out_dir), chosen)
    except OSError as exc:
        fail(f"cannot write to {out_dir}: {exc.strerror or exc}")
    for path in written:
        click.echo(f"wrote {path}")


COMMANDS: list[click.Command] = [
    test_command,
    graph_command,
    inspect_command,
    new_command,
    schema_command,
]

__all__ = ["COMMANDS", "find_test_files"]
