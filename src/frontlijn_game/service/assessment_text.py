"""The assessment block of ``frontlijn paths`` in the interface language.

The strings live here, in the ui room, because that is where the catalogues are
extracted from (``babel.cfg``); the command line only prints what this returns. Input is
the ``assessment`` object of ``frontlijn paths --json``, so text and JSON never differ.
"""

from __future__ import annotations

from typing import Any

from frontlijn_game.i18n import _, decimals

__all__ = ["assessment_lines"]


def _pct(chance: float) -> str:
    return decimals(f"{100 * chance:5.1f}%")


def _total(total: float | None) -> str:
    return "   —" if total is None else decimals(f"{total:5.1f}")


def _rule(rule: dict[str, Any]) -> str:
    kinds = rule["ending_kind"]
    ending = _("elk einde") if kinds is None else _("einde {kinds}").format(kinds="/".join(kinds))
    score = _("{score:g} of meer").format(score=rule["min_score"])
    if rule["module"] is None:
        return _("vrij spel ({score}, {ending})").format(score=score, ending=ending)
    return _("module '{module}' ({score}, {ending})").format(
        module=rule["module"], score=score, ending=ending
    )


def _habit_names() -> dict[str, str]:
    return {
        "first": _("steeds de 1e optie"),
        "second": _("steeds de 2e optie"),
        "third": _("steeds de 3e optie"),
        "last": _("steeds de laatste optie"),
        "longest": _("steeds de langste tekst"),
        "shortest": _("steeds de kortste tekst"),
    }


def assessment_lines(data: dict[str, Any]) -> list[str]:
    """The block, one line per item, indented like the rest of ``paths``."""
    random = data["random"]
    lines = [
        _("  beoordeling (exacte kansen, geen steekproef):"),
        _("    willekeurig kiezen: verwacht totaal {total}, kans op een goed einde {good}").format(
            total=_total(random["total"]).strip(), good=_pct(random["good"]).strip()
        ),
    ]
    for rule in data["rules"]:
        lines.append(
            _("      slaagt voor {rule}: {chance}").format(
                rule=_rule(rule), chance=_pct(rule["random_pass"]).strip()
            )
        )
    names = _habit_names()
    width = max(len(n) for n in names.values()) + 2
    lines.append(
        "    "
        + _("vaste gewoonte").ljust(width)
        + _("totaal").rjust(8)
        + _("goed einde").rjust(13)
        + _("slaagt").rjust(9)
    )
    for key, figures in data["habits"].items():
        lines.append(
            "    "
            + names[key].ljust(width)
            + _total(figures["total"]).rjust(8)
            + _pct(figures["good"]).rjust(13)
            + _pct(figures["pass"]).rjust(9)
        )
    best_bad = data["best_bad_ending"]
    lines.append(
        _("    beste totaal met een slecht einde: {total}").format(total=_total(best_bad).strip())
    )
    lines.append(
        _("    goede eindes niet in balans (willekeurig kiezen): {share}").format(
            share=_pct(data["good_not_in_balance"]).strip()
        )
    )
    if not data.get("complete", True):
        lines.append(_("    (onvolledig: de zoektocht stopte bij --max-states)"))
    return lines
