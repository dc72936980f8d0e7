"""`make new-page`: a scaffolded page builds, runs and passes the guards as it is.

Every test works on a temporary copy of the site, so no page is left in docs/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sybil import Sybil

from hooks.fences import read_fences
from tests.built_site import mkdocs_build
from tests.harness import ROOT, PythonWithOutputParser, ReasonedSkipParser

TITLE = "Learning-rate warm-up"
SLUG = "learning-rate-warm-up"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what the site build reads: config, pages, hooks, package source."""
    copy = tmp_path / "project"
    copy.mkdir()
    for folder in ("docs", "hooks", "overrides", "extensions", "templates", "src"):
        shutil.copytree(ROOT / folder, copy / folder)
    for name in ("mkdocs.yml", "requirements.lock"):
        shutil.copy(ROOT / name, copy / name)
    if (ROOT / ".cache").is_dir():
        # Warm caches (figures, formulas, executed labs): only the new page is new.
        shutil.copytree(ROOT / ".cache", copy / ".cache")
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy


def new_page(project: Path, title: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "new_page.py"),
            "--root",
            str(project),
            title,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_scaffolded_page_has_front_matter_a_checked_block_and_a_figure(
    project: Path,
) -> None:
    result = new_page(project, TITLE)
    assert result.returncode == 0, result.stderr
    text = (project / "docs" / f"{SLUG}.md").read_text()
    assert text.startswith(f"---\ntitle: {TITLE}\ndescription: ")
    fences = read_fences(text)
    assert fences[0].runnable and fences[1].is_output
    assert f"](figure:{SLUG})" in text
    assert "{title}" not in text and "{slug}" not in text


def test_scaffolded_page_is_added_to_nav_keeping_the_rest(project: Path) -> None:
    before = (project / "mkdocs.yml").read_text().split("\n")
    assert new_page(project, TITLE).returncode == 0
    after = (project / "mkdocs.yml").read_text().split("\n")
    added = [line for line in after if line not in before]
    assert added == [f'  - "{TITLE}": {SLUG}.md']
    assert [line for line in after if line not in added] == before


def test_scaffolded_page_passes_the_docs_harness(project: Path) -> None:
    assert new_page(project, TITLE).returncode == 0
    page = project / "docs" / f"{SLUG}.md"
    sybil = Sybil(
        [ReasonedSkipParser(), PythonWithOutputParser()], path=str(page.parent)
    )
    examples = list(sybil.parse(page).examples())
    assert len(examples) == sum(1 for f in read_fences(page.read_text()) if f.runnable)
    for example in examples:
        example.evaluate()


def test_scaffolded_page_builds_strictly_with_its_figure(project: Path) -> None:
    assert new_page(project, TITLE).returncode == 0
    site = project / "site"
    result = mkdocs_build(site, cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    html = (site / SLUG / "index.html").read_text()
    assert f"figures/{SLUG}/{SLUG}-light.svg" in html
    assert 'class="katex"' in html


def test_an_existing_slug_is_refused_and_left_alone(project: Path) -> None:
    assert new_page(project, TITLE).returncode == 0
    page = project / "docs" / f"{SLUG}.md"
    page.write_text(page.read_text() + "\nEdited by hand.\n")
    config = (project / "mkdocs.yml").read_text()
    again = new_page(project, "Learning rate: warm up")
    assert again.returncode != 0
    assert f"docs/{SLUG}.md already exists" in again.stderr
    assert page.read_text().endswith("Edited by hand.\n")
    assert (project / "mkdocs.yml").read_text() == config


def test_without_the_nav_marker_the_line_to_add_is_printed(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("# make new-page adds", "# pages"))
    unchanged = config.read_text()
    result = new_page(project, TITLE)
    assert result.returncode == 0, result.stderr
    assert f'  - "{TITLE}": {SLUG}.md' in result.stdout
    assert config.read_text() == unchanged
