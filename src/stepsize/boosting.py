"""A tiny gradient booster: regression stumps on 1-D inputs, squared error."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

__all__ = ["Boosted", "boost"]


@dataclass(frozen=True, eq=False)
class Boosted:
    """A fitted booster: ``base + rate * sum of stumps``, with its history.

    Stump ``k`` predicts ``left[k]`` for ``x <= thresholds[k]`` and
    ``right[k]`` otherwise. ``train_mse[k]`` and ``val_mse[k]`` are measured
    after ``k + 1`` trees (``val_mse`` is empty without validation data).

    >>> import numpy as np
    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); y = np.array([0.0, 0.0, 1.0, 1.0])
    >>> fit = boost(x, y, rate=1.0, n_trees=1)
    >>> fit.thresholds.tolist(), fit.predict(x).tolist()
    ([1.5], [0.0, 0.0, 1.0, 1.0])
    """

    base: float
    rate: float
    thresholds: Array
    left: Array
    right: Array
    train_mse: Array
    val_mse: Array

    def predict(self, x: ArrayLike, n_trees: int | None = None) -> Array:
        """Prediction from the first ``n_trees`` trees (all by default).

        >>> model = boost([0.0, 1.0], [0.0, 2.0], rate=1.0, n_trees=1)
        >>> model.predict([0.0, 1.0]).tolist()
        [0.0, 2.0]
        """
        xa = np.asarray(x, dtype=np.float64)
        k = len(self.thresholds) if n_trees is None else n_trees
        out = np.full(xa.shape, self.base)
        for t, lo, hi in zip(
            self.thresholds[:k], self.left[:k], self.right[:k], strict=True
        ):
            out += self.rate * np.where(xa <= t, lo, hi)
        return out


def _stump(xs: Array, r: Array) -> tuple[float, float, float]:
    """Best split of sorted ``xs`` for residuals ``r`` (least squares)."""
    n = len(xs)
    csum = np.cumsum(r)
    k = np.arange(1, n)
    left_mean = csum[:-1] / k
    right_mean = (csum[-1] - csum[:-1]) / (n - k)
    gain = k * left_mean**2 + (n - k) * right_mean**2
    gain[xs[1:] == xs[:-1]] = -np.inf  # cannot split between equal x
    if n < 2 or not np.isfinite(gain.max()):
        m = float(r.mean())
        return float(xs[-1]), m, m
    i = int(np.argmax(gain))
    return 0.5 * float(xs[i] + xs[i + 1]), float(left_mean[i]), float(right_mean[i])


def boost(
    x: ArrayLike,
    y: ArrayLike,
    *,
    rate: float,
    n_trees: int,
    x_val: ArrayLike | None = None,
    y_val: ArrayLike | None = None,
) -> Boosted:
    r"""Fit $F_k = F_{k-1} + \eta\, h_k$ where stump $h_k$ fits the residuals.

    The residual $y - F_{k-1}$ is the negative gradient of $\tfrac12(y-F)^2$,
    so boosting is gradient descent in function space with rate $\eta$.

    >>> model = boost([0.0, 1.0, 2.0, 3.0], [0.0, 0.0, 1.0, 1.0], rate=0.5, n_trees=2)
    >>> model.train_mse.tolist()
    [0.0625, 0.015625]
    """
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if xa.shape != ya.shape or xa.ndim != 1 or xa.size == 0:
        raise ValueError(
            f"x and y must be 1-D of one shape, got {xa.shape}, {ya.shape}"
        )
    if not (isinstance(rate, int | float) and 0 < rate and np.isfinite(rate)):
        raise ValueError(f"rate must be a finite number > 0, got {rate!r}")
    if isinstance(n_trees, bool) or not isinstance(n_trees, int) or n_trees < 0:
        raise ValueError(f"n_trees must be an int >= 0, got {n_trees!r}")
    if (x_val is None) != (y_val is None):
        raise ValueError("x_val and y_val must be given together")
    order = np.argsort(xa, kind="stable")
    xs, ys = xa[order], ya[order]
    base = float(ys.mean())
    fit = np.full_like(ys, base)
    xv = None if x_val is None else np.asarray(x_val, dtype=np.float64)
    yv = None if y_val is None else np.asarray(y_val, dtype=np.float64)
    fit_val = None if xv is None else np.full(xv.shape, base)
    stumps, train, val = [], [], []
    for _ in range(n_trees):
        t, lo, hi = _stump(xs, ys - fit)
        stumps.append((t, lo, hi))
        fit += rate * np.where(xs <= t, lo, hi)
        train.append(float(np.mean((ys - fit) ** 2)))
        if fit_val is not None and xv is not None and yv is not None:
            fit_val += rate * np.where(xv <= t, lo, hi)
            val.append(float(np.mean((yv - fit_val) ** 2)))
    cols = np.array(stumps, dtype=np.float64).reshape(-1, 3).T
    return Boosted(
        base, float(rate), cols[0], cols[1], cols[2], np.array(train), np.array(val)
    )
