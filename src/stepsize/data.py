"""Small seeded toy datasets."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

__all__ = ["noisy_sine", "train_val_test_split"]


def noisy_sine(n: int, *, noise: float = 0.2, seed: int = 0) -> tuple[Array, Array]:
    r"""``n`` sorted points $x \sim U[0, 1]$, $y = \sin(2\pi x) + \varepsilon$.

    $\varepsilon \sim N(0, \text{noise}^2)$, drawn with
    ``np.random.default_rng(seed)``.

    >>> x, y = noisy_sine(3, seed=0)
    >>> x.round(3).tolist(), y.round(3).tolist()
    ([0.041, 0.27, 0.637], [0.276, 0.885, -0.686])
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    if not (noise >= 0 and np.isfinite(noise)):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 1.0, n))
    y = np.sin(2 * np.pi * x) + noise * rng.standard_normal(n)
    return x, y


def train_val_test_split(
    x: ArrayLike,
    y: ArrayLike,
    *,
    fractions: tuple[float, float, float] = (0.6, 0.2, 0.2),
    seed: int = 0,
) -> tuple[tuple[Array, Array], tuple[Array, Array], tuple[Array, Array]]:
    """Shuffle with ``seed`` and split into train, validation and test parts.

    >>> x, y = noisy_sine(10)
    >>> [len(part[0]) for part in train_val_test_split(x, y)]
    [6, 2, 2]
    """
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if xa.shape != ya.shape or xa.ndim != 1:
        raise ValueError(
            f"x and y must be 1-D of one shape, got {xa.shape}, {ya.shape}"
        )
    if len(fractions) != 3 or min(fractions) < 0 or abs(sum(fractions) - 1) > 1e-9:
        raise ValueError(
            f"fractions must be 3 numbers >= 0 summing to 1, got {fractions}"
        )
    order = np.random.default_rng(seed).permutation(len(xa))
    n_train = round(fractions[0] * len(xa))
    n_val = round(fractions[1] * len(xa))
    cuts = [order[:n_train], order[n_train : n_train + n_val], order[n_train + n_val :]]
    a, b, c = ((xa[i], ya[i]) for i in cuts)
    return a, b, c
