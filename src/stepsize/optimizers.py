"""Optimizers as pairs of pure functions, after optax and torch.optim.

``init(theta) -> state`` and ``update(grad, state, *, theta, value=None,
loss=None) -> (step, state)``; the new iterate is ``theta + step``. States
are immutable NamedTuples; every state carries ``count`` (steps taken) and
``rate`` (the step size used by the last update). Names, defaults and
formulas follow ``torch.optim`` so float64 numbers agree with PyTorch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .schedules import Schedule, as_schedule, rate_at

Array = NDArray[np.float64]

__all__ = [
    "Optimizer",
    "adagrad",
    "adam",
    "armijo",
    "gd",
    "momentum",
    "nesterov",
    "polyak",
    "rmsprop",
    "sgd",
]


class Optimizer(NamedTuple):
    """A pure ``(init, update)`` pair.

    ``init(theta)`` makes the first state; ``update(grad, state, theta=...)``
    returns the step to add to ``theta`` and the next state.

    >>> opt = gd(0.5)
    >>> step, state = opt.update(2.0, opt.init(0.0), theta=0.0)
    >>> float(step)
    -1.0
    """

    init: Callable[[ArrayLike], Any]
    update: Callable[..., tuple[Array, Any]]


@dataclass(frozen=True)
class GDState:
    """Step count and last rate."""

    count: int
    rate: float


@dataclass(frozen=True)
class SGDState:
    """Step count, last rate and torch's ``momentum_buffer``."""

    count: int
    rate: float
    momentum_buffer: Array


@dataclass(frozen=True)
class AdagradState:
    """Step count, last rate and the running ``sum`` of squared gradients."""

    count: int
    rate: float
    sum: Array


@dataclass(frozen=True)
class RMSPropState:
    """Step count, last rate and torch's RMSprop buffers."""

    count: int
    rate: float
    square_avg: Array
    grad_avg: Array
    momentum_buffer: Array


@dataclass(frozen=True)
class AdamState:
    """Step count, last rate and the first and second moment estimates."""

    count: int
    rate: float
    exp_avg: Array
    exp_avg_sq: Array


@dataclass(frozen=True)
class LineSearchState:
    """Step count, last rate and loss evaluations spent by the search."""

    count: int
    rate: float
    evals: int


def _f64(a: ArrayLike) -> Array:
    return np.asarray(a, dtype=np.float64)


def _zeros(theta: ArrayLike) -> Array:
    return np.zeros_like(_f64(theta))


def _lerp(a: Array, b: Array, w: float) -> Array:
    """torch.lerp's formula, so moving averages round as PyTorch's do."""
    if w < 0.5:
        return a + w * (b - a)
    return b - (b - a) * (1.0 - w)


def _unit(name: str, value: float, *, closed: bool = False) -> float:
    ok = 0.0 <= value <= 1.0 if closed else 0.0 <= value < 1.0
    if not (isinstance(value, int | float) and ok):
        bound = "[0, 1]" if closed else "[0, 1)"
        raise ValueError(f"{name} must be in {bound}, got {value!r}")
    return float(value)


def _nonneg(name: str, value: float) -> float:
    if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def gd(rate: float | Schedule) -> Optimizer:
    r"""Gradient descent: $\theta_{t+1} = \theta_t - \eta_t \nabla L(\theta_t)$.

    >>> opt = gd(0.5)
    >>> step, state = opt.update(2.0, opt.init(0.0), theta=0.0)
    >>> float(step), state.count, state.rate
    (-1.0, 1, 0.5)
    """
    schedule = as_schedule(rate)

    def init(theta: ArrayLike) -> GDState:
        return GDState(0, math.nan)

    def update(
        grad: ArrayLike,
        state: GDState,
        *,
        theta: ArrayLike,
        value: ArrayLike | None = None,
        loss: Any = None,
    ) -> tuple[Array, GDState]:
        eta = rate_at(schedule, state.count)
        return -eta * _f64(grad), GDState(state.count + 1, eta)

    return Optimizer(init, update)


