"""Tests for stepsize.sweep."""

import warnings

import numpy as np
import pytest

import stepsize as ss


@pytest.mark.parametrize(
    "loss", [ss.MultiWell.default(), ss.AbsoluteLoss(1.0, 5.0), ss.HuberLoss(0.0, 1.0)]
)
def test_sweep_equals_descend(loss: object) -> None:
    """Same answer: every run of a sweep is bit-for-bit the per-run descend."""
    rates = np.array([0.02, 0.1, 0.3, 0.7, 1.5])
    starts = np.linspace(-3.0, 2.5, 7)
    s = ss.sweep(loss, starts[None, :], rates[:, None], steps=60, tail=4, block=5)
    assert s.final.shape == (5, 7) and s.tail.shape == (4, 5, 7)
    for i, r in enumerate(rates):
        for j, t0 in enumerate(starts):
            run = ss.descend(loss, t0, float(r), steps=60)
            assert s.diverged[i, j] == run.diverged
            if not run.diverged:
                assert s.final[i, j] == run.thetas[-1]
                np.testing.assert_array_equal(s.tail[:, i, j], run.thetas[-4:])


def test_sweep_with_schedule() -> None:
    loss = ss.MultiWell.default()
    sched = ss.inverse_sqrt(0.3)
    s = ss.sweep(loss, np.array([-2.0, 0.5, 1.0]), sched, steps=30)
    for j, t0 in enumerate([-2.0, 0.5, 1.0]):
        assert s.final[j] == ss.descend(loss, t0, sched, 30).thetas[-1]


def test_divergence_marked_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = ss.sweep(ss.MultiWell.default(), np.linspace(-10, 10, 50), 1.0, steps=50)
    assert s.diverged[0] and s.diverged[-1] and not s.diverged.all()


def test_short_runs_keep_theta0_in_tail() -> None:
    s = ss.sweep(ss.AbsoluteLoss(1.0, 5.0), 0.0, 1.0, steps=2, tail=8)
    assert s.tail.tolist() == [0.0, 1.0, 2.0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rate": 0.0}, "rate must hold finite numbers > 0"),
        ({"rate": [0.1, np.nan]}, "rate must hold finite numbers > 0"),
        ({"steps": -3}, "steps must be an int >= 0"),
        ({"theta0": np.inf}, "theta0 must be finite"),
        ({"tail": 0}, "tail must be an int >= 1"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"theta0": 0.0, "rate": 0.1, "steps": 5}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        ss.sweep(ss.MultiWell.default(), **args)  # type: ignore[arg-type]


def test_threads_do_not_change_the_result() -> None:
    """Sharing blocks over threads gives bit-identical iterates, tails and masks."""
    loss = ss.MultiWell.default()
    rates = np.linspace(0.01, 0.6, 37)[:, None]
    starts = np.linspace(-3.0, 2.5, 41)[None, :]
    one = ss.sweep(loss, starts, rates, steps=60, tail=3, block=64, workers=1)
    many = ss.sweep(loss, starts, rates, steps=60, tail=3, block=64, workers=3)
    assert np.array_equal(one.final, many.final, equal_nan=True)
    assert np.array_equal(one.tail, many.tail, equal_nan=True)
    assert np.array_equal(one.diverged, many.diverged)
    assert one.diverged.any() and not one.diverged.all()
