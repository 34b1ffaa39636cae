"""Hostile scalars in a case file never crash a content command (issue 21, point 6).

Each example puts one generated scalar (a huge number, a non-finite float, odd unicode,
deep nesting, a NaN-like word) into one place of ``mini.yaml`` — written into the YAML
text as it stands, so plain numbers stay numbers — and runs every content command on
the file: each must exit 0 or 1 and print no traceback.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from frontlijn_game.cli import cli
from helpers import FIXTURES

MINI_TEXT = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")

# Places in mini.yaml: (the text there now, a template for the hostile value ``{}``).
PLACES = [
    ("vertrouwen: +10,", "vertrouwen: {},"),  # an effect
    ("vertrouwen: -30}", "vertrouwen: {}}"),
    ('when: "vertrouwen >= 40"', "when: {}"),  # a guard
    ('when: "vertrouwen >= 40"', 'when: "vertrouwen >= {}"'),  # inside an expression
    ('goto: [{when: "kent_ronselaar",', "goto: [{when: {},"),
    ("initial: 50,", "initial: {},"),
    ("min: 0,", "min: {},"),
    ("outcome: 90,", "outcome: {},"),
    ("weight: 3,", "weight: {},"),
    ("help: 2", "help: {}"),
    ("target_balance: [0.30, 0.50]", "target_balance: [{}, 0.50]"),
    ("competencies: {situatieanalyse: 2,", "competencies: {situatieanalyse: {},"),
    ('text: "Samir stapt uit."', "text: {}"),
    ('label: "Vertrouwen"', "label: {}"),
    ("id: meld", "id: {}"),
    ("tags: [opvolging]", "tags: [{}]"),
]

DIGITS = st.integers(1, 6000).map(lambda n: "9" * n)
HOSTILE = st.one_of(
    DIGITS,
    DIGITS.map(lambda d: "+" + d),
    DIGITS.map(lambda d: '"-' + d + '"'),
    DIGITS.map(lambda d: "1" + d + ".5e3"),
    st.integers(1, 6000).map(lambda n: "0x" + "f" * n),
    st.sampled_from(
        [
            ".nan",
            ".NaN",
            "-.inf",
            ".inf",
            "1e999",
            "-1e999",
            "NaN",
            "nan",
            "Infinity",
            '"NaN"',
            '"inf"',
            "1_000_000",
            "0o777",
            "+.5",
            "-0",
            "-0.0",
            "1e-999",
            "~",
            "null",
            "''",
            '""',
            "yes",
            "no",
            "on",
            "2024-01-01",
            "!!float nan",
            '"\\uffff"',
            '"\\u202e\\u200b"',
            '"x\\u0000y"',
            "١٢٣",
            "½",
            "Ⅻ",
            "𝟙𝟚",
            '"+١٠"',
            "∞",
            '"1 / (vertrouwen - vertrouwen) >= 1"',
            '"1 / 0 >= 1"',
            '"vertrouwen / (2 * 0.0) > 1"',
            "\"__import__('os')\"",
            '"{vertrouwen.__class__}"',
            '"{{{{}}"',
            "&a x",
            "*a",
        ]
    ),
    st.integers(1, 400).map(lambda n: '"' + "(" * n + "1" + ")" * n + ' >= 1"'),
    st.integers(1, 400).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 400).map(lambda n: '"' + "not " * n + 'true"'),
    st.integers(1, 300).map(lambda n: '"' + " * ".join(["vertrouwen"] * n) + ' > 1"'),
    st.text(max_size=12).map(lambda t: '"' + t.encode("unicode_escape").decode() + '"'),
)
COMMANDS = [
    ["validate"],
    ["validate", "--strict", "--json"],
    ["paths", "--json"],
    ["playtest", "--runs", "3", "--seed", "1"],
    ["run", "--choices", "vraag_door,meld", "--seed", "1"],
    ["graph"],
    ["inspect", "vertrouwen"],
]


def _case(place: tuple[str, str], value: str) -> str:
    old, template = place
    assert old in MINI_TEXT, old
    return MINI_TEXT.replace(old, template.replace("{}", value), 1)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(PLACES), HOSTILE)
@example(PLACES[0], "+" + "9" * 5000)  # the two crashes issue 21 found
@example(PLACES[2], '"1 / (vertrouwen - vertrouwen) >= 1"')
@example(PLACES[5], "0x" + "f" * 5000)
def test_hostile_scalars_never_crash_a_content_command(
    tmp_path: Path, place: tuple[str, str], value: str
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(_case(place, value), encoding="utf-8")
    runner = CliRunner()
    for command in COMMANDS:
        args = [*command[:1], *command[1:2]] if command[0] == "inspect" else command[:1]
        rest = command[2:] if command[0] == "inspect" else command[1:]
        result = runner.invoke(cli, [*args, str(path), *rest])
        shown = f"{command} on {place[1]!r} = {value[:80]!r}:\n{result.output[-2000:]}"
        assert result.exit_code in (0, 1), shown
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        assert "Traceback" not in result.output, shown


def test_every_place_exists_in_mini() -> None:
    for place in PLACES:
        assert _case(place, "1") != MINI_TEXT