def sgd(
    lr: float | Schedule,
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
) -> Optimizer:
    r"""SGD with heavy-ball or Nesterov momentum, exactly as ``torch.optim.SGD``.

    $$b_0 = g_0,\quad b_t = \mu b_{t-1} + (1 - \tau) g_t,\qquad
    d_t = \begin{cases} g_t + \mu b_t & \text{nesterov} \\ b_t & \text{else}
    \end{cases},\qquad \theta_{t+1} = \theta_t - \eta_t d_t.$$

    With ``momentum=0`` this is plain gradient descent.

    >>> opt = sgd(0.1, momentum=0.9)
    >>> s = opt.init(0.0)
    >>> step1, s = opt.update(1.0, s, theta=0.0)
    >>> step2, s = opt.update(1.0, s, theta=-0.1)
    >>> round(float(step1), 12), round(float(step2), 12)
    (-0.1, -0.19)
    """
    schedule = as_schedule(lr, name="lr")
    mu = _unit("momentum", momentum)
    tau = _unit("dampening", dampening, closed=True)
    if nesterov and (mu == 0 or tau != 0):
        raise ValueError("nesterov=True requires momentum > 0 and dampening == 0")

    def init(theta: ArrayLike) -> SGDState:
        return SGDState(0, math.nan, _zeros(theta))

    def update(
        grad: ArrayLike,
        state: SGDState,
        *,
        theta: ArrayLike,
        value: ArrayLike | None = None,
        loss: Any = None,
    ) -> tuple[Array, SGDState]:
        eta = rate_at(schedule, state.count)
        g = _f64(grad)
        buf = state.momentum_buffer
        if mu != 0:
            buf = g.copy() if state.count == 0 else mu * buf + (1 - tau) * g
            g = g + mu * buf if nesterov else buf
        return -eta * g, SGDState(state.count + 1, eta, buf)

    return Optimizer(init, update)


def momentum(lr: float | Schedule, beta: float) -> Optimizer:
    r"""Heavy-ball momentum: ``sgd(lr, momentum=beta)``.

    >>> opt = momentum(0.1, 0.5)
    >>> float(opt.update(1.0, opt.init(0.0), theta=0.0)[0])
    -0.1
    """
    return sgd(lr, momentum=beta)


def nesterov(lr: float | Schedule, beta: float) -> Optimizer:
    r"""Nesterov momentum: ``sgd(lr, momentum=beta, nesterov=True)``.

    >>> opt = nesterov(0.1, 0.5)
    >>> round(float(opt.update(1.0, opt.init(0.0), theta=0.0)[0]), 12)
    -0.15
    """
    return sgd(lr, momentum=beta, nesterov=True)


def adagrad(
    lr: float | Schedule = 1e-2,
    lr_decay: float = 0.0,
    initial_accumulator_value: float = 0.0,
    eps: float = 1e-10,
) -> Optimizer:
    r"""Adagrad, as ``torch.optim.Adagrad``.

    $$s_t = s_{t-1} + g_t^2,\qquad
    \theta_{t+1} = \theta_t - \frac{\eta_t}{1 + t\,\kappa}\,
    \frac{g_t}{\sqrt{s_t} + \epsilon}\quad (t = 0, 1, \dots).$$

    >>> opt = adagrad(1.0, eps=0.0)
    >>> float(opt.update(-3.0, opt.init(0.0), theta=0.0)[0])
    1.0
    """
    schedule = as_schedule(lr, name="lr")
    decay = _nonneg("lr_decay", lr_decay)
    acc0 = _nonneg("initial_accumulator_value", initial_accumulator_value)
    eps = _nonneg("eps", eps)

    def init(theta: ArrayLike) -> AdagradState:
        return AdagradState(0, math.nan, np.full_like(_f64(theta), acc0))

    def update(
        grad: ArrayLike,
        state: AdagradState,
        *,
        theta: ArrayLike,
        value: ArrayLike | None = None,
        loss: Any = None,
    ) -> tuple[Array, AdagradState]:
        g = _f64(grad)
        clr = rate_at(schedule, state.count) / (1 + state.count * decay)
        total = state.sum + g * g
        step = -clr * (g / (np.sqrt(total) + eps))
        return step, AdagradState(state.count + 1, clr, total)

    return Optimizer(init, update)


