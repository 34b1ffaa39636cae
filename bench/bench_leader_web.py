"""Benchmark: the web door's leader pages on the synthetic 3.6 M set, against the service
calls they make.

    python bench/bench_leader_web.py [--url URL] [--runs 5] [--scale 1] [--csv] [--json]

The data set and the content are ``bench_leader.py``'s (the synthetic loader's SQLite file
in the temp folder unless ``--url``; 2,000 trainees x 30 cases x 3 attempts x 20
decisions). Measured in one process over ASGI (Starlette's test client: the whole app,
cookie, CSRF and scope check, template and headers, without a network), each the median
of ``--runs`` (and the first, cold, run), interleaved so every line sees the same cache:

1. baseline: DESIGN.md's plain ``GROUP BY`` over attempts;
2. service: ``LeaderData.matrix`` + ``page_of`` (what the page needs), as a beheerder;
3. page: ``GET /leader/matrix`` of all 2,000 trainees, first page of 100 rows, as HTML;
4. the same for one cohort of 25, as its cursusleider (the scope in the SQL);
5. with ``--csv``: ``POST /leader/export`` (the ZIP, downloaded) against
   ``reports.export_csv`` into a folder (one run each: seconds).

Targets: the whole page < 1 s (DESIGN.md's first paint of the matrix) and <= 1.5x the
service call, i.e. the HTML door adds at most half again to the query.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402
from bench_leader import BASELINE_SQL, CURRICULUM, ensure_data, write_content  # noqa: E402

from frontlijn_game.store.database import safe_url  # noqa: E402

BEHEERDER = "bench-beheer"
CURSUSLEIDER = "bench-cohort"
PASSWORD = "bench-wachtwoord-lang-genoeg"
COHORT = "cohort-001"


def accounts(url: str) -> None:
    """A beheerder and a cursusleider of one cohort (made once; the data set is kept)."""
    from frontlijn_game.service import accounts as acc
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.service import Store

    with Store.open(url) as store:
        names = {a.name for a in acc.list_accounts(store, LeaderScope.owner())}
        if BEHEERDER not in names:
            acc.add(store, LeaderScope.owner(), BEHEERDER, PASSWORD, role="beheerder")
        if CURSUSLEIDER not in names:
            acc.add(store, LeaderScope.owner(), CURSUSLEIDER, PASSWORD, cohorts=(COHORT,))


def signed_in(client: Any, name: str) -> Any:
    page = client.get("/leader/signin").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    data = {"csrf": csrf.group(1), "name": name, "password": PASSWORD}
    response = client.post("/leader/signin", data=data, follow_redirects=False)
    assert response.headers.get("location") == "/leader/cohorts", response.text[:300]
    return client


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(url: str, content: Path, runs: int, csv: bool) -> dict[str, list[float]]:
    from sqlalchemy import text
    from starlette.testclient import TestClient

    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.service.leader import LeaderData
    from frontlijn_game.service.matrix_view import MatrixQuery, page_of
    from frontlijn_game.service.scope import scope_of
    from frontlijn_game.store.service import Store
    from frontlijn_game.web.app import create_app

    library = load_library(content)
    out: dict[str, list[float]] = {k: [] for k in ("baseline", "service", "page", "cohort")}
    with (
        Store.open(url) as store,
        TestClient(create_app(content, url)) as a,
        TestClient(create_app(content, url)) as b,
    ):
        data = LeaderData(store, library, scope_of(store, BEHEERDER))
        beheerder, cursusleider = signed_in(a, BEHEERDER), signed_in(b, CURSUSLEIDER)

        def baseline() -> None:
            with store.db.engine.connect() as conn:
                conn.execute(text(BASELINE_SQL)).all()

        def service() -> None:
            page_of(data.matrix(None, CURRICULUM).matrix, MatrixQuery())

        def page() -> None:
            response = beheerder.get(f"/leader/matrix?cohort=*&curriculum={CURRICULUM}")
            assert response.status_code == 200 and "rijen 1–100 van 2000" in response.text

        def cohort() -> None:
            response = cursusleider.get(f"/leader/matrix?cohort={COHORT}")
            assert response.status_code == 200 and "van 25" in response.text

        for _ in range(runs):
            out["baseline"].append(timed(baseline))
            out["service"].append(timed(service))
            out["page"].append(timed(page))
            out["cohort"].append(timed(cohort))
        if csv:
            from frontlijn_game.service.reports import export_csv

            export = beheerder.get("/leader/export").text
            token = re.search(r'name="csrf" value="([^"]+)"', export)
            assert token is not None
            with tempfile.TemporaryDirectory(prefix="frontlijn-bench-csv-") as folder:
                out["csv_service"] = [
                    timed(lambda: export_csv(store, Path(folder) / "out", data.scope))
                ]

            def download() -> None:
                response = beheerder.post("/leader/export", data={"csrf": token.group(1)})
                assert response.headers["content-type"] == "application/zip"

            out["csv_download"] = [timed(download)]
    return out


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "first_ms": round(values[0] * 1000, 1),
        "median_ms": round(statistics.median(values) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description="The leader pages of the web door.")
    parser.add_argument("--url", help="database URL (default: the synthetic loader's SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="when loading (default 1)")
    parser.add_argument("--csv", action="store_true", help="also the CSV download (seconds)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    url = args.url or os.environ.get("FRONTLIJN_DB") or synthetic.default_url(args.scale)
    ensure_data(url, args.scale)
    accounts(url)
    with tempfile.TemporaryDirectory(prefix="frontlijn-bench-leader-web-") as tmp:
        content = write_content(Path(tmp) / "content")
        m = measure(url, content, args.runs, args.csv)
    result: dict[str, Any] = {"url": safe_url(url)}
    for key in m:
        result[key] = summary(m[key])
    ratio = result["page"]["median_ms"] / max(result["service"]["median_ms"], 0.001)
    result["page_over_service"] = round(ratio, 2)
    ok = result["page"]["median_ms"] < 1000 and ratio <= 1.5
    if "csv_download" in result:
        result["csv_download_over_service"] = round(
            result["csv_download"]["median_ms"] / max(result["csv_service"]["median_ms"], 0.001), 2
        )
    result["target"] = "matrix page < 1000 ms and <= 1.5x the service call"
    result["ok"] = ok
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"leader pages of the web door on {result['url']} ({args.runs} runs; first / median / max)"
        )
        labels = {
            "baseline": "baseline: plain GROUP BY over attempts",
            "service": "service: LeaderData.matrix + first page",
            "page": "page: GET /leader/matrix, all 2,000",
            "cohort": "page: one cohort of 25 (cursusleider)",
            "csv_service": "service: export_csv into a folder",
            "csv_download": "page: POST /leader/export (ZIP)",
        }
        for key, label in labels.items():
            if key in result:
                s = result[key]
                print(
                    f"  {label:<42} {s['first_ms']:8.1f} {s['median_ms']:8.1f} {s['max_ms']:8.1f} ms"
                )
        print(f"  page / service: {result['page_over_service']}x")
        if "csv_download_over_service" in result:
            print(f"  CSV download / export_csv: {result['csv_download_over_service']}x")
        print(f"  target: {result['target']}: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
