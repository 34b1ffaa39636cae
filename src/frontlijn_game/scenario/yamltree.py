"""Safe YAML reading that keeps positions and refuses what PyYAML would let through.

``yaml.compose`` with the C loader gives a node tree with line marks and never builds
Python objects from tags. On top of it this module rejects duplicate keys (PyYAML keeps
the last silently), every non-standard tag (``!!python/...`` and friends), alias
expansion past :data:`MAX_NODES`, oversized files and invalid UTF-8, each as a located
diagnostic. The result is a small tree of :class:`YScalar`, :class:`YMap`, :class:`YSeq`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from frontlijn_game.i18n import _, grouped
from frontlijn_game.scenario.diagnostics import MAX_NUMBER_CHARS, Diagnostics, Loc
from frontlijn_game.scenario.yaml_syntax import syntax_message

try:  # the C loader is much faster and keeps line marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
"""Largest content file accepted; a real case is well under 200 kB."""
MAX_NODES = 200_000
"""Largest number of nodes after alias expansion (stops "billion laughs")."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted; a real case needs about ten levels."""


def _bomb_message() -> str:
    return _(
        "de aliassen (*naam) hier blazen het bestand op tot meer dan {n} waarden; "
        "schrijf de inhoud uit in plaats van ankers (&naam) te herhalen"
    ).format(n=grouped(MAX_NODES))


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, "tag:yaml.org,2002:timestamp"}

_constructor = yaml.constructor.SafeConstructor()
# Direct constructors per resolved tag: much cheaper than construct_object's bookkeeping.
_SCALAR_BUILDERS = {
    _INT: _constructor.construct_yaml_int,
    _FLOAT: _constructor.construct_yaml_float,
    _BOOL: _constructor.construct_yaml_bool,
    _NULL: _constructor.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": _constructor.construct_yaml_timestamp,
}


@dataclass(slots=True)
class YScalar:
    value: Any
    """str, int, float, bool, None or a date (timestamps are type errors later)."""
    text: str
    """The scalar's source text; signed effects are read from it."""
    loc: Loc
    plain: bool
    """True when written without quotes or block style."""


@dataclass(slots=True)
class YMap:
    items: dict[str, tuple[Loc, YNode]]
    """key -> (position of the key, value node), in file order."""
    loc: Loc


@dataclass(slots=True)
class YSeq:
    items: list[YNode] = field(default_factory=list)
    loc: Loc = field(default_factory=lambda: Loc(1, 1))


YNode = YScalar | YMap | YSeq


_new_tuple = tuple.__new__


def _loc(node: yaml.Node) -> Loc:
    # tuple.__new__ skips NamedTuple's generated __new__: this runs for every node.
    mark = node.start_mark
    return _new_tuple(Loc, (mark.line + 1, mark.column + 1))


def describe(node: YNode) -> str:
    """A trainer-readable name for the type of a node, for 'wrong type' messages.

    Short scalars also show what was written, because YAML's guesses surprise people:
    ``yes`` is a boolean, ``2024-01-01`` a date and ``"3"`` a string.
    """
    if isinstance(node, YMap):
        return _("een mapping")
    if isinstance(node, YSeq):
        return _("een lijst")
    value = node.value
    if value is None:
        if node.text in ("", "~", "null", "Null", "NULL"):
            return _("niets (null)")
        return _("een waarde met een tag ({text})").format(text=node.text)
    if isinstance(value, bool):
        kind = _("een waarheidswaarde")
    elif isinstance(value, int):
        kind = _("een geheel getal")
    elif isinstance(value, float):
        kind = _("een getal")
    elif isinstance(value, str):
        kind = _("een tekst")
    elif type(value).__name__ in ("date", "datetime"):
        kind = _("een datum")
    else:  # pragma: no cover - the safe constructors build nothing else
        kind = type(value).__name__
    shown = node.text.strip()
    if shown and len(shown) <= 30 and "\n" not in shown:
        return f"{kind} ({shown!r})" if isinstance(value, str) else f"{kind} ({shown})"
    return kind


