"""Losses: each keeps its value and its (sub)gradient side by side.

A loss is a small frozen dataclass with ``value(theta)`` and ``grad(theta)``,
and ``minimizer`` / ``minimum`` where they are known (``None`` otherwise).
One-dimensional losses act elementwise, so ``theta`` may be an array of
independent runs; n-dimensional losses take ``theta`` of shape ``(..., n)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

__all__ = [
    "AbsoluteLoss",
    "HuberLoss",
    "Loss",
    "MultiWell",
    "Quadratic",
    "Rosenbrock",
    "SquaredLoss",
]


@runtime_checkable
class Loss(Protocol):
    """What `descend` and the optimizers need from a loss.

    Any object with ``value`` and ``grad`` will do:

    >>> isinstance(AbsoluteLoss(1.0, 5.0), Loss)
    True
    """

    def value(self, theta: ArrayLike) -> Any: ...  # pragma: no cover

    def grad(self, theta: ArrayLike) -> Any: ...  # pragma: no cover


def _data(x: ArrayLike, y: ArrayLike) -> Array:
    """Check (x, y) and return the offsets ``x - y`` as a flat float array."""
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    if xa.shape != ya.shape:
        raise ValueError(
            f"x and y must have the same shape, got {xa.shape} and {ya.shape}"
        )
    if xa.size == 0:
        raise ValueError("x and y must hold at least one point, got none")
    for name, arr in (("x", xa), ("y", ya)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite (no nan or inf), got {arr}")
    return (xa - ya).ravel()


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def _set(obj: object, **attrs: Any) -> None:
    for key, val in attrs.items():
        object.__setattr__(obj, key, val)


@dataclass(frozen=True, eq=False)
class AbsoluteLoss:
    r"""Mean absolute error of the model $f(x, \theta) = x + \theta$.

    $$L(\theta) = \frac1n \sum_i |x_i + \theta - y_i|, \qquad
    \partial L(\theta) \ni \frac1n \sum_i \operatorname{sign}(x_i + \theta - y_i).$$

    At a kink the subgradient of $|r|$ at $r = 0$ is taken as ``0``: if you
    are exactly at the minimum, do not move. The minimizer is the median of
    ``y - x`` (the midpoint of the median interval for an even count).

    >>> loss = AbsoluteLoss(1.0, 5.0)
    >>> float(loss.value(-1.5)), float(loss.grad(-1.5)), float(loss.grad(4.0))
    (5.5, -1.0, 0.0)
    >>> float(loss.minimizer), float(loss.minimum)
    (4.0, 0.0)
    """

    x: ArrayLike
    y: ArrayLike
    offsets: Array = field(init=False, repr=False)
    minimizer: float = field(init=False)
    minimum: float = field(init=False)

    def __post_init__(self) -> None:
        d = _data(self.x, self.y)
        best = float(np.median(-d))
        _set(self, offsets=d, minimizer=best)
        _set(self, minimum=float(self.value(best)))

    def value(self, theta: ArrayLike) -> Any:
        """Loss at ``theta`` (elementwise over a batch of runs)."""
        t = np.asarray(theta, dtype=np.float64)
        return np.mean(np.abs(t[..., None] + self.offsets), axis=-1)

    def grad(self, theta: ArrayLike) -> Any:
        """Subgradient at ``theta``; ``sign(0) = 0`` at a kink."""
        t = np.asarray(theta, dtype=np.float64)
        return np.mean(np.sign(t[..., None] + self.offsets), axis=-1)

    def grad_into(self, theta: Array, out: Array, scratch: Array) -> None:
        """Write ``grad(theta)`` into ``out`` using ``scratch``; no allocation."""
        if self.offsets.size == 1:
            np.add(theta, self.offsets[0], out=out)
            np.sign(out, out=out)
            return
        out.fill(0.0)
        for d in self.offsets:
            np.add(theta, d, out=scratch)
            np.sign(scratch, out=scratch)
            out += scratch
        out /= self.offsets.size


@dataclass(frozen=True, eq=False)
class SquaredLoss:
    r"""Squared error of $f(x, \theta) = x + \theta$ with an explicit scale.

    $$L(\theta) = \mathrm{reduce}_i\; s\,(x_i + \theta - y_i)^2, \qquad
    L''(\theta) = 2s \text{ (mean) or } 2sn \text{ (sum)}.$$

    ``scale`` $s$ and ``reduction`` ("mean" or "sum") both move the stable
    step threshold $\eta < 2 / L''$, so they are explicit.

    >>> loss = SquaredLoss([0.0, 0.0], [1.0, 3.0])
    >>> float(loss.minimizer), float(loss.minimum), loss.curvature
    (2.0, 0.5, 1.0)
    >>> SquaredLoss(0.0, 1.0, scale=1.0, reduction="sum").curvature
    2.0
    """

    x: ArrayLike
    y: ArrayLike
    scale: float = 0.5
    reduction: str = "mean"
    offsets: Array = field(init=False, repr=False)
    curvature: float = field(init=False)
    minimizer: float = field(init=False)
    minimum: float = field(init=False)

    def __post_init__(self) -> None:
        d = _data(self.x, self.y)
        scale = _positive("scale", self.scale)
        if self.reduction not in ("mean", "sum"):
            raise ValueError(
                f"reduction must be 'mean' or 'sum', got {self.reduction!r}"
            )
        n = 1 if self.reduction == "mean" else d.size
        _set(self, offsets=d, curvature=2.0 * scale * n, minimizer=float(-d.mean()))
        _set(self, minimum=float(self.value(self.minimizer)))

    def value(self, theta: ArrayLike) -> Any:
        """Loss at ``theta`` (elementwise over a batch of runs)."""
        t = np.asarray(theta, dtype=np.float64)
        sq = self.scale * (t[..., None] + self.offsets) ** 2
        return np.mean(sq, axis=-1) if self.reduction == "mean" else sq.sum(-1)

    def grad(self, theta: ArrayLike) -> Any:
        """Gradient ``curvature * (theta - minimizer)``."""
        return self.curvature * (np.asarray(theta, np.float64) - self.minimizer)

    def grad_into(self, theta: Array, out: Array, scratch: Array) -> None:
        """Write ``grad(theta)`` into ``out``; no allocation."""
        np.subtract(theta, self.minimizer, out=out)
        out *= self.curvature


@dataclass(frozen=True, eq=False)
class HuberLoss:
    r"""Huber loss of $f(x, \theta) = x + \theta$, averaged over points.

    $$h_\delta(r) = \begin{cases} r^2/2 & |r| \le \delta \\
    \delta(|r| - \delta/2) & |r| > \delta \end{cases}, \qquad
    h_\delta'(r) = \operatorname{clip}(r, -\delta, \delta).$$

    The minimizer is found by bisection on the monotone gradient.

    >>> loss = HuberLoss(0.0, 3.0, delta=1.0)
    >>> float(loss.value(0.0)), float(loss.grad(0.0)), float(loss.minimizer)
    (2.5, -1.0, 3.0)
    """

    x: ArrayLike
    y: ArrayLike
    delta: float = 1.0
    offsets: Array = field(init=False, repr=False)
    minimizer: float = field(init=False)
    minimum: float = field(init=False)

    def __post_init__(self) -> None:
        d = _data(self.x, self.y)
        _positive("delta", self.delta)
        _set(self, offsets=d)
        lo, hi = float(np.min(-d)), float(np.max(-d))
        for _ in range(200):  # grad is monotone; bisection is exact enough
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if self.grad(mid) < 0 else (lo, mid)
        _set(self, minimizer=0.5 * (lo + hi))
        _set(self, minimum=float(self.value(self.minimizer)))

    def value(self, theta: ArrayLike) -> Any:
        """Loss at ``theta`` (elementwise over a batch of runs)."""
        r = np.abs(np.asarray(theta, np.float64)[..., None] + self.offsets)
        dl = self.delta
        return np.mean(np.where(r <= dl, 0.5 * r * r, dl * (r - 0.5 * dl)), -1)

    def grad(self, theta: ArrayLike) -> Any:
        """Gradient: the residual clipped to ``[-delta, delta]``, averaged."""
        r = np.asarray(theta, np.float64)[..., None] + self.offsets
        return np.mean(np.clip(r, -self.delta, self.delta), axis=-1)


@dataclass(frozen=True, eq=False)
class Quadratic:
    r"""An n-dimensional quadratic bowl with a given symmetric Hessian $H$.

    $$L(\theta) = \tfrac12 (\theta - \theta^*)^\top H (\theta - \theta^*),
    \qquad \nabla L(\theta) = H(\theta - \theta^*).$$

    >>> q = Quadratic([[1.0, 0.0], [0.0, 10.0]])
    >>> float(q.value([1.0, 1.0])), q.grad([1.0, 1.0]).tolist(), q.condition_number
    (5.5, [1.0, 10.0], 10.0)
    """

    hessian: ArrayLike
    minimizer: ArrayLike | None = None
    eigenvalues: Array = field(init=False, repr=False)
    condition_number: float = field(init=False)
    minimum: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        h = np.asarray(self.hessian, dtype=np.float64)
        if h.ndim != 2 or h.shape[0] != h.shape[1] or h.size == 0:
            raise ValueError(f"hessian must be a square (n, n) matrix, got {h.shape}")
        if not np.all(np.isfinite(h)):
            raise ValueError("hessian must be finite (no nan or inf)")
        if not np.allclose(h, h.T, rtol=1e-12, atol=1e-12):
            raise ValueError("hessian must be symmetric (H == H.T)")
        m = np.zeros(h.shape[0]) if self.minimizer is None else self.minimizer
        m = np.asarray(m, dtype=np.float64)
        if m.shape != (h.shape[0],) or not np.all(np.isfinite(m)):
            raise ValueError(
                f"minimizer must be a finite vector of length {h.shape[0]}, got {m}"
            )
        ev = np.linalg.eigvalsh(h)
        cond = float(ev[-1] / ev[0]) if ev[0] > 0 else math.inf
        _set(self, hessian=h, minimizer=m, eigenvalues=ev, condition_number=cond)

    def value(self, theta: ArrayLike) -> Any:
        """Loss at ``theta`` of shape ``(..., n)``."""
        e = np.asarray(theta, np.float64) - np.asarray(self.minimizer)
        h = np.asarray(self.hessian, dtype=np.float64)
        return 0.5 * np.einsum("...i,ij,...j->...", e, h, e)

    def grad(self, theta: ArrayLike) -> Any:
        """Gradient ``H (theta - minimizer)``."""
        e = np.asarray(theta, np.float64) - np.asarray(self.minimizer)
        return e @ np.asarray(self.hessian)


@dataclass(frozen=True, eq=False)
class Rosenbrock:
    r"""The Rosenbrock banana valley in 2-D.

    $$L(u, v) = (a - u)^2 + b (v - u^2)^2, \qquad \theta^* = (a, a^2).$$

    >>> r = Rosenbrock()
    >>> float(r.value([0.0, 0.0])), r.grad([0.0, 0.0]).tolist(), r.minimizer.tolist()
    (1.0, [-2.0, 0.0], [1.0, 1.0])
    """

    a: float = 1.0
    b: float = 100.0
    minimizer: Array = field(init=False)
    minimum: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        if not math.isfinite(self.a):
            raise ValueError(f"a must be finite, got {self.a!r}")
        _positive("b", self.b)
        _set(self, minimizer=np.array([self.a, self.a**2]))

    def value(self, theta: ArrayLike) -> Any:
        """Loss at ``theta`` of shape ``(..., 2)``."""
        t = np.asarray(theta, np.float64)
        u, v = t[..., 0], t[..., 1]
        return (self.a - u) ** 2 + self.b * (v - u * u) ** 2

    def grad(self, theta: ArrayLike) -> Any:
        """Gradient of shape ``(..., 2)``."""
        t = np.asarray(theta, np.float64)
        u, v = t[..., 0], t[..., 1]
        w = v - u * u
        return np.stack([-2 * (self.a - u) - 4 * self.b * u * w, 2 * self.b * w], -1)


@dataclass(frozen=True, eq=False)
class MultiWell:
    r"""A smooth 1-D loss with several valleys: a polynomial with given critical points.

    $$L'(\theta) = s \prod_{i} (\theta - c_i), \qquad
    L(\theta) = \int_0^\theta L'(u)\,du,$$

    with an odd number of sorted critical points $c_0 < c_1 < \dots$ and
    $s > 0$: the even-indexed $c_i$ are the minima, the odd ones the maxima
    between them, so ``minima``, ``depths`` (loss at the minima) and
    ``curvatures`` ($L''$ at the minima) are exact. The walls grow like
    $\theta^{k+1}$, so a large rate far out diverges; `descend` and `sweep`
    detect that. The gradient is a polynomial, evaluated by Horner's rule,
    which keeps sweeps cheap.

    `MultiWell.default` gives three valleys (see there).

    >>> w = MultiWell((-1.0, 0.0, 1.0))  # the double well (theta^2 - 1)^2 / 4
    >>> w.minima.tolist(), w.depths.tolist(), w.curvatures.tolist()
    ([-1.0, 1.0], [-0.25, -0.25], [2.0, 2.0])
    """

    critical_points: tuple[float, ...]
    scale: float = 1.0
    coefficients: Array = field(init=False, repr=False)
    horner_coefficients: tuple[Array, ...] = field(init=False, repr=False)
    minima: Array = field(init=False)
    maxima: Array = field(init=False)
    depths: Array = field(init=False)
    curvatures: Array = field(init=False)
    minimizer: float = field(init=False)
    minimum: float = field(init=False)

    def __post_init__(self) -> None:
        c = np.asarray(self.critical_points, dtype=np.float64)
        if c.ndim != 1 or c.size % 2 == 0 or not np.all(np.isfinite(c)):
            raise ValueError(
                "critical_points must be an odd number of finite floats, "
                f"got {self.critical_points!r}"
            )
        if np.any(np.diff(c) <= 0):
            raise ValueError("critical_points must be strictly increasing")
        scale = _positive("scale", self.scale)
        coef = scale * np.poly(c)  # L' coefficients, highest power first
        minima = c[0::2]
        depths = np.polyval(np.polyint(coef), minima)
        g = int(np.argmin(depths))
        _set(self, critical_points=tuple(float(v) for v in c), coefficients=coef)
        _set(self, horner_coefficients=tuple(np.array(v) for v in coef))
        _set(self, minima=minima, maxima=c[1::2], depths=depths)
        _set(self, curvatures=np.polyval(np.polyder(coef), minima))
        _set(self, minimizer=float(minima[g]), minimum=float(depths[g]))

    @classmethod
    def default(cls) -> MultiWell:
        r"""Three valleys: wide and shallow, narrow and deep, and medium.

        $$L'(\theta) = \tfrac12\,\theta(\theta + 2.2)(\theta + 1)(\theta - 0.7)
        (\theta - 1.5),$$
        $$L(\theta) = \tfrac{\theta^6}{12} + \tfrac{\theta^5}{10}
        - 0.47375\,\theta^4 - \tfrac{0.74}{3}\theta^3 + 0.5775\,\theta^2.$$

        Minima at -2.2 (the global one: depth -1.382 and narrow, with
        curvature 14.164, so any rate above 2/14.164 = 0.141 is expelled),
        0 (wide: depth 0, curvature 1.155) and 1.5 (medium: depth -0.223,
        curvature 5.55, stable below a rate of 0.36), as the example prints.

        >>> w = MultiWell.default()
        >>> w.minima.tolist(), [round(float(d), 3) for d in w.depths]
        ([-2.2, 0.0, 1.5], [-1.382, 0.0, -0.223])
        >>> [round(float(k), 3) for k in w.curvatures]
        [14.164, 1.155, 5.55]
        """
        return cls((-2.2, -1.0, 0.0, 0.7, 1.5), scale=0.5)

    def value(self, theta: ArrayLike) -> Any:
        """Loss at ``theta`` (elementwise over a batch of runs)."""
        t = np.asarray(theta, dtype=np.float64)
        return np.polyval(np.polyint(self.coefficients), t)

    def grad(self, theta: ArrayLike) -> Any:
        """Gradient at ``theta`` (elementwise)."""
        return np.polyval(self.coefficients, np.asarray(theta, dtype=np.float64))

    def curvature(self, theta: ArrayLike) -> Any:
        """Second derivative at ``theta`` (elementwise)."""
        t = np.asarray(theta, dtype=np.float64)
        return np.polyval(np.polyder(self.coefficients), t)

    def grad_into(self, theta: Array, out: Array, scratch: Array) -> None:
        """Write ``grad(theta)`` into ``out`` by Horner's rule, in place.

        The operations are those of ``np.polyval``, so the result is bitwise
        equal to `grad`; adding a zero coefficient is skipped (it is exact).
        """
        # ufuncs with out= and 0-d array constants: the cheapest numpy call
        mul, add = np.multiply, np.add
        first, *middle, last = self.horner_coefficients
        mul(theta, first, out=out)
        for c in middle:
            if c:
                add(out, c, out=out)
            mul(out, theta, out=out)
        if last:
            add(out, last, out=out)
