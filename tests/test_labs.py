"""The labs (docs/labs/*.py): they run, their prose matches their outputs, and
the built pages and downloads are what a reader needs.

Each lab runs top to bottom in a fresh kernel (nbclient) that is this venv's
Python, set up by the same code the build uses (`use_project_jupyter` in
hooks/notebooks.py), so no ``ipykernel install`` is needed. The labs fix
their seeds, so every number the prose states must appear in an output.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from hooks import notebooks
from tests.harness import ROOT

LABS = sorted((ROOT / "docs" / "labs").glob("*.py"))
MAX_HTML = 150 * 1024
CDN = re.compile(r"<script[^>]*(?:mathjax|require|cdn)[^>]*>", re.IGNORECASE)


def execute(nb: Any) -> Any:
    """Run ``nb`` in place in a fresh kernel; return it."""
    from jupyter_client.manager import KernelManager

    notebooks.use_project_jupyter()
    km = KernelManager(kernel_name="python3", transport_encryption="auto")
    client = NotebookClient(
        nb, km=km, timeout=notebooks.CELL_TIMEOUT, allow_errors=False
    )
    client.execute(cwd=str(ROOT))
    return nb


@cache
def executed(name: str) -> Any:
    nb = jupytext.read(ROOT / "docs" / "labs" / name)
    probe = nbformat.v4.new_code_cell("import sys\nprint('kernel:', sys.executable)")
    nb.cells.append(probe)
    return execute(nb)


def outputs_text(nb: Any) -> str:
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out["text"])
            elif "text/plain" in out.get("data", {}):
                texts.append(out["data"]["text/plain"])
    return "\n".join(texts)


def prose_numbers(markdown: str) -> list[str]:
    """Numbers in a Markdown cell's prose: not in math, code or link targets."""
    text = re.sub(
        r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\]\([^)]*\)", " ", markdown, flags=re.S
    )
    text = text.replace("−", "-")
    return re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])", text)


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_runs_in_a_fresh_venv_kernel(lab: Path) -> None:
    nb = executed(lab.name)
    streams = [
        out
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("name") == "stderr" or out.get("output_type") == "error"
    ]
    assert not streams, f"{lab.name} wrote to stderr or raised: {streams}"
    kernel = outputs_text(nb).rsplit("kernel: ", 1)[1].strip()
    assert Path(kernel).resolve() == Path(sys.executable).resolve()


NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d*)?(?:e[-+]?\d+)?(?![\w])")


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_every_number_in_the_prose_is_printed(lab: Path) -> None:
    """A number in the prose equals a number some output prints (5 == 5.0)."""
    nb = executed(lab.name)
    printed = {float(n) for n in NUMBER.findall(outputs_text(nb).replace("−", "-"))}
    missing = [
        number
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for number in prose_numbers(cell.source)
        if float(number) not in printed
    ]
    assert not missing, f"{lab.name}: the prose states {missing}, no output prints them"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_every_figure_has_alt_text(lab: Path) -> None:
    nb = executed(lab.name)
    for cell in nb.cells:
        figures = [
            out
            for out in cell.get("outputs", [])
            if "image/svg+xml" in out.get("data", {})
        ]
        alts = cell.metadata.get("alt", [])
        alts = [alts] if isinstance(alts, str) else alts
        assert len(figures) == len(alts), cell.source[:200]


def test_explorer_states_its_findings() -> None:
    printed = outputs_text(executed("explorer.py"))
    for line in [
        "cycle amplitude equal to eta: 196",
        "largest floor / (eta / 2): 1.000",
        "runs that stop on the minimum: eta = [0.25 0.5  0.55 1.1 ]",
        "final loss < 1e-12 for eta from 0.02 to 1.98",
        "final loss > starting loss for eta from 2.01",
        "L1: cycling with period 2 through (3.5, 4.5), loss floor 0.5",
        "L2: converged to 4, loss floor 0",
    ]:
        assert line in printed


def test_valleys_states_its_findings() -> None:
    printed = outputs_text(executed("valleys.py"))
    for line in [
        "runs with eta > 0.141 that end at -2.2: 0 of",
        "runs with eta > 0.360 that end at 1.5: 0 of",
        "best validation loss 0.1264 at epoch 159",
        "test loss: 0.2124 early-stopped, 1113.0 at the training minimum",
    ]:
        assert line in printed


def test_prose_numbers_skip_math_code_and_links() -> None:
    md = "Rate 0.5 and $\\eta = 3$, `x = 7`, [a](b/282555.md) and −1.5, 10 steps."
    assert prose_numbers(md) == ["0.5", "-1.5", "10"]


# ---------------------------------------------------------- the plugin set-up


