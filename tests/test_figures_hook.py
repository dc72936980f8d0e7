"""The figures hook's SVG slimming: smaller files that draw the same thing."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import stepsize as ss
from hooks.figures import slim_svg

MARK = '<use xlink:href="#m1" x="{x}" y="{y}" style="fill: #0072b2"/>'


def test_coordinates_are_rounded_and_scales_kept() -> None:
    svg = (
        '<svg><path d="M 72.937073 209.117422 \nL 3 -0.001 \nz\n"/>'
        '<g transform="translate(10.123456 -2.5) scale(0.015625 -0.015625)"/>'
        '<use xlink:href="#m1" x="1.005001" y="2"/></svg>'
    )
    slim = slim_svg(svg)
    assert 'd="M 72.94 209.12 L 3 0 z"' in slim
    assert "translate(10.12 -2.5) scale(0.015625 -0.015625)" in slim
    assert 'x="1.01" y="2"' in slim


def test_repeated_markers_merge_within_one_run_only() -> None:
    run = MARK.format(x=1, y=2) * 3 + MARK.format(x=5, y=2)
    other = '<path d="M 0 0"/>' + MARK.format(x=1, y=2)
    faint = MARK.format(x=1, y=2).replace("fill:", "opacity: 0.5; fill:") * 2
    slim = slim_svg(f"<svg><g>{run}</g><g>{other}</g>{faint}</svg>")
    assert slim.count('x="1" y="2" style="fill: #0072b2"') == 2  # once per run
    assert slim.count('x="5"') == 1
    assert slim.count("opacity") == 2  # translucent copies add up: both stay


def test_a_real_figure_slims_and_stays_the_same_drawing() -> None:
    loss = ss.AbsoluteLoss(1.0, 5.0)
    run = ss.descend(loss, -1.5, 1.0, steps=300)  # ends bouncing on two points
    with plt.rc_context(ss.STYLE):
        fig, ax = plt.subplots()
        ss.plot_loss_path(run, loss, ax=ax)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    svg = buffer.getvalue()
    slim = slim_svg(svg)
    ET.fromstring(slim)  # still well-formed XML
    assert len(slim) < 0.5 * len(svg)

    def markers(text: str) -> set[tuple[float, float]]:
        found = re.findall(r'<use [^>]*x="([-\d.]+)" y="([-\d.]+)"', text)
        return {(round(float(x), 2), round(float(y), 2)) for x, y in found}

    assert markers(slim) == markers(svg)  # every visited point is still drawn
    assert len(re.findall("<use ", slim)) < len(re.findall("<use ", svg))
