"""Guard expressions in scenario YAML: a tiny typed language with its own parser.

Trainers write guards such as ``vertrouwen >= 40 and not chose("dreig")``. Content comes
from files we do not control, so nothing here may reach Python: a hand-written tokenizer and
recursive-descent parser build a small tree; :func:`check` type-checks it at load time (a bad
guard is a ``file:line:col`` error, never a crash mid-game); and the tree is compiled once,
at parse time, into nested closures, so :meth:`Expr.evaluate` is a single call (path search
evaluates guards ~100,000 times a second).

Grammar, lowest precedence first::

    or_expr  := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | cmp
    cmp      := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?    # never chained
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := "-" unary | atom
    atom     := NUMBER | STRING | "true" | "false" | NAME | "(" or_expr ")"
              | ("visited" | "chose") "(" STRING ")"
"""

from __future__ import annotations

import difflib
import functools
import operator
import re
from collections.abc import Callable, Container, Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal, NamedTuple, TypeAlias

from frontlijn_game.scenario.diagnostics import MAX_NUMBER_CHARS

__all__ = [
    "RESERVED",
    "Expr",
    "ExprError",
    "ExprRuntimeError",
    "Kind",
    "check",
    "parse",
]

Kind = Literal["number", "bool", "string"]
Value: TypeAlias = int | float | bool | str
# Compiled closures take (variables, visited scenes, chosen choices); ``Any`` because the
# checker, not the closure, guarantees the operand types.
_Fn: TypeAlias = Callable[[Mapping[str, Any], Container[str], Container[str]], Any]

RESERVED = frozenset({"and", "or", "not", "true", "false", "visited", "chose"})

# Limits that keep hostile input from exhausting the Python stack (parser recursion per
# nesting level, closure call depth per tree level); real guards stay far below them.
MAX_NESTING = 50
MAX_DEPTH = 200


class ExprError(Exception):
    """Parse or type error at ``offset`` (0-based character offset into the text)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __repr__(self) -> str:
        return f"ExprError({self.message!r}, {self.offset})"


class ExprRuntimeError(Exception):
    """Evaluation failed (division by zero, a variable without a value, ...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------- tokenizer


class _Tok(NamedTuple):
    kind: str  # "num", "str", "name", "kw", "op" or "eof"
    text: str  # the source text of the token
    value: Value | None  # the literal's value for "num" and "str"
    offset: int


# One match per token, leading whitespace included; strings are matched whole here and
# their escapes validated by _string (which also reports unterminated strings).
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<op>==|!=|<=|>=|[-+*/<>(),.\[\]])"
    r"|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    r")",
    re.DOTALL,
)
_HINTS = {
    "=": "unexpected '='; use '==' to compare",
    "!": "unexpected '!'; use 'not'",
    "&": "unexpected '&'; use 'and'",
    "|": "unexpected '|'; use 'or'",
}
_ESCAPES = frozenset("\\'\"")


def _number(text: str, offset: int) -> int | float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ExprError(f"number is too long (at most {MAX_NUMBER_CHARS} characters)", offset)
    try:
        value: int | float = float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:  # more digits than Python's int() accepts
        raise ExprError("number is too long", offset) from None
    if value == float("inf"):
        raise ExprError("number is out of range", offset)
    return value


