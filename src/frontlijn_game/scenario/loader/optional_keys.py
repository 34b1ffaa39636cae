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

from frontlijn_game.i18n import _
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
        m = r.mapping(item, _("een bron"))
        if m is None:
            continue
        r.keys(m, SOURCE_KEYS, ("title",), _("een bron"))
        title = r.string(r.get(m, "title"), _("de titel van een bron"))
        url_node = r.get(m, "url")
        url = r.string(url_node, _("de url van een bron"))
        if url is not None and url_node is not None and not URL.match(url):
            r.d.error(
                url_node.loc,
                "bad-url",
                _("bron-url '{url}' is geen webadres: schrijf hem als https://...").format(
                    url=url[:80]
                ),
            )
            url = None
        note = r.string(r.get(m, "note"), _("de notitie bij een bron"))
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
        if not r.key_ident(key, key_loc, _("rol-id")):
            continue
        what = _("rol '{role}'").format(role=key)
        m = r.mapping(item, what, key_loc)
        if m is None:
            continue
        r.keys(m, ROLE_KEYS, ("title",), what)
        title = r.string(r.get(m, "title"), _("de titel van een rol"))
        brief = r.string(r.get(m, "brief"), _("de opdracht van een rol")) or ""
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
    if rid is None or not _known_role(r, rid, node.loc, known, _("decided_by-rol")):
        return None
    if not has_choices:
        r.d.error(
            r.key_loc(m, "decided_by"),
            "scene-shape",
            _(
                "scène '{scene}' heeft geen keuzes, dus niemand beslist daar: haal 'decided_by' weg"
            ).format(scene=sid),
        )
        return None
    return rid


def _known_role(r: Reader, rid: str, loc: Loc, known: dict[str, Role], what: str) -> bool:
    if rid in known:
        return True
    hint = did_you_mean(rid, known) if known else _("; declareer hem onder 'roles'")
    r.d.error(
        loc,
        "unknown-role",
        _("{what} '{id}' is niet gedeclareerd{hint}").format(what=what, id=rid, hint=hint),
    )
    return False


def basis(r: Reader, m: YMap) -> str | None:
    """Choice ``basis``: the legal or policy basis of the act (plain text)."""
    node = r.get(m, "basis")
    text = r.string(node, "basis")
    if text is not None and node is not None and not text.strip():
        r.d.error(
            node.loc,
            "wrong-type",
            _("basis is leeg: noem de grondslag of laat 'basis' weg"),
        )
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
            _("position moet 'last' zijn, maar is '{value}'{hint}").format(
                value=value, hint=did_you_mean(value, POSITIONS)
            ),
        )
        return None
    return "last"


def share(r: Reader, m: YMap, facts: Mapping[str, object]) -> tuple[str, ...]:
    """Choice ``share``: fact ids that become known to every role."""
    out: list[str] = []
    for fid, loc in r.ident_list(r.get(m, "share"), _("gedeeld feit"), "share"):
        if fid not in facts:
            r.d.error(
                loc,
                "unknown-fact",
                _("{what} '{id}' is niet gedeclareerd{hint}").format(
                    what=_("gedeeld feit"), id=fid, hint=did_you_mean(fid, facts)
                ),
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
        for tag, loc in r.ident_list(node, _("verboden tag"), "forbidden"):
            if tag in RESERVED_TAGS:
                r.d.error(
                    loc,
                    "reserved-tag",
                    _(
                        "'{tag}' is gereserveerd en kan niet verboden worden: verbied een tag "
                        "die de verkeerde keuzes dragen"
                    ).format(tag=tag),
                )
                ok = False
            elif tag in tags:
                r.d.error(
                    loc,
                    "duplicate-id",
                    _("verboden tag '{tag}' staat al op regel {line}").format(
                        tag=tag, line=tags[tag].line
                    ),
                )
                ok = False
            elif tag in competencies:
                r.d.error(
                    loc,
                    "forbidden-competency",
                    _(
                        "'{tag}' is zowel verboden als een competentie, dus één handeling zou "
                        "punten opleveren en de score breken: gebruik voor een van beide een "
                        "andere tag"
                    ).format(tag=tag),
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
                _(
                    "verboden tag '{tag}' staat in de tags van geen enkele keuze, dus de regel "
                    "kan nooit gebroken worden"
                ).format(tag=tag),
            )
