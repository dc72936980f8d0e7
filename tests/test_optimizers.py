"""Tests for stepsize.optimizers."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import stepsize as ss

QUAD = ss.Quadratic([[3.0, 1.0], [1.0, 2.0]], [1.0, -2.0])
START = np.array([4.0, 3.0])


def _path(rule: object, steps: int = 30) -> np.ndarray:
    return ss.descend(QUAD, START, rule, steps).thetas  # type: ignore[arg-type]


def test_momentum_zero_is_gd() -> None:
    """Same answer: SGD with momentum 0 is plain gradient descent."""
    np.testing.assert_array_equal(_path(ss.sgd(0.1)), _path(ss.gd(0.1)))
    np.testing.assert_array_equal(_path(ss.momentum(0.1, 0.0)), _path(0.1))


def test_float_rate_equals_constant_schedule() -> None:
    np.testing.assert_array_equal(_path(0.1), _path(ss.constant(0.1)))
    np.testing.assert_array_equal(_path(0.1), _path(ss.gd(ss.constant(0.1))))


def test_adam_beta1_zero_is_bias_corrected_rmsprop() -> None:
    """Adam with beta1 = 0 and eps = 0 is RMSProp(alpha = beta2, eps = 0) whose
    rate carries Adam's bias correction: lr_t = lr * sqrt(1 - beta2^(t+1))."""
    b2, lr = 0.99, 0.05
    adam = _path(ss.adam(lr, betas=(0.0, b2), eps=0.0))
    rms = _path(
        ss.rmsprop(lambda t: lr * math.sqrt(1 - b2 ** (t + 1)), alpha=b2, eps=0.0)
    )
    np.testing.assert_allclose(adam, rms, rtol=1e-13, atol=1e-13)


def test_nothing_mutates_inputs() -> None:
    for opt in [
        ss.sgd(0.1, momentum=0.9),
        ss.adagrad(),
        ss.rmsprop(centered=True, momentum=0.5),
        ss.adam(),
        ss.nesterov(0.1, 0.9),
    ]:
        theta, grad = START.copy(), np.array([1.0, -2.0])
        state = opt.init(theta)
        step, new = opt.update(grad, state, theta=theta)
        step2, _ = opt.update(grad, state, theta=theta)
        np.testing.assert_array_equal(step, step2)  # the old state still works
        np.testing.assert_array_equal(grad, [1.0, -2.0])
        np.testing.assert_array_equal(theta, START)
        assert new is not state and new.count == 1


def test_polyak_reaches_minimum_in_one_step() -> None:
    run = ss.descend(ss.AbsoluteLoss(1.0, 5.0), -1.0, ss.polyak(f_star=0.0), steps=3)
    assert run.thetas.tolist() == [-1.0, 4.0, 4.0, 4.0]
    assert run.rates.tolist() == [5.0, 0.0, 0.0]


def test_polyak_max_rate_caps_the_step() -> None:
    run = ss.descend(ss.AbsoluteLoss(1.0, 5.0), -1.0, ss.polyak(0.0, max_rate=2.0), 1)
    assert run.thetas.tolist() == [-1.0, 1.0]


def test_polyak_needs_f_star_and_value() -> None:
    with pytest.raises(TypeError, match="f_star"):
        ss.polyak()  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="f_star must be a finite number"):
        ss.polyak(None)  # type: ignore[arg-type]
    opt = ss.polyak(0.0)
    with pytest.raises(ValueError, match="needs value="):
        opt.update(1.0, opt.init(0.0), theta=0.0)


def test_armijo_decreases_and_counts() -> None:
    loss = ss.Rosenbrock()
    run = ss.descend(loss, [-1.2, 1.0], ss.armijo(), steps=50)
    assert np.all(np.diff(run.values) <= 0)
    assert run.function_evals > 51
    opt = ss.armijo()
    with pytest.raises(ValueError, match="needs loss="):
        opt.update(np.ones(2), opt.init(np.zeros(2)), theta=np.zeros(2))


@given(st.floats(0.01, 1.9), st.floats(-100, 100))
def test_gd_on_quadratic_error_contracts_exactly(rate: float, e0: float) -> None:
    """On L = a/2 (theta - m)^2, e(k+1) = (1 - eta a) e(k) exactly (a = 1, m = 0)."""
    loss = ss.SquaredLoss(0.0, 0.0)
    run = ss.descend(loss, e0, rate, steps=5)
    for k in range(5):
        assert run.thetas[k + 1] == run.thetas[k] - rate * run.thetas[k]


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: ss.sgd(0.1, momentum=1.5), r"momentum must be in \[0, 1\)"),
        (lambda: ss.sgd(0.1, nesterov=True), "nesterov=True requires momentum > 0"),
        (lambda: ss.sgd(-0.1), "lr must be a finite number > 0"),
        (lambda: ss.adam(betas=(0.9, 1.0)), r"betas\[1\] must be in \[0, 1\)"),
        (lambda: ss.adagrad(eps=-1.0), "eps must be a finite number >= 0"),
        (lambda: ss.rmsprop(alpha=2.0), r"alpha must be in \[0, 1\]"),
        (lambda: ss.polyak(0.0, max_rate=0.0), "max_rate must be > 0"),
        (lambda: ss.armijo(shrink=1.0), r"shrink must be in \[0, 1\)"),
        (lambda: ss.armijo(max_backtracks=-1), "max_backtracks must be an int >= 0"),
    ],
)
def test_bad_arguments(make: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()  # type: ignore[operator]


def test_unknown_keyword() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'beta1'"):
        ss.adam(beta1=0.9)  # type: ignore[call-arg]


def test_update_rejects_unknown_keywords() -> None:
    opt = ss.adam()
    with pytest.raises(TypeError, match="unexpected keyword argument 'lr'"):
        opt.update(1.0, opt.init(0.0), theta=0.0, lr=0.1)
