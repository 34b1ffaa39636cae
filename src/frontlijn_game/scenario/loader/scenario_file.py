"""A whole scenario file: the top-level keys, the order of the parts, the entry points.

The order matters: ids of scenes and choices are collected before any scene is read, so
expressions can name what comes further down; checks that need every id run after the
first pass; warnings run only on a case without errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from frontlijn_game.i18n import _
from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.diagnostics import (
    ContentError,
    Diagnostic,
    Diagnostics,
    Loc,
    did_you_mean,
)
from frontlijn_game.scenario.loader import optional_keys as extra
from frontlijn_game.scenario.loader.case_warnings import warn_about_case
from frontlijn_game.scenario.loader.choices import collect_choice_ids
from frontlijn_game.scenario.loader.context import LoadContext, content_hash
from frontlijn_game.scenario.loader.declarations import read_actors, read_facts
from frontlijn_game.scenario.loader.keys import SCENARIO_FORMAT, TOP_KEYS
from frontlijn_game.scenario.loader.reading import SCENARIO_ID
from frontlijn_game.scenario.loader.scenes import read_scene
from frontlijn_game.scenario.loader.scoring import read_scoring
from frontlijn_game.scenario.loader.variables import read_variables
from frontlijn_game.scenario.model import Scenario, Scene
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar


def read_scenario(ctx: LoadContext, text: str, root: YNode) -> Scenario | None:
    r = ctx.r
    ctx.text = text
    top = r.mapping(root, _("een scenariobestand"), Loc(1, 1))
    if top is None:
        return None
    fmt = r.string(r.get(top, "format"), "format")
    if "format" not in top.items:
        ctx.d.error(
            top.loc,
            "missing-key",
            _("het bestand heeft 'format: {format}' nodig").format(format=SCENARIO_FORMAT),
        )
    elif fmt is not None and fmt != SCENARIO_FORMAT:
        ctx.d.error(
            r.key_loc(top, "format"),
            "unknown-format",
            _("formaat '{format}' wordt niet ondersteund; deze versie leest '{known}'").format(
                format=fmt, known=SCENARIO_FORMAT
            ),
        )
        return None
    r.keys(top, TOP_KEYS, ("id", "title", "scoring", "start", "scenes"), _("het scenario"))

    sid = r.ident(r.get(top, "id"), _("scenario-id"), SCENARIO_ID)
    title = r.string(r.get(top, "title"), "title")
    language = r.string(r.get(top, "language"), "language")
    if language is not None and language not in ("nl", "en"):
        ctx.d.error(
            ctx.value_loc(top, "language"),
            "out-of-range",
            _("language moet nl of en zijn, maar is '{value}'").format(value=language),
        )
        language = None
    ctx.language = language or "nl"
    role = r.string(r.get(top, "role"), "role")
    summary = r.string(r.get(top, "summary"), "summary")
    minutes = r.integer(r.get(top, "estimated_minutes"), "estimated_minutes", 1, None)
    tags = tuple(t for t, _loc in r.ident_list(r.get(top, "tags"), "tag", "tags"))

    ctx.actors = read_actors(ctx, r.get(top, "actors"))
    sources = extra.sources(r, r.get(top, "sources"))
    ctx.roles = extra.roles(r, r.get(top, "roles"))
    ctx.facts = read_facts(ctx, r.get(top, "facts"))
    ctx.variables = read_variables(ctx, r.get(top, "variables"))
    scenes_node = r.mapping(r.get(top, "scenes"), "scenes")
    if scenes_node is not None:
        for key, (key_loc, _node) in scenes_node.items.items():
            if r.key_ident(key, key_loc, _("scène-id")):
                ctx.scene_ids[key] = key_loc
        if not scenes_node.items:
            ctx.d.error(
                scenes_node.loc, "missing-key", _("scenes moet minstens één scène bevatten")
            )
    # Choice ids first, so expressions can name any choice of any scene.
    if scenes_node is not None:
        collect_choice_ids(ctx, scenes_node)
    scoring = read_scoring(ctx, r.get(top, "scoring"), r.key_loc(top, "scoring"))
    start = r.ident(r.get(top, "start"), "start")
    if start is not None and start not in ctx.scene_ids:
        ctx.d.error(
            ctx.value_loc(top, "start"),
            "unknown-scene",
            _("startscène '{scene}' bestaat niet{hint}").format(
                scene=start, hint=did_you_mean(start, ctx.scene_ids)
            ),
        )
    scenes: dict[str, Scene] = {}
    if scenes_node is not None:
        for key, (key_loc, node) in scenes_node.items.items():
            if key in ctx.scene_ids:
                scene = read_scene(ctx, key, key_loc, node)
                if scene is not None:
                    scenes[key] = scene
    for check_later in ctx.deferred:
        check_later()
    if ctx.d.has_errors or sid is None or title is None or scoring is None or start is None:
        return None
    scenario = Scenario(
        id=sid,
        title=title,
        language="en" if ctx.language == "en" else "nl",
        role=role,
        summary=summary,
        estimated_minutes=minutes,
        tags=tags,
        actors=ctx.actors,
        facts=ctx.facts,
        variables=ctx.variables,
        scoring=scoring,
        start=start,
        scenes=scenes,
        path=ctx.path,
        source=text,
        content_hash=content_hash(ctx.data),
        sources=sources,
        roles=ctx.roles,
    )
    warn_about_case(ctx, scenario)
    extra.check_forbidden(ctx.d, scenario, ctx.forbidden_locs)
    return scenario


def load_scenario_bytes(path: str, data: bytes) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one scenario; returns the model (None on errors) and every diagnostic."""
    diags = Diagnostics(path)
    text, root = yamltree.read(data, diags)
    scenario = None
    if text is not None and root is not None:
        # Even after YAML-level problems (duplicate keys, tags) the full check runs.
        scenario = read_scenario(LoadContext(path, data, diags), text, root)
    return (scenario if not diags.has_errors else None), diags.sorted()


def load_scenario(path: str | Path) -> tuple[Scenario | None, list[Diagnostic]]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        diags = Diagnostics(str(path))
        diags.error(
            Loc(1, 1),
            "unreadable",
            _("kan het bestand niet lezen: {error}").format(error=exc.strerror or exc),
        )
        return None, diags.items
    return load_scenario_bytes(str(path), data)


def load_scenario_or_raise(path: str | Path) -> Scenario:
    scenario, diagnostics = load_scenario(path)
    if scenario is None:
        raise ContentError([d for d in diagnostics if d.severity == "error"])
    return scenario


def scenario_from_text(source: str, path: str = "<snapshot>") -> Scenario:
    """Rebuild a scenario from stored YAML text (attempt snapshots)."""
    scenario, diagnostics = load_scenario_bytes(path, source.encode("utf-8"))
    if scenario is None:
        raise ContentError([d for d in diagnostics if d.severity == "error"])
    return scenario


def peek_format(node: Any) -> str | None:
    """The ``format`` value of a parsed file, to route it to the right loader."""
    if isinstance(node, YMap):
        fmt = node.items.get("format")
        if fmt is not None and isinstance(fmt[1], YScalar) and isinstance(fmt[1].value, str):
            return fmt[1].value
    return None
