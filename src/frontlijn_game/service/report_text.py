"""``frontlijn report options|items|progress`` as text for people: scene titles and option
texts in the interface language. Ids stay in ``--json``, which is made for programs.

Made where the data are: on this machine, or by the server for a leader over ``--server``
(in the language the client asks for), so both read the same words."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from frontlijn_game.engine.scoring import VERDICTS
from frontlijn_game.i18n import _, ngettext
from frontlijn_game.reporting.items import ItemStatistics
from frontlijn_game.reporting.options import OptionDistribution
from frontlijn_game.reporting.positions import format_places
from frontlijn_game.service.format import number, verdict_name

if TYPE_CHECKING:
    from frontlijn_game.service.leader import MatrixData

TEXT_WIDTH = 40
"""Option texts are cut to this many characters so the figures stay in columns."""


def clip(text: str, width: int = TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def options_text(dist: OptionDistribution) -> str:
    """The distribution as a table per decision point, titled and worded for people."""
    sel = dist.selection
    scope = [
        _("cohort {name}").format(name=sel.cohort)
        if sel.cohort
        else (_("alle deelnemers van je cohorten") if sel.within else _("alle deelnemers")),
        _("alleen eerste pogingen") if sel.first_only else _("alle pogingen"),
    ]
    if sel.all_versions:
        scope.append(_("alle {n} versies").format(n=len(dist.versions)))
    else:
        v = dist.versions[0]
        newest = v.snapshot_id == dist.available[0].snapshot_id
        label = _("versie {hash}").format(hash=v.content_hash[:12])
        scope.append(label + (_(" (nieuwste)") if newest else ""))
    lines = [dist.title]
    counted = ngettext("{n} poging", "{n} pogingen", dist.attempts).format(n=dist.attempts)
    done = _("{n} afgerond").format(n=dist.finished)
    lines.append(f"{', '.join(scope)}: {counted}, {done}")
    if not sel.all_versions and len(dist.available) > 1:
        lines.append(
            _("{n} versies vastgelegd; --all-versions voegt ze samen").format(n=len(dist.available))
        )
    for point in dist.points:
        lines.append("")
        decided = ngettext("{n} beslissing", "{n} beslissingen", point.decisions).format(
            n=point.decisions
        )
        if point.attempts is not None:
            decided += " " + ngettext("in {n} poging", "in {n} pogingen", point.attempts).format(
                n=point.attempts
            )
        lines.append(f"{point.title or point.scene}: {decided}")
        lines.append(
            "  "
            + _("gekozen per getoonde plek: {places}").format(
                places=format_places(point.by_position)
            )
        )
        texts = [clip(o.text) for o in point.options]
        width = max((len(t) for t in texts), default=6)
        for text, o in zip(texts, point.options, strict=True):
            share = "   -  " if o.share is None else f"{number(o.share * 100):>5}%"
            n = "" if o.finished is None else f" (n={o.finished})"
            bar = "#" * round(float(o.share or 0) * 20)
            mark = _("  (oudere versie)") if not o.in_version else ""
            lines.append(
                f"  {text.ljust(width)}  {o.count:6d}  {share}  "
                + _("gem. {mean}").format(mean=f"{number(o.mean_total):>5}")
                + f"{n}  h{o.help} s{o.sanction}  {bar.ljust(20)}{mark}  "
                + _("per plek {places}").format(places=format_places(o.by_position))
            )
    return "\n".join(lines)


def items_text(stats: ItemStatistics) -> str:
    """Item statistics and the case summary, titled and worded for people."""
    s = stats.summary
    lines = [
        f"{stats.title}: "
        + ngettext("{n} afgeronde poging", "{n} afgeronde pogingen", s.finished).format(
            n=s.finished
        )
    ]
    if s.finished:
        lines.append(
            _(
                "totaal: gemiddeld {mean}, mediaan {median}, standaardafwijking {stdev}, "
                "laagste {low}, hoogste {high}"
            ).format(
                mean=number(s.mean),
                median=number(s.median),
                stdev=number(s.stdev, 2),
                low=number(s.minimum),
                high=number(s.maximum),
            )
        )
        top = max(b.count for b in s.histogram) or 1
        for b in s.histogram:
            bar = "#" * round(b.count / top * 30)
            high = f"{b.high}]" if b.high == 100 else f"{b.high})"
            lines.append(f"  [{b.low:3d}-{high:>4} {b.count:6d}  {bar}")
        for verdict in VERDICTS:
            share = s.verdict_share(verdict) or Fraction(0)
            bar = "#" * round(float(share) * 30)
            lines.append(
                f"  {verdict_name(verdict):<13}{s.verdicts.get(verdict, 0):6d}  {number(share * 100):>5}%  {bar}"
            )
    for item in stats.items:
        lines.append("")
        lines.append(
            f"{item.title or item.scene}: "
            + ngettext("{n} beslissing", "{n} beslissingen", item.decisions).format(
                n=item.decisions
            )
        )
        facility = "-" if item.facility is None else number(item.facility, 2)
        disc = number(item.discrimination, 2) if item.discrimination is not None else "-"
        if item.discrimination is not None and item.discrimination >= 0:
            disc = "+" + disc
        lines.append(
            "  "
            + _("gemak {facility}, onderscheid {discrimination}, gekozen per plek {places}").format(
                facility=facility,
                discrimination=disc,
                places=format_places(item.by_position),
            )
        )
        for cid, n in item.best.items():
            lines.append(
                "  "
                + _("beste optie: {text} ({n}x)").format(
                    text=clip(item.texts.get(cid, cid), 60), n=n
                )
            )
    if stats.skipped:
        lines.append(
            ngettext(
                "({n} poging kon niet opnieuw gespeeld worden en is weggelaten)",
                "({n} pogingen konden niet opnieuw gespeeld worden en zijn weggelaten)",
                stats.skipped,
            ).format(n=stats.skipped)
        )
    return "\n".join(lines)


def progress_text(data: MatrixData) -> str:
    """The progress matrix as a table: a row per trainee, a numbered column per case
    (its status sign and best total), the columns named above it."""
    from frontlijn_game.service.matrix_view import (
        STATUS_MARK,
        column_labels,
        rule_text,
        status_name,
    )

    matrix = data.matrix
    if data.cohort is not None:
        who = _("cohort {name}").format(name=data.cohort)
    else:
        who = _("alle deelnemers van je cohorten") if data.limited else _("alle deelnemers")
    rows = matrix.sorted_by()
    head = f"{who}: " + ngettext("{n} deelnemer", "{n} deelnemers", len(rows)).format(n=len(rows))
    if matrix.curriculum is not None:
        head += ", " + _("curriculum {title}").format(title=matrix.curriculum.title)
    lines = [head]
    if data.missing_curriculum is not None:
        lines.append(
            _("curriculum {id} staat niet in de casussen; kolommen: de gespeelde casussen").format(
                id=data.missing_curriculum
            )
        )
    labels = column_labels(data)
    for number_, column in enumerate(matrix.columns, start=1):
        lines.append(f"  {number_:>2} = {labels[column.key]} ({rule_text(column)})")
    lines.append("  " + ", ".join(f"{STATUS_MARK[s]} {status_name(s)}" for s in STATUS_MARK))
    if not rows:
        return "\n".join(lines)
    cells = [
        [f"{STATUS_MARK.get(c.status, '?')} {'' if c.best_total is None else number(c.best_total)}".rstrip()
         for c in row.cells]
        for row in rows
    ]  # fmt: skip
    width = max(len(_("deelnemer")), *(len(r.code) for r in rows))
    widths = [max(len(str(i + 1)), *(len(r[i]) for r in cells)) for i in range(len(matrix.columns))]
    lines.append("")
    lines.append(
        "  ".join(
            [_("deelnemer").ljust(width), *(str(i + 1).ljust(w) for i, w in enumerate(widths))]
        ).rstrip()
    )
    for row, texts in zip(rows, cells, strict=True):
        lines.append(
            "  ".join(
                [row.code.ljust(width), *(t.ljust(w) for t, w in zip(texts, widths, strict=True))]
            ).rstrip()
        )
    return "\n".join(lines)
