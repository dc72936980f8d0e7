"""Scaffold a new page: ``make new-page TITLE="Learning-rate warm-up"``.

Writes ``docs/<slug>.md`` from ``templates/page.md`` and adds the page to
``nav`` in ``mkdocs.yml``, just above the ``make new-page`` marker comment.
The edit is textual, so comments and layout in ``mkdocs.yml`` are kept. When
the marker is missing, the script prints the one line to add instead.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "# make new-page adds pages above this line"


def slugify(title: str) -> str:
    """``"Learning-rate warm-up"`` -> ``"learning-rate-warm-up"``."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def nav_line(title: str, slug: str, indent: str = "  ") -> str:
    # A JSON string is a valid YAML scalar, so any title is quoted safely.
    return f"{indent}- {json.dumps(title, ensure_ascii=False)}: {slug}.md"


def scaffold(title: str, root: Path = ROOT) -> str:
    """Create the page and add it to nav; return what was done, for the user."""
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise SystemExit(
            'new-page: give a title, e.g. make new-page TITLE="Learning-rate warm-up"'
        )
    page = root / "docs" / f"{slug}.md"
    config = root / "mkdocs.yml"
    text = config.read_text()
    if page.exists() or re.search(
        rf":\s*{re.escape(slug)}\.md\s*$", text, re.MULTILINE
    ):
        raise SystemExit(
            f"new-page: docs/{slug}.md already exists (or is in nav); "
            "edit that page, or choose another TITLE."
        )
    template = (root / "templates" / "page.md").read_text()
    page.write_text(template.replace("{title}", title).replace("{slug}", slug))
    done = [f"created docs/{slug}.md"]
    marker = re.search(
        rf"^(?P<indent>[ \t]*){re.escape(MARKER)}[ \t]*$", text, re.MULTILINE
    )
    if marker is None:
        done.append(f"add this line to nav in mkdocs.yml:\n{nav_line(title, slug)}")
    else:
        line = nav_line(title, slug, marker["indent"])
        config.write_text(text[: marker.start()] + line + "\n" + text[marker.start() :])
        done.append(f"added to nav in mkdocs.yml: {line.strip()}")
    done.append(f"test it: .venv/bin/python -m pytest docs/{slug}.md")
    done.append("preview it: make serve")
    return "\n".join(done)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("title", help='the page title, e.g. "Learning-rate warm-up"')
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder")
    args = parser.parse_args(argv)
    print(scaffold(args.title, args.root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
