"""The docs harness: Sybil parsers that run every Python block of a page and
check each ``output`` block against what the block above it printed.

A page is one namespace, run top to bottom, exactly as a reader who pastes the
visible blocks into a fresh interpreter would run them. There is no hidden
setup: the only things this harness adds are the Agg backend and closing
figures after each page, neither of which changes what a block prints.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import yaml
from sybil import Document, Example, Region, Sybil
from sybil.evaluators.python import pad
from sybil.parsers.markdown import SkipParser
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer
from sybil.parsers.rest import DocTestParser

from hooks.fences import RUNNABLE

ROOT = Path(__file__).resolve().parent.parent
INFO = re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE)


def _line_of(document: Document, offset: int) -> int:
    return document.text.count("\n", 0, offset) + 1


def _raw_body(fenced: str) -> str:
    """The body of a fenced block exactly as written, minus the fence's own indent.

    Sybil's lexeme dedents the body, which would hide leading spaces that a
    block really printed (a right-aligned table, say).
    """
    lines = fenced.split("\n")
    indent = len(lines[0]) - len(lines[0].lstrip())
    body = lines[1:-1] if len(lines) > 1 else []
    return "\n".join(
        line[indent:] if not line[:indent].strip() else line.lstrip() for line in body
    )


def compare_output(printed: str, expected: str) -> str | None:
    """None if ``printed`` equals ``expected`` but for trailing spaces, else a diff."""
    got = [line.rstrip() for line in printed.rstrip().split("\n")]
    want = [line.rstrip() for line in expected.rstrip().split("\n")]
    if got == want:
        return None
    diff = difflib.unified_diff(want, got, "page shows", "block printed", lineterm="")
    return "\n".join(diff)


class PythonWithOutputParser:
    """Run ```` ```python ```` blocks; check a following ```` ```output ```` block.

    The output block must come straight after its Python block (blank lines
    allowed) and holds exactly what the block prints. A block that prints with
    no output block after it fails too: the reader would see output the page
    does not show.
    """

    def __init__(self) -> None:
        self.lexer = RawFencedCodeBlockLexer(info_pattern=INFO)

    def __call__(self, document: Document) -> Iterable[Region]:
        regions = sorted(self.lexer(document), key=lambda r: r.start)
        for i, region in enumerate(regions):
            info = region.lexemes["info"]
            if not RUNNABLE.match(info):
                continue
            expected = None
            end = region.end
            following = regions[i + 1] if i + 1 < len(regions) else None
            if (
                following is not None
                and following.lexemes["info"].strip() == "output"
                and not document.text[region.end : following.start].strip()
            ):
                expected = _raw_body(document.text[following.start : following.end])
                end = following.end
            yield Region(
                region.start,
                end,
                (
                    region.lexemes["source"],
                    expected,
                    following.start if expected is not None and following else None,
                ),
                self.evaluate,
            )

    @staticmethod
    def evaluate(example: Example) -> str | None:
        __tracebackhide__ = True
        source, expected, output_offset = example.parsed
        code = compile(
            pad(str(source), example.line + source.line_offset),
            example.path,
            "exec",
            dont_inherit=True,
        )
        printed = io.StringIO()
        with redirect_stdout(printed):
            exec(code, example.namespace)
        example.namespace.pop("__builtins__", None)
        where = f"{example.path}, line {example.line}"
        if expected is None:
            if printed.getvalue().strip():
                return (
                    f"{where}: this block prints, but no ```output block follows it.\n"
                    f"It printed:\n{printed.getvalue()}"
                )
            return None
        diff = compare_output(printed.getvalue(), expected)
        if diff is None:
            return None
        out_line = _line_of(example.document, output_offset)
        return f"{where}: the output block at line {out_line} does not match:\n{diff}"


class ReasonedSkipParser(SkipParser):
    """Sybil's ``<!-- skip: next "reason" -->``, with the reason made mandatory."""

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in super().__call__(document):
            action, reason = region.parsed
            if action in ("next", "start") and not (
                reason and reason.strip().startswith(('"', "'"))
            ):
                line = _line_of(document, region.start)
                raise ValueError(
                    f"{document.path}, line {line}: a skip needs a quoted reason, "
                    f'for example <!-- skip: next "needs a GPU" -->'
                )
            yield region


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving ``!ENV`` or ``!!python/name`` tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml as data; tagged values (``!ENV``, Python names) read as None."""
    return dict(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTagLoader))


def close_figures(namespace: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt

    plt.close("all")


def pages_sybil() -> Sybil:
    """The Sybil that collects every Markdown page under docs/."""
    return Sybil(
        parsers=[ReasonedSkipParser(), PythonWithOutputParser()],
        path=str(ROOT / "docs"),
        patterns=["*.md", "**/*.md"],
        teardown=close_figures,
        name="docs",
    )


def docstrings_sybil() -> Sybil:
    """The Sybil that runs every ``>>>`` example in the package's docstrings."""
    return Sybil(
        parsers=[DocTestParser()],
        path=str(ROOT / "src" / "stepsize"),
        patterns=["*.py"],
        teardown=close_figures,
        name="docstrings",
    )
