"""The option distribution's and the item statistics' screens, with the ``f`` (first
attempts only) and ``v`` (every version pooled) toggles.

On top of the recorded data set of ``leaderhelp`` (attempts #1-#7, all on the first
version of ``ui-proef``), ``two_versions`` changes the case (the option ``bel_politie`` is
renamed ``bel_agent``: a second version) and records two more attempts on it:

=======  =======  ===============================  ========  ======  =========
attempt  trainee  choices                          version   total   verdict
=======  =======  ===============================  ========  ======  =========
8        T1       bel_agent, halt                  2         27.0    eindeloos
9        T2       praat, moeder, volg_op           2         96.0    in balans
=======  =======  ===============================  ========  ======  =========

Cohort groep-a (T1, T2, T3) then has on ui-proef:

* newest version, all attempts: #8, #9 (both finished); plein: praat 1, bel_agent 1.
* newest version, first attempts: none (every first attempt was on version 1).
* every version, all attempts: #1, #2, #3, #4 (open), #8, #9; plein: praat 4 of 6 (67%;
  finished at 96, 42, 96, 96: mean 82.5), bel_politie 1 (only in the older version),
  bel_agent 1.
* every version, first attempts: #1, #2, #4; plein: praat 2 of 3 (67%, mean
  (96 + 42) / 2 = 69.0), bel_politie 1 (33%).

Item statistics of groep-a:

* newest version: totals 27 and 96: mean and median 61.5, standard deviation
  69 / sqrt(2) = 48.8.
* every version, all attempts: totals 96, 42, 96, 27, 96: mean 71.4, median 96.0, sample
  standard deviation sqrt(4651.2 / 4) = 34.1, min-max 27.0-96.0; histogram 20-30: 1,
  40-50: 1, 90-100: 3; verdicts in balans 3 (60%), tandeloos 1 (20%), eindeloos 1 (20%).
  At plein praat is the best option (96 can still be reached); 4 of the 5 took it:
  facility 80%, mean totals 82.5 (took it) and 27.0 (did not); discrimination
  (82.5 - 27) / 30.50 (the population standard deviation) * sqrt(0.8 * 0.2) = +0.73.
* every version, first attempts: totals 96 and 42: mean and median 69.0, standard
  deviation 54 / sqrt(2) = 38.2; tandeloos 1 and in balans 1 (50% each).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from leaderhelp import leader_app, log_in, open_matrix, record
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from uihelp import CONTENT, SEED, fresh_db, settle, wait_for, widget_text

MORE = [("T1", ("bel_agent", "halt")), ("T2", ("praat", "moeder", "volg_op"))]


def second_version(folder: Path) -> Path:
    """The fixture content with ``bel_politie`` renamed ``bel_agent`` in ui-proef."""
    target = folder / "content"
    shutil.copytree(CONTENT, target)
    case = target / "scenarios" / "ui-proef.yaml"
    text = case.read_text(encoding="utf-8")
    assert text.count("id: bel_politie") == 1
    case.write_text(text.replace("id: bel_politie", "id: bel_agent"), encoding="utf-8")
    return target


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[str, Path]:
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.store.service import Store

    url = fresh_db(tmp_path)
    record(url)
    content = second_version(tmp_path)
    scenario = load_library(content).scenarios["ui-proef"]
    with Store.open(url) as store:
        for code, choices in MORE:
            play = Playthrough.start(scenario, SEED)
            attempt = store.start_attempt(code, scenario, play.state)
            for choice in choices:
                step = play.choose(choice)
                store.record_decision(attempt.id, step, score=play.score(), seconds=2.0)
            assert play.finished
    return url, content


async def open_report(pilot: Pilot[Any], key: str, screen: str) -> None:
    """From the login: the matrix of groep-a, the cursor on ui-proef, then ``key``."""
    await log_in(pilot)
    await open_matrix(pilot, "groep-a")
    pilot.app.screen.query_one("#matrix", DataTable).move_cursor(row=0, column=2)
    await pilot.press(key)
    await wait_for(pilot, screen)
    await settle(pilot)


def shown(pilot: Pilot[Any], *names: str, width: int = 110) -> str:
    return "\n".join(
        widget_text(pilot.app.screen.query_one(f"#{name}", Static), width) for name in names
    )


def cells(text: str, start: str) -> list[str]:
    """The cells of the line that starts with ``start`` (split on the column rules and on
    runs of spaces)."""
    for line in text.splitlines():
        if line.strip().startswith(start):
            return [cell for cell in re.split(r"\s*│\s*|\s{2,}", line.strip()) if cell]
    raise AssertionError(f"no line starts with {start!r} in:\n{text}")


async def test_option_distribution_toggles(two_versions: tuple[str, Path]) -> None:
    url, content = two_versions
    app = leader_app(url, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot, "o", "OptionsScreen")
        text = shown(pilot, "options-summary", "options-points")
        assert "cohort groep-a · alle pogingen · versie " in text
        assert "(nieuwste van 2) · 2 pogingen, 2 afgerond" in text
        praat = cells(text, "Vraag Dani wat er speelt")
        assert praat[1:4] == ["1/0", "1", "50%"] and praat[-1] == "96,0 (n=1)"
        assert cells(text, "Bel de wijkagent")[1:4] == ["0/2", "1", "50%"]
        assert "oudere versie" not in text

        await pilot.press("f")  # newest version, first attempts: none were on it
        await settle(pilot)
        text = shown(pilot, "options-summary", "options-points")
        assert "alleen eerste pogingen" in text and "0 pogingen, 0 afgerond" in text
        assert cells(text, "Vraag Dani wat er speelt")[1:4] == ["1/0", "0", "–"]

        await pilot.press("v")  # every version, first attempts: #1, #2, #4
        await settle(pilot)
        text = shown(pilot, "options-summary", "options-points")
        assert "alleen eerste pogingen · alle 2 versies samen · 3 pogingen, 2 afgerond" in text
        praat = cells(text, "Vraag Dani wat er speelt")
        assert praat[2:4] == ["2", "67%"] and praat[-1] == "69,0 (n=2)"
        assert cells(text, "Bel de wijkagent over de scooter (oudere versie)")[2:4] == [
            "1",
            "33%",
        ]

        await pilot.press("f")  # every version, all attempts: #1-#4, #8, #9
        await settle(pilot)
        text = shown(pilot, "options-summary", "options-points")
        assert "alle pogingen · alle 2 versies samen · 6 pogingen, 5 afgerond" in text
        praat = cells(text, "Vraag Dani wat er speelt")
        assert praat[2:4] == ["4", "67%"] and praat[-1] == "82,5 (n=4)"


async def test_option_distribution_first_attempts(tmp_path: Path) -> None:
    """One version (the recorded set): groep-a's first attempts are #1, #2 and #4."""
    url = fresh_db(tmp_path)
    record(url)
    async with leader_app(url).run_test(size=(120, 40)) as pilot:
        await open_report(pilot, "o", "OptionsScreen")
        text = shown(pilot, "options-summary", "options-points")
        assert "4 pogingen, 3 afgerond" in text and "nieuwste van" not in text
        praat = cells(text, "Vraag Dani wat er speelt")
        assert praat[2:4] == ["3", "75%"] and praat[-1] == "78,0 (n=3)"
        await pilot.press("f")
        await settle(pilot)
        text = shown(pilot, "options-summary", "options-points")
        assert "3 pogingen, 2 afgerond" in text
        praat = cells(text, "Vraag Dani wat er speelt")
        assert praat[2:4] == ["2", "67%"] and praat[-1] == "69,0 (n=2)"
        await pilot.press("v")  # one version: pooled is the same
        await settle(pilot)
        text = shown(pilot, "options-summary", "options-points")
        assert "alle 1 versies samen · 3 pogingen, 2 afgerond" in text


