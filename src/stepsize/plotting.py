"""Matplotlib helpers: take ``ax=None``, return the Axes, compute nothing new.

They never call ``plt.show()`` and never change global state. For site
figures, apply `STYLE` locally (``with plt.rc_context(STYLE): ...``); its ink
colours are sentinels, so an SVG can be recoloured for a dark scheme by
replacing each key of `DARK_INK` with its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch
from numpy.typing import ArrayLike

from .run import Run

__all__ = [
    "DARK_INK",
    "PALETTE",
    "STYLE",
    "plot_cobweb",
    "plot_contours",
    "plot_iterates",
    "plot_loss_path",
    "plot_phase",
    "plot_values",
]

PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#1b1b1f",  # black: the site's ink, so a dark-scheme copy turns it light
]
"""The Okabe–Ito colour-blind-safe palette."""

INK, GRID = "#1b1b1f", "#d0d0d8"

STYLE: dict[str, Any] = {
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.titlecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "grid.color": GRID,
    "axes.grid": True,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "legend.facecolor": "none",
    "legend.edgecolor": GRID,
    "legend.labelcolor": INK,
    "axes.prop_cycle": cycler(color=PALETTE),
    "svg.fonttype": "path",
    "svg.hashsalt": "stepsize",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "figure.figsize": (6.4, 4.0),
}
"""rcParams for site figures; use with ``plt.rc_context(STYLE)``."""

DARK_INK = {INK: "#e3e3e8", GRID: "#44444c"}
"""Replace each key by its value in an SVG to get the dark-scheme figure."""


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _grid(loss: Any, thetas: Any, pad: float = 0.5) -> Any:
    t = np.asarray(thetas, dtype=np.float64)
    lo, hi = float(np.min(t)), float(np.max(t))
    m = getattr(loss, "minimizer", None)
    if m is not None and np.ndim(m) == 0:
        lo, hi = min(lo, float(m)), max(hi, float(m))
    span = max(hi - lo, 1.0)
    return np.linspace(lo - pad * span / 2, hi + pad * span / 2, 400)


def plot_loss_path(run: Run, loss: Any, ax: Axes | None = None) -> Axes:
    r"""The loss curve with the iterates joined as a path of steps.

    >>> from stepsize import AbsoluteLoss, descend
    >>> loss = AbsoluteLoss(1.0, 5.0)
    >>> ax = plot_loss_path(descend(loss, -1.5, 1.0, steps=8), loss)
    >>> ax.get_xlabel()
    '$\\theta$'
    """
    ax = _axes(ax)
    grid = _grid(loss, run.thetas)
    ax.plot(grid, loss.value(grid), color=PALETTE[7], lw=1.2, label="loss")
    ax.plot(
        run.thetas, run.values, "-o", color=PALETTE[0], ms=4, lw=1, label="iterates"
    )
    ax.plot(
        run.thetas[:1], run.values[:1], "s", color=PALETTE[1], ms=7, label=r"$\theta_0$"
    )
    ax.set_xlabel(r"$\theta$")
    ax.set_ylabel(r"$L(\theta)$")
    ax.legend()
    return ax


def plot_iterates(run: Run, ax: Axes | None = None, label: str | None = None) -> Axes:
    r"""$\theta_t$ against the step $t$.

    >>> from stepsize import AbsoluteLoss, descend
    >>> ax = plot_iterates(descend(AbsoluteLoss(1.0, 5.0), -1.5, 1.0, steps=8))
    >>> ax.get_ylabel()
    '$\\theta_t$'
    """
    ax = _axes(ax)
    ax.plot(np.arange(len(run.thetas)), run.thetas, "-o", ms=3, label=label)
    ax.set_xlabel(r"step $t$")
    ax.set_ylabel(r"$\theta_t$")
    return ax


def plot_values(
    runs: Mapping[str, Run], ax: Axes | None = None, log: bool = True
) -> Axes:
    r"""The loss against the step for several runs (log scale by default).

    >>> from stepsize import SquaredLoss, descend
    >>> loss = SquaredLoss(0.0, 1.0)
    >>> ax = plot_values({"0.5": descend(loss, 0.0, 0.5, steps=5)})
    >>> ax.get_yscale()
    'log'
    """
    ax = _axes(ax)
    for i, (name, run) in enumerate(runs.items()):
        ax.plot(run.values, label=name, color=PALETTE[i % len(PALETTE)])
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(r"step $t$")
    ax.set_ylabel(r"$L(\theta_t)$")
    ax.legend()
    return ax


def plot_contours(
    loss: Any, runs: Mapping[str, Run], ax: Axes | None = None, levels: int = 20
) -> Axes:
    r"""Contours of a 2-D loss with each run's path drawn on top.

    >>> from stepsize import Quadratic, descend
    >>> q = Quadratic([[1.0, 0.0], [0.0, 10.0]])
    >>> ax = plot_contours(q, {"GD": descend(q, [2.0, 1.0], 0.15, steps=10)})
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('$\\theta_1$', '$\\theta_2$')
    """
    ax = _axes(ax)
    pts = np.concatenate([r.thetas for r in runs.values()], axis=0)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    pad = 0.15 * np.maximum(hi - lo, 1e-3)
    u = np.linspace(lo[0] - pad[0], hi[0] + pad[0], 200)
    v = np.linspace(lo[1] - pad[1], hi[1] + pad[1], 200)
    uu, vv = np.meshgrid(u, v)
    z = loss.value(np.stack([uu, vv], axis=-1))
    ax.contour(uu, vv, z, levels=levels, colors=GRID, linewidths=0.8)
    for i, (name, run) in enumerate(runs.items()):
        ax.plot(
            run.thetas[:, 0],
            run.thetas[:, 1],
            "-o",
            ms=2.5,
            lw=1,
            color=PALETTE[i % len(PALETTE)],
            label=name,
        )
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    ax.legend()
    return ax


def plot_phase(
    codes: ArrayLike,
    rates: ArrayLike,
    starts: ArrayLike,
    labels: Mapping[int, str],
    ax: Axes | None = None,
) -> Axes:
    r"""A categorical heat map of `classify_sweep` codes over (start, rate).

    ``codes`` has shape ``(len(rates), len(starts))``; ``labels`` names each
    code that should appear in the legend.

    >>> import numpy as np
    >>> codes = np.array([[0, 1], [-1, -2]])
    >>> ax = plot_phase(codes, [0.1, 0.2], [-1.0, 1.0],
    ...                 {0: "left", 1: "right", -1: "cycling", -2: "diverged"})
    >>> ax.get_ylabel()
    '$\\eta$'
    """
    ax = _axes(ax)
    c = np.asarray(codes)
    keys = sorted(labels)
    index = {k: i for i, k in enumerate(keys)}
    mapped = np.vectorize(lambda k: index.get(int(k), -1))(c) if c.size else c
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(keys))]
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(-0.5, len(keys) + 0.5), cmap.N)
    r, s = np.asarray(rates, dtype=float), np.asarray(starts, dtype=float)
    masked = np.ma.masked_less(mapped, 0)
    ax.pcolormesh(
        s, r, masked, cmap=cmap, norm=norm, shading="nearest", rasterized=True
    )
    ax.legend(
        handles=[Patch(color=colours[index[k]], label=labels[k]) for k in keys],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    ax.set_xlabel(r"start $\theta_0$")
    ax.set_ylabel(r"$\eta$")
    return ax


def plot_cobweb(loss: Any, rate: float, run: Run, ax: Axes | None = None) -> Axes:
    r"""Cobweb diagram of the map $\theta \mapsto \theta - \eta L'(\theta)$.

    >>> from stepsize import AbsoluteLoss, descend
    >>> loss = AbsoluteLoss(1.0, 5.0)
    >>> ax = plot_cobweb(loss, 1.0, descend(loss, -1.5, 1.0, steps=8))
    >>> ax.get_ylabel()
    '$\\theta_{t+1}$'
    """
    ax = _axes(ax)
    grid = _grid(loss, run.thetas)
    ax.plot(
        grid,
        grid - rate * loss.grad(grid),
        color=PALETTE[0],
        lw=1.2,
        label=r"$\theta - \eta L'(\theta)$",
    )
    ax.plot(grid, grid, color=GRID, lw=1, label=r"$\theta_{t+1} = \theta_t$")
    t = run.thetas
    # cobweb: (t0, t1) -> (t1, t1) -> (t1, t2) -> ...
    ys = np.concatenate([t[:1], np.repeat(t[1:], 2)])
    xs = np.repeat(t, 2)[: len(ys)]
    ax.plot(xs, ys, color=PALETTE[3], lw=1, label="iterates")
    ax.set_xlabel(r"$\theta_t$")
    ax.set_ylabel(r"$\theta_{t+1}$")
    ax.legend()
    return ax
