"""``frontlijn export cmi5``: a cmi5 course package of a case or a curriculum.

The package holds only ``cmi5.xml``: every AU is launched at the web door (fully
qualified URLs, cmi5 section 14.1), so the content stays on the server that records the
attempts. Titles and descriptions are given in Dutch and English; a case's own title is
its name in both (cases are written in one language), the description adds a line in
the other language. The masteryScore of an AU is its module's pass rule (the first
curriculum that holds the case, as ``frontlijn export xapi`` judges it), else 70.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from frontlijn_game.i18n import translation
from frontlijn_game.reporting.cmi5_course import (
    Block,
    Course,
    Text,
    Unit,
    course_xml,
    package_bytes,
    units_of,
)
from frontlijn_game.reporting.xapi import DEFAULT_PASS_SCORE
from frontlijn_game.scenario.content import Library
from frontlijn_game.scenario.model import Curriculum, Scenario
from frontlijn_game.service.reports import pass_rules
from frontlijn_game.service.trainee import ProgressError


def N_(message: str) -> str:
    """Marks a msgid for extraction; translated below in both languages."""
    return message


class PackageError(ProgressError):
    """The case or curriculum is unknown, or the base URL is no web address."""


@dataclass(frozen=True)
class PackageReport:
    path: Path
    course_id: str
    units: int
    xml: str


def _both(msgid: str, **values: object) -> Text:
    return Text(
        translation("nl").gettext(msgid).format(**values),
        translation("en").gettext(msgid).format(**values),
    )


def _case_text(scenario: Scenario) -> tuple[Text, Text]:
    title = Text(scenario.title, scenario.title)
    line = _both(
        N_("Casus van het frontlijnspel: je speelt {role}. Ongeveer {minutes} minuten."),
        role=scenario.role or "-",
        minutes=scenario.estimated_minutes or "?",
    )
    summary = (scenario.summary or "").strip()
    if scenario.language == "en":
        described = Text(f"{line.nl}\n{summary}".strip(), f"{summary}\n{line.en}".strip())
    else:
        described = Text(f"{summary}\n{line.nl}".strip(), f"{line.en}\n{summary}".strip())
    return title, described


def _unit(library: Library, scenario_id: str) -> Unit:
    scenario = library.scenarios[scenario_id]
    rule = pass_rules(library).get(scenario_id)
    title, described = _case_text(scenario)
    return Unit(scenario_id, title, described, rule.min_score if rule else DEFAULT_PASS_SCORE)


def _curriculum_course(library: Library, curriculum: Curriculum) -> Course:
    blocks = []
    for module in curriculum.modules:
        title = module.title or module.id
        blocks.append(
            Block(
                module.id,
                Text(title, title),
                _both(
                    N_("Module {module}: gehaald met minstens {score} punten in elke casus."),
                    module=title,
                    score=f"{float(module.pass_rule.min_score):g}",
                ),
                tuple(_unit(library, sid) for sid in module.scenarios),
            )
        )
    description = (curriculum.description or "").strip()
    line = _both(N_("Curriculum van het frontlijnspel: preventie met gezag."))
    return Course(
        curriculum.id,
        Text(curriculum.title, curriculum.title),
        Text(f"{description}\n{line.nl}".strip(), f"{line.en}\n{description}".strip()),
        tuple(blocks),
    )


def build_course(library: Library, ref: str) -> Course:
    """The course of case or curriculum ``ref`` (an id in the content folder)."""
    if ref in library.curricula:
        return _curriculum_course(library, library.curricula[ref])
    if ref in library.scenarios:
        unit = _unit(library, ref)
        return Course(f"case/{ref}", unit.title, unit.description, (unit,))
    known = sorted([*library.scenarios, *library.curricula])
    raise PackageError(
        translation_text(
            N_("'{ref}' is geen casus of curriculum in de inhoudsmap; bekend: {known}"),
            ref=ref,
            known=", ".join(known) or "-",
        )
    )


def translation_text(msgid: str, **values: object) -> str:
    """``msgid`` in the current interface language, filled in."""
    from frontlijn_game.i18n import _

    return _(msgid).format(**values)


def check_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PackageError(
            translation_text(
                N_(
                    "--base-url moet het webadres van frontlijn web zijn, zoals "
                    "https://frontlijn.example.nl (zonder ? of #), niet '{url}'"
                ),
                url=base_url,
            )
        )
    return base_url.rstrip("/")


def export_package(library: Library, ref: str, base_url: str, output: Path) -> PackageReport:
    """Write the course package of ``ref`` to ``output`` (a ZIP, created ``0600``)."""
    from frontlijn_game.store.private_files import write_private_bytes

    base = check_base_url(base_url)
    course = build_course(library, ref)
    xml = course_xml(course, base)
    try:
        write_private_bytes(output, package_bytes(xml))
    except OSError as exc:
        raise PackageError(
            translation_text(
                N_("kan {file} niet schrijven: {error}"), file=output, error=exc.strerror or exc
            )
        ) from None
    return PackageReport(output, course.id, sum(1 for _unit in units_of(course)), xml)


__all__ = ["PackageError", "PackageReport", "build_course", "check_base_url", "export_package"]
