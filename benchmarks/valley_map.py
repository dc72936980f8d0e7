"""Benchmark: the valley map on docs/valleys.md, timed apart from the page.

The page prints nothing that depends on time; this script measures the same
computation, 500 x 500 = 250,000 runs of 300 steps on MultiWell.default()
(rate in [0.05, 1], start in [-3, 2.5]) followed by classify_sweep, and
reports the median of several repeats. Run with

    .venv/bin/python benchmarks/valley_map.py
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

import stepsize as ss

LOSS = ss.MultiWell.default()
RATES = np.linspace(0.05, 1.0, 500)
STARTS = np.linspace(-3.0, 2.5, 500)
STEPS = 300
REPEATS = 7


def valley_map() -> np.ndarray:
    grid = ss.sweep(LOSS, STARTS[None, :], RATES[:, None], steps=STEPS)
    return ss.classify_sweep(grid, LOSS)


def main() -> None:
    valley_map()  # warm up
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        valley_map()
        times.append(time.perf_counter() - t)
    print(
        f"valley map, {RATES.size} x {STARTS.size} = {RATES.size * STARTS.size:,} runs"
        f" x {STEPS} steps (sweep + classify_sweep), {os.cpu_count()} CPUs:"
        f" median {statistics.median(times):.3f} s over {REPEATS} repeats"
        f" (min {min(times):.3f}, max {max(times):.3f})"
    )


if __name__ == "__main__":
    main()
