"""The built site in a real browser (Debian's Chromium through Playwright).

One strict build of the working tree per session, served on 127.0.0.1 under
``site_url``'s path. Every page in ``nav`` (read from mkdocs.yml, so new pages
are picked up) and the 404 page is loaded in the light and the dark scheme and
must: log no console error, fail no request, ask for nothing from another host
(such requests are blocked and reported), load every image (lazy ones forced),
show no raw TeX, copy code blocks without prompts or output, and pass axe-core
with no serious or critical violation. Full-page screenshots go to
``screenshots/<run>/``. Separate tests cover the scheme toggle, offline search
and instant navigation.

Without Chromium the browser tests skip with a one-line hint, unless ``CI`` is
set: then they fail.
"""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import (
    CHROMIUM_ARGS,
    INSTALL_HINT,
    base_path,
    chromium_path,
    nav_pages,
    serve,
    site_origin,
)
from tests.built_site import built_site as shared_build
from tests.harness import ROOT, mkdocs_config

pytestmark = pytest.mark.browser

PAGES = nav_pages()
SCHEMES = {"light": "default", "dark": "slate"}
NOT_FOUND = "no-such-page/"
# Words the search must find offline. "gradient" is on the home page today;
# the other two must be found once the pages that explain them exist.
SEARCH_WORDS = ["gradient", "oscillation", "Polyak"]
SERIOUS = {"serious", "critical"}

RAW_TEX = re.compile(
    r"\\\(|\\\)|\\\[|\\\]|\$\$|(?<![\\\w$])\$(?=\S)[^$\n]{1,200}?(?<=\S)\$"
)
PROMPT = re.compile(r"^(>>>|\.\.\.|\$|%|In \[\d*\]:)( |$)", re.MULTILINE)


# --------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def built_site() -> Path:
    # The one strict build of the session, shared with the other site tests.
    return shared_build()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site, base_path(), site_origin()) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{INSTALL_HINT} (CI is set, so the browser tests fail)")
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    run = time.strftime("%Y%m%d-%H%M%S")
    folder = ROOT / "screenshots" / run
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Log:
    """What a page did that it should not have."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def local(url: str, base_url: str) -> bool:
    return urlsplit(url).netloc == urlsplit(base_url).netloc or url.startswith(
        ("data:", "blob:", "about:")
    )


@pytest.fixture
def open_page(browser: Any, base_url: str) -> Iterator[Any]:
    """``open_page(path, scheme)`` -> (page, log): a fresh context per call."""
    contexts: list[Any] = []

    def opener(path: str, scheme: str, expect_status: int = 200) -> tuple[Any, Log]:
        context = browser.new_context(
            color_scheme=scheme, viewport={"width": 1280, "height": 800}
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        log = Log()

        def route(route: Any) -> None:
            url = route.request.url
            if local(url, base_url):
                route.continue_()
            else:
                log.external.append(url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        target = base_url + path

        def on_console(message: Any) -> None:
            # The browser logs the 404 page's own status as an error.
            own_status = message.location.get("url") == target and expect_status != 200
            if message.type == "error" and not own_status:
                log.console.append(
                    f"{message.text} ({message.location.get('url', '')})"
                )

        def on_response(response: Any) -> None:
            expected = response.url == target and response.status == expect_status
            if response.status >= 400 and not expected:
                log.failed.append(f"{response.status} {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: log.console.append(f"uncaught: {error}"))
        page.on(
            "requestfailed",
            lambda request: log.failed.append(f"{request.failure} {request.url}"),
        )
        page.on("response", on_response)
        # "load", not "networkidle": every check below waits for what it needs,
        # and each test waits for the network to settle before reading the log.
        response = page.goto(target, wait_until="load")
        assert response is not None and response.status == expect_status, (
            f"{target}: status {response and response.status}, expected {expect_status}"
        )
        return page, log

    yield opener
    for context in contexts:
        context.close()


# ------------------------------------------------------------------ page checks

FORCE_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach((img) => { img.loading = "eager"; });
  const settle = (img) => Promise.race([
    img.decode().catch(() => null),
    new Promise((done) => setTimeout(done, 10000)),
  ]);
  await Promise.all(images.map(settle));
  return images.map((img) => ({
    src: img.getAttribute("src"), ok: img.complete && img.naturalWidth > 0,
  }));
}"""

