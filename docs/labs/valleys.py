# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Valleys and overfitting lab
#
# Two experiments to rerun with your own settings. The first maps where a
# constant-rate run ends on a loss with three valleys, at a resolution you
# choose. The second trains a flexible regression model by gradient descent
# and watches the training and validation losses part ways, for a seed and a
# noise level you choose.
#
# Run the cells from the top; the cells that start with a setting marked
# `# change me` are the ones to edit.

# %%
# %config InlineBackend.figure_formats = ["svg"]
import matplotlib.pyplot as plt
import numpy as np

import stepsize as ss

plt.rcParams.update(ss.STYLE)
plt.rcParams["figure.dpi"] = 192  # the heat map inside the SVG is drawn at 2x

# %% [markdown]
# ## Three valleys
#
# `ss.MultiWell.default()` has three minima of different depth and width. A
# constant rate $\eta$ can only settle in a minimum whose curvature satisfies
# $L''(\theta^\star) < 2/\eta$, so each valley has a largest rate it can hold.

# %%
wells = ss.MultiWell.default()
for where, depth, curvature in zip(
    wells.minima, wells.depths, wells.curvatures
):
    print(
        f"minimum {where:5.2f}: depth {depth:7.3f}, L'' {curvature:6.3f}, "
        f"holds eta < {2 / curvature:.3f}"
    )

# %% [markdown]
# ## The map, at your resolution
#
# Every pair of a start $\theta_0 \in [-3, 3]$ and a rate
# $\eta \in [0.01, 0.6]$ is one run of 300 steps, all stepped together by
# `ss.sweep`; `ss.classify_sweep` names the minimum each run ends in, or
# whether it cycles, diverges or is still moving. Raise `resolution` for a
# sharper map: the runs are stepped as one array, so even a few hundred per
# axis take about a second.

# %% alt="The valley map: start on the horizontal axis, rate on the vertical. At small rates each start ends in its nearest valley; above the dotted line at rate 0.141 no run ends in the narrow global minimum at -2.2, and above 0.360 none ends in the valley at 1.5."
resolution = 200  # change me: runs per axis
starts = np.linspace(-3.0, 3.0, resolution)
rates = np.linspace(0.01, 0.6, resolution)
end = ss.sweep(wells, starts[None, :], rates[:, None], steps=300)
codes = ss.classify_sweep(end, wells)

labels = {
    0: "minimum -2.2 (global)",
    1: "minimum 0",
    2: "minimum 1.5",
    ss.CYCLING: "cycling",
    ss.DIVERGED: "diverged",
    ss.MOVING: "still moving",
}
print(f"{codes.size} runs of {end.steps} steps")
for code, label in labels.items():
    print(f"{np.mean(codes == code):6.1%}  {label}")

fig, ax = plt.subplots(figsize=(6.4, 4.0))
ss.plot_phase(codes, rates, starts, labels, ax=ax)
for curvature in wells.curvatures[[0, 2]]:
    ax.axhline(2 / curvature, color=ss.PALETTE[7], ls=":", lw=1)
fig.tight_layout()

# %% [markdown]
# Whatever the resolution, the rule holds run by run: no run with a rate
# above a valley's limit ends in that valley.

# %%
for index in (0, 2):
    limit = 2 / wells.curvatures[index]
    too_fast = np.broadcast_to(rates[:, None] > limit, codes.shape)
    print(
        f"runs with eta > {limit:.3f} that end at {wells.minima[index]}: "
        f"{np.sum(too_fast & (codes == index))} of {np.sum(too_fast)}"
    )

# %% [markdown]
# ## Early stopping
#
# Noisy samples of $\sin 2\pi x$, split into training, validation and test
# points, fitted by a polynomial of degree 15 in the Legendre basis (well
# conditioned on $[-1, 1]$, so plain gradient descent makes progress). The
# loss is the mean squared error
#
# $$L(w) = \frac1n \lVert X w - y \rVert^2, \qquad
# \nabla L(w) = \frac2n X^\top (X w - y),$$
#
# minimised by full-batch gradient descent with `ss.descend`. Change the seed
# and the noise level and rerun from here.

# %%
seed = 0  # change me
noise = 0.3  # change me
degree = 15

x, y = ss.noisy_sine(60, noise=noise, seed=seed)
train, val, test = ss.train_val_test_split(x, y, seed=seed)


class MeanSquaredError:
    """The polynomial fit's loss on one part of the data, for ss.descend."""

    def __init__(self, part):
        x, self.y = part
        self.X = np.polynomial.legendre.legvander(2 * x - 1, degree)

    def value(self, w):  # w may hold one weight vector per row
        return np.mean((np.asarray(w) @ self.X.T - self.y) ** 2, axis=-1)

    def grad(self, w):
        return 2 / len(self.y) * self.X.T @ (self.X @ w - self.y)


train_loss, val_loss, test_loss = map(MeanSquaredError, (train, val, test))
hessian = 2 / len(train_loss.y) * train_loss.X.T @ train_loss.X
rate = 1 / np.linalg.eigvalsh(hessian).max()
print(f"degree {degree}, noise {noise}, seed {seed}")
sizes = [len(part[0]) for part in (train, val, test)]
print("{} training, {} validation, {} test points".format(*sizes))
print(f"rate 1 / largest curvature = {rate:.4f}")

# %% alt="Training and validation loss against the epoch: the training loss keeps falling towards its least-squares minimum, while the validation loss reaches its lowest point early and then climbs."
epochs = 4000
run = ss.descend(train_loss, np.zeros(degree + 1), rate, steps=epochs)
train_curve = run.values
val_curve = val_loss.value(run.thetas)
best = int(np.argmin(val_curve))
w_min = np.linalg.lstsq(train_loss.X, train_loss.y, rcond=None)[0]

print(f"best validation loss {val_curve[best]:.4f} at epoch {best}")
print(f"validation loss after {epochs} epochs: {val_curve[-1]:.4f}")
print(f"training loss: {train_curve[-1]:.4f} after {epochs} epochs, "
      f"{train_loss.value(w_min):.4f} at its global minimum")
print(f"test loss: {test_loss.value(run.thetas[best]):.4f} early-stopped, "
      f"{test_loss.value(w_min):.1f} at the training minimum")

fig, ax = plt.subplots(figsize=(6.4, 3.6))
shown = np.unique(np.geomspace(1, epochs, 300).astype(int))  # log-spaced
ax.loglog(shown, train_curve[shown], label="training")
ax.loglog(shown, val_curve[shown], label="validation")
floor = train_loss.value(w_min)
ax.axhline(floor, color=ss.PALETTE[2], ls=":", label="training minimum")
ax.axvline(best, color=ss.PALETTE[7], ls="--", lw=1, label="early stop")
ax.set_xlabel("epoch")
ax.set_ylabel("mean squared error")
ax.legend()
fig.tight_layout()

# %% [markdown]
# With seed 0 and noise 0.3 as shipped, the validation loss is lowest at
# epoch 159 and then rises. Stopping there gives a test loss of 0.2124; the
# weights that minimise the training loss exactly give 1113.0, because a
# degree-15 polynomial through 36 noisy points swings wildly between them.
# The lowest training error is not the model you want: pick the epoch, and
# the rate, by the validation loss.
