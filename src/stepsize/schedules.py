"""Step-size schedules: plain functions of the step index ``t = 0, 1, 2, ...``.

Every factory returns a ``Callable[[int], float]``; there are no scheduler
objects and no hidden counters. A plain float means a constant rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = [
    "Schedule",
    "as_schedule",
    "constant",
    "cosine",
    "exponential",
    "inverse_sqrt",
    "inverse_time",
    "rate_at",
    "step_decay",
    "warmup",
]

Schedule = Callable[[int], float]
"""A learning-rate schedule: the rate to use at step ``t = 0, 1, 2, ...``."""


def _rate(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def as_schedule(rate: float | Schedule, *, name: str = "rate") -> Schedule:
    """Turn a float into a constant schedule; pass a callable through.

    >>> as_schedule(0.1)(7)
    0.1
    >>> as_schedule(inverse_sqrt(1.0))(3)
    0.5
    """
    if callable(rate):
        return rate
    if isinstance(rate, np.floating | np.integer):
        rate = float(rate)
    value = _rate(name, rate)
    return lambda t: value


def rate_at(schedule: Schedule, t: int) -> float:
    """Evaluate ``schedule(t)`` and check it is a finite rate >= 0.

    >>> rate_at(constant(0.5), 0)
    0.5
    """
    value = float(schedule(t))
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(
            f"rate schedule returned {value!r} at step {t}; "
            "a rate must be finite and >= 0"
        )
    return value


def constant(lr: float) -> Schedule:
    """The same rate at every step: $\\eta_t = \\eta$.

    >>> constant(0.1)(100)
    0.1
    """
    lr = _rate("lr", lr)
    return lambda t: lr


def inverse_time(lr0: float, decay: float = 1.0) -> Schedule:
    """$\\eta_t = \\eta_0 / (1 + k t)$ with $k$ = ``decay``.

    >>> inverse_time(1.0, decay=0.5)(2)
    0.5
    """
    lr0 = _rate("lr0", lr0)
    decay = _rate("decay", decay)
    return lambda t: lr0 / (1.0 + decay * t)


def inverse_sqrt(lr0: float) -> Schedule:
    """$\\eta_t = \\eta_0 / \\sqrt{t + 1}$.

    >>> inverse_sqrt(1.0)(8)
    0.3333333333333333
    """
    lr0 = _rate("lr0", lr0)
    return lambda t: lr0 / math.sqrt(t + 1)


def exponential(lr0: float, gamma: float) -> Schedule:
    """$\\eta_t = \\eta_0 \\gamma^t$ with $0 < \\gamma \\le 1$.

    >>> exponential(1.0, 0.5)(3)
    0.125
    """
    lr0 = _rate("lr0", lr0)
    if not (0 < gamma <= 1):
        raise ValueError(f"gamma must be in (0, 1], got {gamma!r}")
    return lambda t: lr0 * gamma**t


def step_decay(lr0: float, every: int, factor: float = 0.5) -> Schedule:
    """$\\eta_t = \\eta_0 \\cdot \\text{factor}^{\\lfloor t / \\text{every} \\rfloor}$.

    >>> s = step_decay(1.0, every=10)
    >>> s(9), s(10), s(25)
    (1.0, 0.5, 0.25)
    """
    lr0 = _rate("lr0", lr0)
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ValueError(f"every must be an int >= 1, got {every!r}")
    if not (0 < factor <= 1):
        raise ValueError(f"factor must be in (0, 1], got {factor!r}")
    return lambda t: lr0 * factor ** (t // every)


def cosine(lr0: float, total: int, lr_min: float = 0.0) -> Schedule:
    """Cosine annealing from ``lr0`` to ``lr_min`` over ``total`` steps.

    $$\\eta_t = \\eta_{\\min} + \\tfrac12(\\eta_0 - \\eta_{\\min})
    \\bigl(1 + \\cos(\\pi \\min(t, T) / T)\\bigr)$$

    >>> s = cosine(1.0, total=10)
    >>> s(0), s(5), s(10), s(20)
    (1.0, 0.5, 0.0, 0.0)
    """
    lr0 = _rate("lr0", lr0)
    if isinstance(total, bool) or not isinstance(total, int) or total < 1:
        raise ValueError(f"total must be an int >= 1, got {total!r}")
    if not (0 <= lr_min <= lr0):
        raise ValueError(f"lr_min must be in [0, lr0], got {lr_min!r}")

    def schedule(t: int) -> float:
        c = 0.5 * (1.0 + math.cos(math.pi * min(t, total) / total))
        return lr_min + (lr0 - lr_min) * round(c, 15)

    return schedule


def warmup(schedule: float | Schedule, steps: int) -> Schedule:
    """Linear warm-up: $\\eta_t = \\text{schedule}(t) \\cdot \\min(1, (t+1)/n)$.

    The first step uses ``schedule(0) / steps``; from step ``steps - 1`` on,
    the rate is ``schedule(t)`` unchanged.

    >>> s = warmup(1.0, steps=4)
    >>> [s(t) for t in range(6)]
    [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    """
    inner = as_schedule(schedule)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be an int >= 1, got {steps!r}")
    return lambda t: inner(t) * min(1.0, (t + 1) / steps)
