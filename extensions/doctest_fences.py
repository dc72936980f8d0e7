"""Griffe extension for the API reference: show bare ``>>>`` examples as code.

The package's docstrings put a short doctest right after the rule it shows,
not under a NumPy ``Examples`` heading. Griffe's NumPy parser reads ``>>>``
lines as code only inside such a section; elsewhere Markdown would render them
as nested block quotes and ``[1, 2]`` outputs as link references. This
extension fences each bare doctest run as ``pycon`` where it stands, so the
reference shows the example in the author's order. Sybil still runs the
docstrings themselves (tests/harness.py); only the rendering changes.

Two display formulas on consecutive lines (``...$$`` then ``$$...``) are
split by a blank line, since arithmatex reads a paragraph as one formula.

It also keeps dataclass plumbing (``__post_init__``) and other special methods
out of the reference: a reader calls the class, not its hooks.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

SECTION = re.compile(r"^Examples\n-{3,}$", re.MULTILINE)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ADJACENT_DISPLAYS = re.compile(r"\$\$\n(?=[ \t]*\$\$)")
SPECIAL = re.compile(r"^__\w+__$")


def fence_doctests(text: str) -> str:
    """Wrap each run of ``>>>`` lines and their output in a ```` ```pycon ```` fence.

    A run starts at a line beginning with ``>>>`` and ends at a blank line. Text
    inside an existing fence or under an ``Examples`` heading is left alone.
    """
    head, section, tail = text, "", ""
    if (match := SECTION.search(text)) is not None:
        head, section, tail = text[: match.start()], match.group(0), text[match.end() :]
    out: list[str] = []
    in_fence = in_run = False
    for line in head.split("\n"):
        if in_run and not line.strip():
            out.append("```")
            in_run = False
        elif not in_run and not in_fence and line.startswith(">>>"):
            out.append("```pycon")
            in_run = True
        elif not in_run and FENCE.match(line):
            in_fence = not in_fence
        out.append(line)
    if in_run:
        out.append("```")
    return "\n".join(out) + section + tail


class DoctestFences(griffe.Extension):
    """Fence bare doctests in every docstring griffe loads; hide special methods."""

    def on_instance(self, *, obj: griffe.Object, **_: Any) -> None:
        if obj.is_function and SPECIAL.match(obj.name) and obj.name != "__call__":
            obj.public = False
        if obj.docstring is not None:
            text = ADJACENT_DISPLAYS.sub("$$\n\n", obj.docstring.value)
            obj.docstring.value = fence_doctests(text) if ">>>" in text else text
