"""stepsize: why a constant learning rate circles a minimum, and what to do about it.

Everything is in one flat namespace:

>>> import stepsize as ss
>>> run = ss.descend(ss.AbsoluteLoss(1.0, 5.0), -1.5, 1.0, steps=12)
>>> str(ss.classify_run(run))
'cycling with period 2 through (3.5, 4.5), loss floor 0.5'
"""

from .analysis import (
    CYCLING,
    DIVERGED,
    MOVING,
    Classification,
    best_so_far,
    classify_run,
    classify_sweep,
    distance_to_minimizer,
    steps_to_cycle,
    steps_to_reach,
)
from .boosting import Boosted, boost
from .data import noisy_sine, train_val_test_split
from .losses import (
    AbsoluteLoss,
    HuberLoss,
    Loss,
    MultiWell,
    Quadratic,
    Rosenbrock,
    SquaredLoss,
)
from .optimizers import (
    Optimizer,
    adagrad,
    adam,
    armijo,
    gd,
    momentum,
    nesterov,
    polyak,
    rmsprop,
    sgd,
)
from .plotting import (
    DARK_INK,
    PALETTE,
    STYLE,
    plot_cobweb,
    plot_contours,
    plot_iterates,
    plot_loss_path,
    plot_phase,
    plot_values,
)
from .run import Run, descend
from .schedules import (
    Schedule,
    as_schedule,
    constant,
    cosine,
    exponential,
    inverse_sqrt,
    inverse_time,
    rate_at,
    step_decay,
    warmup,
)
from .sweep import Sweep, sweep

__all__ = [
    "CYCLING",
    "DARK_INK",
    "DIVERGED",
    "MOVING",
    "PALETTE",
    "STYLE",
    "AbsoluteLoss",
    "Boosted",
    "Classification",
    "HuberLoss",
    "Loss",
    "MultiWell",
    "Optimizer",
    "Quadratic",
    "Rosenbrock",
    "Run",
    "Schedule",
    "SquaredLoss",
    "Sweep",
    "adagrad",
    "adam",
    "armijo",
    "as_schedule",
    "best_so_far",
    "boost",
    "classify_run",
    "classify_sweep",
    "constant",
    "cosine",
    "descend",
    "distance_to_minimizer",
    "exponential",
    "gd",
    "inverse_sqrt",
    "inverse_time",
    "momentum",
    "nesterov",
    "noisy_sine",
    "plot_cobweb",
    "plot_contours",
    "plot_iterates",
    "plot_loss_path",
    "plot_phase",
    "plot_values",
    "polyak",
    "rate_at",
    "rmsprop",
    "sgd",
    "step_decay",
    "steps_to_cycle",
    "steps_to_reach",
    "sweep",
    "train_val_test_split",
    "warmup",
]
