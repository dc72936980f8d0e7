"""Many constant-rate (or scheduled) gradient-descent runs stepped together.

The batch is cut into cache-sized blocks; each block runs all its steps
with in-place ufuncs on reused scratch buffers before the next block starts,
so the work stays in cache and nothing batch-sized is allocated per step.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .run import DIVERGENCE_BOUND, _check_steps, _check_theta0
from .schedules import rate_at

Array = NDArray[np.float64]

__all__ = ["Sweep", "sweep"]

WORKERS = min(os.cpu_count() or 1, 4)
"""Threads for large sweeps (blocks are shared out; results do not change)."""

BLOCK = 131072
"""Elements per block. Measured on 2 cores (1 MiB L2, 32 MiB L3): blocks of
16384 spend a third of the time in per-call ufunc overhead; 131072 (three
1 MiB buffers, in L3) halves the sweep's time."""


@dataclass(frozen=True, eq=False)
class Sweep:
    """The end of many runs: shape ``batch`` = broadcast of theta0 and rate.

    ``final`` holds the last iterates, ``tail`` the last ``tail`` iterates
    (oldest first, shape ``(tail, *batch)``) and ``diverged`` marks runs
    that became non-finite or left ``|theta| <= 1e100``.

    >>> from stepsize import AbsoluteLoss
    >>> ends = sweep(AbsoluteLoss(1.0, 5.0), [-1.5, -1.0], 1.0, steps=12, tail=2)
    >>> ends.tail.tolist()
    [[3.5, 4.0], [4.5, 4.0]]
    """

    final: Array
    tail: Array
    diverged: NDArray[np.bool_]
    steps: int


def _rates(rate: Any, steps: int) -> tuple[Array | None, list[float] | None]:
    """Split ``rate`` into a per-run array or a per-step list."""
    if callable(rate):
        return None, [rate_at(rate, t) for t in range(steps)]
    r = np.asarray(rate, dtype=np.float64)
    if not np.all(np.isfinite(r) & (r > 0)):
        raise ValueError("rate must hold finite numbers > 0, got values outside that")
    return r, None


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be an int >= 1, got {value!r}")
    return value


def sweep(
    loss: Any,
    theta0: ArrayLike,
    rate: ArrayLike | Callable[[int], float],
    steps: int,
    *,
    tail: int = 8,
    block: int = BLOCK,
    workers: int = WORKERS,
) -> Sweep:
    r"""Constant-rate gradient descent on a 1-D loss for a whole grid of runs.

    ``theta0`` and ``rate`` broadcast together, e.g. ``rate[:, None]`` against
    ``theta0[None, :]``; ``rate`` may instead be one schedule shared by all
    runs. Each run follows $\theta_{t+1} = \theta_t - \eta\,L'(\theta_t)$
    with the same floating-point operations as `descend`, so the numbers
    agree bit for bit. Losses with ``grad_into(theta, out, scratch)`` take an
    allocation-free fast path, and large sweeps share their blocks out over
    ``workers`` threads.

    >>> from stepsize.losses import AbsoluteLoss
    >>> s = sweep(AbsoluteLoss(1.0, 5.0), [-1.5, -1.0], 1.0, steps=10, tail=2)
    >>> s.final.tolist(), s.tail.tolist()
    ([4.5, 4.0], [[3.5, 4.0], [4.5, 4.0]])
    """
    steps = _check_steps(steps)
    tail = _positive_int("tail", tail)
    block = _positive_int("block", block)
    start = _check_theta0(theta0)
    per_run, per_step = _rates(rate, steps)
    shape = np.broadcast_shapes(start.shape, () if per_run is None else per_run.shape)
    theta = np.array(np.broadcast_to(start, shape), dtype=np.float64).ravel()
    rates = None if per_run is None else np.broadcast_to(per_run, shape)
    n_tail = min(tail, steps + 1)
    first_kept = steps + 1 - n_tail  # index of the oldest iterate kept
    out_tail = np.empty((n_tail, theta.size))
    diverged = np.zeros(theta.size, dtype=bool)
    fast = getattr(loss, "grad_into", None)
    step_rates = [np.array(r) for r in per_step or []]  # 0-d arrays: cheap ufunc calls
    mul, sub = np.multiply, np.subtract

    def run_blocks(starts: range) -> None:
        # Each worker owns its scratch; blocks are independent, so the result
        # does not depend on how blocks are shared out.
        g = np.empty(min(block, theta.size))
        scratch = np.empty_like(g)
        with np.errstate(all="ignore"):
            for lo in starts:
                th = theta[lo : lo + block]
                n = th.size
                gb, sb = g[:n], scratch[:n]
                # .flat slicing copies just this block of the broadcast rates
                rb = None if rates is None else rates.flat[lo : lo + n]
                if first_kept == 0:
                    out_tail[0, lo : lo + n] = th
                for t in range(steps):
                    if fast is not None:
                        fast(th, gb, sb)
                    else:
                        gb[...] = loss.grad(th)
                    mul(gb, step_rates[t] if rb is None else rb, out=gb)
                    sub(th, gb, out=th)
                    if t + 1 >= first_kept:
                        out_tail[t + 1 - first_kept, lo : lo + n] = th
                np.abs(th, out=gb)
                np.logical_not(gb <= DIVERGENCE_BOUND, out=diverged[lo : lo + n])

    n_blocks = -(-theta.size // block)
    workers = min(_positive_int("workers", workers), n_blocks)
    if workers == 1 or fast is None:
        run_blocks(range(0, theta.size, block))
    else:
        # NumPy releases the GIL inside each in-place ufunc on a block, so
        # threads give real parallelism on the large sweeps behind the maps.
        with ThreadPoolExecutor(workers) as pool:
            shares = [
                range(i * block, theta.size, workers * block) for i in range(workers)
            ]
            list(pool.map(run_blocks, shares))
    return Sweep(
        final=theta.reshape(shape),
        tail=out_tail.reshape((n_tail, *shape)),
        diverged=diverged.reshape(shape),
        steps=steps,
    )
