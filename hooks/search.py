"""MkDocs hook: keep code and printed outputs out of the search index.

Material's search worker downloads the whole index on a page's first load, so
every byte in it is paid by every reader on every page. Code blocks and
output blocks (tables of numbers) made up about half of the index; marking
them ``data-search-exclude`` keeps the prose, the headings and the API
reference searchable at half the weight.
"""

from __future__ import annotations

import re
from typing import Any

BLOCK = re.compile(r'<div class="language-(?:python|output) highlight">')


def on_page_content(html: str, **_: Any) -> str:
    return BLOCK.sub(lambda m: m.group(0)[:-1] + " data-search-exclude>", html)
