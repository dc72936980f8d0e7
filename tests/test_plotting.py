"""Tests for stepsize.plotting: helpers return Axes and touch no global state."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import stepsize as ss


def test_helpers_return_axes_and_leave_rcparams_alone() -> None:
    before = dict(plt.rcParams)
    loss = ss.AbsoluteLoss(1.0, 5.0)
    run = ss.descend(loss, -1.5, 1.0, 10)
    q = ss.Quadratic([[1.0, 0.0], [0.0, 10.0]])
    _fig, ax = plt.subplots()
    assert ss.plot_loss_path(run, loss, ax=ax) is ax
    axes = [
        ss.plot_iterates(run),
        ss.plot_values({"a": ss.descend(q, [1.0, 1.0], 0.1, 20)}),
        ss.plot_contours(q, {"GD": ss.descend(q, [1.0, 1.0], 0.1, 20)}),
        ss.plot_phase(
            np.array([[0, -1], [-2, 1]]),
            [0.1, 0.2],
            [0.0, 1.0],
            {0: "a", 1: "b", -1: "cycling", -2: "diverged"},
        ),
        ss.plot_cobweb(loss, 1.0, run),
    ]
    assert all(isinstance(a, matplotlib.axes.Axes) for a in axes)
    assert dict(plt.rcParams) == before
    plt.close("all")


def test_style_sentinels() -> None:
    assert ss.STYLE["text.color"] == "#1b1b1f" and ss.STYLE["grid.color"] == "#d0d0d8"
    assert ss.STYLE["svg.hashsalt"] == "stepsize" and ss.STYLE["svg.fonttype"] == "path"
    assert set(ss.DARK_INK) == {"#1b1b1f", "#d0d0d8"}
    assert len(ss.PALETTE) == 8
    with plt.rc_context(ss.STYLE):
        fig, ax = plt.subplots()
        ss.plot_iterates(ss.descend(ss.AbsoluteLoss(1.0, 5.0), 0.0, 1.0, 5), ax=ax)
        plt.close(fig)
