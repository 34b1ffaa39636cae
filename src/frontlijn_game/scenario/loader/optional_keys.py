"""The optional keys added to ``frontlijn/scenario@1`` after it shipped (DESIGN.md key table).

``sources``, choice ``basis``/``position``/``share``, ``scoring.forbidden``, ``roles``,
fact ``known_by`` and scene ``decided_by``. They live apart from the v1 loader so that a
file without them takes exactly the old path: every default here is "absent", and v1
files load unchanged. Each function reports through the shared :class:`Reader`, with the
same codes and wording as the rest of the loader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from frontlijn_game.scenario.diagnostics import Diagnostics, Loc, did_you_mean
from frontlijn_game.scenario.model import Role, Scenario, Source
from frontlijn_game.scenario.yamltree import YMap, YNode

if TYPE_CHECKING:
    from frontlijn_game.scenario.loader.reading import Reader

SOURCE_KEYS = ("title", "url", "note")
ROLE_KEYS = ("title", "brief")
POSITIONS = ("last",)
RESERVED_TAGS = frozenset({"help", "sanction"})
URL = re.compile(r"https?://\S+\Z")
"""Sources are links in the browser door: only web addresses, never ``javascript:``."""


def sources(r: Reader, node: YNode | None) -> tuple[Source, ...]:
    """``sources``: a list of ``{title, url, note}``; bad entries are reported and left out."""
    out: list[Source] = []
    for item in r.seq(node, "sources"):
        m = r.mapping(item, "a source")
        if m is None:
            continue
        r.keys(m, SOURCE_KEYS, ("title",), "a source")
        title = r.string(r.get(m, "title"), "the title of a source")
        url_node = r.get(m, "url")
        url = r.string(url_node, "the url of a source")
        if url is not None and url_node is not None and not URL.match(url):
            r.d.error(
                url_node.loc,
                "bad-url",
                f"source url '{url[:80]}' is not a web address: write it as https://...",
            )
            url = None
        note = r.string(r.get(m, "note"), "the note of a source")
        if title is not None:
            out.append(Source(title, url, note, m.loc))
    return tuple(out)


def roles(r: Reader, node: YNode | None) -> dict[str, Role]:
    """``roles.<id>``: ``title`` (required) and ``brief``."""
    out: dict[str, Role] = {}
    ymap = r.mapping(node, "roles")
    if ymap is None:
        return out
    for key, (key_loc, item) in ymap.items.items():
        if not r.key_ident(key, key_loc, "role id"):
            continue
        m = r.mapping(item, f"role '{key}'", key_loc)
        if m is None:
            continue
        r.keys(m, ROLE_KEYS, ("title",), f"role '{key}'")
        title = r.string(r.get(m, "title"), "the title of a role")
        brief = r.string(r.get(m, "brief"), "the brief of a role") or ""
        if title is not None:
            out[key] = Role(key, title, brief, key_loc)
    return out


def role_ids(
    r: Reader, node: YNode | None, known: dict[str, Role], what: str, key: str
) -> tuple[str, ...]:
    """A list of role ids (fact ``known_by``), each checked against ``roles``."""
    out: list[str] = []
    for rid, loc in r.ident_list(node, what, key):
        if _known_role(r, rid, loc, known, what):
            out.append(rid)
    return tuple(dict.fromkeys(out))


def decided_by(
    r: Reader, m: YMap, known: dict[str, Role], sid: str, has_choices: bool
) -> str | None:
    """Scene ``decided_by``: a role id, only on a scene where somebody chooses."""
    node = r.get(m, "decided_by")
    if node is None:
        return None
    rid = r.ident(node, "decided_by")
    if rid is None or not _known_role(r, rid, node.loc, known, "decided_by role"):
        return None
    if not has_choices:
        r.d.error(
            r.key_loc(m, "decided_by"),
            "scene-shape",
            f"scene '{sid}' has no choices, so nobody decides there: remove 'decided_by'",
        )
        return None
    return rid


def _known_role(r: Reader, rid: str, loc: Loc, known: dict[str, Role], what: str) -> bool:
    if rid in known:
        return True
    hint = did_you_mean(rid, known) if known else "; declare it under 'roles'"
    r.d.error(loc, "unknown-role", f"{what} '{rid}' is not declared{hint}")
    return False


def basis(r: Reader, m: YMap) -> str | None:
    """Choice ``basis``: the legal or policy basis of the act (plain text)."""
    node = r.get(m, "basis")
    text = r.string(node, "basis")
    if text is not None and node is not None and not text.strip():
        r.d.error(node.loc, "wrong-type", "basis is empty: name the basis or leave 'basis' out")
        return None
    return text


def position(r: Reader, m: YMap) -> Literal["last"] | None:
    """Choice ``position``: only ``last`` (keeps the option last when options are shuffled)."""
    node = r.get(m, "position")
    value = r.string(node, "position")
    if value is None or node is None:
        return None
    if value != "last":
        r.d.error(
            node.loc,
            "out-of-range",
            f"position must be 'last', got '{value}'{did_you_mean(value, POSITIONS)}",
        )
        return None
    return "last"


def share(r: Reader, m: YMap, facts: Mapping[str, object]) -> tuple[str, ...]:
    """Choice ``share``: fact ids that become known to every role."""
    out: list[str] = []
    for fid, loc in r.ident_list(r.get(m, "share"), "shared fact", "share"):
        if fid not in facts:
            r.d.error(
                loc,
                "unknown-fact",
                f"shared fact '{fid}' is not declared{did_you_mean(fid, facts)}",
            )
        else:
            out.append(fid)
    return tuple(dict.fromkeys(out))


def forbidden(
    r: Reader, node: YNode | None, competencies: dict[str, int]
) -> tuple[tuple[str, ...], dict[str, Loc], bool]:
    """``scoring.forbidden``: tags, each one rule; returns the tags, their places and ok.

    A tag both forbidden and a competency would reward and punish the same act: an error.
    """
    tags: dict[str, Loc] = {}
    ok = True
    if node is not None:
        for tag, loc in r.ident_list(node, "forbidden tag", "forbidden"):
            if tag in RESERVED_TAGS:
                r.d.error(
                    loc,
                    "reserved-tag",
                    f"'{tag}' is reserved and cannot be forbidden: forbid a tag that the "
                    "wrong choices carry",
                )
                ok = False
            elif tag in tags:
                r.d.error(
                    loc,
                    "duplicate-id",
                    f"forbidden tag '{tag}' is already listed at line {tags[tag].line}",
                )
                ok = False
            elif tag in competencies:
                r.d.error(
                    loc,
                    "forbidden-competency",
                    f"'{tag}' is both forbidden and a competency, so one act would earn and "
                    "break the score: use another tag for one of them",
                )
                ok = False
            else:
                tags[tag] = loc
    return tuple(tags), tags, ok


def check_forbidden(d: Diagnostics, scenario: Scenario, locs: dict[str, Loc]) -> None:
    """A forbidden tag no choice carries is a rule nobody can break: a warning, like an
    unused competency."""
    carried = {t for c in scenario.choices.values() for t in c.tags}
    for tag in scenario.scoring.forbidden:
        if tag not in carried:
            d.warning(
                locs.get(tag, Loc(1, 1)),
                "unused-forbidden",
                f"forbidden tag '{tag}' is in the tags of no choice, so the rule can never be "
                "broken",
            )
