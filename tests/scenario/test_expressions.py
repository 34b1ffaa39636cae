"""Guard expressions (DESIGN.md, "Expressions"): syntax, types, evaluation and safety."""

from __future__ import annotations

import builtins
import copy
import math
import operator
import os
import pickle
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlijn_game.scenario.expressions import (
    Expr,
    ExprError,
    ExprRuntimeError,
    Kind,
    check,
    parse,
)

ENV: dict[str, int | float | bool | str] = {
    "a": 3,
    "b": -2.5,
    "z": 0,
    "vertrouwen": 50,
    "flag": True,
    "off": False,
    "naam": "Samir",
}
KINDS: dict[str, Kind] = {
    "a": "number",
    "b": "number",
    "z": "number",
    "vertrouwen": "number",
    "flag": "bool",
    "off": "bool",
    "naam": "string",
}
SCENES = frozenset({"intake", "uitstap"})
CHOICES = frozenset({"vraag_door", "dreig"})
VISITED = frozenset({"intake"})
CHOSEN = frozenset({"vraag_door"})


def checked(text: str) -> Expr:
    expr = parse(text)
    assert check(expr, KINDS, SCENES, CHOICES) == []
    return expr


def value(text: str) -> Any:
    return checked(text).evaluate(ENV, VISITED, CHOSEN)


def problems(text: str) -> list[tuple[str, int]]:
    return [(e.message, e.offset) for e in check(parse(text), KINDS, SCENES, CHOICES)]


# ---------------------------------------------------------------- evaluation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # arithmetic and its precedence
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("24 / 4 / 2", 3.0),
        ("7 / 2", 3.5),
        ("6 / 3", 2.0),
        ("2 * 3 - 4 / 2", 4.0),
        ("-3 * 2", -6),
        ("- -3", 3),
        ("--3", 3),
        ("-a", -3),
        ("-(a + 1)", -4),
        ("2 * -a", -6),
        ("a - -1", 4),
        ("a * b", -7.5),
        ("1.5e2", 150.0),
        ("2E-1 * 10", 2.0),
        ("0.25 * 4", 1.0),
        ("vertrouwen + 10", 60),
        # comparisons
        ("a < 4", True),
        ("a <= 3", True),
        ("a > 3", False),
        ("a >= 3", True),
        ("a == 3", True),
        ("a != 3", False),
        ("a == 3.0", True),
        ("b < a", True),
        ("1 + 2 == 3", True),
        ("a * 2 > 5", True),
        ("(a < 4) == true", True),
        ("flag == true", True),
        ("off != flag", True),
        # strings
        ('naam == "Samir"', True),
        ("naam != 'Samir'", False),
        ("'Samir' == naam", True),
        ('"a\\"b" == \'a"b\'', True),
        ("'it\\'s' == \"it's\"", True),
        ('"back\\\\slash" != "back\\\\"', True),
        ('"" == ""', True),
        ("naam", "Samir"),
        # booleans and their precedence
        ("true", True),
        ("false", False),
        ("true and false", False),
        ("true or false", True),
        ("not true", False),
        ("not not true", True),
        ("flag and not off", True),
        ("not flag or off", False),
        ("not a == 3", False),
        ("not a < 1 and flag", True),
        ("false and true or true", True),
        ("true or true and false", True),
        ("(true or true) and false", False),
        ("not (flag and off)", True),
        # visited / chose
        ('visited("intake")', True),
        ("visited('uitstap')", False),
        ('chose("vraag_door")', True),
        ('not chose("dreig")', True),
        ('visited("intake") and vertrouwen >= 40', True),
        # whitespace, including newlines from folded YAML
        ("  a\n  >=\t3 ", True),
    ],
)
def test_evaluates(text: str, expected: Any) -> None:
    result = value(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("1 + a", "number"), ("7 / 2", "number"), ("a < 1", "bool"), ("naam", "string"),
     ("'x'", "string"), ('visited("intake")', "bool"), ("naam == 'x'", "bool")],
)  # fmt: skip
def test_check_sets_kind(text: str, kind: Kind) -> None:
    expr = parse(text)
    assert expr.kind is None
    assert check(expr, KINDS, SCENES, CHOICES) == []
    assert expr.kind == kind


def test_and_or_short_circuit() -> None:
    assert value("false and 1 / z > 0") is False
    assert value("true or 1 / z > 0") is True
    with pytest.raises(ExprRuntimeError, match="division by zero"):
        value("true and 1 / z > 0")


