"""The glossary's data file (both languages, every field) and its search."""

from __future__ import annotations

import pytest

from frontlijn_game.service.glossary import FIELDS, load_glossary, search

CODE = "jw-4821"

REQUIRED = {
    # One search word per instrument the brief names; each must find its own entry.
    "sluiting-13b": "13b",
    "voorwaardelijk-sepot": "sepot",
    "strafbeschikking": "257a",
    "taakstraf": "22c",
    "jds-vog": "VOG",
    "bankenregister": "incidentenregister",
    "reclassering-advies": "Reclasseringsregeling",
    "adolescentenstrafrecht": "77c",
    "halt": "77e",
    "terugvordering-boete": "18a",
    "verlaging-bijstand": "Participatiewet art. 18.",
    "meldcode": "afwegingskader",
    "veilig-thuis": "Wet maatschappelijke ondersteuning",
    "raad-kinderbescherming": "ondertoezichtstelling",
    "leerplicht": "Leerplichtwet",
    "wpg-20": "politiegegevens art. 20",
    "awr-67": "art. 67",
    "riec-convenant": "RIEC-convenant",
    "zorg-veiligheidshuis": "Veiligheidshuis",
    "maatwerk-multiprobleem": "overbruggingsbudget",
    "schuldhulpverlening": "schuldhulpverlening",
    "binnentreden": "5:15",
    "ontbinding-huur": "7:231",
    "bibob": "Bibob",
    "driehoek": "Politiewet",
    "bestuurlijke-rapportage": "bestuurlijke rapportage",
}


def test_both_languages_hold_the_same_complete_entries() -> None:
    nl, en = load_glossary("nl"), load_glossary("en")
    assert [e.id for e in nl] == [e.id for e in en]
    assert len({e.id for e in nl}) == len(nl)
    for entry in (*nl, *en):
        assert all(getattr(entry, name) for name in FIELDS), entry.id
    assert nl[0].term != en[0].term


@pytest.mark.parametrize(("entry_id", "word"), sorted(REQUIRED.items()))
def test_every_required_instrument_is_there(entry_id: str, word: str) -> None:
    found = [e.id for e in search(load_glossary("nl"), word)]
    assert entry_id in found


def test_facts_that_are_easy_to_get_wrong() -> None:
    """The points of DOMAIN.md "Law and mandate" the cases once taught wrongly."""
    nl = {e.id: e for e in load_glossary("nl")}
    en = {e.id: e for e in load_glossary("en")}
    assert "Justitieel Documentatiesysteem" in nl["voorwaardelijk-sepot"].does
    assert "Judicial Documentation System" in en["voorwaardelijk-sepot"].does
    assert "12 tot en met 17" in nl["halt"].does and "2022" in nl["halt"].does
    assert nl["sluiting-13b"].who.startswith("Alleen de burgemeester")
    assert "geen straf" in nl["veilig-thuis"].does
    assert "CJIB" in nl["maatwerk-multiprobleem"].does
    assert "niet over één huishouden" in nl["driehoek"].does
    assert "acht jaar" in nl["bankenregister"].does


def test_search_needs_every_word_and_ignores_case() -> None:
    entries = load_glossary("nl")
    assert search(entries, "") == entries
    assert [e.id for e in search(entries, "VEILIG thuis melden")] != []
    assert search(entries, "13b zzzz") == ()
