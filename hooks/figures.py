"""MkDocs hook: draw a page's figures at build time from the code the page shows.

A page asks for a figure with an image whose address is ``figure:NAME``::

    ```python
    fig, ax = plt.subplots()
    ss.plot_iterates(run, ax=ax)
    ```

    ![The run climbs to 3.5, then bounces between 3.5 and 4.5.](figure:bounce)

The alt text states the figure's point. When a page has such images, this hook
runs the page's Python blocks in order, in one fresh namespace (what a reader
pasting them would do), and after each block saves every new Matplotlib figure
as SVG. The n-th figure made is the n-th ``figure:`` image. Each figure is
written twice, recoloured for the light and the dark scheme, and shown with
Material's ``#only-light`` / ``#only-dark`` switch, so it follows the toggle.

Results are cached on disk, keyed by the page's code and the package source,
so editing prose under ``make serve`` re-runs nothing, and changing either the
code or ``src/stepsize`` re-runs the page. A block that raises fails the build
with the page, the block's line and the error.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import json
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
# MkDocs loads a hook by its path, not as part of a package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks.fences import read_fences  # noqa: E402

CACHE = ROOT / ".cache" / "figures"
PLACEHOLDER = re.compile(r"!\[(?P<alt>[^\]]*)\]\(figure:(?P<name>[a-z0-9-]+)\)")
SIZE = re.compile(r'<svg[^>]*?width="(?P<w>[\d.]+)pt"[^>]*?height="(?P<h>[\d.]+)pt"')

# Written into site_dir at the end of each build: {path in site: svg text}.
_outputs: dict[str, str] = {}


def _package_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "stepsize").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update((ROOT / "hooks" / "figures.py").read_bytes())
    return digest.hexdigest()


def run_page(blocks: list[tuple[int, str]], where: str) -> list[str]:
    """Run ``blocks`` (line, source) in one namespace; return each new figure as SVG."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from stepsize.plotting import STYLE

    svgs: list[str] = []
    namespace: dict[str, Any] = {"__name__": "__main__"}
    plt.close("all")
    with matplotlib.rc_context(STYLE):
        for line, source in blocks:
            before = set(plt.get_fignums())
            try:
                code = compile("\n" * (line) + source, where, "exec")
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(code, namespace)
            except Exception as err:
                tb = traceback.format_exc(limit=-3)
                raise PluginError(
                    f"{where}: the Python block at line {line} raised "
                    f"{type(err).__name__}: {err}\n{tb}"
                ) from err
            for number in sorted(set(plt.get_fignums()) - before):
                buffer = io.StringIO()
                plt.figure(number).savefig(
                    buffer, format="svg", bbox_inches="tight", metadata={"Date": None}
                )
                svgs.append(slim_svg(buffer.getvalue()))
                plt.close(number)
    plt.close("all")
    return svgs


NUMBER = re.compile(r"-?\d+\.\d+")
COORDINATES = re.compile(r'(?P<head> (?:d|x|y|points)=")(?P<body>[^"]*)"')
TRANSLATE = re.compile(r"(?P<head>translate\()(?P<body>[^)]*)\)")
MARKER = re.compile(r"<use [^>]*/>")


def _round(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _coordinates(match: re.Match[str]) -> str:
    body = " ".join(NUMBER.sub(_round, match["body"]).split())
    return f"{match['head']}{body}{match.group(0)[-1]}"


def slim_svg(svg: str) -> str:
    """Matplotlib's SVG without what no reader can see.

    Coordinates (path data, positions and translations; never scales, which
    glyphs need exactly) are rounded to 0.01 pt, a fortieth of a pixel at
    the size the site shows them. Whitespace between elements and inside path
    data goes. A marker drawn again at the same place in the same style, in
    the same run of markers, is dropped: matplotlib draws a line's markers
    together, so nothing lies between the copies, and only opaque markers
    are merged. A converged run's last hundred steps are then one marker.
    """
    svg = COORDINATES.sub(_coordinates, svg)
    svg = TRANSLATE.sub(_coordinates, svg)
    svg = re.sub(r">\s+<", "><", svg)
    parts: list[str] = []
    last = 0
    seen: set[str] = set()
    for match in MARKER.finditer(svg):
        if match.start() != last:  # something else came between: a new run
            seen = set()
        parts.append(svg[last : match.start()])
        marker = match.group(0)
        if marker not in seen:
            parts.append(marker)
        if "opacity" not in marker:
            seen.add(marker)
        last = match.end()
    parts.append(svg[last:])
    return "".join(parts)


def _dark(svg: str) -> str:
    from stepsize.plotting import DARK_INK

    for light, dark in DARK_INK.items():
        svg = svg.replace(light, dark)
    return svg


def _img(src: str, alt: str, svg: str, scheme: str) -> str:
    size = SIZE.search(svg)
    dims = ""
    if size:
        width = round(float(size["w"]) * 4 / 3)
        height = round(float(size["h"]) * 4 / 3)
        dims = f' width="{width}" height="{height}"'
    return (
        f'<img src="{src}#only-{scheme}" alt="{html.escape(alt, quote=True)}"'
        f'{dims} loading="lazy" decoding="async" class="ss-figure">'
    )


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    wanted = list(PLACEHOLDER.finditer(markdown))
    if not wanted:
        return markdown
    where = page.file.src_uri
    blocks = [(f.line, f.body) for f in read_fences(markdown) if f.runnable]
    key = hashlib.sha256(json.dumps([blocks, _package_digest()]).encode()).hexdigest()[
        :20
    ]
    cached = CACHE / f"{key}.json"
    if cached.exists():
        svgs: list[str] = json.loads(cached.read_text())
    else:
        svgs = run_page(blocks, where)
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(
            f".{os.getpid()}.tmp"
        )  # atomic for parallel builds
        partial.write_text(json.dumps(svgs))
        os.replace(partial, cached)
    if len(svgs) != len(wanted):
        raise PluginError(
            f"{where}: the page's code makes {len(svgs)} figure(s) but the page "
            f"shows {len(wanted)} figure: image(s); make them match one to one."
        )
    names = [m["name"] for m in wanted]
    if len(set(names)) != len(names):
        raise PluginError(f"{where}: two figure: images share a name: {names}")
    stem = page.file.src_uri.removesuffix(".md")
    parts: list[str] = []
    last = 0
    for match, svg in zip(wanted, svgs, strict=True):
        if not match["alt"].strip():
            raise PluginError(
                f"{where}: figure:{match['name']} needs alt text stating its point"
            )
        images = []
        for scheme, text in (("light", svg), ("dark", _dark(svg))):
            path = f"figures/{stem}/{match['name']}-{scheme}.svg"
            _outputs[path] = text
            images.append(
                _img(get_relative_url(path, page.url), match["alt"], text, scheme)
            )
        parts.append(markdown[last : match.start()])
        parts.append("".join(images))
        last = match.end()
    parts.append(markdown[last:])
    return "".join(parts)


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    for path, svg in _outputs.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg)
