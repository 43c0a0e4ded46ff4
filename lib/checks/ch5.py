"""Checks for the exercises of Chapter 5 (``import lib.checks.ch5 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.linalg import expm

from lib.checks._core import Passed, call, matrix, require
from lib.groups import Aff
from lib.shadow import interpolate_deformation, jacobian_determinants

__all__ = ["exercise_1", "exercise_2", "exercise_3"]


def _moved_circle(g: np.ndarray) -> np.ndarray:
    """(Q upper triangle, centre) of the ellipse g . circle = {x : (x - c)^T Q (x - c) = 1}."""
    A_inv = np.linalg.inv(g[:2, :2])
    Q = A_inv.T @ A_inv
    return np.concatenate([Q[np.triu_indices(2)], g[:2, 2]])


def exercise_1(ellipse_velocity: Callable) -> Passed:
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
        require(np.allclose(v, expected, atol=1e-6), "5.1",
                f"for Y = {np.round(Y, 3).tolist()} you give {np.round(v, 4).tolist()}, "
                f"finite differences give {np.round(expected, 4).tolist()}",
                "exp(tY) maps the circle to {x : (x - c)^T Q (x - c) = 1} with Q = A^-T A^-1 and c = t-part; "
                "differentiate Q at t = 0; order the entries Q11, Q12, Q22, c1, c2.")
        velocities.append(v)
    rank = np.linalg.matrix_rank(np.array(velocities[:6]), tol=1e-8)
    return Passed("5.1", f"matches finite differences for {len(directions)} directions; rank {rank}, "
                  f"stabilizer of dimension {6 - rank}")


def exercise_2(swapping_correspondence: Callable) -> Passed:
    """``swapping_correspondence()`` must give a one-to-one correspondence whose thin-plate extension folds.

    Example
    -------
    >>> corners = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]]
    >>> exercise_2(lambda: (np.array(corners + [[-0.5, 0], [0.5, 0]]), np.array(corners + [[0.5, 0], [-0.5, 0]])))
    Exercise 5.2 passed: 6 points matched one to one; det J runs from -1.41 to 1.82 on the square
    """
    answer = call("5.2", swapping_correspondence)
    require(isinstance(answer, tuple) and len(answer) == 2, "5.2",
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
    return Passed("5.2", f"{len(src)} points matched one to one; det J runs from {dets.min():.2f} to {dets.max():.2f} "
                  "on the square")


def exercise_3(threshold_study: Callable) -> Passed:
    """``threshold_study(thresholds)`` must show: at 0.1 injective yet folding, at 0.5 not injective.

    Example
    -------
    >>> exercise_3(lambda ts: {0.5: (7, False, -0.4), 0.1: (20, True, -0.1)})
    Exercise 5.3 passed: 7 output points at 0.5 (not injective), 20 at 0.1 (injective, min det J -0.10)
    """
    result = call("5.3", threshold_study, (0.5, 0.1))
    require(isinstance(result, dict) and {0.5, 0.1} <= set(result), "5.3",
            f"threshold_study((0.5, 0.1)) should return a dict with keys 0.5 and 0.1, got {result!r:.80}",
            "return {threshold: (number of output points, injective, smallest det J)}.")
    (n_high, inj_high, _), (n_low, inj_low, det_low) = result[0.5], result[0.1]
    require(n_low > n_high, "5.3", f"{n_low} output points at 0.1, not more than {n_high} at 0.5",
            "a lower threshold turns more pixels of omega(f) on.")
    require(not inj_high and inj_low, "5.3", f"injective at 0.5: {inj_high}, at 0.1: {inj_low}",
            "16 input pixels cannot go one to one onto 7 output pixels; with enough pixels they can.")
    require(det_low < 0, "5.3", f"the extension at 0.1 does not fold (min det J {det_low:.2f})",
            "use jacobian_determinants on the chapter's grid.")
    return Passed("5.3", f"{n_high} output points at 0.5 (not injective), {n_low} at 0.1 "
                  f"(injective, min det J {det_low:.2f})")
