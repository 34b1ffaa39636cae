"""How numbers, dates, verdicts and statuses read on screen (one place, through ``_()``).

Numbers are rounded exactly (half-up, like ``frontlijn run``) and written with the
decimal separator of the interface language, so a debrief total and the command line
agree to the last digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING

from frontlijn_game.i18n import _, language

if TYPE_CHECKING:
    from rich.text import Text

    from frontlijn_game.scenario.model import Source


def round_half_up(value: Fraction | float | int, digits: int) -> Fraction:
    """Exact half-up rounding (79.25 -> 79.3), the same rule as ``Score.to_json``."""
    exact = Fraction(value)
    scale = 10**digits
    scaled = abs(exact) * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return Fraction(-rounded if exact < 0 else rounded, scale)


def number(value: Fraction | float | int | None, digits: int = 1) -> str:
    """``72,4`` in Dutch, ``72.4`` in English; an en dash for no value."""
    if value is None:
        return "–"
    rounded = round_half_up(value, digits)
    text = f"{float(rounded):.{digits}f}"
    return text.replace(".", ",") if language() == "nl" else text


def percent(value: Fraction | float | None) -> str:
    """A share 0..1 as a whole percentage: ``0.4`` -> ``40%``."""
    if value is None:
        return "–"
    return f"{number(Fraction(value) * 100, 0)}%"


def band(lo: Fraction | float, hi: Fraction | float) -> str:
    return f"{number(Fraction(lo) * 100, 0)}–{number(Fraction(hi) * 100, 0)}%"


def when(moment: datetime | str | None) -> str:
    """A stored moment in local time, short: ``3 dec 14:05`` (also from the ISO text the
    session views carry)."""
    if moment is None:
        return "–"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone()
    months = _("jan feb mrt apr mei jun jul aug sep okt nov dec").split()
    return f"{local.day} {months[local.month - 1]} {local:%H:%M}"


def minutes(value: int | None) -> str:
    if not value:
        return "–"
    return _("ca. {n} min").format(n=value)


def verdict_name(verdict: str | None) -> str:
    if verdict is None:
        return "–"
    names = {
        "tandeloos": _("tandeloos"),
        "in balans": _("in balans"),
        "eindeloos": _("eindeloos"),
        "niets gedaan": _("niets gedaan"),
    }
    return names.get(verdict, verdict)


def verdict_sentence(verdict: str, balance: Fraction | None, lo: Fraction, hi: Fraction) -> str:
    """The verdict explained in one sentence, with the trainee's own numbers."""
    share = percent(balance)
    target = band(lo, hi)
    if verdict == "tandeloos":
        return _(
            "Tandeloos: {share} van je inzet was sanctie, minder dan de doelband van {band}. "
            "Je hulp miste een geloofwaardige sanctie erachter, en dan houdt niets iemand tegen."
        ).format(share=share, band=target)
    if verdict == "eindeloos":
        return _(
            "Eindeloos: {share} van je inzet was sanctie, meer dan de doelband van {band}. "
            "Te veel sanctie naast te weinig hulp: de oorzaak blijft, dus het begint opnieuw."
        ).format(share=share, band=target)
    if verdict == "in balans":
        return _(
            "In balans: {share} van je inzet was sanctie, binnen de doelband van {band}. "
            "Hulp met een geloofwaardige sanctie erachter: preventie met gezag."
        ).format(share=share, band=target)
    return _(
        "Niets gedaan: je hebt geen hulp geboden en geen sanctie ingezet, "
        "dus er is geen balans om te beoordelen."
    )


def ending_kind(kind: str | None) -> str:
    return {
        "good": _("goed afgelopen"),
        "mixed": _("wisselend afgelopen"),
        "bad": _("slecht afgelopen"),
    }.get(kind or "", "–")


def ending_kind_short(kind: str | None) -> str:
    return {"good": _("goed"), "mixed": _("wisselend"), "bad": _("slecht")}.get(kind or "", "–")


def attempt_status(status: str) -> str:
    return {
        "active": _("bezig"),
        "suspended": _("gepauzeerd"),
        "finished": _("afgerond"),
        "abandoned": _("afgebroken"),
    }.get(status, status)


def case_status(status: str) -> str:
    """Status of a case for a trainee (home screen)."""
    return {
        "new": _("niet begonnen"),
        "open": _("bezig"),
        "passed": _("gehaald"),
        "not_passed": _("nog niet gehaald"),
        "finished": _("gespeeld"),
    }.get(status, status)


def value_text(value: object) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def help_sanction(help_: int, sanction: int) -> str:
    return _("hulp {h} · sanctie {s}").format(h=help_, s=sanction)


def sources_text(sources: Sequence[Source]) -> Text:
    """A case's references, one bullet each: title, note, address (intro and debrief)."""
    from rich.text import Text

    text = Text()
    for source in sources:
        text.append("• " + " ".join(source.title.split()), "bold")
        if source.note:
            text.append(" — " + " ".join(source.note.split()))
        if source.url:
            text.append("\n  " + source.url.strip(), "dim")
        text.append("\n")
    text.rstrip()
    return text


def places(row: Sequence[int]) -> str:
    """Chosen by position shown: ``1:12 2:7 3:9`` (decisions per place), ``–`` if none."""
    if not any(row):
        return "–"
    return " ".join(f"{place}:{n}" for place, n in enumerate(row, 1))
