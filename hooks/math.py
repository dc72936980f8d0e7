"""MkDocs hook: render every formula to static KaTeX HTML + MathML at build time.

Pages write math as ``$...$`` and ``$$...$$``; ``pymdownx.arithmatex`` (generic
mode) wraps it in ``<span class="arithmatex">\\(...\\)</span>`` or a ``div``.
This hook swaps each wrapper for KaTeX's output, so readers download only
KaTeX's stylesheet and the fonts a page uses: no script, no CDN, and screen
readers get the MathML that KaTeX puts beside the visual form.

A formula KaTeX rejects fails the build, naming the page and the formula.
Rendered formulas are cached on disk, keyed by the TeX and the KaTeX version,
so ``make serve`` re-renders only new formulas.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
CACHE_FILE = ROOT / ".cache" / "katex.json"

# arithmatex (generic) output, and the $...$ that nbconvert leaves in notebook
# Markdown cells (rendered by mkdocs-jupyter; see hooks/notebooks.py).
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\])\s*</(?P=tag)>",
    re.DOTALL,
)


class KaTeX:
    """A long-lived ``node hooks/katex_server.js`` with an on-disk cache."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        package = json.loads((KATEX_DIST.parent / "package.json").read_text())
        self.version = package["version"]
        self.cache: dict[str, str] = {}
        if CACHE_FILE.exists():
            data = json.loads(CACHE_FILE.read_text())
            if data.get("katex") == self.version:
                self.cache = data["formulas"]
        self.dirty = False

    def render(self, tex: str, display: bool) -> str:
        key = hashlib.sha1(f"{int(display)}{tex}".encode()).hexdigest()
        if key not in self.cache:
            if self.proc is None:
                self.proc = subprocess.Popen(
                    ["node", str(ROOT / "hooks" / "katex_server.js")],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    cwd=ROOT,
                )
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self.proc.stdin.flush()
            reply = json.loads(self.proc.stdout.readline())
            if "error" in reply:
                raise ValueError(reply["error"])
            self.cache[key] = reply["html"]
            self.dirty = True
        return self.cache[key]

    def save(self) -> None:
        if self.dirty:
            CACHE_FILE.parent.mkdir(exist_ok=True)
            # Write then rename, so builds running side by side (the tests
            # run in parallel) never read a half-written cache.
            partial = CACHE_FILE.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(
                json.dumps({"katex": self.version, "formulas": self.cache})
            )
            os.replace(partial, CACHE_FILE)
            self.dirty = False

    def close(self) -> None:
        self.save()
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None


_katex: KaTeX | None = None


def renderer() -> KaTeX:
    global _katex
    if _katex is None:
        if not KATEX_DIST.exists():
            raise PluginError(
                "KaTeX is missing: run `make install` (it runs `npm ci`)."
            )
        _katex = KaTeX()
    return _katex


def render_math(text: str, where: str) -> str:
    """Replace every arithmatex wrapper in ``text`` with KaTeX's HTML."""

    def swap(match: re.Match[str]) -> str:
        display = match.group("display") is not None
        tex = html.unescape(match.group("display" if display else "inline"))
        try:
            out = renderer().render(tex, display)
        except ValueError as err:
            raise PluginError(f"{where}: KaTeX cannot render {tex!r}: {err}") from err
        # The search index takes the visible glyphs, not the MathML's TeX
        # annotation (search results would show raw TeX).
        mathml = '<span class="katex-mathml"'
        out = out.replace(mathml + ">", mathml + " data-search-exclude>")
        # A wide formula scrolls sideways; tabindex lets keyboards scroll it too.
        return f'<div class="math-display" tabindex="0">{out}</div>' if display else out

    return ARITHMATEX.sub(swap, text)


def on_page_content(html_text: str, page: Any, **_: Any) -> str:
    return render_math(html_text, page.file.src_uri)


