#!/usr/bin/env python3
"""Extract, update, compile and check the interface catalogues (Babel).

Interface strings are Dutch msgids in ``src/frontlijn_game/{ui,cli,service,web,scenario,authoring,engine}`` (``_()``, ``N_()``,
``ngettext()``); English lives in ``ui/locale/en/LC_MESSAGES/frontlijn.po`` and its
compiled ``frontlijn.mo`` (which the package ships and the app loads).

    python scripts/i18n.py extract   # ui/**.py -> ui/locale/messages.pot
    python scripts/i18n.py update    # messages.pot -> en/LC_MESSAGES/frontlijn.po (new: empty)
    python scripts/i18n.py compile   # frontlijn.po -> frontlijn.mo
    python scripts/i18n.py check     # missing, untranslated or fuzzy strings; stale .mo
    python scripts/i18n.py all       # extract + update + compile, then check

After ``update``, translate the new (empty) entries in the .po, then ``compile``. Extract
and update with pybabel (Babel's command line) from the repository root do the same:

    pybabel extract -F babel.cfg -k N_ --no-wrap --sort-output -o src/frontlijn_game/ui/locale/messages.pot .
    pybabel update -i src/frontlijn_game/ui/locale/messages.pot -d src/frontlijn_game/ui/locale -D frontlijn -l en --no-wrap --no-fuzzy-matching

but compile with this script: ``pybabel compile`` takes the ``%`` signs of the scoring
help (``30–50%``) for %-placeholders and refuses; the interface uses ``str.format``.

``tests/ui/test_i18n.py`` fails when a string is missing or untranslated, or the .mo is
stale.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "src" / "frontlijn_game" / "ui"
CLI = ROOT / "src" / "frontlijn_game" / "cli"
SERVICE = ROOT / "src" / "frontlijn_game" / "service"
WEB = ROOT / "src" / "frontlijn_game" / "web"
SCENARIO = ROOT / "src" / "frontlijn_game" / "scenario"
AUTHORING = ROOT / "src" / "frontlijn_game" / "authoring"
ENGINE = ROOT / "src" / "frontlijn_game" / "engine"
SOURCES = (UI, CLI, SERVICE, WEB, SCENARIO, AUTHORING, ENGINE)
"""The interface's strings: the Textual app, the command line (``--lang``), the
application layer that words its results and errors for every door, the HTML door
(its Python and its Jinja2 templates, ``_()`` and ``ngettext()`` alike), and the content
diagnostics a trainer reads (the loaders', the engine's and the authoring tools' messages; their
``[code]`` and place never change with the language)."""
LOCALE = UI / "locale"
DOMAIN = "frontlijn"
POT = LOCALE / "messages.pot"
LANGUAGES = ("en",)
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
COMMENT_TAGS = ("TRANSLATORS:",)
PROJECT = "frontlijn-game"


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract(sources: Iterable[Path] = SOURCES) -> Catalog:
    """Every interface string of ``sources`` (the same extractor and keywords as babel.cfg)."""
    catalog = Catalog(
        project=PROJECT,
        copyright_holder="the frontlijn-game authors",
        msgid_bugs_address="the frontlijn-game issue tracker",
        fuzzy=False,
    )
    method_map = [("**.py", "python"), ("**.html", "jinja2.ext:babel_extract")]
    options_map = {"**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    for source in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(source),
            method_map,
            options_map=options_map,
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            location = (str(Path("src/frontlijn_game") / source.name / filename), lineno)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return _plain(catalog)


def _plain(catalog: Catalog) -> Catalog:
    """No ``python-format`` flags: the interface uses ``str.format``; a ``%`` in a text
    (``30–50%``) is a percent sign, not a placeholder."""
    for message in catalog:
        message.flags.discard("python-format")
    return catalog


def _write_po(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=True, include_lineno=False, omit_header=False)
    path.write_bytes(buffer.getvalue())


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def cmd_extract() -> None:
    template = extract()
    _write_po(template, POT)
    print(f"{POT.relative_to(ROOT)}: {len(template)} messages")


def cmd_update() -> None:
    template = read(POT)
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read(path, language)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()  # removed strings leave the catalogue
        else:
            catalog = Catalog(locale=language, project=PROJECT, fuzzy=False)
            catalog.update(template, no_fuzzy_matching=True)
        _write_po(_plain(catalog), path)
        todo = sum(1 for m in catalog if m.id and not translated(m))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {todo} to translate")


def translated(message: Message) -> bool:
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return all(bool(s) for s in strings)


def compile_mo(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def cmd_compile() -> None:
    for language in LANGUAGES:
        catalog = read(po_path(language), language)
        mo_path(language).write_bytes(compile_mo(catalog))
        print(f"{mo_path(language).relative_to(ROOT)}: compiled")
    # click's own strings ("Usage:", "Error: ...") are English msgids, so their catalogue
    # is Dutch: ui/locale/nl/LC_MESSAGES/click.po, hand-written (cli/click_language.py).
    click_po = LOCALE / "nl" / "LC_MESSAGES" / "click.po"
    click_po.with_suffix(".mo").write_bytes(compile_mo(read(click_po, "nl")))
    print(f"{click_po.with_suffix('.mo').relative_to(ROOT)}: compiled")


def messages(catalog: Catalog) -> dict[object, object]:
    """msgid -> msgstr of the translated, non-fuzzy entries (no header)."""
    out: dict[object, object] = {}
    for message in catalog:
        if message.id and translated(message):
            key = message.id if isinstance(message.id, str) else tuple(message.id)
            value = message.string if isinstance(message.string, str) else tuple(message.string)
            out[key] = value
    return out


def problems(language: str, wanted: Iterable[Message] | None = None) -> list[str]:
    """What is wrong with a language's catalogue, one line each (empty: all good)."""
    found: list[str] = []
    template = list(wanted if wanted is not None else extract())
    path = po_path(language)
    if not path.exists():
        return [f"{path.relative_to(ROOT)} does not exist"]
    catalog = read(path, language)
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:1])
        shown = message.id if isinstance(message.id, str) else message.id[0]
        if entry is None:
            found.append(f"missing: {shown!r} ({where})")
        elif not translated(entry):
            state = "fuzzy" if entry.fuzzy else "untranslated"
            found.append(f"{state}: {shown!r} ({where})")
    mo = mo_path(language)
    if not mo.exists():
        found.append(f"{mo.relative_to(ROOT)} does not exist")
    else:
        with mo.open("rb") as handle:
            compiled = read_mo(handle)
        if messages(compiled) != messages(catalog):
            found.append(f"{mo.relative_to(ROOT)} is older than its .po: compile it")
    return found


def cmd_check() -> int:
    template = list(extract())
    bad = 0
    for language in LANGUAGES:
        for line in problems(language, template):
            print(f"{language}: {line}")
            bad += 1
    if bad:
        print(f"{bad} problem(s): python scripts/i18n.py all, translate, compile")
    else:
        print(f"{len(template) - 1} interface strings, every catalogue complete")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["extract", "update", "compile", "check", "all"])
    command = parser.parse_args(argv).command
    if command in ("extract", "all"):
        cmd_extract()
    if command in ("update", "all"):
        cmd_update()
    if command in ("compile", "all"):
        cmd_compile()
    if command in ("check", "all"):
        return cmd_check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
