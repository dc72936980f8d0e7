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
# # Learning-rate explorer
#
# Gradient descent with a constant rate takes the step
#
# $$\theta_{t+1} = \theta_t - \eta\, g_t .$$
#
# On an absolute-error loss the run settles only if it happens to land exactly
# on the minimum; on a squared-error loss every rate below a threshold
# settles. This lab sweeps the rate on both losses, then hands you one cell
# where you pick the start and the rate yourself.
#
# Run the cells from the top. The cell headed **Your turn** is the one to edit.

# %%
# %config InlineBackend.figure_formats = ["svg"]
import matplotlib.pyplot as plt
import numpy as np

import stepsize as ss

plt.rcParams.update(ss.STYLE)
plt.rcParams["figure.dpi"] = 192  # any raster inside a figure is drawn at 2x

# %% [markdown]
# ## L1: the circling problem
#
# The absolute error of the single point (1, 5) under the model $x + \theta$
# is $|\theta - 4|$. Away from the minimum its subgradient is +1 or −1, so
# every step is exactly one rate long. Every run starts at −1.5; the rates
# 0.01, 0.02, … up to 2 run at once in the batched `ss.sweep`, which keeps
# the last eight iterates of each run.

# %%
loss_l1 = ss.AbsoluteLoss(1.0, 5.0)
rates = np.arange(1, 201) / 100
end_l1 = ss.sweep(loss_l1, -1.5, rates, steps=1000, tail=8)

amplitude = end_l1.tail.max(axis=0) - end_l1.tail.min(axis=0)
floor = loss_l1.value(end_l1.tail).min(axis=0)
stopped = rates[amplitude == 0]

print(f"minimum {loss_l1.minimizer}, subgradient", loss_l1.grad([2.0, 6.0]))
print(f"{len(rates)} rates, {end_l1.steps} steps, distance to cover {4 + 1.5}")
print("cycle amplitude equal to eta:", np.sum(np.isclose(amplitude, rates)))
print(f"largest floor / (eta / 2): {np.max(floor / (rates / 2)):.3f}")
print("runs that stop on the minimum: eta =", stopped)
print("distance / eta for those:", 5.5 / stopped)
last_two = end_l1.tail[-2:, rates == 0.1].ravel()
print("eta = 0.1 ends bouncing between", *[f"{t:.17g}" for t in last_two])

# %% [markdown]
# In 196 runs out of 200 the run ends bouncing between two points one rate
# apart, on either side of the minimum at 4, and its best loss is at most half
# a step: the ratio of the floor to $\eta/2$ peaks at 1.000. The
# four runs that stop are those where the distance 5.5 is a whole number of
# steps and the sum of the steps stays exact in floating point. On paper
# the rate 0.1 divides 5.5 too, but 0.1 has no exact binary form: the run
# overshoots to 4.0000000000000027, a rounding error past the minimum, and
# circles between there and 3.9000000000000026.

# %% alt="For the absolute error the cycle amplitude equals the rate and the loss floor stays under the line eta over 2: a larger constant rate circles more widely and never gets closer."
fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.plot(rates, amplitude, lw=1, label="cycle amplitude")
ax.plot(rates, floor, lw=1, label="loss floor")
ax.plot(rates, rates / 2, color=ss.PALETTE[2], lw=1, label=r"$\eta / 2$")
ax.set_xlabel(r"$\eta$")
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## L2: a threshold instead of a floor
#
# The squared error $(\theta - 4)^2/2$ has curvature $L'' = 1$. Each step
# multiplies the distance to the minimum by $1 - \eta$, so the run contracts
# for rates below 2, bounces for ever at 2 and grows beyond it.

# %%
loss_l2 = ss.SquaredLoss(1.0, 5.0)
rates_l2 = np.arange(1, 221) / 100
end_l2 = ss.sweep(loss_l2, -1.5, rates_l2, steps=1000, tail=8)
final_l2 = loss_l2.value(end_l2.final)

settled = rates_l2[final_l2 < 1e-12]
grew = rates_l2[final_l2 > loss_l2.value(-1.5)]
print(f"threshold 2 / L'' = {2 / loss_l2.curvature}")
print(f"final loss < 1e-12 for eta from {settled.min()} to {settled.max()}")
print(f"final loss > starting loss for eta from {grew.min()}")
print("eta = 2 bounces between", end_l2.tail[-2:, rates_l2 == 2.0].ravel())
print(f"final loss at eta 0.01: {final_l2[0]:.1e}, 1.99: {final_l2[198]:.1e}")

# %% alt="For the squared error the final loss is zero, or below 1e-12, for every rate under the threshold 2 over L'' = 2, and grows without bound above it."
fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.semilogy(rates_l2, np.maximum(final_l2, 1e-30), lw=1)  # 0 drawn as 1e-30
ax.axvline(2 / loss_l2.curvature, color=ss.PALETTE[3], ls=":", label="2 / L''")
ax.set_ylim(1e-32, 1e8)
ax.set_xlabel(r"$\eta$")
ax.set_ylabel("final loss")
ax.legend()
fig.tight_layout()

# %% [markdown]
# Every rate from 0.02 to 1.98 brings the loss below $10^{-12}$ in 1000 steps.
# At both ends of that range $|1 - \eta|$ is close to 1, so the runs at 0.01
# and 1.99 are still on their way. At exactly 2 the squared loss circles too,
# between −1.5 and 9.5, and from 2.01 on the run moves away. The absolute
# error has no such threshold: whatever the rate, the run ends within half a
# step of the minimum and stays there.
#
# ## Your turn
#
# Change the start and the rate, then rerun this cell. Try `theta0 = -1` (the
# L1 run then lands exactly), a small rate such as `rate = 0.3`, or a rate
# above 2.

# %% alt="The iterates of both runs against the step: with the shipped start -1.5 and rate 1 the L2 run jumps to 4 in one step, while the L1 run climbs and then bounces between 3.5 and 4.5."
theta0 = -1.5
rate = 1.0
steps = 30

fig, ax = plt.subplots(figsize=(6.4, 3.2))
for name, loss in [("L1", loss_l1), ("L2", loss_l2)]:
    run = ss.descend(loss, theta0, rate, steps)
    print(f"{name}: {ss.classify_run(run)}")
    ss.plot_iterates(run, ax=ax, label=name)
ax.axhline(4.0, color=ss.PALETTE[2], ls=":", lw=1)
ax.legend()
fig.tight_layout()

# %% [markdown]
# As shipped, from −1.5 with rate 1, the L1 run cycles through 3.5 and 4.5
# and its loss never drops below 0.5, while the L2 run reaches 4 in a single
# step, because the rate 1 is exactly $1/L''$.
