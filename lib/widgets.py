"""Interactive explorers for Jupyter, each with a static figure for the website.

Each explorer is built on a plain plotting function (its static fallback,
shown on the website where no kernel runs) and redraws it into an image
widget, so a live notebook and the static page show the same picture.

Example
-------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> fig = plot_gl2_action([[1.0, 0.5], [0.0, 1.0]])
>>> len(fig.axes)
3
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure as MplFigure
from numpy.typing import ArrayLike

from lib._validate import as_float_array
from lib.figures import hausdorff, paper_figure3
from lib.plotting import PALETTE, plot_figure
from lib.walks import figure3_distances

__all__ = ["plot_gl2_action", "GL2Explorer", "gl2_explorer"]


def plot_gl2_action(g: ArrayLike) -> MplFigure:
    """Each Figure-3 shape (blue) and its image under ``g`` (orange).

    Each title gives the Hausdorff distance between ``g . f`` and ``f`` and the
    (Frobenius) distance from ``g`` to the stabilizer of ``f``.

    Returns the matplotlib Figure; ``g`` must be an invertible 2 x 2 matrix.

    Example
    -------
    >>> fig = plot_gl2_action([[0.0, -1.0], [1.0, 0.0]])  # a rotation moves the edge, not the circle
    >>> fig.axes[1].get_title().splitlines()
    ['circle', 'd(g·f, f) = 0.00, d(g, S_f) = 0.00']
    """
    g = as_float_array(g, "g", ndim=2)
    if g.shape != (2, 2):
        raise ValueError(f"g must be a 2 x 2 matrix, got shape {g.shape}")
    if abs(np.linalg.det(g)) < 1e-9:
        raise ValueError(f"g must be invertible (|det g| = {abs(np.linalg.det(g)):.2g})")
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.4))
    distances = figure3_distances()
    for ax, (name, f) in zip(axes, paper_figure3().items()):
        moved = f.transform(g)
        plot_figure(ax, f, PALETTE[0], label="f")
        plot_figure(ax, moved, PALETTE[1], label="g·f")
        to_stabilizer = float(distances[name](g))
        ax.set_title(f"{name}\nd(g·f, f) = {hausdorff(f, moved):.2f}, d(g, S_f) = {to_stabilizer:.2f}", fontsize=9)
        ax.set_xlim(-2.5, 2.5)
        ax.set_ylim(-2.5, 2.5)
    axes[0].legend(loc="upper left", fontsize=8)
    fig.suptitle(f"g = [[{g[0, 0]:.2f}, {g[0, 1]:.2f}], [{g[1, 0]:.2f}, {g[1, 1]:.2f}]]", fontsize=10)
    fig.tight_layout()
    return fig


def _png(fig: MplFigure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    plt.close(fig)
    return buffer.getvalue()


class GL2Explorer(widgets.VBox):
    """The widget :func:`gl2_explorer` returns; its text form is stable for nbval."""

    def __repr__(self) -> str:  # shown where widgets cannot run
        return "GL(2) explorer: move the sliders in a live notebook (Binder or Jupyter)"


def gl2_explorer() -> GL2Explorer:
    """Sliders for the entries of ``g`` in GL(2), redrawing :func:`plot_gl2_action`.

    Display the result in Jupyter. Example: ``gl2_explorer()``.
    """
    sliders = {
        name: widgets.FloatSlider(value=value, min=-2.0, max=2.0, step=0.05, description=name)
        for name, value in zip("abcd", (1.0, 0.5, 0.0, 1.0))
    }
    image = widgets.Image(format="png")
    status = widgets.Label()

    def redraw(_change=None):
        g = np.array([[sliders["a"].value, sliders["b"].value], [sliders["c"].value, sliders["d"].value]])
        if abs(np.linalg.det(g)) < 1e-9:
            status.value = "det g = 0: g is not in GL(2)"
            return
        status.value = f"det g = {np.linalg.det(g):.2f}"
        image.value = _png(plot_gl2_action(g))

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    controls = widgets.HBox([widgets.VBox([sliders["a"], sliders["c"]]), widgets.VBox([sliders["b"], sliders["d"]])])
    return GL2Explorer([controls, status, image])