# The fonts nearly every formula draws with: digits and operators, and
# italic letters. Asking for them in the head starts their download with the
# stylesheets, instead of after the first layout finds they are needed.
PRELOAD = {
    "KaTeX_Main-Regular.woff2": 'class="katex"',
    "KaTeX_Math-Italic.woff2": "mathnormal",
}


def on_post_page(output: str, page: Any, **_: Any) -> str:
    links = "".join(
        f'<link rel="preload" href="'
        f'{get_relative_url(f"assets/katex/fonts/{font}", page.url)}" '
        'as="font" type="font/woff2" crossorigin>'
        for font, marker in PRELOAD.items()
        if marker in output
    )
    return output.replace("</head>", links + "</head>", 1) if links else output


FONT_CACHE = ROOT / ".cache" / "katex-fonts"
KATEX_SPAN = re.compile(r'<span class="katex">')
SPAN_TAG = re.compile(r"<(/?)span\b[^>]*>")
ANNOTATION = re.compile(r"<annotation\b.*?</annotation>", re.DOTALL)
# Equation numbers come from KaTeX's stylesheet, not from the page's text.
ALWAYS = set("()0123456789")


def katex_characters(page_html: str) -> set[str]:
    """Every character inside the page's KaTeX output (the TeX source aside)."""
    found: set[str] = set()
    done = 0
    for start in KATEX_SPAN.finditer(page_html):
        if start.start() < done:
            continue
        depth = 0
        for tag in SPAN_TAG.finditer(page_html, start.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                done = tag.end()
                break
        else:
            raise PluginError("hooks/math.py: a KaTeX span that never closes")
        text = ANNOTATION.sub("", page_html[start.start() : done])
        found |= set(html.unescape(re.sub(r"<[^>]+>", "", text)))
    return found


def subset_fonts(characters: set[str], target: Path) -> None:
    """Write KaTeX's woff2 fonts into ``target``, cut to ``characters``.

    A font keeps only the glyphs the site's formulas can ask of it (the
    union over every page, so a font cached by the browser serves them
    all): KaTeX_Main-Regular drops from 26 KB to about 10 KB. Cached on disk
    by the character set and the KaTeX version.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = "".join(sorted(characters | ALWAYS))
    version = json.loads((KATEX_DIST.parent / "package.json").read_text())["version"]
    key = hashlib.sha1(f"{version}\n{chars}".encode()).hexdigest()[:16]
    cached = FONT_CACHE / key
    if not cached.is_dir():
        partial = FONT_CACHE / f"{key}.{os.getpid()}.tmp"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.notdef_outline = True
        for source in sorted((KATEX_DIST / "fonts").glob("*.woff2")):
            font = TTFont(source, recalcTimestamp=False)  # reproducible bytes
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[ord(c) for c in chars])
            subsetter.subset(font)
            font.flavor = "woff2"
            font.save(partial / source.name)
        with contextlib.suppress(OSError):  # another build got there first
            os.replace(partial, cached)
        shutil.rmtree(partial, ignore_errors=True)
    for font in cached.glob("*.woff2"):
        shutil.copyfile(font, target / font.name)


def katex_stylesheet() -> str:
    """KaTeX's stylesheet with only the woff2 source of each @font-face: every
    current browser reads it, and the other formats would only add bytes."""
    css = (KATEX_DIST / "katex.min.css").read_text()
    return re.sub(
        r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css
    )


def on_post_build(config: Any, **_: Any) -> None:
    """Ship KaTeX's stylesheet and its woff2 fonts (the only format read)."""
    site = Path(config["site_dir"])
    target = site / "assets" / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    # hooks/purge_css.py then drops the rules no page uses.
    (target / "katex.min.css").write_text(katex_stylesheet())
    # Every page on disk, not only the ones this build wrote: under
    # `mkdocs serve --dirty` the others keep their formulas.
    characters: set[str] = set()
    for page in site.rglob("*.html"):
        characters |= katex_characters(page.read_text(encoding="utf-8"))
    subset_fonts(characters, target / "fonts")
    if _katex is not None:
        _katex.save()


def on_shutdown(**_: Any) -> None:
    if _katex is not None:
        _katex.close()
