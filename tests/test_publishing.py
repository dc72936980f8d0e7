"""What publishing relies on: site_url drives canonical links and the sitemap,
and every page offers an "edit this page" link into the repository."""

from __future__ import annotations

import re
from pathlib import Path

from tests.built_site import built_site
from tests.harness import ROOT, mkdocs_config

CONFIG = mkdocs_config()
SITE_URL = CONFIG["site_url"]


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if p.parent.name != "404")


def page_url(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    return SITE_URL + ("" if folder == "." else folder + "/")


def source_of(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    if folder == ".":
        return "index.md"
    if (ROOT / "docs" / folder / "index.md").exists():
        return f"{folder}/index.md"
    if (ROOT / "docs" / f"{folder}.py").exists():  # a lab, stored as a .py notebook
        return f"{folder}.py"
    return f"{folder}.md"


def test_site_url_is_an_https_address_ending_in_a_slash() -> None:
    assert re.fullmatch(r"https://[^/]+/(?:[^/]+/)*", SITE_URL), SITE_URL


def test_every_page_has_its_canonical_link() -> None:
    site = built_site()
    for page in pages(site):
        html = page.read_text()
        assert f'<link rel="canonical" href="{page_url(site, page)}">' in html, page


def test_sitemap_lists_every_page_under_site_url() -> None:
    site = built_site()
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text()))
    assert listed == {page_url(site, page) for page in pages(site)}


def test_every_page_has_an_edit_link_to_its_source() -> None:
    site = built_site()
    edit = CONFIG["repo_url"].rstrip("/") + "/" + CONFIG["edit_uri"]
    for page in pages(site):
        link = f'href="{edit}{source_of(site, page)}" title="Edit this page"'
        assert link in page.read_text(), page