def jupyter_config() -> dict[str, Any]:
    text = (ROOT / "mkdocs.yml").read_text()
    config = yaml.load(text, Loader=yaml.BaseLoader)  # tolerates !!python tags
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mkdocs-jupyter" in plugin:
            return dict(plugin["mkdocs-jupyter"])
    raise AssertionError("mkdocs-jupyter is not in mkdocs.yml plugins")


def test_plugin_runs_only_the_labs_strictly() -> None:
    config = jupyter_config()
    assert config["include"] == ["labs/*.py"]
    assert config["execute"] == "true" and config["allow_errors"] == "false"
    assert config["ignore_h1_titles"] == "true"
    assert "theme" not in config, "leave theme unset so cells follow the toggle"
    hooks = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)[
        "hooks"
    ]
    assert hooks.index("hooks/notebooks.py") < hooks.index("hooks/math.py")


def test_every_lab_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text().split("\nnav:", 1)[1].split("\n\n", 1)[0]
    for lab in LABS:
        assert f"labs/{lab.name}" in nav


def test_each_cell_has_a_timeout() -> None:
    from mkdocs_jupyter.nbconvert2 import get_nbconvert_app
    from nbconvert.preprocessors import ExecutePreprocessor

    notebooks.use_project_jupyter()
    app = get_nbconvert_app(execute=True, kernel_name="python3", allow_errors=False)
    preprocessor = ExecutePreprocessor(config=app.config)
    assert preprocessor.timeout == notebooks.CELL_TIMEOUT
    assert preprocessor.allow_errors is False


def test_a_failing_cell_fails_the_conversion(tmp_path: Path) -> None:
    from mkdocs_jupyter.convert import nb2html
    from nbclient.exceptions import CellExecutionError

    notebooks.use_project_jupyter()
    lab = tmp_path / "broken.py"
    lab.write_text("# %% [markdown]\n# # Broken\n\n# %%\n1 / 0\n")
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        nb2html(str(lab), execute=True, kernel_name="python3", allow_errors=False)


def test_the_cache_key_follows_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "src" / "stepsize", tmp_path / "src" / "stepsize")
    shutil.copy(ROOT / "requirements.lock", tmp_path)
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)
    before = notebooks.package_digest()
    with (tmp_path / "src" / "stepsize" / "run.py").open("a") as f:
        f.write("\n# changed\n")
    assert notebooks.package_digest() != before


@pytest.mark.parametrize(
    ("html", "wrapped"),
    [
        ("<p>$$a + b$$</p>", '<div class="arithmatex">\\[a + b\\]</div>'),
        (
            "<p>rate $\\eta$.</p>",
            '<p>rate <span class="arithmatex">\\(\\eta\\)</span>.</p>',
        ),
        ("<p><code>$x$</code></p>", "<p><code>$x$</code></p>"),
        ('<p><a title="$x$">a</a></p>', '<p><a title="$x$">a</a></p>'),
    ],
)
def test_math_is_handed_to_katex(html: str, wrapped: str) -> None:
    assert notebooks.wrap_math(html, "page") == wrapped


def test_display_math_inside_a_paragraph_fails() -> None:
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="paragraph of its own"):
        notebooks.wrap_math("<p>so $$a$$ here</p>", "page")


# ----------------------------------------------------------- the built pages


@pytest.fixture(scope="module")
def site() -> Path:
    from tests.built_site import built_site

    return built_site()


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_page_is_light_and_self_contained(site: Path, lab: Path) -> None:
    page = site / "labs" / lab.stem / "index.html"
    html = page.read_text()
    assert page.stat().st_size <= MAX_HTML, f"{page.stat().st_size} bytes"
    assert not CDN.findall(html)
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "<style" not in article and "<script" not in article
    assert "jp-" not in article, "nbconvert markup left in the page"
    assert 'class="katex"' in article and "arithmatex" not in article
    for figure in re.findall(r'<img src="([^"#]+)#only-(?:light|dark)"', article):
        assert (page.parent / figure).resolve().is_file(), figure


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_downloads_work_from_the_built_site(site: Path, lab: Path) -> None:
    folder = site / "labs" / lab.stem
    html = (folder / "index.html").read_text()
    assert f'href="{lab.stem}.ipynb"' in html and f'href="{lab.stem}.py"' in html
    assert (folder / lab.name).read_bytes() == lab.read_bytes()
    nb = nbformat.reads((folder / f"{lab.stem}.ipynb").read_text(), as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    execute(nb)
    assert any(cell.outputs for cell in nb.cells if cell.cell_type == "code")
    assert json.dumps(nb.metadata.get("kernelspec", {})).count("python3") == 1
