"""Guards around the docs harness: nothing on a page may be silently skipped.

Sybil ignores fences it has no parser for, so these tests read every page
independently (hooks/fences.py) and compare with what the harness collects.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.fences import read_fences, skip_comments
from tests.harness import ROOT, pages_sybil

PAGES = sorted((ROOT / "docs").rglob("*.md"))


def problems_in(path: Path) -> list[str]:
    """Every way ``path`` breaks the fence rules, as 'page:line: message'."""
    text = path.read_text()
    rel = path.relative_to(ROOT)
    fences = read_fences(text)
    problems = []
    for i, fence in enumerate(fences):
        where = f"{rel}:{fence.line}"
        if fence.pythonish and not fence.runnable:
            problems.append(
                f"{where}: the fence ```{fence.info} is not run by the docs harness; "
                "write ```python (and an ```output block for what it prints); "
                'to leave a block out, precede it with <!-- skip: next "reason" -->'
            )
        if fence.is_output:
            before = fences[i - 1] if i else None
            between = (
                "\n".join(text.split("\n")[before.end_line : fence.line - 1])
                if before
                else ""
            )
            if before is None or not before.runnable or between.strip():
                problems.append(
                    f"{where}: an ```output block must follow "
                    "a ```python block directly"
                )
    for line, args in skip_comments(text):
        action, _, reason = args.partition(" ")
        if action in ("next", "start") and not reason.strip().startswith(('"', "'")):
            problems.append(
                f'{rel}:{line}: a skip needs a quoted reason: <!-- skip: next "why" -->'
            )
    return problems


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_fence_is_run_or_skipped_with_a_reason(path: Path) -> None:
    assert problems_in(path) == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_harness_collects_every_python_fence(path: Path) -> None:
    """The number of examples Sybil collects equals the number of Python fences."""
    document = pages_sybil().parse(path)
    code_examples = [
        e
        for e in document.examples()
        if not isinstance(e.parsed, tuple) or len(e.parsed) == 3
    ]
    expected = sum(1 for f in read_fences(path.read_text()) if f.runnable)
    assert len(code_examples) == expected


def test_the_docs_hold_checked_outputs() -> None:
    """At least one page compares a block's printed output."""
    outputs = sum(
        1
        for path in PAGES
        for fence in read_fences(path.read_text())
        if fence.is_output
    )
    assert outputs >= 1


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("```py\nprint(1)\n```\n", "is not run by the docs harness"),
        ('```python title="x.py"\nprint(1)\n```\n', "is not run by the docs harness"),
        ("``` python\nprint(1)\n```\n", "is not run by the docs harness"),
        ("```pycon\n>>> 1\n1\n```\n", "is not run by the docs harness"),
        ("Text.\n\n```output\n1\n```\n", "must follow a ```python block"),
        ("<!-- skip: next -->\n```python\nx = 1\n```\n", "needs a quoted reason"),
    ],
)
def test_guard_catches(tmp_path: Path, page: str, message: str) -> None:
    bad = ROOT / "docs" / f"_guard_probe_{tmp_path.name}.md"
    try:
        bad.write_text(page)
        found = problems_in(bad)
    finally:
        bad.unlink()
    assert any(message in p for p in found), found


def test_parallel_runs_keep_each_page_on_one_worker() -> None:
    """A page's examples share one namespace, so `make test` must never split a
    page over xdist workers: it distributes by file or scope, not by test."""
    makefile = (ROOT / "Makefile").read_text()
    runs = [line for line in makefile.splitlines() if "-m pytest" in line]
    assert runs, "make test runs no pytest"
    for line in runs:
        if " -n " in line:
            assert "--dist loadscope" in line or "--dist loadfile" in line, line
