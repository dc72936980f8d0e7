"""Measure the built site against its budgets and print a PASS/FAIL table.

    .venv/bin/python benchmarks/site.py [--skip-test-timing] [--skip-lighthouse]

Budgets (issue 8):

- HTML of every page, notebook pages included: <= 150 KB;
- first load of every page in Chromium, every byte uncompressed (HTML, theme,
  KaTeX CSS and fonts, figures; the search index only if a page asked for
  it), after scrolling to the end so lazy figures load: <= 600 KB;
- cold ``make build`` (no figure, formula or notebook cache): <= 60 s;
- rebuild after editing one prose page under ``mkdocs serve``: <= 3 s, from
  the edit until the served page shows it;
- ``make test`` with everything installed: <= 3 min.

The build and the serve run in a copy of the working tree (its own caches), so
this checkout's ``site/`` and ``.cache/`` are left alone. ``make test`` runs in
this checkout. Lighthouse (npm, run from a temporary folder with ``npx``, never
added to the project) scores the home page and the heaviest page: >= 95
for performance and 100 for accessibility, with text served gzipped as
GitHub Pages serves it; the uncompressed score is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import (  # noqa: E402
    CHROMIUM_ARGS,
    base_path,
    build_env,
    chromium_path,
    nav_pages,
    serve,
    site_origin,
)
from tests.test_build_reproducible import MAKE_BUILD, copy_project  # noqa: E402

KB = 1024
LIGHTHOUSE = "lighthouse@13.5.0"
# (figure, measured, budget, passed); passed is None for a figure shown for
# comparison only.
Row = tuple[str, str, str, bool | None]


def fmt_kb(size: float) -> str:
    return f"{size / KB:.1f} KB"


def cold_build(project: Path) -> float:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    env = {k: v for k, v in build_env().items() if k != "SOURCE_DATE_EPOCH"}
    start = time.perf_counter()
    result = subprocess.run(
        MAKE_BUILD, cwd=project, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"make build failed:\n{result.stdout}{result.stderr}")
    return elapsed


def html_sizes(site: Path) -> dict[str, int]:
    sizes = {
        page or "(home)": (site / page / "index.html").stat().st_size
        for page in nav_pages()
    }
    sizes["404.html"] = (site / "404.html").stat().st_size
    return sizes


def first_loads(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes Chromium downloads for each page: (before scrolling, whole page).

    The first number is what a reader's first view costs (figures below the
    fold load lazily); the second scrolls to the end so every figure loads.
    """
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        sys.exit("Chromium is missing: apt-get install -y chromium")
    totals: dict[str, tuple[int, int]] = {}

    def body_bytes(responses: list[Any]) -> int:
        total = 0
        for response in responses:
            try:
                total += len(response.body())
            except Exception:  # redirects and aborted requests have no body
                pass
        return total

    with serve(site, base_path(), site_origin()) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        for page_path in nav_pages():
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            responses: list[Any] = []
            page.on("response", lambda r, seen=responses: seen.append(r))
            page.goto(url + page_path, wait_until="networkidle")
            initial = body_bytes(responses)
            height = page.evaluate("document.documentElement.scrollHeight")
            for y in range(0, height + 800, 600):
                page.evaluate(f"window.scrollTo(0, {y})")
                page.wait_for_timeout(30)
            page.wait_for_load_state("networkidle")
            totals[page_path or "(home)"] = (initial, body_bytes(responses))
            context.close()
        browser.close()
    return totals


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode())


def serve_rebuild(project: Path, rounds: int = 3) -> list[float]:
    """Seconds from editing a prose page to ``mkdocs serve`` serving the edit."""
    port = free_port()
    prose = [p for p in nav_pages() if p and not p.startswith(("reference", "labs"))]
    page = prose[0] if prose else ""
    source = project / "docs" / ((page.rstrip("/") or "index") + ".md")
    log = (project / "serve.log").open("w")
    serve_proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/mkdocs"),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--livereload",
            "--dirty",  # as `make serve` runs it
        ],
        cwd=project,
        env={**build_env(), "STEPSIZE_STRICT": "false"},  # as `make serve` does
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}{base_path()}{page}"
    times = []
    original = source.read_text()
    try:
        deadline = time.time() + 300
        while True:
            try:
                fetch(url)
                break
            except Exception:
                if time.time() > deadline or serve_proc.poll() is not None:
                    tail = (project / "serve.log").read_text().strip().splitlines()
                    sys.exit("mkdocs serve did not start: " + " | ".join(tail[-3:]))
                time.sleep(0.2)
        for round_ in range(rounds):
            marker = f"Benchmark edit {round_} {time.time_ns()}."
            time.sleep(1.5)  # let the watcher settle after the previous build
            start = time.perf_counter()
            source.write_text(original + f"\n\n{marker}\n")
            while True:
                try:  # mkdocs serve holds requests while it rebuilds
                    if marker in fetch(url, timeout=120):
                        break
                except OSError:
                    pass
                if time.perf_counter() - start > 120:
                    sys.exit("mkdocs serve never showed the edit")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
    finally:
        source.write_text(original)
        serve_proc.terminate()
        serve_proc.wait(timeout=30)
    return times


def make_test() -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    return elapsed, f"exit {result.returncode}: {summary}"


