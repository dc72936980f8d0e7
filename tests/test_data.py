"""Tests for stepsize.data."""

import numpy as np
import pytest

import stepsize as ss


def test_seeded_and_sorted() -> None:
    a, b = ss.noisy_sine(50, seed=3), ss.noisy_sine(50, seed=3)
    np.testing.assert_array_equal(a[1], b[1])
    assert np.all(np.diff(a[0]) >= 0) and a[0].min() >= 0 and a[0].max() <= 1


def test_split_partitions() -> None:
    x, y = ss.noisy_sine(20)
    parts = ss.train_val_test_split(x, y)
    assert sorted(np.concatenate([p[0] for p in parts]).tolist()) == sorted(x.tolist())


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="n must be an int >= 1"):
        ss.noisy_sine(0)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        ss.noisy_sine(5, noise=-1.0)
    with pytest.raises(ValueError, match="fractions must be 3 numbers"):
        ss.train_val_test_split([0.0], [0.0], fractions=(0.5, 0.5, 0.5))
