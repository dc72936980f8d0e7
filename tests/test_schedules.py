"""Tests for stepsize.schedules."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import stepsize as ss


def test_formulas() -> None:
    assert ss.inverse_time(2.0, decay=0.5)(4) == 2.0 / 3.0
    assert ss.inverse_sqrt(3.0)(3) == 1.5
    assert ss.exponential(1.0, 0.9)(2) == 0.9**2
    assert [ss.step_decay(1.0, every=2, factor=0.1)(t) for t in (0, 1, 2, 4)] == [
        1.0,
        1.0,
        0.1,
        1.0 * 0.1**2,
    ]
    c = ss.cosine(1.0, total=4, lr_min=0.2)
    assert c(0) == 1.0 and c(4) == pytest.approx(0.2) and c(2) == pytest.approx(0.6)


def test_warmup_composes() -> None:
    s = ss.warmup(ss.inverse_time(1.0, decay=1.0), steps=2)
    assert s(0) == 0.5 * 1.0 and s(1) == 0.5 and s(3) == 0.25


@given(st.floats(1e-6, 1e3), st.integers(0, 10_000))
def test_as_schedule_float_is_constant(rate: float, t: int) -> None:
    """A float rate means the same rate at every step."""
    assert ss.as_schedule(rate)(t) == rate == ss.constant(rate)(t)


@given(st.floats(1e-3, 10), st.integers(1, 500), st.integers(0, 1000))
def test_cosine_stays_between_bounds(lr0: float, total: int, t: int) -> None:
    """Cosine annealing never leaves [lr_min, lr0]."""
    assert 0.0 <= ss.cosine(lr0, total)(t) <= lr0


@pytest.mark.parametrize("bad", [0.0, -1.0, math.inf, math.nan])
def test_bad_rate(bad: float) -> None:
    with pytest.raises(ValueError, match="rate must be a finite number > 0"):
        ss.as_schedule(bad)


def test_bad_rate_type() -> None:
    with pytest.raises(TypeError, match="rate must be a real number"):
        ss.as_schedule("0.1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: ss.constant(-1.0), "lr must be a finite number > 0"),
        (lambda: ss.inverse_time(1.0, decay=0.0), "decay must be a finite number > 0"),
        (lambda: ss.exponential(1.0, 1.5), r"gamma must be in \(0, 1\]"),
        (lambda: ss.step_decay(1.0, every=0), "every must be an int >= 1"),
        (lambda: ss.cosine(1.0, total=0), "total must be an int >= 1"),
        (lambda: ss.cosine(1.0, total=5, lr_min=2.0), r"lr_min must be in \[0, lr0\]"),
        (lambda: ss.warmup(1.0, steps=0), "steps must be an int >= 1"),
    ],
)
def test_bad_arguments(make: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make()  # type: ignore[operator]


def test_negative_schedule_value_names_step() -> None:
    with pytest.raises(ValueError, match=r"rate schedule returned -0\.5 at step 3"):
        ss.rate_at(lambda t: 1.0 if t < 3 else -0.5, 3)