def _string(text: str, start: int) -> tuple[str, int]:
    """The value of the string literal opening at ``start``, and the offset after it."""
    quote = text[start]
    parts: list[str] = []
    i = start + 1
    n = len(text)
    while True:
        j = i
        while j < n and text[j] != quote and text[j] != "\\":
            j += 1
        parts.append(text[i:j])
        if j >= n:
            raise ExprError("unterminated string", start)
        if text[j] == quote:
            return "".join(parts), j + 1
        if j + 1 >= n:
            raise ExprError("unterminated string", start)
        escaped = text[j + 1]
        if escaped not in _ESCAPES:
            raise ExprError(f"unknown escape '\\{escaped}' (only \\\\, \\\" and \\' exist)", j)
        parts.append(escaped)
        i = j + 2


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    append = toks.append
    match = _TOKEN.match
    i = 0
    n = len(text)
    while True:
        m = match(text, i)
        if m is None:  # only whitespace left, or something that is not a token
            while i < n and text[i].isspace():
                i += 1
            if i == n:
                break
            ch = text[i]
            if ch == '"' or ch == "'":
                _string(text, i)  # raises the precise error
            if ch in _HINTS:
                raise ExprError(_HINTS[ch], i)
            raise ExprError(f"unexpected character {ch!r}", i)
        kind = m.lastgroup
        word = m.group(kind)  # type: ignore[arg-type]
        start = m.start(kind)  # type: ignore[arg-type]
        i = m.end()
        if kind == "name":
            append(_Tok("kw" if word in RESERVED else "name", word, None, start))
        elif kind == "op":
            if word == "." and i < n and "0" <= text[i] <= "9":
                raise ExprError("a number needs a digit before the point, like 0.5", start)
            append(_Tok("op", word, None, start))
        elif kind == "num":
            if i < n and (text[i].isalnum() or text[i] in "_."):
                raise ExprError("malformed number", start)
            append(_Tok("num", word, _number(word, start), start))
        else:
            value = word[1:-1] if "\\" not in word else _string(text, start)[0]
            append(_Tok("str", word, value, start))
    append(_Tok("eof", "", None, n))
    return toks


# ---------------------------------------------------------------------------- tree


class _NoValue:
    """Marks a node whose value is not known before run time."""

    __slots__ = ()


_NO: Any = _NoValue()


class _Node:
    """One tree node; ``fn`` is its compiled closure, ``const`` its folded value or _NO."""

    __slots__ = ("const", "depth", "fn", "offset")

    def __init__(self, offset: int, fn: _Fn, const: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ExprError("expression is too deeply nested", offset)
        self.offset = offset
        self.fn = fn
        self.const = const
        self.depth = depth


def _constant(value: Any) -> _Fn:
    return lambda v, s, c: value


def _kind_of(value: Value) -> Kind:
    if isinstance(value, bool):
        return "bool"
    return "string" if isinstance(value, str) else "number"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _in_visited(arg: str) -> _Fn:
    return lambda v, s, c: arg in s


def _in_chosen(arg: str) -> _Fn:
    return lambda v, s, c: arg in c


def _neg_var(name: str) -> _Fn:
    return lambda v, s, c: -v[name]


def _neg(f: _Fn) -> _Fn:
    return lambda v, s, c: -f(v, s, c)


def _not(f: _Fn) -> _Fn:
    return lambda v, s, c: not f(v, s, c)


class _Lit(_Node):
    __slots__ = ("kind",)

    def __init__(self, value: Value, offset: int) -> None:
        super().__init__(offset, _constant(value), value, 1)
        self.kind: Kind = _kind_of(value)


class _Var(_Node):
    __slots__ = ("name",)

    def __init__(self, name: str, offset: int) -> None:
        super().__init__(offset, lambda v, s, c: v[name], _NO, 1)
        self.name = name


class _Call(_Node):
    """``visited("id")`` or ``chose("id")``; ``offset`` is the function name's."""

    __slots__ = ("arg", "arg_offset", "func")

    def __init__(self, func: str, arg: str, offset: int, arg_offset: int) -> None:
        super().__init__(offset, _in_visited(arg) if func == "visited" else _in_chosen(arg), _NO, 1)
        self.func = func
        self.arg = arg
        self.arg_offset = arg_offset


class _Unary(_Node):
    """``-x`` or ``not x``; ``offset`` is the operator's."""

    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: _Node, offset: int) -> None:
        k = operand.const
        const: Any = _NO
        if op == "-" and _is_number(k):
            const = -k
        elif op == "not" and isinstance(k, bool):
            const = not k
        if const is not _NO:
            fn = _constant(const)
        elif op == "-" and isinstance(operand, _Var):
            fn = _neg_var(operand.name)
        else:
            fn = (_neg if op == "-" else _not)(operand.fn)
        super().__init__(offset, fn, const, operand.depth + 1)
        self.op = op
        self.operand = operand


