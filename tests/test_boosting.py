"""Tests for stepsize.boosting."""

import numpy as np
import pytest

import stepsize as ss


def test_train_error_never_increases_and_overfits() -> None:
    """Each stump is a least-squares fit to the residuals, so with rate <= 1
    the training error never goes up; validation error eventually does."""
    x, y = ss.noisy_sine(60, noise=0.3, seed=1)
    xv, yv = ss.noisy_sine(200, noise=0.3, seed=2)
    model = ss.boost(x, y, rate=0.5, n_trees=300, x_val=xv, y_val=yv)
    assert np.all(np.diff(model.train_mse) <= 1e-15)
    assert model.val_mse.min() < model.val_mse[-1]
    assert len(model.train_mse) == len(model.val_mse) == 300
    np.testing.assert_allclose(
        np.mean((model.predict(x) - y) ** 2), model.train_mse[-1]
    )


def test_deterministic() -> None:
    x, y = ss.noisy_sine(30)
    a, b = ss.boost(x, y, rate=0.1, n_trees=20), ss.boost(x, y, rate=0.1, n_trees=20)
    np.testing.assert_array_equal(a.train_mse, b.train_mse)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rate": 0.0}, "rate must be a finite number > 0"),
        ({"n_trees": -1}, "n_trees must be an int >= 0"),
        ({"x_val": [0.0]}, "x_val and y_val must be given together"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"rate": 0.1, "n_trees": 3}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        ss.boost([0.0, 1.0], [0.0, 1.0], **args)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="x and y must be 1-D of one shape"):
        ss.boost([0.0, 1.0], [0.0], rate=0.1, n_trees=1)
