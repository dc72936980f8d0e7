"""Read the fenced code blocks of a Markdown page, independently of Sybil.

Both the figure hook and the docs guard test use this reader, so that what the
build executes and what the guard counts come from one definition of a fence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
# The one info string the docs harness runs. Other spellings of Python (``py``,
# ``pycon``, `` python``, ``python title="x.py"``) fail the docs guard rather
# than being silently left out, as Sybil would otherwise do.
RUNNABLE = re.compile(r"^python[ \t]*$")
# Info strings that mean "this is Python" in some dialect.
PYTHONISH = re.compile(r"^\s*(?:\{?\s*\.?)(?:python|py|pycon|python3|ipython)\b")
SKIP = re.compile(r"^[ \t]*<!--+\s*skip:\s*(?P<args>.*?)\s*--+>\s*$")


@dataclass(frozen=True)
class Fence:
    """One fenced block: where it starts (1-based line), its info string and body."""

    line: int
    indent: str
    info: str
    body: str
    end_line: int

    @property
    def runnable(self) -> bool:
        return RUNNABLE.match(self.info) is not None

    @property
    def pythonish(self) -> bool:
        return PYTHONISH.match(self.info) is not None

    @property
    def is_output(self) -> bool:
        return self.info.strip() == "output"


def read_fences(text: str) -> list[Fence]:
    """Every fenced block of ``text`` in page order (nested fences are not opened)."""
    lines = text.split("\n")
    fences: list[Fence] = []
    i = 0
    while i < len(lines):
        match = OPEN.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"]
        closing = re.compile(
            rf"^{re.escape(indent)}[ \t]{{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*$"
        )
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            line = lines[j]
            body.append(
                line[len(indent) :] if line.startswith(indent) else line.lstrip()
            )
            j += 1
        fences.append(Fence(i + 1, indent, info, "\n".join(body) + "\n", j + 1))
        i = j + 1
    return fences


def skip_comments(text: str) -> list[tuple[int, str]]:
    """Every ``<!-- skip: ... -->`` comment as (1-based line, its arguments)."""
    return [
        (n, m["args"])
        for n, line in enumerate(text.split("\n"), start=1)
        if (m := SKIP.match(line))
    ]