@pytest.mark.parametrize("text", ["a / z", "1 / z", "a / (z * 2)", "a / (vertrouwen - 50)"])
def test_runtime_division_by_zero(text: str) -> None:
    expr = checked(text)
    with pytest.raises(ExprRuntimeError, match="division by zero") as info:
        expr.evaluate(ENV, VISITED, CHOSEN)
    assert info.value.message.startswith("division by zero")


def test_missing_variable_at_run_time_is_a_runtime_error() -> None:
    with pytest.raises(ExprRuntimeError, match="'a'"):
        checked("a > 1").evaluate({}, VISITED, CHOSEN)


def test_names_used_are_collected() -> None:
    expr = parse('a + b > 0 and visited("intake") and not chose("dreig") or a == 1')
    assert expr.text == 'a + b > 0 and visited("intake") and not chose("dreig") or a == 1'
    assert expr.variables == {"a", "b"}
    assert expr.scenes == {"intake"}
    assert expr.choices == {"dreig"}
    assert parse("1 + 2").variables == frozenset()


def test_equality_pickle_and_copy_keep_the_expression() -> None:
    expr = checked("vertrouwen >= 40")
    assert expr == parse("vertrouwen >= 40")
    assert hash(expr) == hash(parse("vertrouwen >= 40"))
    assert expr != parse("vertrouwen > 40")
    for clone in (pickle.loads(pickle.dumps(expr)), copy.deepcopy(expr)):
        assert clone.kind == "bool"
        assert clone.evaluate(ENV, VISITED, CHOSEN) is True


def test_parsed_expressions_do_not_share_their_kind() -> None:
    first = checked("a + 1")
    second = parse("a + 1")
    assert first.kind == "number"
    assert second.kind is None


# ---------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "empty expression", 0),
        ("   ", "empty expression", 0),
        ("(1 + 2", "unclosed '('", 0),
        ("1 + (2 * (3", "unclosed '('", 9),
        ("1 + 2)", "unexpected ')'", 5),
        (")", "unexpected ')'", 0),
        ("()", "unexpected ')'", 1),
        ("1 +", "unexpected end of expression", 3),
        ("not", "unexpected end of expression", 3),
        ("a b", "unexpected 'b' (missing operator?)", 2),
        ("a < b < c", "comparisons cannot be chained; combine them with 'and'", 6),
        ("a == b != c", "comparisons cannot be chained; combine them with 'and'", 7),
        ("open('x')", "unknown function 'open' (only visited() and chose() exist)", 0),
        ("1 + __import__('os')", "unknown function '__import__' (only visited() and chose() exist)", 4),
        ("a.b", "attribute access is not allowed", 1),
        ("'x'.upper", "attribute access is not allowed", 3),
        ("(a).b", "attribute access is not allowed", 3),
        ("a[0]", "subscripts are not allowed", 1),
        ("x = 1", "unexpected '='; use '==' to compare", 2),
        ("!a", "unexpected '!'; use 'not'", 0),
        ("a && b", "unexpected '&'; use 'and'", 2),
        ("a || b", "unexpected '|'; use 'or'", 2),
        ("a ** 2", "unexpected '*'", 3),
        ("a % 2", "unexpected character '%'", 2),
        ("+a", "unexpected '+'", 0),
        ('"abc', "unterminated string", 0),
        ("a == 'abc\\'", "unterminated string", 5),
        ('"a\\n"', "unknown escape '\\n' (only \\\\, \\\" and \\' exist)", 2),
        ("1a", "malformed number", 0),
        ("1.2.3", "malformed number", 0),
        ("1_000", "malformed number", 0),
        (".5", "a number needs a digit before the point, like 0.5", 0),
        ("9" * 5000, "number is too long (at most 50 characters)", 0),
        ("a > " + "1" * 51, "number is too long (at most 50 characters)", 4),
        ("1e999", "number is out of range", 0),
        ("visited", "'visited' must be called like visited(\"intake\")", 0),
        ("visited(x)", "visited() needs a scene id in quotes, like visited(\"intake\")", 8),
        ("visited()", "visited() needs a scene id in quotes, like visited(\"intake\")", 8),
        ("chose(1)", "chose() needs a choice id in quotes, like chose(\"vraag_door\")", 6),
        ("chose('a', 'b')", "chose() takes exactly one argument", 9),
        ('visited("a"', "unclosed '('", 7),
        ("visited(", "unclosed '('", 7),
        ("and", "unexpected 'and'", 0),
        ("a == not b", "unexpected 'not' (put 'not ...' in parentheses)", 5),
        ("true(1)", "unexpected '('", 4),
        ("lambda: 1", "unexpected character ':'", 6),
        ("a if b else c", "unexpected 'if' (missing operator?)", 2),
        ("x, y", "unexpected ','", 1),
        ("(" * 60 + "1" + ")" * 60, "expression is too deeply nested", 50),
        ("-" * 60 + "1", "expression is too deeply nested", 50),
        ("not " * 60 + "true", "expression is too deeply nested", 200),
    ],
)  # fmt: skip
def test_syntax_errors(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExprError) as info:
        parse(text)
    assert (info.value.message, info.value.offset) == (message, offset)
    assert str(info.value) == message