def tag_text(tag: str) -> str:
    """A tag as it is written in a file: ``!!python/object`` rather than its long form."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


class _Converter:
    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags
        self.count = 0
        self.bombed = False
        self.too_deep = False
        self.open: set[int] = set()
        """ids of the lists and mappings being converted (an alias to one is a loop)."""
        self.looped: set[int] = set()
        self.seen: set[int] = set()
        """ids of the lists and mappings met so far: meeting one again means an alias."""
        self.aliased = False
        self.numbers_too_long = False
        self.sites: list[Loc] = []
        """Positions of the enclosing lists and mappings written out in the file (not
        reached through an alias): where an alias bomb is reported."""

    def convert(self, node: yaml.Node, depth: int = 0) -> YNode | None:
        self.count += 1
        if self.count > MAX_NODES:
            if not self.bombed:
                self.bombed = True
                if self.aliased:
                    self.diags.error(
                        self.sites[-1] if self.sites else _loc(node), "alias-bomb", _bomb_message()
                    )
                else:
                    self.diags.error(
                        _loc(node),
                        "file-too-large",
                        _(
                            "het bestand bevat meer dan {n} waarden; verdeel het over casussen"
                        ).format(n=grouped(MAX_NODES)),
                    )
            return None
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _SCALAR_TAGS:
                self._bad_tag(node)
                return YScalar(None, node.value, _loc(node), False)
            if tag in (_INT, _FLOAT) and len(node.value) > MAX_NUMBER_CHARS:
                self.numbers_too_long = True
                self.diags.error(
                    _loc(node),
                    "number-too-long",
                    _(
                        "een getal van {length} tekens; getallen in een casus zijn hoogstens "
                        "{limit} tekens lang"
                    ).format(length=grouped(len(node.value)), limit=MAX_NUMBER_CHARS),
                )
                return YScalar(None, node.value[:MAX_NUMBER_CHARS], _loc(node), False)
            try:
                value = node.value if tag == _STR else _SCALAR_BUILDERS[tag](node)
            except (yaml.YAMLError, ValueError) as exc:
                self.diags.error(
                    _loc(node),
                    "yaml-syntax",
                    _("kan de waarde niet lezen: {error}").format(error=exc),
                )
                value = node.value
            return YScalar(value, node.value, _loc(node), not node.style)
        if depth >= MAX_DEPTH or id(node) in self.open:
            self._refuse_nesting(node)
            return None
        depth += 1
        written = id(node) not in self.seen
        if written:
            self.seen.add(id(node))
            self.sites.append(_loc(node))
        else:
            self.aliased = True
        converted = self._collection(node, tag, depth)
        if written:
            self.sites.pop()
        return converted

    def _collection(self, node: yaml.Node, tag: str, depth: int) -> YNode:
        if isinstance(node, yaml.SequenceNode):
            if tag != _SEQ:
                self._bad_tag(node)
            seq = YSeq([], _loc(node))
            self.open.add(id(node))
            for child in node.value:
                converted = self.convert(child, depth)
                if converted is not None:
                    seq.items.append(converted)
            self.open.discard(id(node))
            return seq
        assert isinstance(node, yaml.MappingNode)
        if tag != _MAP:
            self._bad_tag(node)
        ymap = YMap({}, _loc(node))
        self.open.add(id(node))
        for key_node, value_node in node.value:
            self.count += 1
            key_loc = _loc(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diags.error(
                    key_loc, "yaml-merge", _("samenvoegsleutels ('<<') worden niet ondersteund")
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.error(key_loc, "wrong-type", _("een sleutel moet een gewoon woord zijn"))
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self._bad_tag(key_node)
                continue
            key = str(key_node.value)
            if key in ymap.items:
                first = ymap.items[key][0]
                self.diags.error(
                    key_loc,
                    "duplicate-key",
                    _(
                        "sleutel '{key}' staat er twee keer (eerst op regel {line}); YAML zou "
                        "alleen de laatste houden"
                    ).format(key=key, line=first.line),
                )
                continue
            converted = self.convert(value_node, depth)
            if converted is not None:
                ymap.items[key] = (key_loc, converted)
        self.open.discard(id(node))
        return ymap

    def _refuse_nesting(self, node: yaml.Node) -> None:
        if id(node) in self.open:
            if id(node) in self.looped:
                return
            self.looped.add(id(node))
            self.diags.error(
                _loc(node),
                "alias-bomb",
                _(
                    "een alias (*naam) verwijst naar de lijst of mapping waar hij zelf in staat; "
                    "dat zou zich eindeloos herhalen"
                ),
            )
        elif not self.too_deep:
            self.too_deep = True
            self.diags.error(
                _loc(node),
                "too-deep",
                _("lijsten en mappings zijn meer dan {n} niveaus diep genest").format(n=MAX_DEPTH),
            )

    def _bad_tag(self, node: yaml.Node) -> None:
        self.diags.error(
            _loc(node),
            "unsafe-tag",
            _(
                "tag '{tag}' is niet toegestaan: inhoudsbestanden zijn gewone YAML "
                "(tekst, getallen, true/false, lijsten en mappings)"
            ).format(tag=tag_text(node.tag)),
        )


def decode(data: bytes, diags: Diagnostics) -> str | None:
    """Check size and UTF-8; report the first bad byte with its position."""
    if len(data) > MAX_BYTES:
        diags.error(
            Loc(1, 1),
            "file-too-large",
            _("het bestand is {size} bytes; de grens is {limit}").format(
                size=grouped(len(data)), limit=grouped(MAX_BYTES)
            ),
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as in every other message (the bytes before are valid).
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        diags.error(
            Loc(line, col),
            "invalid-utf8",
            _(
                "ongeldige UTF-8-byte 0x{byte}: sla het bestand op als UTF-8 "
                "(in veel editors: 'Opslaan met codering')"
            ).format(byte=f"{data[exc.start]:02x}"),
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _alias_bomb_site(root: yaml.Node) -> Loc | None:
    """Where aliases first make the tree larger than :data:`MAX_NODES`, or None.

    Walks every node written in the file once and adds the size of what an alias repeats
    from a table, so a "billion laughs" is found without expanding it.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if isinstance(node, yaml.ScalarNode) or depth >= MAX_DEPTH:
            return 1
        sizes[key] = 0  # an alias inside its own anchor adds nothing (reported elsewhere)
        total = 1
        for child in _children(node):
            total += size(child, depth + 1)
            if total > MAX_NODES:
                break
        sizes[key] = total
        return total

    seen: set[int] = set()
    count = 0

    def walk(node: yaml.Node, depth: int) -> Loc | None:
        nonlocal count
        seen.add(id(node))
        count += 1
        if depth >= MAX_DEPTH:
            return None
        for child in _children(node):
            if id(child) in seen and not isinstance(child, yaml.ScalarNode):
                count += size(child, depth + 1)
                if count > MAX_NODES:
                    return _loc(node)
            else:
                found = walk(child, depth + 1)
                if found is not None:
                    return found
        return None

    return walk(root, 0)


def parse(text: str, diags: Diagnostics) -> YNode | None:
    """Compose ``text`` (one document) into a located tree; report problems in ``diags``."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Loc(mark.line + 1, mark.column + 1) if mark else Loc(1, 1)
        diags.error(loc, "yaml-syntax", syntax_message(exc, text))
        return None
    except yaml.YAMLError as exc:
        diags.error(
            Loc(1, 1),
            "yaml-syntax",
            _("YAML-syntaxfout: {problem}{where}").format(problem=exc, where=""),
        )
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL and not node.value):
        diags.error(Loc(1, 1), "wrong-type", _("het bestand is leeg"))
        return None
    if "*" in text and "&" in text:  # aliases need both; most files have neither
        site = _alias_bomb_site(node)
        if site is not None:
            diags.error(site, "alias-bomb", _bomb_message())
            return None
    converter = _Converter(diags)
    root = converter.convert(node)
    # Past a limit the tree is cut short (or a value left out); checking what is left would
    # only add errors about keys that are there, after the one that says why.
    return None if converter.bombed or converter.numbers_too_long else root


def read(data: bytes, diags: Diagnostics) -> tuple[str | None, YNode | None]:
    text = decode(data, diags)
    if text is None:
        return None, None
    return text, parse(text, diags)
