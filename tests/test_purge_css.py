"""hooks/purge_css.py: which selectors survive, and what is copied unchanged."""

from __future__ import annotations

import pytest

from hooks.purge_css import Vocabulary, purge

PAGE = (
    '<div class="md-typeset used" id="top" data-md-color-scheme="slate">'
    '<a href="a.pdf">'
)
SCRIPT = 'x("li",{class:`md-tag md-tag--${name}`})'


@pytest.fixture
def words() -> Vocabulary:
    return Vocabulary([PAGE], [SCRIPT])


def test_selectors_with_unknown_classes_go(words: Vocabulary) -> None:
    css = ".used{color:red}.unused{color:blue}.used,.unused b{margin:0}"
    assert purge(css, words) == ".used{color:red}.used{margin:0}"


def test_template_classes_ids_and_attribute_values(words: Vocabulary) -> None:
    css = (
        ".md-tag--fancy{a:1}#top{b:2}#gone{c:3}"
        "[data-md-color-scheme=slate]{d:4}[data-md-color-scheme=indigo]{e:5}"
        '[href$=".pdf"]{f:6}'
    )
    assert purge(css, words) == (
        ".md-tag--fancy{a:1}#top{b:2}[data-md-color-scheme=slate]{d:4}"
        '[href$=".pdf"]{f:6}'
    )


def test_functional_pseudo_classes_never_rule_a_selector_out(words: Vocabulary) -> None:
    css = ".used:not(.unused){a:1}.md-typeset :is(.unused,p){b:2}"
    assert purge(css, words) == css


def test_at_rules_and_declarations_are_copied_byte_for_byte(words: Vocabulary) -> None:
    body = '{--icon:url("data:image/svg+xml,\\3c !--x--><svg/>");color:red}'
    css = (
        '@charset "UTF-8";@font-face{font-family:x;src:url(a.woff2)}'
        f"@media screen and (min-width:10em){{.used{body}.unused{{a:b}}}}"
        "@media print{.unused{a:b}}@keyframes spin{0%{opacity:0}}"
    )
    assert purge(css, words) == (
        '@charset "UTF-8";@font-face{font-family:x;src:url(a.woff2)}'
        f"@media screen and (min-width:10em){{.used{body}}}"
        "@keyframes spin{0%{opacity:0}}"
    )