def test_long_flat_chains_are_limited_not_crashing() -> None:
    with pytest.raises(ExprError, match="too deeply nested"):
        parse("1" + " + 1" * 300)
    assert checked("a" + " + 1" * 150).evaluate(ENV, VISITED, CHOSEN) == 153


# ---------------------------------------------------------------- check errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vertrouwn > 3", [("unknown variable 'vertrouwn' (did you mean 'vertrouwen'?)", 0)]),
        ("xyz", [("unknown variable 'xyz'", 0)]),
        ("True", [("unknown variable 'True' (did you mean 'true'?)", 0)]),
        ('visited("intak")', [("unknown scene 'intak' (did you mean 'intake'?)", 8)]),
        ('chose("nope")', [("unknown choice 'nope'", 6)]),
        ('naam < "b"', [("'<' needs numbers, got string", 5)]),
        ('"a" <= "b"', [("'<=' needs numbers, got string", 4)]),
        ("naam + 1", [("'+' needs numbers, got string", 5)]),
        ("flag + true", [("'+' needs numbers, got bool", 5)]),
        ("naam * flag", [("'*' needs numbers, got string and bool", 5)]),
        ("naam == 1", [("'==' needs both sides of the same type, got string and number", 5)]),
        ("a != flag", [("'!=' needs both sides of the same type, got number and bool", 2)]),
        ("a and flag", [("'and' needs bools, got number", 2)]),
        ("flag or naam", [("'or' needs bools, got string", 5)]),
        ("not a", [("'not' needs a bool, got number", 0)]),
        ("-flag", [("'-' needs a number, got bool", 0)]),
        ("a / 0", [("division by zero", 2)]),
        ("a / 0.0", [("division by zero", 2)]),
        ("a / -0", [("division by zero", 2)]),
        ("a / (1 - 1)", [("division by zero", 2)]),
        ("a / (2 * 0.0)", [("division by zero", 2)]),
        ("1 / 0 > a", [("division by zero", 2)]),
        # divisors that are 0 whatever the variables hold: folded algebraically
        ("1 / (a - a) >= 1", [("division by zero", 2)]),
        ("1 / (2 * (a - a)) > 0", [("division by zero", 2)]),
        ("a / (z * 0) > 0", [("division by zero", 2)]),
        ("a / ((a + 1) - (1 + a)) > 0", [("division by zero", 2)]),
        ("a / (a / 2 - 0.5 * a) > 0", [("division by zero", 2)]),
        ("a / (-(a - z) + a - z) > 0", [("division by zero", 2)]),
        ("a / ((a - a) * (z / a)) > 0", [("division by zero", 2)]),
        ("flag and (a > 1 or 3 / (z - z) > 1)", [("division by zero", 21)]),
        # one mistake, one message: no follow-up errors on an operand already reported
        ("xyz + 1 > 2", [("unknown variable 'xyz'", 0)]),
        ("flag + 1 and true", [("'+' needs numbers, got bool", 5)]),
        ("not xyz", [("unknown variable 'xyz'", 4)]),
        # all problems at once, in text order
        (
            'vertrouwn > 3 and naam < 1 and visited("x") and a / 0 > 1',
            [
                ("unknown variable 'vertrouwn' (did you mean 'vertrouwen'?)", 0),
                ("'<' needs numbers, got string", 23),
                ("unknown scene 'x'", 39),
                ("division by zero", 50),
            ],
        ),
    ],
)
def test_check_errors(text: str, expected: list[tuple[str, int]]) -> None:
    expr = parse(text)
    assert [(e.message, e.offset) for e in check(expr, KINDS, SCENES, CHOICES)] == expected
    assert expr.kind is None


