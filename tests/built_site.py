"""Build the site once per test session, for the tests that read its HTML.

The build uses the project's own mkdocs.yml, strict, into a temporary folder
(never `site/`), so the tests see exactly what a reader would get.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from tests.harness import ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}


def mkdocs_build(
    site: Path, *, cwd: Path = ROOT, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``cwd`` (or of ``config``) into ``site``."""
    chosen = [] if config is None else ["--config-file", str(config)]
    args = ["build", "--strict", *chosen, "--site-dir", str(site)]
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        timeout=900,
    )


@cache
def build_output() -> str:
    """What the session's one strict build printed (it must hold no WARNING)."""
    built_site()
    return _output[0]


_output: list[str] = []


@cache
def built_site() -> Path:
    """The folder of a strict build of the site; fails with the build's output."""
    site = Path(tempfile.mkdtemp(prefix="stepsize-site-"))
    atexit.register(shutil.rmtree, site, ignore_errors=True)
    result = mkdocs_build(site)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise AssertionError(f"the site does not build:\n{output}")
    _output.append(output)
    return site
