"""The API reference cannot drift from the package.

Every name in ``stepsize.__all__`` has an anchor in the built reference pages,
every public function and class shows an example in its docstring, the docs
harness collects every docstring example, and docstring math renders with
KaTeX exactly as on the pages.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import griffe
import pytest

from extensions.doctest_fences import fence_doctests
from tests.built_site import built_site
from tests.harness import ROOT, docstrings_sybil

PACKAGE = ROOT / "src" / "stepsize"
DEFINITIONS = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
ANCHOR = re.compile(r'\bid="(stepsize\.[\w.]+)"')


def exported_names() -> list[str]:
    import stepsize

    return list(stepsize.__all__)


def documented_paths() -> dict[str, str]:
    """Each exported name -> the path of its object, as the reference anchors it.

    Functions and classes know where they are defined. Other objects (constants)
    are followed through the package's imports by griffe, the loader that
    mkdocstrings itself uses.
    """
    import stepsize

    package = griffe.load("stepsize", search_paths=[str(ROOT / "src")])
    paths = {}
    for name in exported_names():
        obj = getattr(stepsize, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            paths[name] = f"{obj.__module__}.{obj.__qualname__}"
        else:
            member = package[name]
            paths[name] = member.final_target.path if member.is_alias else member.path
    return paths


def reference_anchors(site: Path) -> set[str]:
    anchors: set[str] = set()
    for page in (site / "reference").rglob("*.html"):
        anchors.update(ANCHOR.findall(page.read_text()))
    return anchors


def missing_from_reference(paths: dict[str, str], anchors: set[str]) -> list[str]:
    """One line per exported name whose object has no anchor in the reference."""
    return [
        f"stepsize.{name} (defined as {path}): add it to the `__all__` of "
        f"{path.rsplit('.', 1)[0]} and make sure docs/reference/ has a page with "
        f"`::: {path.rsplit('.', 1)[0]}` listed in nav"
        for name, path in sorted(paths.items())
        if path not in anchors
    ]


def has_example(docstring: str | None) -> bool:
    """True when a docstring has a doctest (``>>>``) or a ```` ```python ```` block."""
    return docstring is not None and (">>>" in docstring or "```python" in docstring)


def test_every_exported_name_is_in_the_built_reference() -> None:
    anchors = reference_anchors(built_site())
    assert missing_from_reference(documented_paths(), anchors) == []


def test_every_public_function_and_class_has_a_docstring_example() -> None:
    import stepsize

    without = []
    for name in exported_names():
        obj = getattr(stepsize, name)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and not has_example(
            obj.__doc__
        ):
            without.append(f"stepsize.{name}")
    assert without == [], "no `>>>` example in the docstring of: " + ", ".join(without)


def doctest_lines(path: Path) -> int:
    """How many ``>>>`` lines the docstrings of ``path`` hold, read without Sybil."""
    count = 0
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            doc = ast.get_docstring(node, clean=False) or ""
            count += sum(
                1 for line in doc.split("\n") if line.lstrip().startswith(">>>")
            )
    return count


MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_harness_collects_every_docstring_example(path: Path) -> None:
    collected = len(list(docstrings_sybil().parse(path).examples()))
    assert collected == doctest_lines(path)


def test_the_package_has_docstring_examples() -> None:
    """At least one example per public function and class is collected overall."""
    import stepsize

    public = [
        n
        for n in exported_names()
        if inspect.isfunction(getattr(stepsize, n))
        or inspect.isclass(getattr(stepsize, n))
    ]
    assert sum(doctest_lines(p) for p in MODULES) >= len(public) > 0


def test_docstring_math_renders_like_the_pages() -> None:
    """Formulas in docstrings come out as KaTeX HTML, never as raw TeX delimiters."""
    pages = sorted((built_site() / "reference").rglob("*.html"))
    assert pages
    text = "".join(p.read_text() for p in pages)
    assert 'class="katex"' in text
    for page in pages:
        html = page.read_text()
        main = html[html.find("<article") : html.find("</article>")]
        assert "arithmatex" not in main, page
        assert "\\(" not in main and "\\[" not in main, page
        assert "$$" not in main, page


def test_docstring_examples_render_as_code_not_quotes() -> None:
    """A ``>>>`` example shows as a code block; Markdown would make it a block quote."""
    for page in sorted((built_site() / "reference").rglob("*.html")):
        html = page.read_text()
        assert (
            "<blockquote" not in html[html.find("<article") : html.find("</article>")]
        ), page


# The checks themselves must be able to fail.


def test_a_name_without_an_anchor_is_reported() -> None:
    paths = {"descend": "stepsize.run.descend", "Run": "stepsize.run.Run"}
    [line] = missing_from_reference(paths, {"stepsize.run.Run"})
    assert line.startswith("stepsize.descend (defined as stepsize.run.descend)")


def test_a_docstring_without_an_example_is_reported() -> None:
    assert not has_example(
        "Gradient descent.\n\nParameters\n----------\nrate : float\n"
    )
    assert not has_example(None)
    assert has_example("Step.\n\n>>> 1 + 1\n2\n")


def test_bare_doctests_are_fenced_where_they_stand() -> None:
    text = "Rule.\n\n>>> x = 1\n>>> x\n1\n\nMore prose.\n\n```python\n>>> kept\n```\n"
    assert fence_doctests(text) == (
        "Rule.\n\n```pycon\n>>> x = 1\n>>> x\n1\n```\n\nMore prose.\n\n"
        "```python\n>>> kept\n```\n"
    )