def rmsprop(
    lr: float | Schedule = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    momentum: float = 0.0,
    centered: bool = False,
) -> Optimizer:
    r"""RMSProp, as ``torch.optim.RMSprop`` ($\epsilon$ outside the root).

    $$v_t = \alpha v_{t-1} + (1-\alpha) g_t^2,\quad
    \bar g_t = \alpha \bar g_{t-1} + (1-\alpha) g_t,\quad
    d_t = \frac{g_t}{\sqrt{v_t - [\text{centered}]\,\bar g_t^2} + \epsilon},$$
    $$b_t = \mu b_{t-1} + d_t,\qquad \theta_{t+1} = \theta_t - \eta_t b_t
    \quad (b_t = d_t \text{ when } \mu = 0).$$

    >>> opt = rmsprop(0.1, alpha=0.75, eps=0.0)
    >>> float(opt.update(2.0, opt.init(0.0), theta=0.0)[0])
    -0.2
    """
    schedule = as_schedule(lr, name="lr")
    alpha = _unit("alpha", alpha, closed=True)
    eps = _nonneg("eps", eps)
    mu = _unit("momentum", momentum)

    def init(theta: ArrayLike) -> RMSPropState:
        z = _zeros(theta)
        return RMSPropState(0, math.nan, z, z, z)

    def update(
        grad: ArrayLike,
        state: RMSPropState,
        *,
        theta: ArrayLike,
        value: ArrayLike | None = None,
        loss: Any = None,
    ) -> tuple[Array, RMSPropState]:
        eta = rate_at(schedule, state.count)
        g = _f64(grad)
        sq = alpha * state.square_avg + (1 - alpha) * (g * g)
        gavg = state.grad_avg
        if centered:
            gavg = _lerp(gavg, g, 1 - alpha)
            avg = np.sqrt(sq - gavg * gavg) + eps
        else:
            avg = np.sqrt(sq) + eps
        buf = state.momentum_buffer
        if mu > 0:
            buf = mu * buf + g / avg
            step = -eta * buf
        else:
            step = -eta * (g / avg)
        return step, RMSPropState(state.count + 1, eta, sq, gavg, buf)

    return Optimizer(init, update)


def adam(
    lr: float | Schedule = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
) -> Optimizer:
    r"""Adam with bias correction, as ``torch.optim.Adam``.

    $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\quad
    v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,$$
    $$\theta_{t+1} = \theta_t - \frac{\eta_t}{1-\beta_1^{t+1}}\,
    \frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^{t+1}} + \epsilon}.$$

    The first step has size ``lr`` whatever the gradient's scale:

    >>> opt = adam(0.1, eps=0.0)
    >>> round(float(opt.update(123.0, opt.init(0.0), theta=0.0)[0]), 12)
    -0.1
    """
    schedule = as_schedule(lr, name="lr")
    b1, b2 = (_unit(f"betas[{i}]", b) for i, b in enumerate(betas))
    eps = _nonneg("eps", eps)

    def init(theta: ArrayLike) -> AdamState:
        z = _zeros(theta)
        return AdamState(0, math.nan, z, z)

    def update(
        grad: ArrayLike,
        state: AdamState,
        *,
        theta: ArrayLike,
        value: ArrayLike | None = None,
        loss: Any = None,
    ) -> tuple[Array, AdamState]:
        eta = rate_at(schedule, state.count)
        g = _f64(grad)
        t = state.count + 1
        m = _lerp(state.exp_avg, g, 1 - b1)
        v = b2 * state.exp_avg_sq + (1 - b2) * (g * g)
        denom = np.sqrt(v) / math.sqrt(1 - b2**t) + eps
        step = -(eta / (1 - b1**t)) * (m / denom)
        return step, AdamState(t, eta, m, v)

    return Optimizer(init, update)


def _sqnorm(grad: Array, value: Array) -> Array:
    """Squared gradient norm per run: elementwise for a batch of 1-D runs."""
    if np.shape(value) == grad.shape:
        return grad * grad
    total: Array = np.sum(grad * grad, axis=-1, keepdims=True)
    return total


