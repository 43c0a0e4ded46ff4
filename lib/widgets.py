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

import base64
import html
import io
from typing import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from numpy.typing import ArrayLike

from lib._validate import as_float_array
from lib.figures import hausdorff
from lib.moduli import generalized_edge, swept_shape
from lib.paper import figure3_distances, paper_figure3
from lib.plotting import PALETTE, plot_figure

__all__ = [
    "Explorer", "plot_gl2_action", "gl2_explorer", "plot_generalized_edge", "generalized_edge_explorer",
]


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
        plot_figure(ax, f, color=PALETTE[0], label="f")
        plot_figure(ax, moved, color=PALETTE[1], label="g·f")
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


class Explorer(widgets.VBox):
    """An explorer widget: sliders, a status line and a picture; its text form is stable for nbval."""

    def __init__(self, children: list, title: str) -> None:
        super().__init__(children)
        self.title = title

    def __repr__(self) -> str:  # shown where widgets cannot run
        return f"{self.title}: move the sliders in a live notebook (Binder or Jupyter)"


def _explorer(title: str, sliders: dict, draw: Callable[[dict], tuple], columns: int) -> Explorer:
    """Sliders whose values ``draw`` turns into ``(status text, matplotlib Figure or None)``.

    The picture is an HTML ``img`` (not an Image widget) so that it carries an alt text.
    """
    image = widgets.HTML()
    status = widgets.Label()

    def redraw(_change=None):
        text, fig = draw({name: s.value for name, s in sliders.items()})
        status.value = text
        if fig is not None:
            encoded = base64.b64encode(_png(fig)).decode("ascii")
            image.value = f'<img alt="{html.escape(title + ": " + text)}" src="data:image/png;base64,{encoded}"/>'

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    boxes = [widgets.VBox(list(sliders.values())[i::columns]) for i in range(columns)]
    return Explorer([widgets.HBox(boxes), status, image], title)


def gl2_explorer() -> Explorer:
    """Sliders for the entries of ``g`` in GL(2), redrawing :func:`plot_gl2_action`.

    Display the result in Jupyter. Example: ``gl2_explorer()``.
    """
    sliders = {
        name: widgets.FloatSlider(value=value, min=-2.0, max=2.0, step=0.05, description=name)
        for name, value in zip("abcd", (1.0, 0.5, 0.0, 1.0))
    }

    def draw(v: dict) -> tuple:
        g = np.array([[v["a"], v["b"]], [v["c"], v["d"]]])
        if abs(np.linalg.det(g)) < 1e-9:
            return "det g = 0: g is not in GL(2)", None
        return f"det g = {np.linalg.det(g):.2f}", plot_gl2_action(g)

    return _explorer("GL(2) explorer", sliders, draw, columns=2)


def plot_generalized_edge(P1: ArrayLike, P2: ArrayLike, ax: Axes | None = None) -> MplFigure:
    """The segments of the generalized edge ``P1 P2`` (points of R^4) and the region they sweep.

    Example
    -------
    >>> fig = plot_generalized_edge([0, 0, 2, 0], [0, 0, 0, 2])
    >>> fig.axes[0].get_title()
    'triangle, area 2.00'
    """
    shape = swept_shape(P1, P2)
    if ax is None:
        fig, ax = plt.subplots(figsize=(3.4, 3.4))
    else:
        fig = ax.figure
    segments = generalized_edge(P1, P2, n=15)
    for k, (a, b) in enumerate(segments):
        color = PALETTE[0] if k == 0 else PALETTE[1] if k == len(segments) - 1 else "grey"
        ax.plot(*np.column_stack([a, b]), color=color, lw=2.5 if color != "grey" else 0.8)
    outline = np.vstack([shape.vertices, shape.vertices[:1]])
    ax.plot(*outline.T, color=PALETTE[2], lw=1, ls="--")
    ax.set_aspect("equal")
    ax.set_title(f"{shape.kind}, area {shape.area:.2f}", fontsize=9)
    return fig


def generalized_edge_explorer() -> Explorer:
    """Sliders for the endpoints of two segments (``P1`` blue, ``P2`` orange), redrawing :func:`plot_generalized_edge`.

    Display the result in Jupyter. Example: ``generalized_edge_explorer()``.
    """
    start = dict(zip(["a1x", "a1y", "b1x", "b1y", "a2x", "a2y", "b2x", "b2y"], [0, 0, 2, 2, 0, 2, 2, 0]))
    sliders = {name: widgets.FloatSlider(value=v, min=-2.0, max=3.0, step=0.1, description=name)
               for name, v in start.items()}

    def draw(v: dict) -> tuple:
        P1 = [v["a1x"], v["a1y"], v["b1x"], v["b1y"]]
        P2 = [v["a2x"], v["a2y"], v["b2x"], v["b2y"]]
        if P1[:2] == P1[2:] or P2[:2] == P2[2:]:
            return "a segment has equal endpoints: outside the moduli space", None
        return f"P1 = {P1}, P2 = {P2}", plot_generalized_edge(P1, P2)

    return _explorer("Generalized-edge explorer", sliders, draw, columns=4)
