"""The strict site build: it succeeds without a single WARNING, and the link
validation it relies on really fails a broken link or anchor."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.built_site import build_output, built_site, mkdocs_build
from tests.harness import mkdocs_config


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(site, config=config)


def test_site_builds_strictly_without_warnings() -> None:
    site = built_site()  # raises with the build's output if the build fails
    output = build_output()
    assert "WARNING" not in output, output
    assert (site / "index.html").exists()


def test_every_page_is_within_the_html_budget() -> None:
    """No page's HTML is over 150 KB (formulas and code included)."""
    over = {
        str(page.relative_to(built_site())): page.stat().st_size
        for page in built_site().rglob("*.html")
        if page.stat().st_size > 150 * 1024
    }
    assert over == {}


def validation_only_config(tmp_path: Path, page: str) -> Path:
    """A two-page site using this project's own `validation` settings."""
    ours = mkdocs_config()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n## Known anchor\n\nText.\n")
    (docs / "page.md").write_text(page)
    config = {
        "site_name": "probe",
        "docs_dir": str(docs),
        "strict": True,
        "validation": ours["validation"],
        "nav": [{"Home": "index.md"}, {"Page": "page.md"}],
        "markdown_extensions": [{"toc": {"permalink": True}}],
    }
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.mark.parametrize(
    ("page", "fails"),
    [
        ("# Page\n\n[home](index.md#known-anchor)\n", False),
        ("# Page\n\n[missing](nowhere.md)\n", True),
        ("# Page\n\n[missing anchor](index.md#no-such-anchor)\n", True),
    ],
)
def test_validation_fails_broken_links(tmp_path: Path, page: str, fails: bool) -> None:
    result = build(validation_only_config(tmp_path, page), tmp_path / "site")
    assert (result.returncode != 0) is fails, result.stdout + result.stderr


def test_page_left_out_of_nav_fails(tmp_path: Path) -> None:
    config = validation_only_config(tmp_path, "# Page\n")
    (tmp_path / "docs" / "orphan.md").write_text("# Orphan\n")
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "orphan.md" in result.stdout + result.stderr


def test_every_page_starts_the_lazy_search_worker() -> None:
    """Every built page, the 404 page included, names the loader and Material's
    worker (both files are in the site) and defers Material's bundle."""
    site = built_site()
    pages = [*site.rglob("index.html"), site / "404.html"]
    workers = set()
    for page in pages:
        text = page.read_text()
        found = re.findall(r'"search": "[^"]*/workers/search-lazy\.js\?([^"]+)"', text)
        assert len(found) == 1, f"{page.relative_to(site)}: search worker {found}"
        workers.update(found)
        scripts = re.findall(
            r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js"[^>]*>', text
        )
        assert len(scripts) == 1 and " defer" in scripts[0], (page, scripts)
    assert len(workers) == 1, workers
    folder = site / "assets" / "javascripts" / "workers"
    assert (folder / "search-lazy.js").is_file()
    assert (folder / workers.pop()).is_file()


def test_search_hook_fails_when_the_worker_is_not_found() -> None:
    from hooks.search import lazy_worker

    with pytest.raises(ValueError, match="expected one search worker"):
        lazy_worker("<html><body>no configuration</body></html>")


def test_katex_characters_reads_nested_spans_and_skips_the_source() -> None:
    from hooks.math import katex_characters

    page = (
        '<p>x <span class="katex"><span class="katex-mathml"><math><semantics>'
        "<mi>θ</mi><annotation>\\theta</annotation></semantics></math></span>"
        '<span class="katex-html"><span class="mord">θ</span>'
        '<span class="mrel">&lt;</span></span></span> y ∞</p>'
    )
    assert katex_characters(page) == {"θ", "<"}


def test_katex_fonts_keep_every_glyph_the_formulas_use() -> None:
    """Each shipped font holds its original glyph for every character in the
    site's formulas (and the equation numbers), and the fonts are smaller."""
    from fontTools.ttLib import TTFont

    from hooks.math import ALWAYS, KATEX_DIST, katex_characters

    site = built_site()
    used: set[int] = {ord(c) for c in ALWAYS}
    for page in site.rglob("*.html"):
        used |= {ord(c) for c in katex_characters(page.read_text())}
    assert {ord("θ"), ord("η")} <= used
    shipped = sorted((site / "assets" / "katex" / "fonts").glob("*.woff2"))
    assert len(shipped) == len(list((KATEX_DIST / "fonts").glob("*.woff2")))
    for font in shipped:
        original = set(TTFont(KATEX_DIST / "fonts" / font.name).getBestCmap())
        kept = set(TTFont(font).getBestCmap())
        # Layout substitutions may keep a related glyph or two beyond these.
        assert original & used <= kept <= original, font.name
    size = sum(font.stat().st_size for font in shipped)
    full = sum(font.stat().st_size for font in (KATEX_DIST / "fonts").glob("*.woff2"))
    assert size < 0.7 * full, (size, full)


def test_pages_with_formulas_preload_the_fonts_they_draw_with() -> None:
    site = built_site()
    for page in site.rglob("index.html"):
        text = page.read_text()
        preloads = re.findall(
            r'<link rel="preload" href="[^"]*/?fonts/([\w-]+)\.woff2"', text
        )
        expected = [
            font
            for font, marker in (
                ("KaTeX_Main-Regular", 'class="katex"'),
                ("KaTeX_Math-Italic", "mathnormal"),
            )
            if marker in text.split("</head>", 1)[1]
        ]
        assert preloads == expected, page.relative_to(site)
        head = text.split("</head>", 1)[0]
        for font in preloads:
            assert (site / "assets" / "katex" / "fonts" / f"{font}.woff2").is_file()
            assert f'{font}.woff2" as="font" type="font/woff2" crossorigin>' in head
