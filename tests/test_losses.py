"""Tests for stepsize.losses."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import stepsize as ss

SMOOTH_1D = [
    ss.SquaredLoss([0.0, 1.0], [2.0, 5.0]),
    ss.SquaredLoss(0.0, 1.0, scale=1.0, reduction="sum"),
    ss.HuberLoss([0.0, 1.0, 2.0], [0.3, 2.0, -1.0], delta=0.7),
    ss.MultiWell.default(),
    ss.MultiWell((-1.0, 0.0, 1.0)),
]
SMOOTH_ND = [ss.Quadratic([[2.0, 0.5], [0.5, 1.0]], [1.0, -1.0]), ss.Rosenbrock()]


@pytest.mark.parametrize("loss", SMOOTH_1D, ids=lambda loss: type(loss).__name__)
def test_central_difference_1d(loss: object) -> None:
    theta = np.linspace(-2.5, 2.0, 37) + 1e-3
    h = 1e-6
    numeric = (loss.value(theta + h) - loss.value(theta - h)) / (2 * h)  # type: ignore[attr-defined]
    np.testing.assert_allclose(loss.grad(theta), numeric, rtol=1e-6, atol=1e-6)  # type: ignore[attr-defined]


@pytest.mark.parametrize("loss", SMOOTH_ND, ids=lambda loss: type(loss).__name__)
def test_central_difference_nd(loss: object) -> None:
    rng = np.random.default_rng(0)
    for theta in rng.uniform(-1.5, 1.5, (10, 2)):
        h = 1e-6
        eye = np.eye(2) * h
        numeric = [
            (loss.value(theta + e) - loss.value(theta - e)) / (2 * h)  # type: ignore[attr-defined]
            for e in eye
        ]
        np.testing.assert_allclose(loss.grad(theta), numeric, rtol=1e-6, atol=1e-5)  # type: ignore[attr-defined]


def test_multiwell_curvature_and_minima() -> None:
    w = ss.MultiWell.default()
    np.testing.assert_allclose(w.grad(w.minima), 0.0, atol=1e-12)
    np.testing.assert_allclose(w.curvature(w.minima), w.curvatures)
    assert np.all(w.curvatures > 0)
    h = 1e-5
    numeric = (w.grad(w.minima + h) - w.grad(w.minima - h)) / (2 * h)
    np.testing.assert_allclose(numeric, w.curvatures, rtol=1e-8)
    assert w.minimizer == -2.2 and w.minimum == pytest.approx(-1.381578)
    # the sharp global valley rejects eta > 0.141, the wide one keeps eta < 1.7
    assert 2 / w.curvatures[0] == pytest.approx(0.1412, abs=1e-4)
    assert 2 / w.curvatures[1] > 1.7


@pytest.mark.parametrize(
    "loss",
    [
        ss.MultiWell.default(),
        ss.AbsoluteLoss([1.0, 2.0], [5.0, 0.0]),
        ss.AbsoluteLoss(1.0, 5.0),
        ss.SquaredLoss([0.0, 1.0], [1.0, 4.0]),
    ],
)
def test_grad_into_matches_grad(loss: object) -> None:
    theta = np.linspace(-3, 3, 101)
    out, scratch = np.empty_like(theta), np.empty_like(theta)
    loss.grad_into(theta, out, scratch)  # type: ignore[attr-defined]
    np.testing.assert_array_equal(out, loss.grad(theta))  # type: ignore[attr-defined]


def test_absolute_loss_kink_and_minimizer() -> None:
    loss = ss.AbsoluteLoss(1.0, 5.0)
    assert loss.grad(4.0) == 0.0
    assert (loss.minimizer, loss.minimum) == (4.0, 0.0)
    even = ss.AbsoluteLoss([0.0, 0.0], [1.0, 3.0])
    assert even.minimizer == 2.0 and even.minimum == 1.0


def test_squared_loss_scaling_moves_curvature() -> None:
    assert ss.SquaredLoss(0.0, 1.0).curvature == 1.0
    assert ss.SquaredLoss(0.0, 1.0, scale=1.0).curvature == 2.0
    assert ss.SquaredLoss([0.0, 0.0], [1.0, 1.0], reduction="sum").curvature == 2.0


def test_huber_minimizer_is_stationary() -> None:
    loss = ss.HuberLoss([0.0, 0.0, 0.0], [0.0, 1.0, 10.0])
    assert abs(loss.grad(loss.minimizer)) < 1e-12


def test_quadratic_attributes() -> None:
    q = ss.Quadratic([[1.0, 0.0], [0.0, 100.0]])
    assert q.condition_number == 100.0
    np.testing.assert_array_equal(q.eigenvalues, [1.0, 100.0])


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_absolute_subgradient_is_sign(x: float, theta: float) -> None:
    """The subgradient of |x + theta - y| is its sign, and 0 exactly at the kink."""
    loss = ss.AbsoluteLoss(x, 0.0)
    assert loss.grad(theta) == np.sign(x + theta)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (
            lambda: ss.AbsoluteLoss([1.0, 2.0], [1.0]),
            "x and y must have the same shape",
        ),
        (lambda: ss.SquaredLoss(np.nan, 1.0), "x must be finite"),
        (lambda: ss.AbsoluteLoss(1.0, np.inf), "y must be finite"),
        (
            lambda: ss.HuberLoss(0.0, 1.0, delta=0.0),
            "delta must be a finite number > 0",
        ),
        (
            lambda: ss.SquaredLoss(0.0, 1.0, scale=-1),
            "scale must be a finite number > 0",
        ),
        (
            lambda: ss.SquaredLoss(0.0, 1.0, reduction="max"),
            "reduction must be 'mean' or 'sum'",
        ),
        (lambda: ss.Quadratic([[1.0, 2.0], [0.0, 1.0]]), "hessian must be symmetric"),
        (lambda: ss.Quadratic([1.0, 2.0]), r"hessian must be a square \(n, n\) matrix"),
        (
            lambda: ss.Quadratic([[1.0]], [1.0, 2.0]),
            "minimizer must be a finite vector",
        ),
        (lambda: ss.MultiWell((0.0, 1.0)), "critical_points must be an odd number"),
        (
            lambda: ss.MultiWell((1.0, 0.0, 2.0)),
            "critical_points must be strictly increasing",
        ),
        (lambda: ss.Rosenbrock(b=0.0), "b must be a finite number > 0"),
    ],
)
def test_bad_input(make: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()  # type: ignore[operator]


def test_unknown_keyword_is_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'sigma'"):
        ss.HuberLoss(0.0, 1.0, sigma=2.0)  # type: ignore[call-arg]