_ARITH = frozenset({"+", "-", "*", "/"})
_ORDER = frozenset({"<", "<=", ">", ">="})
_EQUALITY = frozenset({"==", "!="})
_COMPARE = _ORDER | _EQUALITY
_BOOL = frozenset({"and", "or"})

# Closure factories, one per operator and operand shape, with the operator inlined: a
# generic ``op(a(...), b(...))`` would cost an extra call per node per evaluation.
_FF: dict[str, Callable[[_Fn, _Fn], _Fn]] = {
    "+": lambda a, b: lambda v, s, c: a(v, s, c) + b(v, s, c),
    "-": lambda a, b: lambda v, s, c: a(v, s, c) - b(v, s, c),
    "*": lambda a, b: lambda v, s, c: a(v, s, c) * b(v, s, c),
    "/": lambda a, b: lambda v, s, c: a(v, s, c) / b(v, s, c),
    "==": lambda a, b: lambda v, s, c: a(v, s, c) == b(v, s, c),
    "!=": lambda a, b: lambda v, s, c: a(v, s, c) != b(v, s, c),
    "<": lambda a, b: lambda v, s, c: a(v, s, c) < b(v, s, c),
    "<=": lambda a, b: lambda v, s, c: a(v, s, c) <= b(v, s, c),
    ">": lambda a, b: lambda v, s, c: a(v, s, c) > b(v, s, c),
    ">=": lambda a, b: lambda v, s, c: a(v, s, c) >= b(v, s, c),
    "and": lambda a, b: lambda v, s, c: a(v, s, c) and b(v, s, c),
    "or": lambda a, b: lambda v, s, c: a(v, s, c) or b(v, s, c),
}
# Right operand a constant ``k``.
_FK: dict[str, Callable[[_Fn, Any], _Fn]] = {
    "+": lambda a, k: lambda v, s, c: a(v, s, c) + k,
    "-": lambda a, k: lambda v, s, c: a(v, s, c) - k,
    "*": lambda a, k: lambda v, s, c: a(v, s, c) * k,
    "/": lambda a, k: lambda v, s, c: a(v, s, c) / k,
    "==": lambda a, k: lambda v, s, c: a(v, s, c) == k,
    "!=": lambda a, k: lambda v, s, c: a(v, s, c) != k,
    "<": lambda a, k: lambda v, s, c: a(v, s, c) < k,
    "<=": lambda a, k: lambda v, s, c: a(v, s, c) <= k,
    ">": lambda a, k: lambda v, s, c: a(v, s, c) > k,
    ">=": lambda a, k: lambda v, s, c: a(v, s, c) >= k,
}
# Left operand the variable ``n``, right operand a constant ``k`` (``vertrouwen >= 40``).
_VK: dict[str, Callable[[str, Any], _Fn]] = {
    "+": lambda n, k: lambda v, s, c: v[n] + k,
    "-": lambda n, k: lambda v, s, c: v[n] - k,
    "*": lambda n, k: lambda v, s, c: v[n] * k,
    "/": lambda n, k: lambda v, s, c: v[n] / k,
    "==": lambda n, k: lambda v, s, c: v[n] == k,
    "!=": lambda n, k: lambda v, s, c: v[n] != k,
    "<": lambda n, k: lambda v, s, c: v[n] < k,
    "<=": lambda n, k: lambda v, s, c: v[n] <= k,
    ">": lambda n, k: lambda v, s, c: v[n] > k,
    ">=": lambda n, k: lambda v, s, c: v[n] >= k,
}
_FOLD: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "and": lambda a, b: a and b,
    "or": lambda a, b: a or b,
}


