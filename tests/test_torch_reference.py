"""stepsize's optimizers against torch.optim in float64 (optional: needs torch)."""

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import stepsize as ss

torch = pytest.importorskip("torch")

LOSSES: dict[str, tuple[Any, list[float], Callable[[Any], Any]]] = {
    "quadratic": (
        ss.Quadratic([[3.0, 1.2], [1.2, 0.5]], [1.0, -2.0]),
        [2.0, 1.0],
        lambda t: (
            0.5
            * (t - torch.tensor([1.0, -2.0], dtype=torch.float64))
            @ torch.tensor([[3.0, 1.2], [1.2, 0.5]], dtype=torch.float64)
            @ (t - torch.tensor([1.0, -2.0], dtype=torch.float64))
        ),
    ),
    "rosenbrock": (
        ss.Rosenbrock(),
        [-1.2, 1.0],
        lambda t: (1 - t[0]) ** 2 + 100 * (t[1] - t[0] ** 2) ** 2,
    ),
}

PAIRS = {
    "momentum": (
        lambda: ss.sgd(1e-4, momentum=0.9),
        lambda p: torch.optim.SGD(p, 1e-4, momentum=0.9),
    ),
    "dampened": (
        lambda: ss.sgd(1e-4, momentum=0.9, dampening=0.3),
        lambda p: torch.optim.SGD(p, 1e-4, momentum=0.9, dampening=0.3),
    ),
    "nesterov": (
        lambda: ss.nesterov(1e-4, 0.9),
        lambda p: torch.optim.SGD(p, 1e-4, momentum=0.9, nesterov=True),
    ),
    "adagrad": (
        lambda: ss.adagrad(0.1, lr_decay=0.01, initial_accumulator_value=0.1),
        lambda p: torch.optim.Adagrad(
            p, 0.1, lr_decay=0.01, initial_accumulator_value=0.1
        ),
    ),
    "rmsprop": (lambda: ss.rmsprop(1e-3), lambda p: torch.optim.RMSprop(p, 1e-3)),
    "rmsprop_centered": (
        lambda: ss.rmsprop(1e-3, centered=True),
        lambda p: torch.optim.RMSprop(p, 1e-3, centered=True),
    ),
    "rmsprop_momentum": (
        lambda: ss.rmsprop(1e-3, momentum=0.8, centered=True),
        lambda p: torch.optim.RMSprop(p, 1e-3, momentum=0.8, centered=True),
    ),
    "adam": (lambda: ss.adam(0.01), lambda p: torch.optim.Adam(p, 0.01)),
    "adam_betas": (
        lambda: ss.adam(0.01, betas=(0.5, 0.9), eps=1e-6),
        lambda p: torch.optim.Adam(p, 0.01, betas=(0.5, 0.9), eps=1e-6),
    ),
}


@pytest.mark.parametrize("loss_name", sorted(LOSSES))
@pytest.mark.parametrize("opt_name", sorted(PAIRS))
def test_agrees_with_torch(loss_name: str, opt_name: str) -> None:
    """100 steps in float64 agree with torch.optim to 1e-10 relative."""
    loss, start, torch_loss = LOSSES[loss_name]
    ours, theirs = PAIRS[opt_name]
    run = ss.descend(loss, start, ours(), steps=100)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = theirs([p])
    path = [p.detach().numpy().copy()]
    for _ in range(100):
        opt.zero_grad()
        torch_loss(p).backward()
        opt.step()
        path.append(p.detach().numpy().copy())
    assert not run.diverged
    np.testing.assert_allclose(run.thetas, np.array(path), rtol=1e-10, atol=1e-12)
