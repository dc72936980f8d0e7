"""The docs harness itself: output blocks are compared exactly, skips need reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from sybil import Sybil
from sybil.example import SybilFailure

from tests.harness import PythonWithOutputParser, ReasonedSkipParser, compare_output


def run_page(tmp_path: Path, text: str) -> list[str | None]:
    """Evaluate every example of a one-page Sybil; return each result."""
    page = tmp_path / "page.md"
    page.write_text(text)
    sybil = Sybil([ReasonedSkipParser(), PythonWithOutputParser()], path=str(tmp_path))
    document = sybil.parse(page)
    results: list[str | None] = []
    for example in document.examples():
        try:
            example.evaluate()
            results.append(None)
        except SybilFailure as failure:
            results.append(failure.result)
        except Exception as err:
            results.append(f"raised {type(err).__name__}: {err}")
    return results


def test_matching_output_passes(tmp_path: Path) -> None:
    page = "```python\nx = 21\nprint(x * 2)\n```\n\n```output\n42\n```\n"
    assert run_page(tmp_path, page) == [None]


def test_one_changed_digit_fails_naming_page_and_line(tmp_path: Path) -> None:
    page = "Intro.\n\n```python\nprint(3.5, 4.5)\n```\n\n```output\n3.5 4.6\n```\n"
    [result] = run_page(tmp_path, page)
    assert result is not None
    assert "page.md" in result
    assert "output block at line 7" in result
    assert "-3.5 4.6" in result and "+3.5 4.5" in result


def test_leading_spaces_of_an_output_are_compared(tmp_path: Path) -> None:
    page = '```python\nprint(f"{7:3d}")\n```\n\n```output\n  7\n```\n'
    assert run_page(tmp_path, page) == [None]
    [result] = run_page(tmp_path, page.replace("\n  7\n", "\n7\n"))
    assert result is not None and "+  7" in result


def test_blocks_inside_admonitions_are_run_and_checked(tmp_path: Path) -> None:
    page = (
        '!!! note\n\n    ```python\n    print(" a")\n    ```\n\n'
        "    ```output\n     a\n    ```\n"
    )
    assert run_page(tmp_path, page) == [None]


def test_namespace_carries_across_blocks(tmp_path: Path) -> None:
    page = (
        "```python\nx = 2\n```\n\n```python\nprint(x + 1)\n```\n\n```output\n3\n```\n"
    )
    assert run_page(tmp_path, page) == [None, None]


def test_printing_without_an_output_block_fails(tmp_path: Path) -> None:
    [result] = run_page(tmp_path, "```python\nprint('hidden')\n```\n")
    assert result is not None and "no ```output block follows" in result


def test_skip_with_reason_skips(tmp_path: Path) -> None:
    page = '<!-- skip: next "needs a GPU" -->\n\n```python\nraise SystemExit\n```\n'
    results = run_page(tmp_path, page)
    assert results[-1] == "raised SkipTest: needs a GPU"


def test_skip_without_reason_is_an_error_naming_the_line(tmp_path: Path) -> None:
    page = "Text.\n\n<!-- skip: next -->\n\n```python\nx = 1\n```\n"
    with pytest.raises(
        ValueError, match=r"page\.md, line 3: a skip needs a quoted reason"
    ):
        run_page(tmp_path, page)


@pytest.mark.parametrize(
    ("printed", "expected", "same"),
    [
        ("a  \nb\n\n", "a\nb", True),
        ("1.0\n", "1.00", False),
        ("x\ny", "x", False),
    ],
)
def test_compare_output_strips_only_trailing_whitespace(
    printed: str, expected: str, same: bool
) -> None:
    assert (compare_output(printed, expected) is None) is same
