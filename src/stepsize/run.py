"""The descent loop and its record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .optimizers import Optimizer, gd
from .schedules import as_schedule

Array = NDArray[np.float64]

__all__ = ["DIVERGENCE_BOUND", "Run", "descend"]

DIVERGENCE_BOUND = 1e100
"""A run whose iterate exceeds this in absolute value counts as diverged."""


@dataclass(frozen=True, eq=False)
class Run:
    """The record of one descent.

    ``thetas``, ``values`` and ``grads`` hold one entry per iterate, starting
    with ``theta0``; ``rates`` holds the step size used at each step (one
    fewer). If the run diverged, ``stopped_at`` is the step whose result was
    non-finite or beyond ``1e100``; that iterate is not recorded.

    >>> from stepsize.losses import AbsoluteLoss
    >>> run = descend(AbsoluteLoss(1.0, 5.0), -1.0, 1.0, steps=6)
    >>> run.thetas.tolist()
    [-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 4.0]
    >>> run.summary()
    '6 steps: theta 4, loss 0 (best 0), last rate 1'
    """

    thetas: Array
    values: Array
    grads: Array
    rates: Array
    best_values: Array
    diverged: bool
    stopped_at: int | None
    function_evals: int

    @property
    def steps(self) -> int:
        """Number of steps recorded."""
        return len(self.rates)

    def summary(self) -> str:
        """A one-line description of how the run ended."""
        fmt: Callable[[Any], str] = lambda a: np.array2string(  # noqa: E731
            np.asarray(a), precision=4, separator=", ", floatmode="maxprec"
        ).rstrip(".")
        head = f"{self.steps} steps"
        if self.diverged:
            head = f"diverged at step {self.stopped_at} (after {self.steps} steps)"
        rate = fmt(self.rates[-1]) if self.steps else "-"
        return (
            f"{head}: theta {fmt(self.thetas[-1])}, loss {fmt(self.values[-1])} "
            f"(best {fmt(self.best_values[-1])}), last rate {rate}"
        )


def _check_steps(steps: object) -> int:
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer):
        raise ValueError(f"steps must be an int >= 0, got {steps!r}")
    if steps < 0:
        raise ValueError(f"steps must be an int >= 0, got {steps!r}")
    return int(steps)


def _check_theta0(theta0: ArrayLike) -> Array:
    t = np.array(theta0, dtype=np.float64)
    if not np.all(np.isfinite(t)):
        raise ValueError(f"theta0 must be finite (no nan or inf), got {theta0!r}")
    return t


def _bad(theta: Array) -> bool:
    return not bool(np.all(np.isfinite(theta))) or bool(
        np.any(np.abs(theta) > DIVERGENCE_BOUND)
    )


def descend(
    loss: Any,
    theta0: ArrayLike,
    rule: float | Callable[[int], float] | Optimizer,
    steps: int,
) -> Run:
    r"""Run ``steps`` steps of ``rule`` on ``loss`` from ``theta0``.

    ``rule`` is a float (constant-rate gradient descent), a schedule
    ``t -> eta_t``, or an `Optimizer`. A run that overflows stops early with
    ``diverged=True`` and emits no numpy warnings.

    The circling example: L1 on the point (1, 5) with rate 1 from -1.5.

    >>> from stepsize.losses import AbsoluteLoss
    >>> run = descend(AbsoluteLoss(1.0, 5.0), -1.5, 1.0, steps=9)
    >>> run.thetas.tolist()
    [-1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 3.5, 4.5, 3.5]
    """
    steps = _check_steps(steps)
    theta = _check_theta0(theta0)
    if not (hasattr(loss, "value") and hasattr(loss, "grad")):
        raise TypeError(f"loss must have .value and .grad methods, got {loss!r}")
    if isinstance(rule, Optimizer):
        opt = rule
    elif callable(rule) or isinstance(rule, int | float | np.floating):
        opt = gd(as_schedule(rule))
    else:
        raise TypeError(
            f"rule must be a float rate, a schedule or an Optimizer, got {rule!r}"
        )
    thetas, values, grads, rates = [theta], [], [], []
    stopped_at: int | None = None
    state = opt.init(theta)
    with np.errstate(all="ignore"):
        value, grad = np.asarray(loss.value(theta)), np.asarray(loss.grad(theta))
        evals = 1
        values.append(value)
        grads.append(grad)
        for t in range(steps):
            step, state = opt.update(grad, state, theta=theta, value=value, loss=loss)
            new = theta + step
            if _bad(new):
                stopped_at = t + 1
                break
            nvalue, ngrad = np.asarray(loss.value(new)), np.asarray(loss.grad(new))
            evals += 1
            if _bad(nvalue) or _bad(ngrad):
                stopped_at = t + 1
                break
            theta, value, grad = new, nvalue, ngrad
            thetas.append(theta)
            values.append(value)
            grads.append(grad)
            rates.append(state.rate)
    vals = np.array(values, dtype=np.float64)
    return Run(
        thetas=np.array(thetas, dtype=np.float64),
        values=vals,
        grads=np.array(grads, dtype=np.float64),
        rates=np.array(rates, dtype=np.float64),
        best_values=np.minimum.accumulate(vals, axis=0),
        diverged=stopped_at is not None,
        stopped_at=stopped_at,
        function_evals=evals + int(getattr(state, "evals", 0)),
    )
