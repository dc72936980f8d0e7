"""Tests for stepsize.run: the acceptance examples and bad input."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import stepsize as ss

L1 = ss.AbsoluteLoss(1.0, 5.0)


def test_circling_example() -> None:
    run = ss.descend(L1, -1.5, 1.0, steps=10)
    assert run.thetas.tolist() == [
        -1.5,
        -0.5,
        0.5,
        1.5,
        2.5,
        3.5,
        4.5,
        3.5,
        4.5,
        3.5,
        4.5,
    ]
    c = ss.classify_run(run)
    assert (c.kind, c.period, c.points, c.floor) == ("cycling", 2, (3.5, 4.5), 0.5)
    assert run.rates.tolist() == [1.0] * 10
    assert run.best_values[-1] == 0.5 and not run.diverged


def test_stops_exactly_at_minimum() -> None:
    run = ss.descend(L1, -1.0, 1.0, steps=8)
    assert run.thetas[5] == 4.0 and np.all(run.thetas[5:] == 4.0)
    assert ss.steps_to_reach(run, L1, 1e-12) == 5
    assert ss.classify_run(run).kind == "converged"


@given(
    st.integers(-3200, 3200).map(lambda k: k / 64),
    st.sampled_from([0.25, 0.5, 1.0, 2.0, 0.125]),
)
def test_l1_run_stays_on_grid(theta0: float, rate: float) -> None:
    """A constant-rate run on L1 never leaves the grid theta0 + eta * Z.

    Starts and rates are dyadic, so every step is exact in floating point.
    """
    run = ss.descend(ss.AbsoluteLoss(0.0, 3.0), theta0, rate, steps=40)
    k = (run.thetas - theta0) / rate
    np.testing.assert_array_equal(k, np.round(k))


def test_divergence_stops_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = ss.descend(ss.MultiWell.default(), 3.0, 1.0, steps=100)
    assert run.diverged and run.stopped_at is not None
    assert run.stopped_at < 100 and len(run.thetas) == run.stopped_at
    assert np.all(np.isfinite(run.thetas))
    assert "diverged at step" in run.summary()


def test_squared_loss_too_large_rate_diverges() -> None:
    run = ss.descend(ss.SquaredLoss(0.0, 1.0), 0.0, 2.5, steps=10_000)
    assert run.diverged and run.stopped_at is not None and run.stopped_at < 1000


def test_record_shapes() -> None:
    run = ss.descend(ss.Rosenbrock(), [0.0, 0.0], 1e-3, steps=7)
    assert run.thetas.shape == (8, 2) and run.grads.shape == (8, 2)
    assert run.values.shape == (8,) and run.rates.shape == (7,)
    assert run.function_evals == 8


@pytest.mark.parametrize("steps", [-1, 2.5, "3", True])
def test_bad_steps(steps: object) -> None:
    with pytest.raises(ValueError, match="steps must be an int >= 0"):
        ss.descend(L1, 0.0, 1.0, steps)  # type: ignore[arg-type]


@pytest.mark.parametrize("theta0", [np.nan, np.inf, [0.0, -np.inf]])
def test_bad_theta0(theta0: object) -> None:
    with pytest.raises(ValueError, match="theta0 must be finite"):
        ss.descend(L1, theta0, 1.0, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", [0.0, -1.0, np.nan, np.inf])
def test_bad_rate(rate: float) -> None:
    with pytest.raises(ValueError, match="rate must be a finite number > 0"):
        ss.descend(L1, 0.0, rate, 3)


def test_negative_schedule_names_step() -> None:
    with pytest.raises(ValueError, match=r"rate schedule returned -1\.0 at step 2"):
        ss.descend(L1, 0.0, lambda t: 1.0 - t, 5)


def test_bad_rule_type() -> None:
    with pytest.raises(
        TypeError, match="rule must be a float rate, a schedule or an Optimizer"
    ):
        ss.descend(L1, 0.0, "fast", 3)  # type: ignore[arg-type]
