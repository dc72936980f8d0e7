"""MkDocs hook: ship only the stylesheet rules that can match.

Material's ``main.css`` (134 KB) and ``palette.css`` (12 KB) style every
feature the theme has: blog posts, cards, keyboard keys, version pickers,
twenty primary colours; KaTeX's stylesheet (21 KB) styles every size and
font switch TeX has. Every page loads all three before it can paint. After
each build this hook rewrites them in ``site/`` from the originals, keeping
a selector only when every class, id and attribute name (and identifier
attribute value) in it occurs somewhere in the built pages or in the
scripts (every ``.js`` file in the site), which create the rest of the
interface. A class that a script builds from a template, such as
``md-tag--${name}``, is kept by its prefix.
Inside ``:not()``, ``:is()`` and the like, nothing rules a selector out.
What is left is about a third smaller, and the rules a page can use are
unchanged: ``tests/test_browser.py`` compares every element's computed
style under both sets of stylesheets.

It always starts from the originals (the theme's files, and the KaTeX
stylesheet that hooks/math.py writes in every build), so ``mkdocs serve
--dirty``, which does not copy theme files again, still sees classes that
an edit adds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

STYLESHEETS = ("main.*.min.css", "palette.*.min.css")
KATEX = "assets/katex/katex.min.css"
WORD = re.compile(r"[A-Za-z_][\w-]*")
TEMPLATE_PREFIX = re.compile(r"([A-Za-z_][\w-]*--)\$\{")
CLASS_OR_ID = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
ATTRIBUTE = re.compile(
    r"\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*([\w-]+|\"[^\"]*\"|'[^']*'))?\s*[is]?\s*\]"
)
IDENTIFIER = re.compile(r"[A-Za-z_][\w-]*")
INNER = re.compile(r"\([^()]*\)")


class Vocabulary:
    """The words a selector may use: those of the pages and the scripts."""

    def __init__(self, pages: Iterable[str], scripts: Iterable[str]) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        for text in pages:
            self.words.update(WORD.findall(text))
        for text in scripts:
            self.words.update(WORD.findall(text))
            self.prefixes.update(TEMPLATE_PREFIX.findall(text))

    def knows(self, word: str) -> bool:
        return word in self.words or word.startswith(tuple(self.prefixes))

    def can_match(self, selector: str) -> bool:
        # Inside :not(), :is(), :has(), ... a missing class does not rule the
        # selector out (":not(.x)" matches more without .x): ignore those.
        while True:
            bare = INNER.sub("", selector)
            if bare == selector:
                break
            selector = bare
        for attribute in ATTRIBUTE.finditer(selector):
            name, value = attribute.group(1), attribute.group(2)
            if not self.knows(name):
                return False
            if value and IDENTIFIER.fullmatch(value) and not self.knows(value):
                return False
        names = CLASS_OR_ID.findall(ATTRIBUTE.sub("", selector))
        return all(self.knows(name) for name in names)


def selector_list(prelude: list[Any]) -> list[str]:
    """A rule's selectors, split at its top-level commas only."""
    import tinycss2

    parts: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def purge(css: str, vocabulary: Vocabulary) -> str:
    """``css`` without the selectors, and then rules, that cannot match.

    Declarations and whole at-rules are copied byte for byte from ``css``;
    only selector lists are written anew.
    """
    import tinycss2

    line_starts = [0] + [i + 1 for i, char in enumerate(css) if char == "\n"]

    def offset(node: Any) -> int:
        return line_starts[node.source_line - 1] + node.source_column - 1

    def rules(nodes: list[Any], end: int) -> list[str]:
        kept: list[str] = []
        nodes = [node for node in nodes if node.type not in {"whitespace", "comment"}]
        ends = [offset(node) for node in nodes[1:]] + [end]
        for node, stop in zip(nodes, ends, strict=True):
            text = css[offset(node) : stop].rstrip()
            if node.type == "error":
                raise ValueError(f"purge_css: cannot parse the stylesheet: {node}")
            if node.type == "qualified-rule":
                alive = [
                    selector
                    for selector in selector_list(node.prelude)
                    if vocabulary.can_match(selector)
                ]
                if alive:
                    kept.append(",".join(alive) + text[text.index("{") :])
            elif node.type == "at-rule" and node.lower_at_keyword in {
                "media",
                "supports",
            }:
                inner_nodes = tinycss2.parse_rule_list(node.content)
                inner = rules(inner_nodes, offset(node) + len(text) - 1)
                if inner:
                    head = text[: text.index("{") + 1]
                    kept.append(head + "".join(inner) + "}")
            else:  # @font-face, @keyframes, @charset, ...: kept whole
                kept.append(text)
        return kept

    sheet = tinycss2.parse_stylesheet(css)
    return "".join(rules(sheet, len(css)))


def theme_file(config: Any, pattern: str) -> Path:
    for folder in config["theme"].dirs:
        found = sorted(Path(folder).glob(f"assets/stylesheets/{pattern}"))
        if found:
            return found[0]
    raise PluginError(f"hooks/purge_css.py: no {pattern} in the theme")


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    vocabulary = Vocabulary(
        (page.read_text(encoding="utf-8") for page in site.rglob("*.html")),
        (script.read_text(encoding="utf-8") for script in site.rglob("*.js")),
    )
    for pattern in STYLESHEETS:
        source = theme_file(config, pattern)
        target = site / "assets" / "stylesheets" / source.name
        target.write_text(purge(source.read_text(encoding="utf-8"), vocabulary))
    # Written afresh by hooks/math.py in this build (it runs first).
    katex = site / KATEX
    katex.write_text(purge(katex.read_text(encoding="utf-8"), vocabulary))
