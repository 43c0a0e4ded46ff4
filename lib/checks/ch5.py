"""Checks for the exercises of Chapter 5 (``import lib.checks.ch5 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy import ndimage
from scipy.linalg import expm

from lib.checks._core import call, matrix, passed, require
from lib.groups import Aff
from lib.shadow import interpolate_deformation, jacobian_determinants

__all__ = ["exercise_1", "exercise_2", "exercise_3"]


def _moved_circle(g: np.ndarray) -> np.ndarray:
    """(Q upper triangle, centre) of the ellipse g . circle = {x : (x - c)^T Q (x - c) = 1}."""
    A_inv = np.linalg.inv(g[:2, :2])
    Q = A_inv.T @ A_inv
    return np.concatenate([Q[np.triu_indices(2)], g[:2, 2]])


def exercise_1(ellipse_velocity: Callable) -> None:
    """``ellipse_velocity(Y)`` must be the derivative of t -> exp(tY) . circle in (Q, c) coordinates.

    Example
    -------
    >>> def ellipse_velocity(Y):
    ...     X, t = Y[:2, :2], Y[:2, 2]
    ...     return np.concatenate([(-(X.T + X))[np.triu_indices(2)], t])
    >>> exercise_1(ellipse_velocity)
    Exercise 5.1 passed: matches finite differences for 9 directions; rank 5, stabilizer of dimension 1
    """
    rng = np.random.default_rng(0)
    directions = list(Aff(2).basis()) + [Aff(2).basis().T @ rng.normal(size=6) for _ in range(3)]
    directions = [np.asarray(Y, dtype=float) for Y in directions]
    velocities = []
    h = 1e-5
    for Y in directions:
        expected = (_moved_circle(expm(h * Y)) - _moved_circle(expm(-h * Y))) / (2 * h)
        v = matrix("5.1", call("5.1", ellipse_velocity, Y.copy()), (5,), "ellipse_velocity(Y)")
        wrong = [name for name, a, b in zip(("Q11", "Q12", "Q22", "c1", "c2"), v, expected) if abs(a - b) > 1e-6]
        require(not wrong, "5.1",
                f"for Y = {np.round(Y, 3).tolist()} your {', '.join(wrong)} do not match finite differences",
                "exp(tY) maps the circle to {x : (x - c)^T Q (x - c) = 1} with Q = A^-T A^-1 and c = t-part; "
                "differentiate Q at t = 0; order the entries Q11, Q12, Q22, c1, c2.")
        velocities.append(v)
    rank = np.linalg.matrix_rank(np.array(velocities[:6]), tol=1e-8)
    passed("5.1", f"matches finite differences for {len(directions)} directions; rank {rank}, "
                  f"stabilizer of dimension {6 - rank}")


def exercise_2(swapping_correspondence: Callable) -> None:
    """``swapping_correspondence()`` must give a one-to-one correspondence whose thin-plate extension folds.

    Example
    -------
    >>> corners = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]]
    >>> exercise_2(lambda: (np.array(corners + [[-0.5, 0], [0.5, 0]]), np.array(corners + [[0.5, 0], [-0.5, 0]])))
    Exercise 5.2 passed: 6 points matched one to one; det J runs from -1.41 to 1.82 on the square
    """
    answer = call("5.2", swapping_correspondence)
    require(isinstance(answer, (tuple, list)) and len(answer) == 2, "5.2",
            f"swapping_correspondence() should return (sources, targets), got {answer!r:.80}", "return two arrays.")
    src = np.asarray(answer[0], dtype=float)
    dst = matrix("5.2", answer[1], src.shape, "the targets") if src.ndim == 2 else None
    require(src.ndim == 2 and src.shape[1] == 2 and len(src) >= 2, "5.2", f"sources have shape {src.shape}",
            "return sources of shape (N, 2).")
    for name, pts in (("sources", src), ("targets", dst)):
        require(len(np.unique(np.round(pts, 9), axis=0)) == len(pts), "5.2", f"two of the {name} coincide",
                "a one-to-one correspondence: distinct sources, distinct targets.")
    grid_1d = np.linspace(-1, 1, 41)
    grid = np.stack(np.meshgrid(grid_1d, grid_1d), axis=-1).reshape(-1, 2)
    dets = jacobian_determinants(interpolate_deformation(src, dst), grid)
    require(dets.min() < 0 < dets.max(), "5.2",
            f"det J stays in [{dets.min():.2f}, {dets.max():.2f}] on [-1, 1]^2: no fold",
            "let two points trade places while points around them stay put.")
    passed("5.2", f"{len(src)} points matched one to one; det J runs from {dets.min():.2f} to {dets.max():.2f} "
                  "on the square")


def _cases() -> dict[str, tuple[np.ndarray, tuple[int, int]]]:
    ring = np.ones((3, 3), dtype=bool)
    ring[1, 1] = False
    corner_gap = np.pad(ring, 1)
    corner_gap[1, 3] = False  # the ring's top-right square removed: its neighbours meet at a corner
    bar_across = np.zeros((5, 5), dtype=bool)
    bar_across[:, 2] = True
    return {  # ordered so that the first case to fail points to the mistake
        "two separate squares": (np.array([[1, 0, 1]], dtype=bool), (2, 0)),
        "a ring filling its image": (ring, (1, 1)),
        "a chain of squares touching at corners": (np.eye(4, dtype=bool), (1, 0)),
        "a ring whose gap is a single corner point": (corner_gap, (1, 1)),
        "a bar from edge to edge of the image": (bar_across, (1, 0)),
        "an empty image": (np.zeros((3, 3), dtype=bool), (0, 0)),
    }


_EIGHT = np.ones((3, 3), dtype=int)
_CORNER_HINT = ("closed squares that touch at a corner share that point, so they are connected: which "
                "structuring element does scipy.ndimage.label need for that?")
_PAD_HINT = ("the outside of the figure is one region, also where the figure touches the image's border: pad "
             "the image with empty pixels before labelling its complement.")
_GAP_HINT = ("two empty squares that meet only at a corner are not joined there: that corner point belongs to "
             "the figure. Label the complement with edge-connectivity only.")


def _hint(image: np.ndarray, found: np.ndarray, expected: tuple[int, int]) -> str:
    """The hint for the mistake that explains the answer, if a typical one does."""
    if found[0] != expected[0]:
        if found[0] == ndimage.label(image)[1]:
            return _CORNER_HINT
        return "count every connected piece of the figure, with scipy.ndimage.label."
    if found[1] == expected[1] + 1:
        return "the outside of the figure is not a hole: of the complement's regions, do not count the outside one."
    if found[1] == ndimage.label(~image)[1] - 1:
        return _PAD_HINT
    if found[1] == ndimage.label(~np.pad(image, 1), structure=_EIGHT)[1] - 1:
        return _GAP_HINT
    return "a hole is a bounded region of the complement: label the complement and do not count the outside."


def exercise_3(components_and_holes: Callable) -> None:
    """``components_and_holes(image)`` must count the pieces and holes of the union of the closed on-squares.

    Example
    -------
    >>> from lib.shadow import binary_topology
    >>> exercise_3(lambda image: (binary_topology(image).components, binary_topology(image).holes))
    Exercise 5.3 passed: right for 6 test figures, corner contacts and border cases included
    """
    for name, (image, expected) in _cases().items():
        answer = call("5.3", components_and_holes, image.copy())
        found = matrix("5.3", answer, (2,), f"components_and_holes({name})")
        require(bool(np.array_equal(found, expected)), "5.3",
                f"for {name} you found (components, holes) = {tuple(int(v) for v in found)}",
                _hint(image, found, expected))
    passed("5.3", f"right for {len(_cases())} test figures, corner contacts and border cases included")
