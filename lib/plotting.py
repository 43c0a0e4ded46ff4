"""One figure style for the whole book.

The palette is Okabe and Ito's, safe for the common forms of colour blindness.

Example
-------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from lib.figures import circle
>>> fig, ax = plt.subplots()
>>> plot_figure(ax, circle())
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from numpy.typing import ArrayLike

from lib._validate import as_float_array, as_int, as_positive_float
from lib.figures import Figure

__all__ = ["PALETTE", "plot_figure", "show_images", "plot_tubes"]

#: Okabe-Ito colours: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def plot_figure(ax: Axes, figure: Figure, *, color: str = PALETTE[0], label: str | None = None, size: float = 4.0) -> None:
    """Draw a planar figure's samples on ``ax``; pinned points as larger dots.

    Example: ``plot_figure(ax, circle(), label="circle")`` (see the module docstring).

    Parameters
    ----------
    ax : matplotlib Axes
    figure : Figure in R^2
    color : str
    label : str, optional
    size : float
        Marker area of the ordinary samples.
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a Figure, got {type(figure).__name__}")
    if figure.n != 2:
        raise ValueError(f"figure must lie in R^2 to be plotted, got R^{figure.n}")
    size = as_positive_float(size, "size")
    free = ~figure.pinned
    ax.scatter(*figure.points[free].T, s=size, color=color, label=label, linewidths=0)
    if figure.pinned.any():
        ax.scatter(*figure.points[figure.pinned].T, s=max(25.0, 2 * size), color=color, edgecolors="black", linewidths=0.5)
    ax.set_aspect("equal")


def show_images(
    images: ArrayLike, titles: list | None = None, *, ncols: int | None = None, size: float = 1.6
) -> MplFigure:
    """Show binary or gray images in a grid, without ticks; returns the matplotlib Figure.

    Example
    -------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig = show_images(np.zeros((3, 4, 4)), titles=["a", "b", "c"])
    >>> len(fig.axes)
    3
    """
    images = as_float_array(images, "images", ndim=3)
    if min(images.shape) == 0:
        raise ValueError(f"images must hold at least one non-empty image, got shape {images.shape}")
    k = len(images)
    if titles is not None and (not isinstance(titles, (list, tuple)) or len(titles) != k):
        raise ValueError(f"titles must be a list of {k} entries, got {titles!r}")
    ncols = k if ncols is None else as_int(ncols, "ncols")
    size = as_positive_float(size, "size")
    if not 0.1 <= size <= 100:
        raise ValueError(f"size must lie in [0.1, 100] (inches per image), got {size}")
    nrows = -(-k // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for i, image in enumerate(images):
        ax = axes.ravel()[i]
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        ax.axis("on")
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    fig.tight_layout()
    return fig


def plot_tubes(*, radii: tuple = (0.4, 0.2)) -> MplFigure:
    """The eps-tubes around a point, a line and a plane in R^3 (a ball, a cylinder, a slab), for one or two radii.

    Their volumes scale like eps^3, eps^2 and eps: the codimension is the exponent.

    Example
    -------
    >>> fig = plot_tubes()
    >>> [ax.get_title() for ax in fig.axes]
    ['point: ball, vol ∝ ε³', 'line: cylinder, vol ∝ ε²', 'plane: slab, vol ∝ ε']
    >>> plt.close(fig)
    """
    if not isinstance(radii, (tuple, list)) or not 1 <= len(radii) <= 2:
        raise ValueError(f"radii must be one or two radii, got {radii!r}")
    radii = [as_positive_float(r, "radii[k]") for r in radii]
    fig = plt.figure(figsize=(9, 3.2))
    u, w = np.meshgrid(np.linspace(0, 2 * np.pi, 40), np.linspace(0, np.pi, 20))
    s_ = np.linspace(-1, 1, 2)
    for k, (title, tube) in enumerate([("point: ball, vol ∝ ε³", "ball"), ("line: cylinder, vol ∝ ε²", "cylinder"),
                                       ("plane: slab, vol ∝ ε", "slab")]):
        ax = fig.add_subplot(1, 3, k + 1, projection="3d")
        for eps_, color in zip(radii, PALETTE):
            if tube == "ball":
                X, Y, Z = eps_ * np.cos(u) * np.sin(w), eps_ * np.sin(u) * np.sin(w), eps_ * np.cos(w)
            elif tube == "cylinder":
                X, Z = eps_ * np.cos(u[0])[None, :] * np.ones((2, 1)), eps_ * np.sin(u[0])[None, :] * np.ones((2, 1))
                Y = s_[:, None] * np.ones((1, u.shape[1]))
            else:
                X, Y = np.meshgrid(s_, s_)
                for z in (-eps_, eps_):
                    ax.plot_surface(X, Y, np.full_like(X, z), color=color, alpha=0.25, linewidth=0)
                continue
            ax.plot_surface(X, Y, Z, color=color, alpha=0.35, linewidth=0)
        if tube == "cylinder":
            ax.plot([0, 0], [-1, 1], [0, 0], color="black")
        elif tube == "slab":
            ax.plot_surface(*np.meshgrid(s_, s_), np.zeros((2, 2)), color="black", alpha=0.6)
        else:
            ax.scatter([0], [0], [0], color="black", s=8)
        ax.set(xlim=(-1, 1), ylim=(-1, 1), zlim=(-1, 1), xticks=[], yticks=[], zticks=[])
        ax.set_title(title, fontsize=9)
    fig.suptitle("ε-tubes for ε = " + " and ".join(f"{r:g} ({c})" for r, c in zip(radii, ("blue", "orange"))),
                 fontsize=9)
    return fig