def _fold(op: str, a: Any, b: Any) -> Any:
    """The constant value of ``a op b``, or _NO when it must wait for run time.

    Only well-typed operands fold, so hostile text such as ``"x" * 999999999`` can never
    make the parser do unbounded work; the checker rejects those anyway.
    """
    if a is _NO or b is _NO:
        return _NO
    if op in _BOOL:
        ok = isinstance(a, bool) and isinstance(b, bool)
    elif op in _EQUALITY:
        ok = _kind_of(a) == _kind_of(b)
    else:
        ok = _is_number(a) and _is_number(b)
    if not ok:
        return _NO
    try:
        return _FOLD[op](a, b)
    except ArithmeticError:  # 1 / 0, or an int too large for a float: a run-time matter
        return _NO


class _Binary(_Node):
    """``left op right``; ``offset`` is the operator's."""

    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: _Node, right: _Node, offset: int) -> None:
        const = _fold(op, left.const, right.const)
        if const is not _NO:
            fn = _constant(const)
        elif right.const is not _NO and op in _FK:
            if isinstance(left, _Var):
                fn = _VK[op](left.name, right.const)
            else:
                fn = _FK[op](left.fn, right.const)
        else:
            fn = _FF[op](left.fn, right.fn)
        super().__init__(offset, fn, const, max(left.depth, right.depth) + 1)
        self.op = op
        self.left = left
        self.right = right


# ---------------------------------------------------------------------------- parser


def _describe(tok: _Tok) -> str:
    if tok.kind == "eof":
        return "end of expression"
    text = tok.text if len(tok.text) <= 24 else tok.text[:20] + "..."
    return repr(text)


def _unexpected(tok: _Tok) -> ExprError:
    hint = ""
    if tok.kind in ("num", "str", "name") or tok.text in ("true", "false", "visited", "chose"):
        hint = " (missing operator?)"
    elif tok.text == "not":
        hint = " (put 'not ...' in parentheses)"
    return ExprError(f"unexpected {_describe(tok)}{hint}", tok.offset)


