"""MkDocs hook: a lighter search, for readers who never use it too.

Three changes to how Material's search and script load, all about what every
page pays before a reader sees it:

- Code blocks and output blocks (tables of numbers) made up about half of the
  index. Marking them ``data-search-exclude`` keeps the prose, the headings
  and the API reference searchable at half the weight.
- Material starts its search worker as soon as a page opens. Each page's
  configuration is pointed at ``workers/search-lazy.js`` instead, with
  Material's worker named in the query string; the loader fetches that worker
  only when the index arrives, and ``overrides/main.html`` holds the index
  until the reader turns to search.
- Material's bundle (111 KB) is a plain script at the end of the body, which
  holds up the first paint while it downloads. It gets ``defer``: it still
  runs once the page is parsed, in the same order, after the inline scripts.
"""

from __future__ import annotations

import re
from typing import Any

BLOCK = re.compile(r'<div class="language-(?:python|output) highlight">')
BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
WORKER = re.compile(r'("search": "[^"]*/workers/)(search\.[0-9a-f]+\.min\.js")')


def on_page_content(html: str, **_: Any) -> str:
    return BLOCK.sub(lambda m: m.group(0)[:-1] + " data-search-exclude>", html)


def _once(pattern: re.Pattern[str], replacement: str, html: str, what: str) -> str:
    html, count = pattern.subn(replacement, html)
    if count != 1:
        raise ValueError(
            f"hooks/search.py: expected one {what} in the page, found {count}; "
            "has Material's base.html changed?"
        )
    return html


def lazy_worker(html: str) -> str:
    """Point the page's search worker at the loader; fail if it is not there."""
    return _once(WORKER, r"\1search-lazy.js?\2", html, "search worker")


def defer_bundle(html: str) -> str:
    """Give Material's bundle script ``defer``; fail if it is not there."""
    return _once(BUNDLE, r"\g<0> defer", html, "Material bundle script")


def on_post_page(output: str, **_: Any) -> str:
    return defer_bundle(lazy_worker(output))


def on_post_template(output_content: str, template_name: str, **_: Any) -> str:
    if template_name != "404.html":
        return output_content
    return defer_bundle(lazy_worker(output_content))
