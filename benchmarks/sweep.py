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


def sample(n: int) -> tuple[list[float], list[float]]:
    """Every (runs / n)-th run of the grid, so the sample covers all rates."""
    stride = SIDE * SIDE // n
    rates = np.repeat(RATES, SIDE)[::stride][:n]
    starts = np.tile(STARTS, SIDE)[::stride][:n]
    return rates.tolist(), starts.tolist()


def grad(theta: float) -> float:
    """MultiWell.default()'s gradient as its docstring writes it."""
    return 0.5 * theta * (theta + 2.2) * (theta + 1.0) * (theta - 0.7) * (theta - 1.5)


def python_loop(n: int) -> list[float]:
    """A plain Python loop over runs: theta = theta - rate * grad(theta)."""
    out = []
    for rate, theta in zip(*sample(n), strict=True):
        for _ in range(STEPS):
            theta = theta - rate * grad(theta)
        out.append(theta)
    return out


def python_loop_tuned(n: int) -> list[float]:
    """The fastest pure Python we know: Horner's rule inlined, no calls."""
    c0, c1, c2, c3, c4 = (float(v) for v in LOSS.coefficients[:5])
    out = []
    for rate, theta in zip(*sample(n), strict=True):
        for _ in range(STEPS):
            g = ((((c0 * theta + c1) * theta + c2) * theta + c3) * theta + c4) * theta
            theta = theta - rate * g
        out.append(theta)
    return out


def per_run_descend(n: int) -> None:
    for rate, theta in zip(*sample(n), strict=True):
        ss.descend(LOSS, theta, rate, STEPS)


def phase_map() -> np.ndarray:
    rates = np.linspace(0.01, 1.0, 500)
    starts = np.linspace(-3.0, 2.5, 500)
    s = ss.sweep(LOSS, starts[None, :], rates[:, None], STEPS)
    return ss.classify_sweep(s, LOSS)


def main(rounds: int = 5) -> None:
    runs = SIDE * SIDE
    # correctness first: the sweep and plain NumPy agree on every finite run
    a, b = package_sweep(), plain_numpy()
    ok = ~a.diverged
    agree = np.mean(a.final[ok] == b[ok])
    n_py, n_desc = 2_000, 40
    timed: dict[str, Callable[[], object]] = {
        "package sweep": package_sweep,
        "plain batched NumPy: theta - rate * loss.grad(theta)": plain_numpy,
        "plain batched NumPy, Horner written out": plain_numpy_horner,
        f"plain Python loop over runs ({n_py} runs, extrapolated)": lambda: python_loop(
            n_py
        ),
        f"tuned Python loop, Horner inlined ({n_py} runs, extrapolated)": (
            lambda: python_loop_tuned(n_py)
        ),
        f"per-run descend ({n_desc} runs, extrapolated)": lambda: per_run_descend(
            n_desc
        ),
    }
    scale = [1, 1, 1, runs / n_py, runs / n_py, runs / n_desc]
    # interleave the implementations round by round: this machine's speed
    # drifts, and per-round ratios cancel the drift
    times: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(rounds):
        for (name, fn), k in zip(timed.items(), scale, strict=True):
            times[name].append(median_time(fn, 1) * k)
    sweep_times = times["package sweep"]
    tracemalloc.start()
    package_sweep()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    batch_mb = runs * 8 / 1e6
    t_phase = median_time(phase_map, 5)

    print(f"{runs:,} runs x {STEPS} steps of constant-rate GD on MultiWell.default()")
    print(f"sweep final == plain NumPy final on {agree:.1%} of non-diverged runs")
    print(f"medians of {rounds} interleaved rounds; ratio = median over rounds of")
    print("sweep time / this time, measured in the same round")
    print(f"| {'implementation':62s} | {'median s':>9s} | {'sweep / this':>12s} |")
    print(f"|{'-' * 64}|{'-' * 11}:|{'-' * 13}:|")
    ratio = {}
    for name, ts in times.items():
        ratio[name] = statistics.median(
            s / t for s, t in zip(sweep_times, ts, strict=True)
        )
        print(f"| {name:62s} | {statistics.median(ts):9.3f} | {ratio[name]:12.4f} |")
    print(
        f"peak traced memory of the sweep: {peak / 1e6:.1f} MB "
        f"= {peak / 1e6 / batch_mb:.1f} batch-size arrays of {batch_mb:.0f} MB "
        "(the outputs: final, the 8-deep tail and the mask)"
    )
    print(f"500 x 500 x {STEPS} phase map (sweep + classify_sweep): {t_phase:.3f} s")
    names = list(timed)
    checks = [
        ("sweep <= 0.4 x plain batched NumPy", ratio[names[1]] <= 0.4),
        ("sweep >= 100 x faster than the plain Python loop", ratio[names[3]] <= 0.01),
    ]
    for name, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name}")
    print(
        f"info  vs hand-written Horner NumPy: {ratio[names[2]]:.2f}; "
        f"vs tuned Python loop: {1 / ratio[names[4]]:.0f}x faster"
    )


if __name__ == "__main__":
    main()