def test_division_by_a_variable_or_nonzero_constant_is_fine() -> None:
    assert problems("a / z > 1") == []
    assert problems("a / (1 - 0.5) > 1") == []
    assert problems("a / (a - z) > 1") == []  # zero only in some states: a run-time error
    assert problems("a / (a * a - a * a) > 1") == []  # not linear: left to run time
    assert problems("a / (a - a + 1) > 1") == []


def test_check_works_with_plain_containers() -> None:
    class OnlyContains:
        def __contains__(self, item: object) -> bool:
            return item == "intake"

    expr = parse('visited("intake") or visited("intak")')
    errors = check(expr, KINDS, OnlyContains(), OnlyContains())
    assert [(e.message, e.offset) for e in errors] == [("unknown scene 'intak'", 29)]


def test_check_again_after_fixing_the_variables() -> None:
    expr = parse("nieuw > 1")
    assert len(check(expr, KINDS, SCENES, CHOICES)) == 1
    assert expr.kind is None
    assert check(expr, {**KINDS, "nieuw": "number"}, SCENES, CHOICES) == []
    assert expr.kind == "bool"


# ---------------------------------------------------------------- safety

ATTACKS = [
    "__import__('os').system('x')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "f'{a}'",
    "f\"{__import__('os')}\"",
    "eval('1')",
    "exec('import os')",
    "open('/etc/passwd').read()",
    "getattr(a, 'b')",
    "a if b else c",
    "[x for x in ()]",
    "{'a': 1}",
    "import os",
    "a; b",
    "a # comment",
    "a := 1",
    "__builtins__",
]


class Tripwire(BaseException):
    """BaseException, so no ``except Exception`` in the code under test can swallow it."""


@contextmanager
def no_code_execution() -> Iterator[list[str]]:
    """Make every road to running code fail loudly, and record any attempt."""
    calls: list[str] = []

    def trip(name: str) -> Callable[..., Any]:
        def tripped(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise Tripwire(name)

        return tripped

    targets: list[tuple[Any, str]] = [
        (builtins, "__import__"),
        (builtins, "eval"),
        (builtins, "exec"),
        (builtins, "compile"),
        (builtins, "open"),
        (builtins, "getattr"),
        (os, "system"),
        (os, "popen"),
        (subprocess, "Popen"),
    ]
    saved = [(obj, name, getattr(obj, name)) for obj, name in targets]
    for obj, name, _ in saved:
        setattr(obj, name, trip(name))
    try:
        yield calls
    finally:
        for obj, name, original in saved:
            setattr(obj, name, original)


def exercise(text: str) -> None:
    """Parse, check and (when well-typed) evaluate, allowing only the module's errors."""
    try:
        expr = parse(text)
    except ExprError as exc:
        assert 0 <= exc.offset <= len(text)
        assert exc.message
        return
    errors = check(expr, KINDS, SCENES, CHOICES)
    for error in errors:
        assert isinstance(error, ExprError)
        assert 0 <= error.offset <= len(text)
    if not errors:
        with suppress(ExprRuntimeError):
            expr.evaluate(ENV, VISITED, CHOSEN)


@pytest.mark.parametrize("text", ATTACKS)
def test_python_is_out_of_reach(text: str) -> None:
    with no_code_execution() as calls:
        try:
            expr = parse(text)
        except ExprError:
            pass
        else:  # a bare dunder name is just an unknown variable
            assert check(expr, KINDS, SCENES, CHOICES) != []
    assert calls == []


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_gives_an_expression_or_an_expr_error(text: str) -> None:
    exercise(text)


TOKENS = [
    *["a", "b", "z", "flag", "naam", "xyz", "1", "0", "2.5", "1e3", "'s'", '"intake"'],
    *["(", ")", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", ",", ".", "[", "]"],
    *["and", "or", "not", "true", "false", "visited", "chose", " ", "  ", "\n"],
    *["\\", "'", '"', ":", "{", "}", ";", "#", "@", "=", "!", "%", "**", "_", "\x00"],
    *["__class__", "__builtins__", "__subclasses__()", "lambda x: x", "f'{a}'", "os"],
    *["eval", "exec('x')", "open", "getattr", "import os", "os.system", "system('x')"],
    *ATTACKS,
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=24).map("".join))
def test_token_soup_never_runs_code(text: str) -> None:
    with no_code_execution() as calls:
        exercise(text)
    assert calls == []


# ---------------------------------------------------------------- generated expressions

# Precedence levels, lowest first, mirroring the grammar in the module docstring.
PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}
ATOM = 8
ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Gen:
    """Generated expression text with the value Python computes for the same tree."""

    text: str
    value: Any
    kind: Kind
    prec: int


