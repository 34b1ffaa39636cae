"""The cmi5 course structure: element order and attributes as CourseStructure.xsd asks,
the masteryScore of each AU from its module's pass rule, titles in Dutch and English.

The XSD itself is not shipped here; set FRONTLIJN_CMI5_XSD to a copy of cmi5's
``v1/CourseStructure.xsd`` to have it validate the packages too (needs xmlschema).
"""

from __future__ import annotations

import os
import zipfile
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from frontlijn_game.reporting.cmi5_course import NAMESPACE, mastery_score
from frontlijn_game.scenario.content import bundled_content_dir, load_library
from frontlijn_game.service.cmi5_package import PackageError, build_course, export_package

WEB_CONTENT = Path(__file__).parents[1] / "web" / "content"
BASE = "https://frontlijn.gemeente.nl"
Q = f"{{{NAMESPACE}}}"
MOVE_ON = {"NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"}


def children(element: ET.Element) -> list[str]:
    return [child.tag.removeprefix(Q) for child in element]


def check_text(element: ET.Element) -> dict[str, str]:
    assert children(element) and set(children(element)) == {"langstring"}
    return {item.get("lang", ""): (item.text or "") for item in element}


def check_au(au: ET.Element) -> None:
    """auType: title, description, (objectives), url, (launchParameters), (entitlementKey)."""
    assert children(au) == ["title", "description", "url"]
    assert au.get("id", "").startswith(BASE + "/cmi5/au/")
    assert au.get("moveOn") in MOVE_ON
    assert au.get("launchMethod") in ("AnyWindow", "OwnWindow")
    score = float(au.get("masteryScore", "-1"))
    assert 0 <= score <= 1 and len(au.get("masteryScore", "").partition(".")[2]) <= 4
    assert set(check_text(au[0])) == {"nl-NL", "en-US"}
    url = au.find(f"{Q}url")
    assert url is not None and url.text == au.get("id", "").replace("/au/", "/launch/")


def walk(parent: ET.Element) -> list[ET.Element]:
    found = []
    for child in parent:
        if child.tag == f"{Q}au":
            check_au(child)
            found.append(child)
        elif child.tag == f"{Q}block":
            assert children(child)[:2] == ["title", "description"]
            assert set(children(child)[2:]) <= {"au", "block"} and children(child)[2:]
            found.extend(walk(child))
    return found


def parse(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["cmi5.xml"]
        return ET.fromstring(archive.read("cmi5.xml"))


def test_a_curriculum_package(tmp_path: Path) -> None:
    library = load_library(WEB_CONTENT)
    out = tmp_path / "course.zip"
    report = export_package(library, "ui-basis", BASE + "/", out)
    assert out.stat().st_mode & 0o777 == 0o600
    root = parse(out)
    assert root.tag == f"{Q}courseStructure"
    assert children(root)[0] == "course" and set(children(root)[1:]) == {"block"}
    course = root[0]
    assert course.get("id") == f"{BASE}/cmi5/course/ui-basis"
    assert children(course) == ["title", "description"]
    aus = walk(root)
    assert report.units == len(aus) == 2
    scores = {au.get("id", "").rsplit("/", 1)[-1]: au.get("masteryScore") for au in aus}
    assert scores == {"ui-proef": "0.7", "ui-kort": "0.6"}  # the modules' min_score / 100
    assert {au.get("moveOn") for au in aus} == {"CompletedAndPassed"}
    titles = [check_text(block[0]) for block in root.iter(f"{Q}block")]
    assert titles[0] == {"nl-NL": "Jongeren en snel geld", "en-US": "Jongeren en snel geld"}


def test_a_case_package_and_english_descriptions(tmp_path: Path) -> None:
    library = load_library(bundled_content_dir())
    out = tmp_path / "case.zip"
    export_package(library, "geldezel-samir", BASE, out)
    root = parse(out)
    assert children(root) == ["course", "au"]
    (au,) = walk(root)
    description = check_text(au[1])
    assert "Jongerenwerker" in description["nl-NL"]
    assert description["en-US"].startswith("A case of the frontline game")
    assert description["en-US"] != description["nl-NL"]


def test_mastery_scores_and_bad_input(tmp_path: Path) -> None:
    assert mastery_score(Fraction(70)) == "0.7"
    assert mastery_score(Fraction(200, 3)) == "0.6667"
    assert mastery_score(Fraction(100)) == "1"
    assert mastery_score(Fraction(0)) == "0"
    library = load_library(WEB_CONTENT)
    with pytest.raises(PackageError, match="geen-casus"):
        build_course(library, "geen-casus")
    with pytest.raises(PackageError, match="--base-url"):
        export_package(library, "ui-kort", "ftp://x", tmp_path / "x.zip")
    with pytest.raises(PackageError, match="niet schrijven"):
        export_package(library, "ui-kort", BASE, tmp_path / "missing" / "x.zip")


def test_the_packages_validate_against_the_cmi5_xsd(tmp_path: Path) -> None:
    xsd = os.environ.get("FRONTLIJN_CMI5_XSD")
    if not xsd:
        pytest.skip("set FRONTLIJN_CMI5_XSD to cmi5's v1/CourseStructure.xsd to validate")
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(xsd)
    for library, ref in (
        (load_library(WEB_CONTENT), "ui-basis"),
        (load_library(bundled_content_dir()), "basis-preventie-met-gezag"),
        (load_library(bundled_content_dir()), "hennep-in-huis"),
    ):
        report = export_package(library, ref, BASE, tmp_path / f"{ref}.zip")
        schema.validate(report.xml)
