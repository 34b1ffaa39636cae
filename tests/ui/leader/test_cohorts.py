"""Cohorts from the dashboard: create one with a curriculum, enrol codes (new ones made)."""

from __future__ import annotations

from leaderhelp import Recorded, leader_app, log_in
from textual.widgets import DataTable, Input, Select
from uihelp import settle, wait_for

from frontlijn_game.store.service import Store


def rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_create_a_cohort_and_enrol_codes(recorded: Recorded) -> None:
    app = leader_app(recorded.url)
    async with app.run_test(size=(110, 32)) as pilot:
        await log_in(pilot)
        table = pilot.app.screen.query_one("#cohorts", DataTable)
        assert [r[:3] for r in rows(table)] == [
            ["(alle cursisten)", "4", "geen: de gespeelde casussen"],
            ["groep-a", "3", "Basis: preventie met gezag"],
            ["groep-b", "0", "geen"],
        ]
        # A new cohort with a curriculum.
        await pilot.press("n")
        await wait_for(pilot, "NewCohortDialog")
        dialog = pilot.app.screen
        await pilot.press("enter")  # no name yet: refused in the dialog
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "NewCohortDialog"
        dialog.query_one("#cohort-curriculum", Select).value = "ui-basis"
        dialog.query_one("#cohort-name", Input).value = "najaar"
        dialog.query_one("#cohort-name", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, "CohortsScreen")
        await settle(pilot)
        table = pilot.app.screen.query_one("#cohorts", DataTable)
        assert ["najaar", "0", "Basis: preventie met gezag"] in [r[:3] for r in rows(table)]
        assert table.cursor_row == table.get_row_index("najaar")  # the new one is selected
        # Enrol an existing code and two new ones (separated any way).
        await pilot.press("i")
        await wait_for(pilot, "EnrolDialog")
        field = pilot.app.screen.query_one("#enrol-codes", Input)
        field.value = "T4, nieuw-1 nieuw-2;T4"
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, "CohortsScreen")
        await settle(pilot)
        table = pilot.app.screen.query_one("#cohorts", DataTable)
        assert ["najaar", "3"] in [r[:2] for r in rows(table)]
        assert rows(table)[0][:2] == ["(alle cursisten)", "6"]
    with Store.open(recorded.url) as store:
        members = {t.code for t in store.list_trainees("najaar")}
        assert members == {"T4", "NIEUW-1", "NIEUW-2"}  # codes are stored upper-case
        cohort = next(c for c in store.list_cohorts() if c.name == "najaar")
        assert cohort.curricula == ("ui-basis",)


