"""The parser: recursive descent over the tokens, one method per precedence level.

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

import functools
from typing import TypeAlias

from frontlijn_game.i18n import _
from frontlijn_game.scenario.expressions.language import COMPARISON, MAX_NESTING, ExprError
from frontlijn_game.scenario.expressions.lexer import Token, tokenize
from frontlijn_game.scenario.expressions.syntax_tree import (
    BinaryNode,
    CallNode,
    LiteralNode,
    Node,
    UnaryNode,
    VariableNode,
)


def describe_token(tok: Token) -> str:
    if tok.kind == "eof":
        return _("einde van de expressie")
    text = tok.text if len(tok.text) <= 24 else tok.text[:20] + "..."
    return repr(text)


def unexpected(tok: Token) -> ExprError:
    hint = ""
    if tok.kind in ("num", "str", "name") or tok.text in ("true", "false", "visited", "chose"):
        hint = _(" (ontbreekt er een operator?)")
    elif tok.text == "not":
        hint = _(" (zet 'not ...' tussen haakjes)")
    return ExprError(
        _("onverwacht: {token}{hint}").format(token=describe_token(tok), hint=hint), tok.offset
    )


class Parser:
    """Recursive descent over the token list, one method per precedence level."""

    def __init__(self, text: str) -> None:
        self.toks = tokenize(text)
        self.pos = 0
        self.nesting = 0
        self.variables: set[str] = set()
        self.scenes: set[str] = set()
        self.choices: set[str] = set()

    def parse(self) -> Node:
        if self.toks[0].kind == "eof":
            raise ExprError(_("lege expressie"), 0)
        node = self.or_expr()
        tok = self.toks[self.pos]
        if tok.kind != "eof":
            raise unexpected(tok)
        return node

    def _enter(self, tok: Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExprError(_("de expressie is te diep genest"), tok.offset)

    def _at(self, kind: str, text: str) -> Token | None:
        tok = self.toks[self.pos]
        if tok.kind == kind and tok.text == text:
            self.pos += 1
            return tok
        return None

    def or_expr(self) -> Node:
        left = self.and_expr()
        while (tok := self._at("kw", "or")) is not None:
            left = BinaryNode("or", left, self.and_expr(), tok.offset)
        return left

    def and_expr(self) -> Node:
        left = self.not_expr()
        while (tok := self._at("kw", "and")) is not None:
            left = BinaryNode("and", left, self.not_expr(), tok.offset)
        return left

    def not_expr(self) -> Node:
        tok = self._at("kw", "not")
        if tok is None:
            return self.comparison()
        self._enter(tok)
        operand = self.not_expr()
        self.nesting -= 1
        return UnaryNode("not", operand, tok.offset)

    def comparison(self) -> Node:
        left = self.sum()
        tok = self.toks[self.pos]
        if tok.kind != "op" or tok.text not in COMPARISON:
            return left
        self.pos += 1
        right = self.sum()
        nxt = self.toks[self.pos]
        if nxt.kind == "op" and nxt.text in COMPARISON:
            raise ExprError(
                _("vergelijkingen kunnen niet aaneengeschakeld worden; combineer ze met 'and'"),
                nxt.offset,
            )
        return BinaryNode(tok.text, left, right, tok.offset)

    def sum(self) -> Node:
        left = self.product()
        while (tok := self.toks[self.pos]).kind == "op" and tok.text in ("+", "-"):
            self.pos += 1
            left = BinaryNode(tok.text, left, self.product(), tok.offset)
        return left

    def product(self) -> Node:
        left = self.unary()
        while (tok := self.toks[self.pos]).kind == "op" and tok.text in ("*", "/"):
            self.pos += 1
            left = BinaryNode(tok.text, left, self.unary(), tok.offset)
        return left

    def unary(self) -> Node:
        tok = self._at("op", "-")
        if tok is None:
            return self.atom()
        self._enter(tok)
        operand = self.unary()
        self.nesting -= 1
        return UnaryNode("-", operand, tok.offset)

    def atom(self) -> Node:
        tok = self.toks[self.pos]
        kind = tok.kind
        node: Node
        if kind == "num" or kind == "str":
            assert tok.value is not None
            self.pos += 1
            node = LiteralNode(tok.value, tok.offset)
        elif kind == "name":
            self.pos += 1
            if self.toks[self.pos].text == "(":
                raise ExprError(
                    _("onbekende functie '{name}' (alleen visited() en chose() bestaan)").format(
                        name=tok.text
                    ),
                    tok.offset,
                )
            self.variables.add(tok.text)
            node = VariableNode(tok.text, tok.offset)
        elif kind == "kw" and tok.text in ("true", "false"):
            self.pos += 1
            node = LiteralNode(tok.text == "true", tok.offset)
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
            raise unexpected(tok)
        nxt = self.toks[self.pos]
        if nxt.kind == "op" and nxt.text == ".":
            raise ExprError(_("attributen opvragen is niet toegestaan"), nxt.offset)
        if nxt.kind == "op" and nxt.text == "[":
            raise ExprError(_("indexeren met [ ] is niet toegestaan"), nxt.offset)
        return node

    def _close(self, opening: Token) -> None:
        tok = self.toks[self.pos]
        if tok.kind == "op" and tok.text == ")":
            self.pos += 1
        elif tok.kind == "eof":
            raise ExprError(_("'(' zonder sluitende ')'"), opening.offset)
        else:
            raise unexpected(tok)

    def call(self, name: Token) -> Node:
        func = name.text
        needs, example = (
            (_("{func}() heeft een scène-id tussen aanhalingstekens nodig, zoals {call}"), "intake")
            if func == "visited"
            else (
                _("{func}() heeft een keuze-id tussen aanhalingstekens nodig, zoals {call}"),
                "vraag_door",
            )
        )
        call = f'{func}("{example}")'
        opening = self._at("op", "(")
        if opening is None:
            raise ExprError(
                _("'{func}' moet aangeroepen worden als {call}").format(func=func, call=call),
                name.offset,
            )
        arg = self.toks[self.pos]
        if arg.kind == "eof":
            raise ExprError(_("'(' zonder sluitende ')'"), opening.offset)
        if arg.kind != "str" or not isinstance(arg.value, str):
            raise ExprError(needs.format(func=func, call=call), arg.offset)
        self.pos += 1
        comma = self.toks[self.pos]
        if comma.kind == "op" and comma.text == ",":
            raise ExprError(
                _("{func}() neemt precies één argument").format(func=func), comma.offset
            )
        self._close(opening)
        (self.scenes if func == "visited" else self.choices).add(arg.value)
        return CallNode(func, arg.value, name.offset, arg.offset)


Parsed: TypeAlias = tuple[Node, frozenset[str], frozenset[str], frozenset[str]]


@functools.lru_cache(maxsize=4096)
def parse_cached(text: str) -> Parsed:
    """Cached because generated and copied cases repeat the same guards; trees never change."""
    parser = Parser(text)
    tree = parser.parse()
    return tree, frozenset(parser.variables), frozenset(parser.scenes), frozenset(parser.choices)
