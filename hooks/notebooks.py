"""MkDocs hook: the labs (``docs/labs/*.py``) read, weigh and cache like the pages.

mkdocs-jupyter turns each lab, a jupytext percent-format script, into a page
and executes it at build time (``execute: true``, ``allow_errors: false`` in
``mkdocs.yml``, so a cell that raises fails the build). This hook does the rest:

**Cache keyed by the package.** The plugin caches each rendered notebook on
disk under ``cache_dir``, keyed by the notebook's text and the plugin's
options. This hook sets ``cache_dir`` to ``.cache/mkdocs-jupyter/<digest>``,
where the digest covers ``src/stepsize/*.py`` and ``requirements.lock``. So
``make serve`` re-executes a lab only when the lab itself, the package or a
pinned dependency changes; editing another page re-executes nothing, and
outputs never go stale after a change to the package. Folders of other
digests are deleted after each build. Everything below runs on every build
(it is cheap), so a change to this hook needs no re-execution.

**A timeout per cell, and the right kernel.** The plugin has no option for
a timeout and overwrites the ``ExecutePreprocessor`` settings it passes to
nbconvert, but it does read Jupyter's config path. The hook writes
``.cache/jupyter/jupyter_nbconvert_config.json`` with
``NotebookClient.timeout`` (the parent class's section, which survives) and
an encrypted kernel connection (the kernel warns without one), plus a kernel
spec ``python3`` that runs the Python running MkDocs, and puts that folder
first on ``JUPYTER_CONFIG_PATH`` and ``JUPYTER_PATH`` (`use_project_jupyter`).

**Light pages.** nbconvert's HTML inlines about 590 KB of JupyterLab CSS, a
clipboard script and a MathJax loader from a CDN. The hook drops every
``<style>`` and ``<script>`` and rewrites the cells into the HTML the
Markdown pages are made of, so the theme styles them and no extra stylesheet
is needed:

- code cells and their printed output become ``python`` and ``output``
  fenced blocks, rendered by the same Markdown extensions as the pages
  (theme colours in both schemes, copy buttons where the pages have them);
- each SVG figure is written twice, in light and dark ink, next to the page
  and shown with Material's ``#only-light`` / ``#only-dark`` switch, exactly
  as ``hooks/figures.py`` does for the pages (``ss.STYLE`` draws with
  sentinel ink colours on a transparent background). Its alt text is the
  ``alt`` metadata of the cell that draws it: ``# %% alt="..."``;
- ``$...$`` and ``$$...$$`` in Markdown cells become arithmatex wrappers,
  which ``hooks/math.py`` (listed after this hook) renders with KaTeX.

Any other output (stderr, HTML, PNG) fails the build: a lab prints text and
draws SVG, and a warning in a lab is a bug.

**Downloads.** Under its title each lab offers ``<name>.ipynb`` (made with
jupytext, so it has no outputs) and ``<name>.py``, written next to the page,
with one line on running it locally.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
# MkDocs loads a hook by its path, not as part of a package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks.figures import _dark, _img, slim_svg  # noqa: E402

PLUGIN = "mkdocs-jupyter"
CELL_TIMEOUT = 120  # seconds; a lab cell takes about one
CACHE = ROOT / ".cache" / "mkdocs-jupyter"
JUPYTER_DIR = ROOT / ".cache" / "jupyter"

DISPLAY = re.compile(r"<p>\s*\$\$(?P<tex>.+?)\$\$\s*</p>", re.DOTALL)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(?P<tex>[^$]+?)(?<![\\$])\$")
# Math never reaches into code, preformatted text or tags' attributes.
CODE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>|<[^>]*>)", re.DOTALL)

_plugin: Any = None
_markdown: Any = None  # a Markdown converter set up like the pages'
_files: dict[str, str | bytes] = {}  # path in site -> content, written after the build


def package_digest() -> str:
    """What executed outputs depend on besides the notebook: package and pins."""
    digest = hashlib.sha256()
    for path in [
        *sorted((ROOT / "src" / "stepsize").glob("*.py")),
        ROOT / "requirements.lock",
    ]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def use_project_jupyter() -> None:
    """Point Jupyter at ``.cache/jupyter``: the timeout, and this Python as the kernel.

    The kernel spec ``python3`` there runs ``sys.executable`` (the venv's
    Python, which has ipykernel and the package) with the inline Matplotlib
    backend, so no ``ipykernel install`` is needed and no kernel registered
    elsewhere on the machine is picked up.
    """
    settings = {
        "NotebookClient": {"timeout": CELL_TIMEOUT},
        "KernelManager": {"transport_encryption": "auto"},
    }
    kernel = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"supported_encryption": ["curve"]},
        # The Makefile exports MPLBACKEND=Agg for the pages' figures; a kernel
        # that inherited it would show no figures at all.
        "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline"},
    }
    spec = JUPYTER_DIR / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps(kernel))
    (JUPYTER_DIR / "jupyter_nbconvert_config.json").write_text(json.dumps(settings))
    for variable in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
        paths = [p for p in os.environ.get(variable, "").split(os.pathsep) if p]
        if str(JUPYTER_DIR) not in paths:
            os.environ[variable] = os.pathsep.join([str(JUPYTER_DIR), *paths])


def on_config(config: Any, **_: Any) -> Any:
    global _plugin, _markdown
    _plugin = config.plugins.get(PLUGIN)
    if _plugin is None:
        raise PluginError(f"hooks/notebooks.py needs the {PLUGIN} plugin in mkdocs.yml")
    _plugin.config["cache_dir"] = str(CACHE / package_digest())
    use_project_jupyter()
    _markdown = markdown.Markdown(
        extensions=config["markdown_extensions"],
        extension_configs=config["mdx_configs"],
    )
    return config


def is_lab(page: Any) -> bool:
    return _plugin is not None and bool(_plugin.should_include(page.file))


def wrap_math(fragment: str, where: str) -> str:
    """Turn ``$$...$$`` paragraphs and ``$...$`` into arithmatex wrappers."""
    fragment = DISPLAY.sub(
        lambda m: f'<div class="arithmatex">\\[{m["tex"]}\\]</div>', fragment
    )
    parts = CODE.split(fragment)
    for i in range(0, len(parts), 2):  # even parts lie outside code and tags
        if "$$" in parts[i]:
            raise PluginError(f"{where}: display math must be a paragraph of its own")
        parts[i] = INLINE.sub(
            lambda m: f'<span class="arithmatex">\\({m["tex"]}\\)</span>', parts[i]
        )
    return "".join(parts)


def fenced(language: str, text: str) -> str:
    """``text`` as a fenced block, rendered by the pages' own Markdown set-up."""
    if _markdown is None:
        raise PluginError("hooks/notebooks.py: on_config has not run")
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", text))])
    _markdown.reset()
    return _markdown.convert(f"{fence}{language}\n{text.rstrip()}\n{fence}\n")


