"""How scoring works, as Markdown in the interface language: the terminal's help screen
and the HTML door show the same text (one msgid, one translation)."""

from __future__ import annotations

from frontlijn_game.i18n import _


def scoring_markdown() -> str:
    return _(
        """\
# Hoe werkt de score?

Elke keuze in een casus telt als **hulp** (0 tot 3 punten), als **sanctie**
(0 tot 3 punten), als allebei of als geen van beide. Hulp is bijvoorbeeld
schuldhulp regelen, een gesprek, iemand de weg wijzen. Sanctie is bijvoorbeeld
een melding, een boete, een waarschuwing die je ook uitvoert, of een gunst stoppen.

## Balans

Je **balans** is het deel sanctie in alles wat je deed:
sanctie ÷ (hulp + sanctie). Elke casus heeft een **doelband**, bijvoorbeeld
30–50% sanctie. Binnen de band is je balansscore 100; daarbuiten zakt hij
geleidelijk naar 0 (standaard bij 25 procentpunt buiten de band).

## Het oordeel

- **Tandeloos**: onder de band. Veel hulp, maar geen geloofwaardige sanctie erachter.
- **In balans**: binnen de band. Hulp met gezag: preventie met gezag.
- **Eindeloos**: boven de band. Veel sanctie zonder hulp; het probleem komt terug.
- **Niets gedaan**: geen hulp en geen sanctie. Dan is er geen balans en is je
  balansscore 0.

*Preventie zonder repressie is tandeloos, repressie zonder preventie is eindeloos.*

## Je totaal

Je totaal (0–100) telt drie delen op, elk met een gewicht dat de casus bepaalt
(meestal 40%, 40% en 20%):

1. **Balans**: hoe dicht je bij de doelband bleef.
2. **Uitkomst**: hoe het afliep (het einde bepaalt dit cijfer).
3. **Werkwijze**: of je liet zien wat de casus vraagt (zoals eerst de situatie
   analyseren) en of je dat in de goede volgorde deed, bijvoorbeeld eerst
   begrijpen, dan pas sanctioneren.

Tijdens het spelen zie je je balans niet. In de **debrief** zie je hoe je balans
na elke beslissing liep, per betrokkene hoeveel hulp en sanctie je gaf, en hoeveel
punten elke beslissing je kostte tegenover de beste voortzetting vanaf dat moment.
*Welke* keuze die beste voortzetting neemt, zie je zodra je de casus hebt gehaald.
"""
    )


__all__ = ["scoring_markdown"]