class _Parser:
    """Recursive descent over the token list, one method per precedence level."""

    def __init__(self, text: str) -> None:
        self.toks = _tokenize(text)
        self.pos = 0
        self.nesting = 0
        self.variables: set[str] = set()
        self.scenes: set[str] = set()
        self.choices: set[str] = set()

    def parse(self) -> _Node:
        if self.toks[0].kind == "eof":
            raise ExprError("empty expression", 0)
        node = self.or_expr()
        tok = self.toks[self.pos]
        if tok.kind != "eof":
            raise _unexpected(tok)
        return node

    def _enter(self, tok: _Tok) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExprError("expression is too deeply nested", tok.offset)

    def _at(self, kind: str, text: str) -> _Tok | None:
        tok = self.toks[self.pos]
        if tok.kind == kind and tok.text == text:
            self.pos += 1
            return tok
        return None

    def or_expr(self) -> _Node:
        left = self.and_expr()
        while (tok := self._at("kw", "or")) is not None:
            left = _Binary("or", left, self.and_expr(), tok.offset)
        return left

    def and_expr(self) -> _Node:
        left = self.not_expr()
        while (tok := self._at("kw", "and")) is not None:
            left = _Binary("and", left, self.not_expr(), tok.offset)
        return left

    def not_expr(self) -> _Node:
        tok = self._at("kw", "not")
        if tok is None:
            return self.comparison()
        self._enter(tok)
        operand = self.not_expr()
        self.nesting -= 1
        return _Unary("not", operand, tok.offset)

    def comparison(self) -> _Node:
        left = self.sum()
        tok = self.toks[self.pos]
        if tok.kind != "op" or tok.text not in _COMPARE:
            return left
        self.pos += 1
        right = self.sum()
        nxt = self.toks[self.pos]
        if nxt.kind == "op" and nxt.text in _COMPARE:
            raise ExprError("comparisons cannot be chained; combine them with 'and'", nxt.offset)
        return _Binary(tok.text, left, right, tok.offset)

    def sum(self) -> _Node:
        left = self.product()
        while (tok := self.toks[self.pos]).kind == "op" and tok.text in ("+", "-"):
            self.pos += 1
            left = _Binary(tok.text, left, self.product(), tok.offset)
        return left

    def product(self) -> _Node:
        left = self.unary()
        while (tok := self.toks[self.pos]).kind == "op" and tok.text in ("*", "/"):
            self.pos += 1
            left = _Binary(tok.text, left, self.unary(), tok.offset)
        return left

    def unary(self) -> _Node:
        tok = self._at("op", "-")
        if tok is None:
            return self.atom()
        self._enter(tok)
        operand = self.unary()
        self.nesting -= 1
        return _Unary("-", operand, tok.offset)

    def atom(self) -> _Node:
        tok = self.toks[self.pos]
        kind = tok.kind
        node: _Node
        if kind == "num" or kind == "str":
            assert tok.value is not None
            self.pos += 1
            node = _Lit(tok.value, tok.offset)
        elif kind == "name":
            self.pos += 1
            if self.toks[self.pos].text == "(":
                raise ExprError(
                    f"unknown function '{tok.text}' (only visited() and chose() exist)",
                    tok.offset,
                )
            self.variables.add(tok.text)
            node = _Var(tok.text, tok.offset)
        elif kind == "kw" and tok.text in ("true", "false"):
            self.pos += 1
            node = _Lit(tok.text == "true", tok.offset)
        elif kind == "kw" and tok.text in ("visited", "chose"):
            self.pos += 1
            node = self.call(tok)
        elif kind == "op" and tok.text == "(":
            self.pos += 1
            self._enter(tok)
            node = self.or_expr()
            self.nesting -= 1
            self._close(tok)
        else:
            raise _unexpected(tok)
        nxt = self.toks[self.pos]
        if nxt.kind == "op" and nxt.text == ".":
            raise ExprError("attribute access is not allowed", nxt.offset)
        if nxt.kind == "op" and nxt.text == "[":
            raise ExprError("subscripts are not allowed", nxt.offset)
        return node

    def _close(self, opening: _Tok) -> None:
        tok = self.toks[self.pos]
        if tok.kind == "op" and tok.text == ")":
            self.pos += 1
        elif tok.kind == "eof":
            raise ExprError("unclosed '('", opening.offset)
        else:
            raise _unexpected(tok)

    def call(self, name: _Tok) -> _Node:
        func = name.text
        what, example = ("scene", "intake") if func == "visited" else ("choice", "vraag_door")
        opening = self._at("op", "(")
        if opening is None:
            raise ExprError(f"'{func}' must be called like {func}(\"{example}\")", name.offset)
        arg = self.toks[self.pos]
        if arg.kind == "eof":
            raise ExprError("unclosed '('", opening.offset)
        if arg.kind != "str" or not isinstance(arg.value, str):
            raise ExprError(
                f'{func}() needs a {what} id in quotes, like {func}("{example}")', arg.offset
            )
        self.pos += 1
        comma = self.toks[self.pos]
        if comma.kind == "op" and comma.text == ",":
            raise ExprError(f"{func}() takes exactly one argument", comma.offset)
        self._close(opening)
        (self.scenes if func == "visited" else self.choices).add(arg.value)
        return _Call(func, arg.value, name.offset, arg.offset)


# ---------------------------------------------------------------------------- public API