VISIBLE_TEXT = """() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll(
    "pre, code, script, style, textarea, .katex, .md-search, .md-code__nav"
  ).forEach((node) => node.remove());
  return {
    text: clone.textContent,
    leftover: document.querySelectorAll(".arithmatex, script[type^='math/tex']").length,
  };
}"""

# Click every copy button in turn and read the clipboard. For each block, the
# code a reader should get: its text, without prompts (.gp) and printed output
# (.go) in a >>> session, and never the output block under a Python block.
COPY_ALL = """async () => {
  const results = [];
  const buttons = [...document.querySelectorAll("[data-clipboard-target]")];
  for (const [index, button] of buttons.entries()) {
    const target = document.querySelector(button.getAttribute("data-clipboard-target"));
    if (!target) { results.push({ index, missing: true }); continue; }
    const block = target.closest(".highlight");
    const code = target.cloneNode(true);
    const outputs = [];
    if (code.querySelector(".gp")) {  // a >>> session: the code is its input lines
      code.querySelectorAll(".go").forEach((node) => outputs.push(node.textContent));
      code.querySelectorAll(".gp, .go").forEach((node) => node.remove());
    }
    const next = block && block.nextElementSibling;
    const python = block && block.matches(".language-python");
    if (python && next && next.matches(".highlight")) {
      outputs.push(next.textContent);  // the output block under a Python block
    }
    await navigator.clipboard.writeText("");
    button.click();
    await new Promise((done) => setTimeout(done, 20));
    results.push({
      index,
      language: block ? block.className : "",
      code: code.textContent,
      outputs,
      copied: await navigator.clipboard.readText(),
    });
  }
  return {
    results,
    blocks: document.querySelectorAll(".md-content pre > code").length,
  };
}"""


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def image_problems(page: Any) -> list[str]:
    return [
        f"image did not load: {image['src']}"
        for image in page.evaluate(FORCE_IMAGES)
        if not image["ok"]
    ]


def tex_problems(page: Any) -> list[str]:
    found = page.evaluate(VISIBLE_TEXT)
    problems = [
        f"raw TeX in the text: {m.group(0)!r}" for m in RAW_TEX.finditer(found["text"])
    ]
    if found["leftover"]:
        problems.append(f"{found['leftover']} unrendered math element(s) (.arithmatex)")
    return problems


def copy_problems(page: Any) -> list[str]:
    problems = []
    found = page.evaluate(COPY_ALL)
    if len(found["results"]) < found["blocks"]:
        problems.append(
            f"{found['blocks']} code blocks but {len(found['results'])} copy buttons"
        )
    for block in found["results"]:
        where = f"copy button {block['index']}"
        if block.get("missing"):
            problems.append(f"{where} points at nothing")
            continue
        where += f" ({block['language'].strip()})"
        copied = block["copied"]
        if not copied.strip():
            problems.append(f"{where} copied nothing")
        elif _lines(copied) != _lines(block["code"]):
            problems.append(
                f"{where} copied {copied!r}, not the code {block['code']!r}"
            )
        if PROMPT.search(copied):
            problems.append(f"{where} copied a prompt: {copied!r}")
        output_lines = {line for out in block["outputs"] for line in _lines(out)}
        if output_lines & set(_lines(copied)) - set(_lines(block["code"])):
            problems.append(f"{where} copied printed output: {copied!r}")
    return problems


