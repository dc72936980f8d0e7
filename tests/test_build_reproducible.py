"""``make build`` is reproducible, and a failing build keeps the previous site.

Both tests work on a copy of the project (its own git commit, its own figure
and formula caches; the virtual environment and node_modules are linked), so
they never touch this checkout's ``site/`` or ``docs/``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import build_env
from tests.harness import ROOT

# The working tree, minus what a build makes or installs.
SKIPPED = {".git", ".venv", "node_modules", "site", "site.tmp", "screenshots", ".cache"}
SKIPPED |= {".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "__pycache__"}
# `make -o` treats the install stamp as up to date: the copy never reinstalls.
MAKE_BUILD = ["make", "--no-print-directory", "-o", ".venv/.installed", "build"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in build_env().items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def tree_digest(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def copy_project(copy: Path) -> Path:
    """Copy the working tree into ``copy`` and commit it there (see the docstring)."""
    copy.mkdir(parents=True, exist_ok=True)
    for source in ROOT.iterdir():
        if source.name in SKIPPED:
            continue
        if source.is_dir():
            shutil.copytree(
                source, copy / source.name, ignore=shutil.ignore_patterns(*SKIPPED)
            )
        else:
            shutil.copy2(source, copy / source.name)
    for name in (".venv", "node_modules"):
        (copy / name).symlink_to(ROOT / name)
    git = {
        **os.environ,
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": "2024-01-02T03:04:05Z",
        "GIT_COMMITTER_DATE": "2024-01-02T03:04:05Z",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "copy"]):
        subprocess.run(["git", *args], cwd=copy, env=git, check=True)
    return copy


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


def cold_build(project: Path, *, cold: bool = True) -> dict[str, str]:
    """``make build`` (with no figure, formula or notebook cache when ``cold``)."""
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    result = run(MAKE_BUILD, project)
    assert result.returncode == 0, result.stdout + result.stderr
    return tree_digest(project / "site")


def test_make_build_twice_gives_identical_sites(project: Path) -> None:
    """A cold build and a build from its caches give byte-identical sites.

    This is the stronger pair than two cold builds: it also proves that the
    figure, formula and notebook caches change nothing in the output.
    """
    first = cold_build(project)
    second = cold_build(project, cold=False)
    assert first.keys() == second.keys()
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, f"files that differ between two builds: {differ}"
    # The sitemap's dates come from the commit (SOURCE_DATE_EPOCH), not today.
    assert "<lastmod>2024-01-02</lastmod>" in (project / "site/sitemap.xml").read_text()


BROKEN = """# Broken

```python
import matplotlib.pyplot as plt

fig, ax = plt.subplots()
ax.plot([0, 1], [1, 0])
```

```python
raise ValueError("figure code fails on purpose")
```

![A line that is never drawn.](figure:never)
"""


def test_failing_figure_code_fails_the_build_and_keeps_the_site(project: Path) -> None:
    if not (project / "site" / "index.html").exists():
        cold_build(project)
    before = tree_digest(project / "site")
    (project / "docs" / "broken-figure.md").write_text(BROKEN)
    config = project / "mkdocs.yml"
    original = config.read_text()
    config.write_text(
        original.replace("\nnav:\n", "\nnav:\n  - Broken: broken-figure.md\n", 1)
    )
    try:
        result = run(MAKE_BUILD, project)
    finally:
        config.write_text(original)
        (project / "docs" / "broken-figure.md").unlink()
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "broken-figure.md" in output, output
    # The hook names the page and the block (its fence or first line: 9 or 10).
    assert re.search(r"broken-figure\.md\b.*block at line (9|10)\b", output), output
    assert "figure code fails on purpose" in output, output
    assert tree_digest(project / "site") == before, "the failed build changed site/"