def wrap(g: Gen, min_prec: int) -> str:
    return g.text if g.prec >= min_prec else f"({g.text})"


def arith(op: str, left: Gen, right: Gen) -> Gen:
    if op == "/" and right.value == 0:
        op = "-"  # a zero divisor is tested elsewhere
    p = PREC[op]
    text = f"{wrap(left, p)} {op} {wrap(right, p + 1)}"
    return Gen(text, ARITH[op](left.value, right.value), "number", p)


def neg(operand: Gen) -> Gen:
    return Gen("-" + wrap(operand, PREC["neg"]), -operand.value, "number", PREC["neg"])


def compare(op: str, left: Gen, right: Gen) -> Gen:
    text = f"{wrap(left, PREC['cmp'] + 1)} {op} {wrap(right, PREC['cmp'] + 1)}"
    return Gen(text, COMPARE[op](left.value, right.value), "bool", PREC["cmp"])


def logic(op: str, left: Gen, right: Gen) -> Gen:
    p = PREC[op]
    result = (left.value and right.value) if op == "and" else (left.value or right.value)
    return Gen(f"{wrap(left, p)} {op} {wrap(right, p + 1)}", result, "bool", p)


def negate(operand: Gen) -> Gen:
    return Gen(f"not {wrap(operand, PREC['not'])}", not operand.value, "bool", PREC["not"])


def paren(g: Gen) -> Gen:
    return Gen(f"({g.text})", g.value, g.kind, ATOM)


def leaf(text: str, val: Any, kind: Kind) -> Gen:
    return Gen(text, val, kind, ATOM)


LEAVES = st.one_of(
    st.integers(0, 1000).map(lambda n: leaf(str(n), n, "number")),
    st.integers(0, 10**6).map(lambda n: leaf(repr(n / 1000), n / 1000, "number")),
    st.sampled_from([1e-05, 1e16, 2.5e20]).map(lambda x: leaf(repr(x), x, "number")),
    st.sampled_from(["a", "b", "z", "vertrouwen"]).map(lambda n: leaf(n, ENV[n], "number")),
    st.sampled_from(["true", "false"]).map(lambda t: leaf(t, t == "true", "bool")),
    st.sampled_from(["flag", "off"]).map(lambda n: leaf(n, ENV[n], "bool")),
    st.sampled_from(["intake", "uitstap"]).map(
        lambda s: leaf(f'visited("{s}")', s in VISITED, "bool")
    ),
    st.sampled_from(["vraag_door", "dreig"]).map(
        lambda c: leaf(f"chose('{c}')", c in CHOSEN, "bool")
    ),
    st.sampled_from(["naam", "'Samir'", '"x"']).map(
        lambda t: leaf(t, ENV[t] if t == "naam" else t[1:-1], "string")
    ),
)


def extend(children: st.SearchStrategy[Gen]) -> st.SearchStrategy[Gen]:
    numbers = children.filter(lambda g: g.kind == "number")
    bools = children.filter(lambda g: g.kind == "bool")
    strings = children.filter(lambda g: g.kind == "string")
    return st.one_of(
        st.builds(arith, st.sampled_from(list(ARITH)), numbers, numbers),
        st.builds(neg, numbers),
        st.builds(compare, st.sampled_from(list(COMPARE)), numbers, numbers),
        st.builds(compare, st.sampled_from(["==", "!="]), bools, bools),
        st.builds(compare, st.sampled_from(["==", "!="]), strings, strings),
        st.builds(logic, st.sampled_from(["and", "or"]), bools, bools),
        st.builds(negate, bools),
        st.builds(paren, children),
    )


EXPRESSIONS = st.recursive(LEAVES, extend, max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(EXPRESSIONS)
def test_generated_expressions_evaluate_like_python(g: Gen) -> None:
    expr = parse(g.text)
    assert check(expr, KINDS, SCENES, CHOICES) == []
    assert expr.kind == g.kind
    result = expr.evaluate(ENV, VISITED, CHOSEN)
    assert type(result) is type(g.value)
    if isinstance(g.value, float) and math.isnan(g.value):  # same float steps, same NaN
        assert result != result
    else:
        assert result == g.value