class Expr:
    """A parsed expression, compiled to a closure; immutable except for ``kind``."""

    __slots__ = ("_fn", "_tree", "choices", "kind", "scenes", "text", "variables")

    text: str
    variables: frozenset[str]
    scenes: frozenset[str]
    choices: frozenset[str]
    kind: Kind | None

    def __init__(self, text: str, parsed: _Parsed) -> None:
        tree, self.variables, self.scenes, self.choices = parsed
        self.text = text
        self.kind = None
        self._tree = tree
        self._fn = tree.fn

    def evaluate(
        self,
        variables: Mapping[str, Value],
        visited: Container[str],
        chosen: Container[str],
    ) -> Value:
        """The value in this state; assumes :func:`check` passed. Raises ExprRuntimeError."""
        try:
            result: Value = self._fn(variables, visited, chosen)
        except ZeroDivisionError:
            raise ExprRuntimeError(f"division by zero in {self.text!r}") from None
        except KeyError as exc:
            raise ExprRuntimeError(
                f"variable {exc.args[0]!r} has no value in {self.text!r}"
            ) from None
        except (TypeError, ArithmeticError) as exc:
            raise ExprRuntimeError(f"cannot evaluate {self.text!r}: {exc}") from None
        return result

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"

    # Equal texts mean equal expressions, so scenario models compare and hash by value.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expr) and other.text == self.text

    def __hash__(self) -> int:
        return hash((Expr, self.text))

    # Closures cannot be pickled or deep-copied; re-parsing the text rebuilds them.
    def __reduce__(self) -> tuple[Callable[[str, Kind | None], Expr], tuple[str, Kind | None]]:
        return _restore, (self.text, self.kind)


def _restore(text: str, kind: Kind | None) -> Expr:
    expr = parse(text)
    expr.kind = kind
    return expr


_Parsed: TypeAlias = tuple[_Node, frozenset[str], frozenset[str], frozenset[str]]


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> _Parsed:
    """Cached because generated and copied cases repeat the same guards; trees never change."""
    parser = _Parser(text)
    tree = parser.parse()
    return tree, frozenset(parser.variables), frozenset(parser.scenes), frozenset(parser.choices)


def parse(text: str) -> Expr:
    """Parse and compile ``text``; raises ExprError on the first syntax error."""
    return Expr(text, _parse(text))


def _did_you_mean(name: str, candidates: object) -> str:
    if isinstance(candidates, Iterable):
        pool = [c for c in candidates if isinstance(c, str)]
        close = difflib.get_close_matches(name, pool, n=1)
        if close:
            return f" (did you mean '{close[0]}'?)"
    return ""


class _Checker:
    """Walks the tree once, collecting every problem rather than stopping at the first.

    A sub-expression whose type is unknown (after an error) has kind None and is not
    reported again, so one mistake gives one message.
    """

    def __init__(
        self,
        variable_kinds: Mapping[str, Kind],
        scene_ids: Container[str],
        choice_ids: Container[str],
    ) -> None:
        self.variable_kinds = variable_kinds
        self.scene_ids = scene_ids
        self.choice_ids = choice_ids
        self.errors: list[ExprError] = []

    def error(self, message: str, offset: int) -> None:
        self.errors.append(ExprError(message, offset))

    def need(self, op: str, want: Kind, kinds: tuple[Kind | None, ...], offset: int) -> bool:
        """Report operands of ``op`` that are not ``want``; True when all are fine."""
        bad = list(dict.fromkeys(k for k in kinds if k is not None and k != want))
        if bad:
            noun = "a bool" if want == "bool" else "a number"
            if len(kinds) > 1:
                noun = "bools" if want == "bool" else "numbers"
            self.error(f"'{op}' needs {noun}, got {' and '.join(bad)}", offset)
            return False
        return True

    def visit(self, node: _Node) -> Kind | None:
        if isinstance(node, _Lit):
            return node.kind
        if isinstance(node, _Var):
            return self.variable(node)
        if isinstance(node, _Call):
            ids, what = (
                (self.scene_ids, "scene") if node.func == "visited" else (self.choice_ids, "choice")
            )
            if node.arg not in ids:
                hint = _did_you_mean(node.arg, ids)
                self.error(f"unknown {what} {node.arg!r}{hint}", node.arg_offset)
            return "bool"
        if isinstance(node, _Unary):
            kind = self.visit(node.operand)
            if node.op == "not":
                self.need("not", "bool", (kind,), node.offset)
                return "bool"
            return "number" if self.need("-", "number", (kind,), node.offset) else None
        assert isinstance(node, _Binary)
        left = self.visit(node.left)
        right = self.visit(node.right)
        op = node.op
        if op in _BOOL:
            self.need(op, "bool", (left, right), node.offset)
            return "bool"
        if op in _EQUALITY:
            if left is not None and right is not None and left != right:
                self.error(
                    f"'{op}' needs both sides of the same type, got {left} and {right}",
                    node.offset,
                )
            return "bool"
        ok = self.need(op, "number", (left, right), node.offset)
        if ok and op == "/" and _is_zero(_linear(node.right)):
            self.error("division by zero", node.offset)
        if op in _ORDER:
            return "bool"
        return "number" if ok else None  # None: no follow-up errors about this operand

    def variable(self, node: _Var) -> Kind | None:
        kind = self.variable_kinds.get(node.name)
        if kind is None:
            lower = node.name.lower()
            if lower in RESERVED:
                hint = f" (did you mean '{lower}'?)"
            else:
                hint = _did_you_mean(node.name, self.variable_kinds)
            self.error(f"unknown variable {node.name!r}{hint}", node.offset)
        return kind


