"""Generate DESIGN.md's validation workload: N cases x 60 scenes.

Each scene has 3 choices, a guard on every third choice, effects on every choice,
5 variables per case and 2-4 sentences of text. Used by bench_validate.py.
"""

from __future__ import annotations

import random
from pathlib import Path

SENTENCES = [
    "De wijkagent belt aan en niemand doet open.",
    "Op de trap staan twee vuilniszakken vol lege kunstmestzakken.",
    "De moeder zegt dat ze al maanden geen post meer opent.",
    "Volgens de school is de jongste sinds de herfst vaak afwezig.",
    "De woningcorporatie heeft een melding over stankoverlast ontvangen.",
    "Er staat een dure auto voor de deur die niemand in de straat kent.",
]


def case_yaml(index: int, scenes: int = 60, seed: int = 0) -> str:
    rng = random.Random(seed * 100_003 + index)
    lines = [
        "format: frontlijn/scenario@1",
        f"id: gen-{index:03d}",
        f'title: "Gegenereerde casus {index}"',
        'role: "Wijkteam"',
        "actors:",
        '  bewoner: {name: "Bewoner", age: 40, description: "Hoofdbewoner."}',
        "facts:",
        '  schuld: {text: "Er is een schuld van 4.000 euro."}',
        "variables:",
        '  vertrouwen: {initial: 50, min: 0, max: 100, label: "Vertrouwen", visible: true}',
        '  druk: {initial: 20, min: 0, max: 100, label: "Criminele druk", visible: true}',
        '  geld: {initial: 0, min: -5000, max: 5000, label: "Geld", visible: true}',
        "  weet_meer: {initial: false}",
        "  gemeld: {initial: false}",
        "scoring:",
        "  target_balance: [0.30, 0.50]",
        "  competencies: {situatieanalyse: 2}",
        "  order: [[situatieanalyse, sanction]]",
        "start: s0",
        "scenes:",
    ]
    n_inner = scenes - 2
    for s in range(n_inner):
        text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 4)))
        lines += [
            f"  s{s}:",
            f'    title: "Scène {s}"',
            f'    text: "{text} Vertrouwen: {{vertrouwen}}."',
        ]
        if s == 0:
            lines.append("    reveal: [schuld]")
        lines.append("    choices:")
        for c in range(3):
            nxt = f"s{s + 1}" if s + 1 < n_inner else ("goed" if c == 0 else "slecht")
            lines += [
                f"      - id: c{s}_{c}",
                f'        text: "Keuze {c} in scène {s}"',
                f"        help: {c % 2}",
                f"        sanction: {(c + 1) % 2}",
                "        actor: bewoner",
                "        tags: [situatieanalyse]",
                f'        effects: {{vertrouwen: "+{c}", druk: "-{c}", weet_meer: true}}',
                '        feedback: "Uitleg bij deze keuze."',
            ]
            if c == 2:
                lines.append('        when: "vertrouwen >= 10 and not gemeld"')
            lines.append(f"        goto: {nxt}")
    lines += [
        "  goed:",
        '    text: "Het loopt goed af. Geld: {geld}. Gemeld: {gemeld}."',
        '    ending: {label: "Goed", outcome: 90, kind: good}',
        "  slecht:",
        '    text: "Het loopt slecht af."',
        '    ending: {label: "Slecht", outcome: 20, kind: bad}',
    ]
    return "\n".join(lines) + "\n"


def write_cases(folder: Path, count: int = 200, scenes: int = 60) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"gen-{i:03d}.yaml"
        path.write_text(case_yaml(i, scenes), encoding="utf-8")
        paths.append(path)
    return paths