def polyak(f_star: float, max_rate: float = math.inf) -> Optimizer:
    r"""The Polyak step, which knows the optimal value $f^*$.

    $$\eta_t = \min\Bigl(\frac{L(\theta_t) - f^*}{\|g_t\|^2},\ \eta_{\max}\Bigr),
    \qquad \theta_{t+1} = \theta_t - \eta_t g_t.$$

    ``update`` needs ``value=`` (the loss at ``theta``). A zero gradient, or
    a value already at or below $f^*$, gives no step.

    >>> opt = polyak(f_star=0.0)
    >>> float(opt.update(-1.0, opt.init(-1.0), theta=-1.0, value=5.0)[0])
    5.0
    """
    if f_star is None or not (
        isinstance(f_star, int | float) and math.isfinite(f_star)
    ):
        raise ValueError(
            f"f_star must be a finite number (the optimal loss value), got {f_star!r}"
        )
    if not (isinstance(max_rate, int | float) and max_rate > 0):
        raise ValueError(f"max_rate must be > 0, got {max_rate!r}")

    def init(theta: ArrayLike) -> GDState:
        return GDState(0, math.nan)

    def update(
        grad: ArrayLike,
        state: GDState,
        *,
        theta: ArrayLike,
        value: ArrayLike | None = None,
        loss: Any = None,
    ) -> tuple[Array, GDState]:
        if value is None:
            raise ValueError("polyak's update needs value= (the loss at theta)")
        g = _f64(grad)
        gap = np.maximum(_f64(value) - f_star, 0.0)
        sq = _sqnorm(g, _f64(value))
        gap = gap[..., None] if sq.shape != np.shape(gap) else gap
        with np.errstate(divide="ignore", invalid="ignore"):
            eta = np.where(sq > 0, np.minimum(gap / sq, max_rate), 0.0)
        return -eta * g, GDState(state.count + 1, float(np.max(eta)))

    return Optimizer(init, update)


def armijo(
    lr0: float = 1.0, c: float = 1e-4, shrink: float = 0.5, max_backtracks: int = 50
) -> Optimizer:
    r"""Backtracking line search with the Armijo sufficient-decrease test.

    Starting from $\eta = \eta_0$, shrink $\eta \leftarrow \rho\,\eta$ until

    $$L(\theta - \eta g) \le L(\theta) - c\,\eta\,\|g\|^2$$

    holds (at most ``max_backtracks`` times), then step $-\eta g$. ``update``
    needs ``loss=``; ``state.evals`` counts the loss evaluations it spent.
    The test uses the total loss, so ``theta`` is one run.

    >>> from stepsize.losses import SquaredLoss
    >>> loss = SquaredLoss(0.0, 1.0, scale=2.0)  # L'' = 4: eta = 1 overshoots
    >>> opt = armijo()
    >>> step, state = opt.update(loss.grad(0.0), opt.init(0.0), theta=0.0, loss=loss)
    >>> float(step), state.rate, state.evals  # 1 value at theta + 3 trials
    (1.0, 0.25, 4)
    """
    lr0 = _nonneg("lr0", lr0)
    if lr0 == 0:
        raise ValueError("lr0 must be a finite number > 0, got 0")
    c = _unit("c", c)
    shrink = _unit("shrink", shrink)
    if shrink == 0:
        raise ValueError("shrink must be in (0, 1), got 0")
    if isinstance(max_backtracks, bool) or not isinstance(max_backtracks, int):
        raise ValueError(f"max_backtracks must be an int >= 0, got {max_backtracks!r}")
    if max_backtracks < 0:
        raise ValueError(f"max_backtracks must be an int >= 0, got {max_backtracks!r}")

    def init(theta: ArrayLike) -> LineSearchState:
        return LineSearchState(0, math.nan, 0)

    def update(
        grad: ArrayLike,
        state: LineSearchState,
        *,
        theta: ArrayLike,
        value: ArrayLike | None = None,
        loss: Any = None,
    ) -> tuple[Array, LineSearchState]:
        if loss is None:
            raise ValueError("armijo's update needs loss= (an object with .value)")
        g, t = _f64(grad), _f64(theta)
        evals = state.evals
        sq = float(np.sum(g * g))
        if sq == 0:
            return np.zeros_like(g), LineSearchState(state.count + 1, 0.0, evals)
        if value is None:
            value, evals = loss.value(t), evals + 1
        f0 = float(np.sum(value))
        eta = lr0
        with np.errstate(all="ignore"):
            for k in range(max_backtracks + 1):
                ft = float(np.sum(loss.value(t - eta * g)))
                evals += 1
                if ft <= f0 - c * eta * sq or k == max_backtracks:
                    break
                eta *= shrink
        return -eta * g, LineSearchState(state.count + 1, eta, evals)

    return Optimizer(init, update)
