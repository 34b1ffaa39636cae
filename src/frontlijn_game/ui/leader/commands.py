"""Command-palette entries (Ctrl+P) of the leader screens (only there: ``Screen.COMMANDS``)."""

from __future__ import annotations

from collections.abc import Iterator

from frontlijn_game.i18n import _
from frontlijn_game.service.leader_auth import session_of
from frontlijn_game.ui.kit.palette import ActionPalette, Entry


def entries() -> tuple[tuple[str, str, str], ...]:
    """(action method on the screen, name, help), in the interface language."""
    return (
        ("action_cohorts", _("Cohorten"), _("Alle cohorten; nieuw cohort, cursisten inschrijven")),
        ("action_new_cohort", _("Nieuw cohort"), _("Maak een cohort, eventueel met een curriculum")),
        ("action_enrol", _("Cursisten inschrijven"), _("Codes toevoegen aan het gekozen cohort")),
        ("action_all_trainees", _("Alle cursisten"), _("De voortgang van iedereen in de database")),
        ("action_open", _("Openen"), _("Open wat onder de cursor staat")),
        ("action_sort", _("Sorteren op deze kolom"), _("Nog eens: andersom")),
        ("action_status_filter", _("Filter op status"), _("Gehaald, niet gehaald, bezig...")),
        ("action_find", _("Zoek een cursist"), _("Filter op code of naam")),
        ("action_next_page", _("Volgende pagina"), _("De volgende rijen van de matrix")),
        ("action_previous_page", _("Vorige pagina"), _("De vorige rijen van de matrix")),
        ("action_export", _("Matrix exporteren (CSV)"),
         _("Schrijf de getoonde rijen naar een CSV-bestand")),
        ("action_options", _("Keuzeverdeling"),
         _("Wat het cohort koos bij elk beslispunt van deze casus")),
        ("action_items", _("Itemanalyse"),
         _("Totalen, oordelen, gemak en onderscheid per beslispunt van deze casus")),
        ("action_first_only", _("Eerste of alle pogingen"),
         _("Tel alleen de eerste poging van elke cursist, of alle")),
        ("action_all_versions", _("Nieuwste of alle versies"),
         _("Tel de nieuwste versie van de casus, of alle versies samen")),
        ("action_curriculum", _("Ander curriculum"),
         _("Kolommen van een ander curriculum van het cohort")),
        ("action_replay", _("Poging terugkijken"), _("Stap voor stap, zoals het gespeeld is")),
        ("action_reload", _("Vernieuwen"), _("Lees de gegevens opnieuw")),
        ("action_sign_out", _("Afmelden"), _("Terug naar het aanmeldscherm")),
    )  # fmt: skip


class LeaderCommands(ActionPalette):
    def entries(self) -> Iterator[Entry]:
        if session_of(self.app) is None:
            return
        screen = self.screen
        for method, name, help_text in entries():
            action = getattr(screen, method, None)
            if action is None:
                continue
            if screen.check_action(method.removeprefix("action_"), ()) is False:
                continue  # not for this leader (e.g. a new cohort for a cursusleider)
            yield name, help_text, action