async def test_item_statistics(two_versions: tuple[str, Path]) -> None:
    url, content = two_versions
    app = leader_app(url, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot, "i", "ItemsScreen")
        screen: Any = pilot.app.screen
        text = shown(pilot, "items-summary", "items-case")
        # Newest version: #8 (27.0, eindeloos) and #9 (96.0, in balans).
        assert "cohort groep-a · alle pogingen · versie " in text
        assert "2 afgeronde pogingen" in text
        assert "gemiddeld 61,5 · mediaan 61,5 · standaardafwijking 48,8" in text
        assert "laagste–hoogste 27,0–96,0" in text

        await pilot.press("v")  # every version: 96, 42, 96, 27, 96
        await settle(pilot)
        text = shown(pilot, "items-summary", "items-case")
        assert "alle pogingen · alle 2 versies samen" in text
        assert "5 afgeronde pogingen" in text
        assert "gemiddeld 71,4 · mediaan 96,0 · standaardafwijking 34,1" in text
        assert "laagste–hoogste 27,0–96,0" in text
        histogram = widget_text(screen.query_one("#items-histogram", Static), 50)
        counts = {cells(histogram, f"{low}–")[0]: cells(histogram, f"{low}–")[1]
                  for low in range(0, 100, 10)}  # fmt: skip
        assert counts == {
            "0–10": "0", "10–20": "0", "20–30": "1", "30–40": "0", "40–50": "1",
            "50–60": "0", "60–70": "0", "70–80": "0", "80–90": "0", "90–100": "3",
        }  # fmt: skip
        assert cells(histogram, "90–100")[-1] == "█" * 24  # the tallest bar is full
        verdicts = widget_text(screen.query_one("#items-verdicts", Static), 50)
        assert cells(verdicts, "tandeloos")[:3] == ["tandeloos", "1", "20%"]
        assert cells(verdicts, "in balans")[:3] == ["in balans", "3", "60%"]
        assert cells(verdicts, "eindeloos")[:3] == ["eindeloos", "1", "20%"]
        assert cells(verdicts, "niets gedaan")[:3] == ["niets gedaan", "0", "0%"]

        points = shown(pilot, "items-points", width=140)
        assert "Gemak" in points and "Onderscheid" in points
        plein = cells(points, "Op het plein")  # titles and option texts, no ids
        assert plein == ["Op het plein", "5", "80%", "+0,73", "Vraag Dani wat er", "82,5", "27,0"]
        assert "praat" not in points and "plein —" not in points

        await pilot.press("f")  # every version, first attempts: #1 (96) and #2 (42)
        await settle(pilot)
        text = shown(pilot, "items-summary", "items-case")
        assert "alleen eerste pogingen · alle 2 versies samen" in text
        assert "2 afgeronde pogingen" in text
        assert "gemiddeld 69,0 · mediaan 69,0 · standaardafwijking 38,2" in text
        verdicts = widget_text(screen.query_one("#items-verdicts", Static), 50)
        assert cells(verdicts, "tandeloos")[:3] == ["tandeloos", "1", "50%"]
        assert cells(verdicts, "in balans")[:3] == ["in balans", "1", "50%"]

        await pilot.press("v")  # newest version, first attempts: none
        await settle(pilot)
        assert "Nog geen afgeronde pogingen." in shown(pilot, "items-case")
        await pilot.press("escape")
        await wait_for(pilot, "MatrixScreen")
