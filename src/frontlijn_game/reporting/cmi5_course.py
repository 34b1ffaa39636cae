"""The cmi5 course structure (``cmi5.xml``) of a case or a curriculum, as XML text.

One AU per case, launched at the web door (``<base>/cmi5/launch/<case>``; the LMS adds
the launch parameters). A curriculum becomes a course with one block per module, so
the LMS can show the modules and their order; a single case becomes a course of one
AU. ``masteryScore`` is the module's ``min_score`` / 100 (cmi5 scales 0..1, four
decimals), and ``moveOn`` is ``CompletedAndPassed``: the AU sends ``completed`` when the
case ends and ``passed`` only when the pass rule holds, so the LMS counts an AU as done
only when the trainee passed it. The element order follows the cmi5 CourseStructure.xsd
(course, then au/block; in an AU: title, description, url).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from xml.etree import ElementTree as ET

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MOVE_ON = "CompletedAndPassed"
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/simulation"
LANG_TAGS = {"nl": "nl-NL", "en": "en-US"}


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English (``langstring`` per language)."""

    nl: str
    en: str


@dataclass(frozen=True)
class Unit:
    """One AU: a case."""

    scenario_id: str
    title: Text
    description: Text
    min_score: Fraction
    """The pass rule's ``min_score`` (0..100)."""


@dataclass(frozen=True)
class Block:
    id: str
    title: Text
    description: Text
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Course:
    id: str
    """``case/<id>`` or ``<curriculum id>``: the tail of the course IRI."""
    title: Text
    description: Text
    parts: tuple[Unit | Block, ...]


def mastery_score(min_score: Fraction) -> str:
    """``min_score`` 0..100 as cmi5's masteryScore: 0..1 with at most four decimals."""
    value = Decimal(min_score.numerator) / Decimal(min_score.denominator) / 100
    value = max(Decimal(0), min(Decimal(1), value))
    text = format(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Urls:
    """The IRIs of the package, all under the web door's public address."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")

    def course(self, course_id: str) -> str:
        return f"{self.base}/cmi5/course/{course_id}"

    def block(self, course_id: str, block_id: str) -> str:
        return f"{self.course(course_id)}/block/{block_id}"

    def au(self, scenario_id: str) -> str:
        """The AU's publisher id (the LMS makes its own activityId for the launch)."""
        return f"{self.base}/cmi5/au/{scenario_id}"

    def launch(self, scenario_id: str) -> str:
        return f"{self.base}/cmi5/launch/{scenario_id}"


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _text(parent: ET.Element, tag: str, text: Text) -> None:
    element = ET.SubElement(parent, _q(tag))
    for lang, value in (("nl", text.nl), ("en", text.en)):
        item = ET.SubElement(element, _q("langstring"), {"lang": LANG_TAGS[lang]})
        item.text = value


def _unit(parent: ET.Element, unit: Unit, urls: Urls) -> None:
    au = ET.SubElement(
        parent,
        _q("au"),
        {
            "id": urls.au(unit.scenario_id),
            "moveOn": MOVE_ON,
            "masteryScore": mastery_score(unit.min_score),
            "launchMethod": "OwnWindow",
            "activityType": ACTIVITY_TYPE,
        },
    )
    _text(au, "title", unit.title)
    _text(au, "description", unit.description)
    ET.SubElement(au, _q("url")).text = urls.launch(unit.scenario_id)


def course_xml(course: Course, base_url: str) -> str:
    """The ``cmi5.xml`` text of ``course`` (UTF-8, with the XML declaration)."""
    urls = Urls(base_url)
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(_q("courseStructure"))
    head = ET.SubElement(root, _q("course"), {"id": urls.course(course.id)})
    _text(head, "title", course.title)
    _text(head, "description", course.description)
    for part in course.parts:
        if isinstance(part, Unit):
            _unit(root, part, urls)
            continue
        block = ET.SubElement(root, _q("block"), {"id": urls.block(course.id, part.id)})
        _text(block, "title", part.title)
        _text(block, "description", part.description)
        for unit in part.units:
            _unit(block, unit, urls)
    ET.indent(root)
    out = io.StringIO()
    ET.ElementTree(root).write(out, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + out.getvalue() + "\n"


def units_of(course: Course) -> Iterable[Unit]:
    for part in course.parts:
        yield from (part,) if isinstance(part, Unit) else part.units


def package_bytes(xml: str, extra: Mapping[str, str] | None = None) -> bytes:
    """A ZIP with ``cmi5.xml`` at its root (cmi5 section 14.1), plus ``extra`` files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cmi5.xml", xml.encode("utf-8"))
        for name, text in (extra or {}).items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


__all__ = [
    "MOVE_ON",
    "NAMESPACE",
    "Block",
    "Course",
    "Text",
    "Unit",
    "Urls",
    "course_xml",
    "mastery_score",
    "package_bytes",
    "units_of",
]
