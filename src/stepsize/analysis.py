"""Read a run's record: converged, cycling, diverged or still moving."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .run import Run
from .sweep import Sweep

Array = NDArray[np.float64]

__all__ = [
    "CYCLING",
    "DIVERGED",
    "MOVING",
    "Classification",
    "best_so_far",
    "classify_run",
    "classify_sweep",
    "distance_to_minimizer",
    "steps_to_cycle",
    "steps_to_reach",
]

CYCLING = -1
"""`classify_sweep` code for a run that ends in a cycle."""
DIVERGED = -2
"""`classify_sweep` code for a run that overflowed."""
MOVING = -3
"""`classify_sweep` code for a run that has not settled."""


@dataclass(frozen=True)
class Classification:
    """How a run ended.

    ``kind`` is "converged", "cycling", "diverged" or "moving"; ``period``
    the cycle length (1 when converged); ``points`` the sorted cycle points;
    ``floor`` the lowest loss on the cycle (``None`` without loss values).

    >>> c = Classification("cycling", period=2, points=(3.5, 4.5), floor=0.5)
    >>> print(c)
    cycling with period 2 through (3.5, 4.5), loss floor 0.5
    """

    kind: str
    period: int | None = None
    points: tuple[Any, ...] = ()
    floor: float | None = None

    def __str__(self) -> str:
        pts = ", ".join(
            f"{p:g}" if isinstance(p, float) else str(p) for p in self.points
        )
        floor = "" if self.floor is None else f", loss floor {self.floor:g}"
        if self.kind == "converged":
            return f"converged to {pts}{floor}"
        if self.kind == "cycling":
            return f"cycling with period {self.period} through ({pts}){floor}"
        return f"{self.kind}{floor}"


def _period(x: Array, tol: float, max_period: int) -> int | None:
    """Smallest p whose last two periods (or the whole record) repeat."""
    n = len(x)
    for p in range(1, max_period + 1):
        k = min(2 * p, n - p)
        if k < p:
            return None
        diff = np.abs(x[n - k :] - x[n - k - p : n - p])
        if np.all(diff <= tol):
            return p
    return None


def _point(row: Array) -> Any:
    return float(row) if row.ndim == 0 else tuple(float(v) for v in row)


def classify_run(
    run_or_thetas: Run | ArrayLike, *, tol: float = 1e-9, max_period: int = 8
) -> Classification:
    """Classify a run by its last iterates.

    >>> from stepsize import AbsoluteLoss, descend
    >>> loss = AbsoluteLoss(1.0, 5.0)
    >>> print(classify_run(descend(loss, -1.5, 1.0, steps=20)))
    cycling with period 2 through (3.5, 4.5), loss floor 0.5
    >>> print(classify_run(descend(loss, -1.0, 1.0, steps=20)))
    converged to 4, loss floor 0
    """
    values = None
    if isinstance(run_or_thetas, Run):
        thetas, values = run_or_thetas.thetas, run_or_thetas.values
        if run_or_thetas.diverged:
            return Classification("diverged", floor=float(np.min(values)))
    else:
        thetas = np.asarray(run_or_thetas, dtype=np.float64)
        if not np.all(np.isfinite(thetas)):
            return Classification("diverged")
    p = _period(thetas, tol, max_period)
    if p is None:
        floor = None if values is None else float(np.min(values))
        return Classification("moving", floor=floor)
    last = thetas[len(thetas) - p :]
    points = tuple(sorted({_point(r) for r in last}))
    floor = None if values is None else float(np.min(values[len(values) - p :]))
    return Classification("converged" if p == 1 else "cycling", p, points, floor)


def classify_sweep(sweep: Sweep, loss: Any, *, tol: float = 1e-6) -> NDArray[np.int64]:
    """Per run: index of the minimum reached, else `CYCLING`, `DIVERGED`, `MOVING`.

    A run counts as converged when its final iterate is within ``tol`` of an
    entry of ``loss.minima`` (or ``loss.minimizer``); as cycling when its
    ``tail`` repeats with a period from 2 to half the tail's length; anything
    else, including a run still creeping towards a minimum, is moving.

    >>> from stepsize import MultiWell, sweep
    >>> w = MultiWell.default()
    >>> s = sweep(w, [-2.0, -2.0, 0.5, 5.0], [0.05, 0.3, 0.05, 0.5], steps=300)
    >>> classify_sweep(s, w).tolist()
    [0, 1, 1, -2]
    """
    minima = np.atleast_1d(np.asarray(getattr(loss, "minima", loss.minimizer)))
    final, tail = sweep.final, sweep.tail
    codes = np.full(final.shape, MOVING, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        n = len(tail)
        for p in range(2, n // 2 + 1):  # same window as classify_run
            k = min(2 * p, n - p)
            rep = np.all(np.abs(tail[n - k :] - tail[n - k - p : n - p]) <= tol, 0)
            codes[rep] = CYCLING
        if n >= 3:  # a fixed point that is not a minimum: still creeping
            still = np.all(np.abs(tail[n - 2 :] - tail[n - 3 : n - 1]) <= tol, 0)
            codes[still] = MOVING
        dist = np.abs(final[..., None] - minima)
        nearest = np.argmin(np.where(np.isnan(dist), np.inf, dist), axis=-1)
        hit: NDArray[np.bool_] = (
            np.take_along_axis(dist, nearest[..., None], -1)[..., 0] <= tol
        )
    codes[hit] = nearest[hit]
    codes[sweep.diverged] = DIVERGED
    return codes


def distance_to_minimizer(run: Run, loss: Any) -> Array:
    """|theta_t - theta*| per iterate (Euclidean norm for n-D losses).

    >>> from stepsize import SquaredLoss, descend
    >>> run = descend(SquaredLoss(0.0, 1.0), 0.0, 0.5, steps=2)
    >>> distance_to_minimizer(run, SquaredLoss(0.0, 1.0)).tolist()
    [1.0, 0.5, 0.25]
    """
    e = run.thetas - np.asarray(loss.minimizer, dtype=np.float64)
    return np.abs(e) if np.ndim(loss.minimizer) == 0 else np.linalg.norm(e, axis=-1)


def best_so_far(values: ArrayLike) -> Array:
    """Running minimum of the loss values.

    >>> best_so_far([3.0, 1.0, 2.0, 0.5]).tolist()
    [3.0, 1.0, 1.0, 0.5]
    """
    return np.minimum.accumulate(np.asarray(values, dtype=np.float64), axis=0)


def steps_to_reach(run: Run, loss: Any, tol: float) -> int | None:
    """First step with |theta_t - theta*| < tol, or ``None``.

    >>> from stepsize import AbsoluteLoss, descend
    >>> loss = AbsoluteLoss(1.0, 5.0)
    >>> steps_to_reach(descend(loss, -1.0, 1.0, steps=10), loss, 1e-12)
    5
    """
    hits = np.flatnonzero(distance_to_minimizer(run, loss) < tol)
    return int(hits[0]) if hits.size else None


def steps_to_cycle(run: Run, *, tol: float = 1e-9, max_period: int = 8) -> int | None:
    """First step from which the run repeats with its final period, or ``None``.

    >>> from stepsize import AbsoluteLoss, descend
    >>> steps_to_cycle(descend(AbsoluteLoss(1.0, 5.0), -1.5, 1.0, steps=20))
    5
    """
    x = run.thetas
    p = _period(x, tol, max_period)
    if p is None or run.diverged:
        return None
    diff = np.abs(x[p:] - x[:-p]).reshape(len(x) - p, -1)
    bad = np.flatnonzero(~np.all(diff <= tol, axis=1))
    return 0 if bad.size == 0 else int(bad[-1]) + 1
