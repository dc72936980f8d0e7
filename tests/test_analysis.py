"""Tests for stepsize.analysis."""

import numpy as np
import pytest

import stepsize as ss


def test_classify_kinds() -> None:
    assert str(
        ss.classify_run(ss.descend(ss.AbsoluteLoss(1.0, 5.0), -1.5, 1.0, 20))
    ) == ("cycling with period 2 through (3.5, 4.5), loss floor 0.5")
    diverged = ss.classify_run(ss.descend(ss.SquaredLoss(0.0, 1.0), 0.0, 3.0, 2000))
    assert diverged.kind == "diverged"
    moving = ss.classify_run(ss.descend(ss.SquaredLoss(0.0, 1.0), 0.0, 1e-3, 10))
    assert moving.kind == "moving" and moving.period is None
    assert ss.classify_run([1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0]).period == 3
    assert ss.classify_run([0.0, np.nan]).kind == "diverged"


def test_steps_to_cycle_and_best() -> None:
    run = ss.descend(ss.AbsoluteLoss(1.0, 5.0), -1.5, 1.0, 20)
    assert ss.steps_to_cycle(run) == 5
    assert ss.best_so_far(run.values).tolist() == run.best_values.tolist()
    assert ss.steps_to_reach(run, ss.AbsoluteLoss(1.0, 5.0), 0.1) is None


def test_classify_sweep_matches_classify_run() -> None:
    """Same answer: the vectorized classification agrees with the per-run one."""
    w = ss.MultiWell.default()
    rates, starts = np.array([0.02, 0.1, 0.3, 0.45, 1.0]), np.linspace(-3, 2.5, 12)
    s = ss.sweep(w, starts[None, :], rates[:, None], steps=400, tail=8)
    codes = ss.classify_sweep(s, w, tol=1e-6)
    for i, r in enumerate(rates):
        for j, t0 in enumerate(starts):
            run = ss.descend(w, t0, float(r), 400)
            c = ss.classify_run(run.thetas[-8:], tol=1e-6, max_period=4)
            if run.diverged:
                assert codes[i, j] == ss.DIVERGED
            elif (
                c.kind == "converged" and np.min(np.abs(w.minima - c.points[0])) <= 1e-6
            ):
                assert w.minima[codes[i, j]] == pytest.approx(c.points[0], abs=1e-6)
            elif c.kind == "cycling":
                assert codes[i, j] == ss.CYCLING
            else:
                assert codes[i, j] == ss.MOVING


def test_small_rate_settles_large_rate_escapes() -> None:
    """From -2, rate 0.05 settles in the sharp global valley; rate 0.3
    (eta * L'' = 4.2 > 2 there) bounces out and settles in the wide valley."""
    w = ss.MultiWell.default()
    small = ss.classify_run(ss.descend(w, -2.0, 0.05, 300), tol=1e-9)
    large = ss.classify_run(ss.descend(w, -2.0, 0.3, 300), tol=1e-9)
    assert small.kind == large.kind == "converged"
    assert small.points[0] == pytest.approx(-2.2) and large.points[0] == pytest.approx(
        0.0
    )
