"""Benchmark: the package's sweep against three ways of doing the same work.

10**6 runs x 200 steps of constant-rate gradient descent on
MultiWell.default(), over a 1000 x 1000 grid of (rate, start). Run with

    .venv/bin/python benchmarks/sweep.py

Every figure is a median of several repeats measured in this one run, so the
ratios compare like with like on the same machine and load.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

import stepsize as ss

LOSS = ss.MultiWell.default()
STEPS = 200
SIDE = 1000  # SIDE x SIDE runs
RATES = np.linspace(0.01, 1.0, SIDE)
STARTS = np.linspace(-3.0, 2.5, SIDE)


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def package_sweep() -> ss.Sweep:
    return ss.sweep(LOSS, STARTS[None, :], RATES[:, None], STEPS)


def plain_numpy() -> np.ndarray:
    """The spec's baseline: theta = theta - rate * loss.grad(theta)."""
    theta = np.broadcast_to(STARTS[None, :], (SIDE, SIDE)).copy()
    rate = RATES[:, None]
    with np.errstate(all="ignore"):
        for _ in range(STEPS):
            theta = theta - rate * LOSS.grad(theta)
    return theta


def plain_numpy_horner() -> np.ndarray:
    """A stricter baseline: the gradient polynomial written out by hand."""
    c = LOSS.coefficients
    theta = np.broadcast_to(STARTS[None, :], (SIDE, SIDE)).copy()
    rate = RATES[:, None]
    with np.errstate(all="ignore"):
        for _ in range(STEPS):
            theta = theta - rate * (
                ((((c[0] * theta + c[1]) * theta + c[2]) * theta + c[3]) * theta + c[4])
                * theta
            )
    return theta


def python_loop(n: int) -> list[float]:
    c = [float(v) for v in LOSS.coefficients]
    rates = np.repeat(RATES, SIDE)[:n].tolist()
    starts = np.tile(STARTS, SIDE)[:n].tolist()
    out = []
    for rate, theta in zip(rates, starts, strict=True):
        for _ in range(STEPS):
            g = (
                (((c[0] * theta + c[1]) * theta + c[2]) * theta + c[3]) * theta + c[4]
            ) * theta
            theta = theta - rate * g
            if not abs(theta) < 1e100:  # diverged (or nan): stop, as descend does
                break
        out.append(theta)
    return out


def per_run_descend(n: int) -> None:
    rates = np.repeat(RATES, SIDE)[:: SIDE * SIDE // n][:n]
    starts = np.tile(STARTS, SIDE)[:: SIDE * SIDE // n][:n]
    for rate, theta in zip(rates, starts, strict=True):
        ss.descend(LOSS, float(theta), float(rate), STEPS)


def phase_map() -> np.ndarray:
    rates = np.linspace(0.01, 1.0, 500)
    starts = np.linspace(-3.0, 2.5, 500)
    s = ss.sweep(LOSS, starts[None, :], rates[:, None], STEPS)
    return ss.classify_sweep(s, LOSS)


def main() -> None:
    runs = SIDE * SIDE
    # correctness first: the sweep and plain NumPy agree on every run that stays finite
    a, b = package_sweep(), plain_numpy()
    ok = ~a.diverged
    agree = np.mean(a.final[ok] == b[ok])
    t_sweep = median_time(package_sweep, 5)
    t_numpy = median_time(plain_numpy, 3)
    t_horner = median_time(plain_numpy_horner, 3)
    n_py = 10_000
    t_py = median_time(lambda: python_loop(n_py), 3) * runs / n_py
    n_desc = 200
    t_desc = median_time(lambda: per_run_descend(n_desc), 3) * runs / n_desc
    tracemalloc.start()
    package_sweep()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    batch_mb = runs * 8 / 1e6
    t_phase = median_time(phase_map, 5)

    rows = [
        ("package sweep", t_sweep),
        ("plain batched NumPy (loss.grad)", t_numpy),
        ("plain batched NumPy (hand Horner)", t_horner),
        (f"Python loop over runs ({n_py} runs, extrapolated)", t_py),
        (f"per-run descend ({n_desc} runs, extrapolated)", t_desc),
    ]
    print(f"{runs:,} runs x {STEPS} steps of constant-rate GD on MultiWell.default()")
    print(f"sweep final == plain NumPy final on {agree:.1%} of non-diverged runs")
    print(f"{'implementation':52s} {'median s':>10s} {'sweep / this':>13s}")
    for name, t in rows:
        print(f"{name:52s} {t:10.3f} {t_sweep / t:13.4f}")
    print(
        f"peak traced memory of the sweep: {peak / 1e6:.1f} MB "
        f"= {peak / 1e6 / batch_mb:.1f} batch-size arrays of {batch_mb:.0f} MB "
        "(outputs: final + 8-deep tail + mask, plus the broadcast rates)"
    )
    print(f"500 x 500 x {STEPS} phase map (sweep + classify_sweep): {t_phase:.3f} s")
    checks = [
        ("sweep <= 0.4 x plain batched NumPy (loss.grad)", t_sweep <= 0.4 * t_numpy),
        ("sweep >= 100 x faster than the Python loop", t_py >= 100 * t_sweep),
    ]
    for name, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name}")
    print(f"info  sweep / hand-Horner NumPy = {t_sweep / t_horner:.2f}")


if __name__ == "__main__":
    main()