Linear: TypeAlias = tuple[Fraction, dict[str, Fraction]]
"""``c + sum(k * var)``: the form of a number expression that is linear in its variables."""


def _linear(node: _Node) -> Linear | None:
    """Fold ``node`` algebraically (``x - x`` is 0, ``2 * (x - x) + 1`` is 1), or None
    when it is not linear in its variables (``x * y``, ``1 / x``, a comparison)."""
    if isinstance(node, _Lit):
        return (Fraction(node.const), {}) if _is_number(node.const) else None
    if isinstance(node, _Var):
        return Fraction(0), {node.name: Fraction(1)}
    if isinstance(node, _Unary):
        inner = _linear(node.operand) if node.op == "-" else None
        return None if inner is None else _scale(inner, Fraction(-1))
    if not isinstance(node, _Binary) or node.op not in _ARITH:
        return None
    left, right = _linear(node.left), _linear(node.right)
    if node.op == "*":
        if _is_zero(left) or _is_zero(right):
            return Fraction(0), {}
        if left is not None and right is not None:
            if not right[1]:
                return _scale(left, right[0])
            if not left[1]:
                return _scale(right, left[0])
        return None
    if left is None or right is None:
        return None
    if node.op == "/":
        return _scale(left, 1 / right[0]) if not right[1] and right[0] != 0 else None
    sign = 1 if node.op == "+" else -1
    coeffs = dict(left[1])
    for name, k in right[1].items():
        coeffs[name] = coeffs.get(name, Fraction(0)) + sign * k
    return left[0] + sign * right[0], {n: k for n, k in coeffs.items() if k != 0}


def _scale(form: Linear, factor: Fraction) -> Linear:
    if factor == 0:
        return Fraction(0), {}
    return form[0] * factor, {n: k * factor for n, k in form[1].items()}


def _is_zero(form: Linear | None) -> bool:
    return form is not None and form[0] == 0 and not form[1]


def check(
    expr: Expr,
    variable_kinds: Mapping[str, Kind],
    scene_ids: Container[str],
    choice_ids: Container[str],
) -> list[ExprError]:
    """Type-check ``expr``; return every problem, ordered by offset.

    On success set ``expr.kind`` (the caller decides which kind a context needs, e.g. a
    guard must be ``"bool"``) and return ``[]``; on failure leave ``expr.kind`` None.
    Offsets of operator and type errors point at the operator; unknown names at the name
    or the quoted id. Did-you-mean hints need ``scene_ids``/``choice_ids`` to be iterable.
    """
    checker = _Checker(variable_kinds, scene_ids, choice_ids)
    kind = checker.visit(expr._tree)
    errors = sorted(checker.errors, key=lambda e: e.offset)
    expr.kind = None if errors else kind
    return errors