def downloads(stem: str) -> str:
    return (
        '<div class="admonition example">'
        '<p class="admonition-title">Run this lab yourself</p>'
        f'<p>Download <a href="{stem}.ipynb" download>{stem}.ipynb</a> '
        f'(the notebook, without outputs) or <a href="{stem}.py" download>'
        f"{stem}.py</a> (the same cells as a jupytext script). "
        "After <code>make install</code>, "
        f"<code>.venv/bin/python docs/labs/{stem}.py</code> runs it as a script "
        "(printed numbers only); for the figures, open the notebook in any Jupyter "
        "front end with <code>.venv/bin/python</code> as its kernel (<code>make "
        "install</code> installs the kernel, ipykernel, but no front end).</p></div>"
    )


def rewrite(content: str, page: Any) -> str:
    """nbconvert's cells -> the HTML a Markdown page is made of (see the docstring)."""
    import jupytext
    from bs4 import BeautifulSoup

    where = page.file.src_uri
    cells = jupytext.read(page.file.abs_src_path).cells
    soup = BeautifulSoup(content, "html.parser")
    rendered = soup.select('div[id^="cell-id="]')
    if len(rendered) != len(cells):
        raise PluginError(f"{where}: {len(cells)} cells but {len(rendered)} rendered")
    stem = Path(where).stem
    parts: list[str] = []
    figures = 0
    offered = False
    for cell, div in zip(cells, rendered, strict=True):
        if cell.cell_type == "markdown":
            body = div.select_one(".jp-RenderedMarkdown")
            for link in body.select("a.anchor-link") if body else []:
                link["class"] = "headerlink"
                link["title"] = "Permanent link"
            text = wrap_math(body.decode_contents() if body else "", where)
            if not offered and "</h1>" in text:
                text = text.replace("</h1>", "</h1>" + downloads(stem), 1)
                offered = True
            parts.append(text)
            continue
        if cell.source.strip():
            parts.append(fenced("python", cell.source))
        alts = cell.metadata.get("alt", [])
        alts = [alts] if isinstance(alts, str) else list(alts)
        for output in div.select(".jp-OutputArea-output"):
            mime = output.get("data-mime-type")
            if mime == "text/plain":
                pre = output.find("pre")
                parts.append(fenced("output", pre.get_text() if pre else ""))
            elif mime == "image/svg+xml":
                img = output.find("img")
                prefix = "data:image/svg+xml;base64,"
                if img is None or not str(img.get("src", "")).startswith(prefix):
                    raise PluginError(f"{where}: an SVG output without its data")
                if not alts:
                    raise PluginError(
                        f"{where}: a figure needs alt text stating its point: "
                        '# %% alt="..." on the cell that draws it'
                    )
                svg = slim_svg(
                    base64.b64decode(str(img["src"])[len(prefix) :]).decode()
                )
                figures += 1
                alt = alts.pop(0)
                images = []
                for scheme, text in (("light", svg), ("dark", _dark(svg))):
                    path = f"figures/labs/{stem}/figure-{figures}-{scheme}.svg"
                    _files[path] = text
                    src = get_relative_url(path, page.url)
                    images.append(_img(src, alt, text, scheme))
                parts.append(f"<p>{''.join(images)}</p>")
            else:
                text = html.unescape(output.get_text())[:300]
                raise PluginError(f"{where}: a lab cell output {mime}: {text}")
        if alts:
            raise PluginError(f"{where}: alt text for a figure the cell does not draw")
    if not offered:
        raise PluginError(f"{where}: a lab starts with a '# Title' Markdown cell")
    return "\n".join(parts)


def on_page_content(content: str, page: Any, **_: Any) -> str:
    if not is_lab(page):
        return content
    import jupytext

    stem = Path(page.file.src_uri).stem
    folder = Path(page.file.dest_uri).parent.as_posix()
    source = Path(page.file.abs_src_path)
    lab = jupytext.read(source)
    for number, cell in enumerate(lab.cells):  # nbformat's ids are random
        cell["id"] = f"cell-{number}"
    notebook = jupytext.writes(lab, fmt="ipynb")
    _files[f"{folder}/{stem}.ipynb"] = notebook
    _files[f"{folder}/{stem}.py"] = source.read_bytes()
    return rewrite(content, page)


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    for path, data in _files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data)
    if CACHE.is_dir() and _plugin is not None:
        keep = Path(_plugin.config["cache_dir"]).name
        for folder in CACHE.iterdir():
            if folder.is_dir() and folder.name != keep:
                shutil.rmtree(folder, ignore_errors=True)