def axe_problems(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # Only violations carry their nodes: listing every passing node is slow.
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [node["target"] for node in violation["nodes"]][:5]
            summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
            rule = f"axe {violation['id']} ({violation['impact']})"
            problems.append(f"{rule} on {targets}: {summary[:300]}")
    return problems


def slug(path: str) -> str:
    return path.strip("/").replace("/", "_") or "index"


# One class per scheme: `make test` runs pytest-xdist with --dist loadscope,
# which gives each class to one worker, so the two schemes run side by side.
@pytest.mark.parametrize("path", [*PAGES, NOT_FOUND])
class TestLightScheme:
    def test_page(self, open_page: Any, screenshot_dir: Path, path: str) -> None:
        check_page(open_page, screenshot_dir, path, "light")


@pytest.mark.parametrize("path", [*PAGES, NOT_FOUND])
class TestDarkScheme:
    def test_page(self, open_page: Any, screenshot_dir: Path, path: str) -> None:
        check_page(open_page, screenshot_dir, path, "dark")


def check_page(open_page: Any, screenshot_dir: Path, path: str, scheme: str) -> None:
    """Clean load, offline, images, math, copy buttons, axe; and a screenshot."""
    status = 404 if path == NOT_FOUND else 200
    page, log = open_page(path, scheme, expect_status=status)
    context = page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    problems: list[str] = []
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if shown != SCHEMES[scheme]:
        problems.append(f"system scheme {scheme} shows data-md-color-scheme={shown!r}")
    if not page.locator(".md-content h1").count():
        problems.append("no h1 in the content")
    problems += image_problems(page)
    problems += tex_problems(page)
    problems += axe_problems(page)
    page.screenshot(
        path=str(screenshot_dir / f"{slug(path)}-{scheme}.jpg"),
        full_page=True,
        type="jpeg",
        quality=85,
    )
    if scheme == "light":
        problems += copy_problems(page)
    page.wait_for_load_state("networkidle")
    problems += [f"console error: {line}" for line in log.console]
    problems += [f"failed request: {line}" for line in log.failed]
    problems += [f"request to another host (blocked): {url}" for url in log.external]
    assert not problems, f"{path or 'home'} ({scheme}):\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- site-wide checks


def test_every_nav_page_is_built_and_in_the_sitemap(built_site: Path) -> None:
    site_url = urlsplit(mkdocs_config()["site_url"]).path
    tree = ET.parse(built_site / "sitemap.xml")
    locs = [
        el.text or ""
        for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    in_sitemap = sorted(urlsplit(loc).path.removeprefix(site_url) for loc in locs)
    assert in_sitemap == sorted(PAGES)
    for path in PAGES:
        assert (built_site / path / "index.html").exists(), path
    assert (built_site / "404.html").exists()


@pytest.mark.parametrize("system", list(SCHEMES))
def test_scheme_toggle_flips_the_scheme(open_page: Any, system: str) -> None:
    page, log = open_page("", system)
    seen = [page.evaluate("document.body.getAttribute('data-md-color-scheme')")]
    backgrounds = {
        seen[0]: page.evaluate("getComputedStyle(document.body).backgroundColor")
    }
    toggle = page.locator(
        "form[data-md-component=palette] label.md-header__button:visible"
    )
    for _ in range(3):
        toggle.first.click()
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        seen.append(scheme)
        backgrounds[scheme] = page.evaluate(
            "getComputedStyle(document.body).backgroundColor"
        )
    assert set(seen) == set(SCHEMES.values()), f"schemes seen while toggling: {seen}"
    assert backgrounds["default"] != backgrounds["slate"], backgrounds
    assert seen[-1] == seen[0], f"three clicks should come back to the start: {seen}"
    page.wait_for_load_state("networkidle")
    assert not log.console and not log.failed and not log.external, log


@pytest.mark.parametrize("word", SEARCH_WORDS)
def test_search_finds_offline(open_page: Any, word: str) -> None:
    page, log = open_page("", "light")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    try:
        page.wait_for_function(
            "document.querySelectorAll('.md-search-result__item').length > 0",
            timeout=10_000,
        )
    except Exception:
        meta = page.locator(".md-search-result__meta").inner_text()
        pytest.fail(
            f"search for {word!r} found nothing offline (search says: {meta!r})"
        )
    stem = word.lower()[:5]
    texts = page.locator(".md-search-result__item").all_inner_texts()
    assert any(stem in text.lower() for text in texts), texts
    raw = [text for text in texts if re.search(r"\\[a-zA-Z]{2,}", text)]
    assert not raw, f"search results show raw TeX: {raw}"
    page.wait_for_load_state("networkidle")
    assert not log.console and not log.failed and not log.external, log


def test_search_loads_only_when_wanted(open_page: Any) -> None:
    """Opening a page fetches neither the index nor Material's search worker;
    the keyboard shortcut for search fetches both, and search then works."""
    page, log = open_page("valleys/", "dark")
    page.wait_for_load_state("networkidle")  # nothing in flight for the reload
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload(wait_until="networkidle")
    page.wait_for_timeout(300)
    heavy = [
        url
        for url in requested
        if re.search(r"search_index|/search\.[0-9a-f]+\.min", url)
    ]
    assert not heavy, f"a page load fetched search before it was wanted: {heavy}"
    page.keyboard.press("/")
    page.keyboard.type("Polyak", delay=20)
    page.wait_for_function(
        "document.querySelectorAll('.md-search-result__item').length > 0",
        timeout=10_000,
    )
    fetched = " ".join(requested)
    assert "search_index.json" in fetched and "workers/search." in fetched, requested
    page.wait_for_load_state("networkidle")
    assert not log.console and not log.failed and not log.external, log


def test_search_index_is_local(built_site: Path) -> None:
    index = built_site / "search" / "search_index.json"
    assert index.exists() and index.stat().st_size > 0


def navigation_problems(page: Any, base_url: str, site: Path, target: str) -> list[str]:
    """Click the nav link to ``target`` and check the page that swaps in."""
    links = page.locator("nav.md-nav--primary a.md-nav__link[href]")
    hrefs = links.evaluate_all("(links) => links.map((a) => a.href.split('#')[0])")
    wanted = base_url + target
    if wanted not in hrefs:
        return [f"no nav link to {wanted} on {page.url}"]
    anchor = links.nth(hrefs.index(wanted))
    if anchor.is_visible():
        anchor.click()
    else:  # in a collapsed section: the same click event, without scrolling to it
        anchor.dispatch_event("click")
    page.wait_for_url(wanted)
    html = (site / target / "index.html").read_text()
    title = re.search(r"<h1[^>]*>([^<]*)", html)
    heading = title.group(1).strip() if title else ""
    try:  # the URL changes first; the new content swaps in just after
        page.wait_for_function(
            "(text) => (document.querySelector('.md-content h1') || {}).textContent"
            "?.trim().startsWith(text)",
            arg=heading,
            timeout=10_000,
        )
    except Exception:
        shown = page.locator(".md-content h1").first.inner_text().strip()
        return [f"{target or 'home'}: shows h1 {shown!r}, not {heading!r}"]
    page.wait_for_load_state("networkidle")
    problems = []
    if not page.evaluate("window.__notReloaded === true"):
        problems.append("the click reloaded the page: instant navigation is off")
    if 'class="katex"' in html:
        widths = page.locator(".md-content .katex-html").evaluate_all(
            "(nodes) => nodes.map((n) => n.getBoundingClientRect().width)"
        )
        if not widths or not all(width > 0 for width in widths):
            problems.append(f"math is not rendered (widths {widths})")
        if not page.evaluate("document.fonts.check('16px KaTeX_Main')"):
            problems.append("KaTeX's font is not loaded")
    if "ss-figure" in html:
        if not page.locator("img.ss-figure:visible").count():
            problems.append("no figure is visible")
        problems += image_problems(page)
    return [f"{target or 'home'}: {problem}" for problem in problems]


def test_instant_navigation_keeps_math_and_figures(
    open_page: Any, base_url: str, built_site: Path
) -> None:
    """Walk the whole nav by clicking; every page swaps in without a reload."""
    page, log = open_page("", "light")
    page.evaluate("window.__notReloaded = true")
    problems: list[str] = []
    for target in [*PAGES[1:], PAGES[0]]:
        problems += navigation_problems(page, base_url, built_site, target)
        page.evaluate("window.__notReloaded = true")
    page.wait_for_load_state("networkidle")
    problems += [f"console error: {line}" for line in log.console]
    problems += [f"failed request: {line}" for line in log.failed]
    problems += [f"request to another host (blocked): {url}" for url in log.external]
    assert not problems, "\n".join(problems)


# ------------------------------------------------------- the purged stylesheets

STYLE_HASHES = """(detail) => {
  const hash = (text) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  };
  const describe = (style) => {
    const parts = [];
    for (let i = 0; i < style.length; i++) {
      const name = style[i];
      if (!name.startsWith("--")) parts.push(name + ":" + style.getPropertyValue(name));
    }
    return parts.sort().join(";");
  };
  const pseudo = (el, which) => {
    const style = getComputedStyle(el, which);
    return style.content === "none" ? "none" : describe(style);
  };
  return [...document.querySelectorAll("body *")].map((el, i) => {
    const text = [
      describe(getComputedStyle(el)), pseudo(el, "::before"), pseudo(el, "::after"),
    ].join("|");
    return [el.tagName + "." + el.className, hash(text), i === detail ? text : ""];
  });
}"""


def stylesheet(css: str) -> Any:
    def answer(route: Any) -> None:
        route.fulfill(body=css, content_type="text/css")

    return answer


def computed_styles(
    browser: Any,
    url: str,
    original: dict[str, str] | None,
    search: str | None,
    detail: int = -1,
) -> list[Any]:
    """Every element's computed style (with ::before and ::after) on ``url``,
    with Material's original stylesheets swapped in when ``original`` is given."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    try:
        if original:
            for shipped, css in original.items():
                context.route(f"**/{shipped}", stylesheet(css))
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        if search:
            box = page.locator(".md-search__input")
            box.click()
            box.press_sequentially(search, delay=20)
            page.wait_for_function(
                "document.querySelectorAll('.md-search-result__item').length > 0"
            )
            page.wait_for_timeout(300)
        return list(page.evaluate(STYLE_HASHES, detail))
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("", "Polyak"),
        ("circling/", None),
        ("labs/explorer/", None),
        ("reference/losses/", None),
    ],
)
def test_purged_stylesheets_style_every_element_alike(
    browser: Any, base_url: str, built_site: Path, path: str, search: str | None
) -> None:
    """hooks/purge_css.py drops rules no page can use: every element, and its
    ::before and ::after, gets the same computed style as with the originals."""
    from hooks.math import katex_stylesheet
    from hooks.purge_css import KATEX, STYLESHEETS, theme_file

    config = mkdocs_config()
    theme = {"theme": type("Theme", (), {"dirs": theme_dirs(config)})()}
    original = {KATEX: katex_stylesheet()}
    for pattern in STYLESHEETS:
        source = theme_file(theme, pattern)
        original[f"assets/stylesheets/{source.name}"] = source.read_text()
    for shipped, css in original.items():
        assert len((built_site / shipped).read_text()) < len(css), shipped
    purged = computed_styles(browser, base_url + path, None, search)
    full = computed_styles(browser, base_url + path, original, search)
    assert len(purged) == len(full) > 100
    differ = [i for i, (a, b) in enumerate(zip(purged, full, strict=True)) if a != b]
    if differ:
        first = differ[0]
        a_text = computed_styles(browser, base_url + path, None, search, first)[first]
        b_text = computed_styles(browser, base_url + path, original, search, first)[
            first
        ]
        a_props, b_props = set(a_text[2].split(";")), set(b_text[2].split(";"))
        pytest.fail(
            f"{path or 'home'}: {len(differ)} element(s) styled differently, "
            f"first {a_text[0]}: purged has {sorted(a_props - b_props)[:5]}, "
            f"original has {sorted(b_props - a_props)[:5]}"
        )


def theme_dirs(config: dict[str, Any]) -> list[str]:
    """Material's template folders, after the project's overrides."""
    import material

    return [
        str(ROOT / config["theme"]["custom_dir"]),
        str(Path(material.__file__).parent / "templates"),
    ]
