"""The public face of a guard: :class:`Expr`, parsed and compiled once, evaluated often."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping

from frontlijn_game.i18n import _
from frontlijn_game.scenario.expressions.language import ExprRuntimeError, Kind, Value
from frontlijn_game.scenario.expressions.parser import Parsed, parse_cached


class Expr:
    """A parsed expression, compiled to a closure; immutable except for ``kind``."""

    __slots__ = ("_fn", "choices", "kind", "scenes", "text", "tree", "variables")

    text: str
    variables: frozenset[str]
    scenes: frozenset[str]
    choices: frozenset[str]
    kind: Kind | None

    def __init__(self, text: str, parsed: Parsed) -> None:
        tree, self.variables, self.scenes, self.choices = parsed
        self.text = text
        self.kind = None
        self.tree = tree
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
            raise ExprRuntimeError(
                _("deling door nul in {text}").format(text=repr(self.text))
            ) from None
        except KeyError as exc:
            raise ExprRuntimeError(
                _("variabele {name} heeft geen waarde in {text}").format(
                    name=repr(exc.args[0]), text=repr(self.text)
                )
            ) from None
        except (TypeError, ArithmeticError) as exc:
            raise ExprRuntimeError(
                _("kan {text} niet uitrekenen: {error}").format(text=repr(self.text), error=exc)
            ) from None
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
        return restore, (self.text, self.kind)


def restore(text: str, kind: Kind | None) -> Expr:
    expr = parse(text)
    expr.kind = kind
    return expr


def parse(text: str) -> Expr:
    """Parse and compile ``text``; raises ExprError on the first syntax error."""
    return Expr(text, parse_cached(text))
