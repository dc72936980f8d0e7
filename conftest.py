"""Collect every docs page and docstring example as tests (see tests/harness.py)."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from tests.harness import docstrings_sybil, pages_sybil

pytest_collect_file = (pages_sybil() + docstrings_sybil()).pytest()
