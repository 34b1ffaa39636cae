"""JSON Schemas: valid draft-07, in step with the loaders, accepting every valid content file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from frontlijn_game.authoring import golden, scaffold
from frontlijn_game.authoring.schema import (
    KINDS,
    Kind,
    modeline,
    schema,
    schema_text,
    write_schemas,
)
from frontlijn_game.cli.content import sniff_format
from frontlijn_game.scenario import curriculum as curriculum_loader
from frontlijn_game.scenario import loader
from frontlijn_game.scenario.loader import optional_keys

jsonschema = pytest.importorskip("jsonschema")

REPO = Path(__file__).resolve().parents[2]
FORMATS: dict[str, Kind] = {
    "frontlijn/scenario@1": "scenario",
    "frontlijn/curriculum@1": "curriculum",
    "frontlijn/tests@1": "tests",
}


def validator(kind: Kind) -> Any:
    return jsonschema.Draft7Validator(schema(kind))


def errors(kind: Kind, data: Any) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(data)]


def test_schemas_are_valid_draft7() -> None:
    for kind in KINDS:
        jsonschema.Draft7Validator.check_schema(schema(kind))
        assert schema(kind)["$schema"] == "http://json-schema.org/draft-07/schema#"


def _objects(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{path}/{index}")


def test_every_key_has_a_description_and_no_extra_keys() -> None:
    for kind in KINDS:
        for path, node in _objects(schema(kind)):
            if "properties" in node and isinstance(node["properties"], dict):
                assert node.get("additionalProperties") is False, f"{kind}{path}"
                for key, prop in node["properties"].items():
                    assert "description" in prop, f"{kind}{path}/properties/{key}"


def _keys(kind: Kind, *path: str) -> set[str]:
    node: Any = schema(kind)
    for part in path:
        node = node[part]
    return set(node["properties"])


def test_keys_match_the_loaders() -> None:
    d = ("definitions",)
    assert _keys("scenario") == set(loader.TOP_KEYS)
    assert _keys("scenario", *d, "scoring") == set(loader.SCORING_KEYS)
    assert _keys("scenario", *d, "scoring", "properties", "weights") == set(loader.WEIGHT_KEYS)
    assert _keys("scenario", *d, "scene") == set(loader.SCENE_KEYS)
    assert _keys("scenario", *d, "choice") == set(loader.CHOICE_KEYS)
    assert _keys("scenario", *d, "ending") == set(loader.ENDING_KEYS)
    assert _keys("scenario", *d, "variable") == set(loader.VARIABLE_KEYS)
    assert _keys("scenario", *d, "actor") == set(loader.ACTOR_KEYS)
    assert _keys("scenario", *d, "fact") == set(loader.FACT_KEYS)
    assert _keys("scenario", *d, "source") == set(optional_keys.SOURCE_KEYS)
    assert _keys("scenario", *d, "role") == set(optional_keys.ROLE_KEYS)
    assert _keys("curriculum") == set(curriculum_loader.TOP_KEYS)
    module = schema("curriculum")["properties"]["modules"]["items"]
    assert set(module["properties"]) == set(curriculum_loader.MODULE_KEYS)
    assert set(module["properties"]["pass"]["properties"]) == set(curriculum_loader.PASS_KEYS)
    assert _keys("tests") == set(golden.TOP_KEYS)
    assert _keys("tests", *d, "case") == set(golden.CASE_KEYS)
    assert _keys("tests", *d, "expect") == set(golden.EXPECT_KEYS)


def _content_files() -> Iterator[Path]:
    for folder in ("scenarios", "curricula", "tests"):
        root = REPO / folder
        if root.is_dir():
            yield from sorted(p for p in root.rglob("*.yaml") if "bad" not in p.parts)


def _loads_cleanly(path: Path, kind: Kind) -> bool:
    if kind == "scenario":
        return loader.load_scenario(path)[0] is not None
    if kind == "curriculum":
        return curriculum_loader.load_curriculum(path)[0] is not None
    return golden.load_test_file(path, REPO)[0] is not None


def test_every_valid_content_file_validates() -> None:
    checked = 0
    for path in _content_files():
        kind = FORMATS.get(sniff_format(path) or "")
        if kind is None or not _loads_cleanly(path, kind):
            continue  # deliberately broken fixtures
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert errors(kind, data) == [], path
        checked += 1
    assert checked >= 2


def test_the_optional_keys_validate_and_their_typos_are_flagged() -> None:
    data = yaml.safe_load((REPO / "tests" / "fixtures" / "full.yaml").read_text("utf-8"))
    assert errors("scenario", data) == []
    data["sources"][0]["url"] = "javascript:alert(1)"
    data["scenes"]["intake"]["choices"][2]["position"] = "first"
    data["scoring"]["forbidden"].append("help")
    data["roles"]["wijkagent"]["breif"] = "x"
    found = " | ".join(errors("scenario", data))
    assert "'javascript:alert(1)' does not match" in found
    assert "'last' was expected" in found
    assert "should not be valid under {'enum': ['help', 'sanction']}" in found
    assert "'breif' was unexpected" in found
    module = {"id": "m", "scenarios": ["a"], "reveal_best": "altijd"}
    curriculum = {"format": "frontlijn/curriculum@1", "id": "c", "title": "C", "modules": [module]}
    assert "'altijd' is not one of ['after_pass', 'always', 'never']" in errors(
        "curriculum", curriculum
    )
    module["reveal_best"] = "never"
    assert errors("curriculum", curriculum) == []


def test_templates_validate(tmp_path: Path) -> None:
    case, tests = scaffold.render_scenario("sjabloon")
    assert errors("scenario", yaml.safe_load(case)) == []
    assert errors("tests", yaml.safe_load(tests)) == []
    for ids in ([], ["een"], ["een", "twee"]):
        curriculum = yaml.safe_load(scaffold.render_curriculum("pad", ids))
        assert errors("curriculum", curriculum) == []


def test_typos_are_flagged() -> None:
    case, tests = scaffold.render_scenario("sjabloon")
    data = yaml.safe_load(case)
    data["scenes"]["kennismaking"]["choices"][0]["feedbak"] = "x"
    data["language"] = "de"
    data["scenes"]["Bad Id"] = {"text": "x", "ending": {"label": "x", "outcome": 1, "kind": "ok"}}
    data["scenes"]["gesprek"]["ending"] = {"label": "x", "outcome": 1, "kind": "good"}
    found = " | ".join(errors("scenario", data))
    assert "'feedbak' was unexpected" in found
    assert "'de' is not one of ['nl', 'en']" in found
    assert "'Bad Id' does not match" in found
    assert "'ok' is not one of ['good', 'mixed', 'bad']" in found
    assert "is valid under each of" in found  # choices and an ending
    test_data = yaml.safe_load(tests)
    test_data["cases"][0]["expect"]["totaal"] = 1
    test_data["cases"][0]["expect"]["total"] = {"minimum": 1}
    found = " | ".join(errors("tests", test_data))
    assert "'totaal' was unexpected" in found


def test_write_and_modeline(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert [p.name for p in written] == [f"{k}.schema.json" for k in KINDS]
    for kind, path in zip(KINDS, written, strict=True):
        assert path.read_text(encoding="utf-8") == schema_text(kind)
        assert json.loads(path.read_text(encoding="utf-8")) == schema(kind)
    assert write_schemas(tmp_path, overwrite=False) == []
    assert modeline("tests") == "# yaml-language-server: $schema=../schemas/tests.schema.json"