def lighthouse(
    site: Path, pages: list[str], preset: str, compress: bool
) -> dict[str, Any]:
    """Lighthouse scores (``preset`` mobile or desktop), or why it could not run.

    ``compress`` serves text gzipped, as GitHub Pages does for the published
    site; without it every byte crosses Lighthouse's simulated network raw.
    """
    path = chromium_path()
    scores: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    env = {
        **os.environ,
        "CHROME_PATH": path or "",
        "npm_config_update_notifier": "false",
    }
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS[1:]])
    with serve(site, base_path(), site_origin(), compress=compress) as url:
        for page in pages:
            report = work / f"{re.sub(r'[^a-z0-9]+', '-', page) or 'home'}.json"
            result = subprocess.run(
                [
                    "npx",
                    "--yes",
                    LIGHTHOUSE,
                    url + page,
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={flags}",
                    "--only-categories=performance,accessibility",
                    "--quiet",
                    *(["--preset=desktop"] if preset == "desktop" else []),
                ],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode or not report.exists():
                tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
                scores[page or "(home)"] = {"error": " | ".join(tail)}
                continue
            data = json.loads(report.read_text())
            scores[page or "(home)"] = {
                name: round(100 * (cat["score"] or 0))
                for name, cat in data["categories"].items()
            }
    shutil.rmtree(work, ignore_errors=True)
    return scores


def lighthouse_rows(
    site: Path, pages: list[str], preset: str, compress: bool
) -> list[Row]:
    rows: list[Row] = []
    served = "gzip, as published" if compress else "uncompressed"
    for page, result in lighthouse(site, pages, preset, compress).items():
        name = f"Lighthouse {preset} {page} ({served})"
        if "error" in result:
            print(f"{name}: could not run: {result['error']}")
            rows.append((name, "did not run", ">= 95 / 100", False))
            continue
        perf, a11y = result.get("performance", 0), result.get("accessibility", 0)
        # The budget is about what readers get: the site as GitHub Pages serves
        # it. The uncompressed run is shown beside it for comparison.
        ok = (perf >= 95 and a11y == 100) if compress else None
        rows.append((f"{name} perf / a11y", f"{perf} / {a11y}", ">= 95 / 100", ok))
    return rows


def table(rows: list[Row]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    a, b, c = widths
    lines = [f"{'figure':<{a}}  {'measured':>{b}}  {'budget':<{c}}  result"]
    for name, measured, budget, ok in rows:
        lines.append(
            f"{name:<{widths[0]}}  {measured:>{widths[1]}}  {budget:<{widths[2]}}  "
            + ("for comparison" if ok is None else "PASS" if ok else "FAIL")
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-test-timing", action="store_true", help="do not time make test"
    )
    parser.add_argument(
        "--skip-lighthouse", action="store_true", help="do not run Lighthouse"
    )
    args = parser.parse_args()

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="stepsize-bench-") as tmp:
        project = copy_project(Path(tmp) / "project")
        build_time = cold_build(project)
        print(f"cold make build: {build_time:.1f} s")
        site = project / "site"
        rows.append(
            ("cold make build", f"{build_time:.1f} s", "<= 60 s", build_time <= 60)
        )

        sizes = html_sizes(site)
        print("HTML per page:")
        for name, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<32} {fmt_kb(size):>10}")
        worst = max(sizes, key=sizes.__getitem__)
        rows.append(
            (
                f"largest HTML ({worst})",
                fmt_kb(sizes[worst]),
                "<= 150 KB",
                sizes[worst] <= 150 * KB,
            )
        )

        loads = first_loads(site)
        print("First load per page (all bytes, uncompressed): first view, whole page")
        for name, (view, whole) in sorted(loads.items(), key=lambda kv: -kv[1][1]):
            print(f"  {name:<32} {fmt_kb(view):>10} {fmt_kb(whole):>10}")
        for label, index in (("first view", 0), ("whole page, every figure", 1)):
            heaviest = max(loads, key=lambda name: loads[name][index])
            rows.append(
                (
                    f"heaviest first load, {label} ({heaviest})",
                    fmt_kb(loads[heaviest][index]),
                    "<= 600 KB",
                    loads[heaviest][index] <= 600 * KB,
                )
            )

        rebuilds = serve_rebuild(project)
        print("Rebuild under mkdocs serve:", ", ".join(f"{t:.2f} s" for t in rebuilds))
        worst_rebuild = max(rebuilds)
        rows.append(
            (
                f"serve rebuild (worst of {len(rebuilds)}, "
                f"median {statistics.median(rebuilds):.2f} s)",
                f"{worst_rebuild:.2f} s",
                "<= 3 s",
                worst_rebuild <= 3,
            )
        )

        if not args.skip_lighthouse:
            home = "" if "" in nav_pages() else nav_pages()[0]
            heavy = heaviest if heaviest != "(home)" else ""
            for preset in ("mobile", "desktop"):
                for compress in (True, False):
                    rows += lighthouse_rows(
                        site, sorted({home, heavy}), preset, compress
                    )

    if not args.skip_test_timing:
        elapsed, summary = make_test()
        print(f"make test: {summary}")
        rows.append(("make test", f"{elapsed:.0f} s", "<= 180 s", elapsed <= 180))

    print()
    print(table(rows))
    sys.exit(0 if all(row[3] is not False for row in rows) else 1)


if __name__ == "__main__":
    main()
