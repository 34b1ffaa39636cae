"""frontlijn-game: a serious game on help and sanction for Dutch frontline professionals."""

__version__ = "0.1.0"
