"""The assessment warnings of ``validate``: each fires on a bad example, is silent on the fix.

The clean case is a chain of four decisions of three options each, every text the same
length, the strongest option at a different place each time (2nd, 1st, 3rd, 2nd): random
choosing passes with 1/81, no position and no length gets there, every wrong step ends
badly (at most 50), and the one good path is *in balans*.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from frontlijn_game.authoring.analysis_warnings import analysis_warnings, curriculum_warnings
from frontlijn_game.cli import cli
from frontlijn_game.scenario.curriculum import load_curriculum_bytes
from frontlijn_game.scenario.diagnostics import Diagnostic
from frontlijn_game.scenario.model import Curriculum
from helpers import scenario_from_yaml

NEW_CODES = {"random-pass", "position-cue", "length-cue", "bad-ending-passes", "verdict-ending"}
BEST_AT = (1, 0, 2, 1)
BEST_ACTS = ("help: 1", "sanction: 1", "help: 1", "sanction: 1")


def case(
    best_at: tuple[int, ...] = BEST_AT,
    best_text: str = "Optie goed",
    extra: str = "",
    bad_outcome: int = 0,
) -> str:
    """The chain; ``extra`` is one more option in the last scene (a flaw to test)."""
    scenes = []
    for i, (at, acts) in enumerate(zip(best_at, BEST_ACTS, strict=True)):
        nxt = f"d{i + 1}" if i < 3 else "goed"
        options = [
            f"      - {{id: fout{i}_{k}, text: 'Optie {k}{i}xx', help: 1, goto: fout}}"
            for k in range(2)
        ]
        options.insert(at, f"      - {{id: best{i}, text: '{best_text}', {acts}, goto: {nxt}}}")
        if i == 3 and extra:
            options.append("      - " + extra)
        scenes.append(f"  d{i}:\n    text: D\n    choices:\n" + "\n".join(options))
    return (
        "format: frontlijn/scenario@1\nid: keten\ntitle: Keten\nscoring:\n"
        "  target_balance: [0.3, 0.6]\n  weights: {balance: 0.5, outcome: 0.5, process: 0}\n"
        "start: d0\nscenes:\n"
        + "\n".join(scenes)
        + "\n  goed: {text: G, ending: {label: G, outcome: 90, kind: good}}\n"
        + f"  fout: {{text: F, ending: {{label: F, outcome: {bad_outcome}, kind: bad}}}}\n"
        + "  hoog: {text: H, ending: {label: H, outcome: 70, kind: bad}}\n"
    )


def found(text: str, curricula: list[Curriculum] | None = None) -> list[Diagnostic]:
    scenario = scenario_from_yaml(text, "keten.yaml")
    return [d for d in analysis_warnings(scenario, curricula=curricula or []) if d.code]


def codes(text: str, curricula: list[Curriculum] | None = None) -> set[str]:
    return {d.code for d in found(text, curricula)}


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_clean_chain_raises_nothing() -> None:
    assert found(case()) == []


def test_random_pass() -> None:
    # A second way on in d1 and in d2: 1/3 * 2/3 * 2/3 * 1/3 = 4/81 pass at random.
    loose = case().replace(
        "fout1_1, text: 'Optie 11xx', help: 1, goto: fout",
        "fout1_1, text: 'Optie 11xx', sanction: 1, goto: d2",
    )
    loose = loose.replace(
        "fout2_0, text: 'Optie 02xx', help: 1, goto: fout",
        "fout2_0, text: 'Optie 02xx', help: 1, goto: d3",
    )
    [warning] = [d for d in found(loose) if d.code == "random-pass"]
    assert "free play (70 or more, any ending) with a chance of 4.9%" in warning.message
    assert warning.line == line_of(loose, "target_balance")
    assert "random-pass" not in codes(case())


def test_position_cue_for_any_fixed_position() -> None:
    for at, name in ((0, "first"), (1, "second"), (2, "third")):
        text = case(best_at=(at,) * 4)
        cues = [d for d in found(text) if d.code == "position-cue"]
        assert [c.line for c in cues] == [line_of(text, "id: best0")], name
        assert f"always taking the {name} option" in cues[0].message
        assert "best0, best1, best2, best3" in cues[0].message
        assert "random-pass" not in {d.code for d in found(text)}
    assert "position-cue" not in codes(case())


def test_length_cue() -> None:
    longer = case(best_text="Optie goed, met uitleg")
    [cue] = [d for d in found(longer) if d.code == "length-cue"]
    assert cue.line == line_of(longer, "id: best0")
    assert "the longest text reaches 'goed'" in cue.message
    shorter = case(best_text="Goed")
    [cue] = [d for d in found(shorter) if d.code == "length-cue"]
    assert "the shortest text" in cue.message
    assert codes(longer) == codes(shorter) == {"length-cue"}
    assert "length-cue" not in codes(case())  # equal lengths: no cue


def test_bad_ending_passes_free_play_and_modules() -> None:
    high = case(extra="{id: hoog_eind, text: 'Optie 23xx', sanction: 1, goto: hoog}")
    [warning] = [d for d in found(high) if d.code == "bad-ending-passes"]
    assert warning.line == line_of(high, "  hoog: {text")
    assert "can score 85.0 (at least 60, free play)" in warning.message
    # Under a module the lowest pass score counts: 90 lets 85 be.
    strict_module = curriculum("pass: {min_score: 90, ending_kind: [good]}")
    assert "bad-ending-passes" not in codes(high, [strict_module])
    fixed = high.replace("outcome: 70, kind: bad", "outcome: 10, kind: bad")
    assert "bad-ending-passes" not in codes(fixed)


def test_verdict_ending() -> None:
    soft = case(extra="{id: zacht, text: 'Optie 23xx', help: 1, goto: goed}")
    [warning] = [d for d in found(soft) if d.code == "verdict-ending"]
    assert warning.line == line_of(soft, "  goed: {text")
    assert "with the verdict 'tandeloos' (50.0% of good endings" in warning.message
    fixed = soft.replace("help: 1, goto: goed}", "help: 1, goto: fout}")
    assert "verdict-ending" not in codes(fixed)


def curriculum(pass_rule: str) -> Curriculum:
    text = (
        "format: frontlijn/curriculum@1\nid: c\ntitle: C\nmodules:\n"
        f"  - id: m1\n    scenarios: [keten]\n    {pass_rule}\n"
    )
    loaded, diagnostics = load_curriculum_bytes("c.yaml", text.encode())
    assert loaded is not None, diagnostics
    return loaded


def test_pass_without_ending() -> None:
    [warning] = curriculum_warnings(curriculum("pass: {min_score: 70}"))
    assert (warning.file, warning.line, warning.code) == ("c.yaml", 5, "pass-without-ending")
    assert "module 'm1'" in warning.message
    assert curriculum_warnings(curriculum("pass: {min_score: 70, ending_kind: [good]}")) == []


def test_validate_uses_the_content_folders_modules(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "curricula").mkdir()
    high = case(extra="{id: hoog_eind, text: 'Optie 23xx', sanction: 1, goto: hoog}")
    (tmp_path / "scenarios" / "keten.yaml").write_text(high)
    (tmp_path / "curricula" / "c.yaml").write_text(
        "format: frontlijn/curriculum@1\nid: c\ntitle: C\nmodules:\n"
        "  - id: m1\n    scenarios: [keten]\n    pass: {min_score: 90}\n"
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", "--strict", str(tmp_path)])
    assert result.exit_code == 1
    out = result.output
    assert "c.yaml:5:5: warning: module 'm1' passes on min_score alone" in out
    assert "[bad-ending-passes]" not in out  # 85 is below module m1's 90
    (tmp_path / "los.yaml").write_text(high)  # the same case outside the folder: free play
    alone = runner.invoke(cli, ["validate", str(tmp_path / "los.yaml")])
    assert "[bad-ending-passes]" in alone.output and "(at least 60, free play)" in alone.output


def test_every_analysis_code_has_its_section_in_the_trainers_guide() -> None:
    from frontlijn_game.authoring.analysis_warnings import CODES

    folder = Path(__file__).resolve().parents[2] / "docs"
    for name, mark in (("trainers.md", "waarschuwing"), ("trainers.en.md", "warning")):
        docs = (folder / name).read_text()
        for code in CODES:
            assert f"### `{code}` ({mark}" in docs, (name, code)
        assert "position-wins" not in docs
