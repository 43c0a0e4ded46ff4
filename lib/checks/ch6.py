"""Checks for the exercises of Chapter 6 (``import lib.checks.ch6 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from lib.checks._core import call, matrix, passed, predictions, require
from lib.figures import from_image, hausdorff
from lib.shadow import best_linear_map, flow_constraints, function_stabilizer

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(symmetric_partner: Callable) -> None:
    """``symmetric_partner(points)`` must pair the plus sign with itself so that the fit is a non-trivial symmetry.

    Example
    -------
    >>> def symmetric_partner(points):
    ...     rotated = points @ np.array([[0.0, -1.0], [1.0, 0.0]]).T
    ...     return np.array([np.argmin(np.linalg.norm(points - q, axis=1)) for q in rotated])
    >>> exercise_1(symmetric_partner)
    Exercise 6.1 passed: the fitted map [[0.0, -1.0], [1.0, 0.0]] fixes the plus sign (residual < 1e-9)
    """
    plus = np.zeros((5, 5), dtype=bool)
    plus[2, :] = plus[:, 2] = True
    f = from_image(plus)
    partner = np.asarray(call("6.1", symmetric_partner, f.points.copy()))
    require(partner.shape == (len(f),) and np.issubdtype(partner.dtype, np.integer), "6.1",
            f"symmetric_partner should return {len(f)} integer indices, got shape {partner.shape}, dtype {partner.dtype}",
            "return an index array: point i corresponds to points[partner[i]].")
    require(sorted(partner.tolist()) == list(range(len(f))), "6.1", "the indices are not a permutation of the points",
            "each point of the plus must be used exactly once.")
    g, residual = best_linear_map(f.points, f.points[partner])
    require(residual < 1e-9, "6.1", f"no linear map sends each point to its partner (residual {residual:.2g})",
            "pair each point p with the point R p for a symmetry R of the plus sign.")
    require(not np.allclose(g, np.eye(2)), "6.1", "the fitted map is the identity",
            "the optimal assignment gives the identity; choose a rotation or reflection instead.")
    require(hausdorff(f, f.transform(g)) < 1e-9, "6.1", "the fitted map moves the plus sign", "use a symmetry of the plus.")
    passed("6.1", f"the fitted map {(np.round(g, 3) + 0.0).tolist()} fixes the plus sign (residual < 1e-9)")


def _near_symmetries(image: np.ndarray, threshold: float) -> int:
    return function_stabilizer(image, rtol=threshold).dim


def exercise_2(pca_near_symmetries: Callable, X: np.ndarray) -> None:
    """``pca_near_symmetries()`` must count, for each of the first 25 principal components of X, the near-symmetries.

    Example
    -------
    >>> X = np.random.default_rng(0).normal(size=(200, 64))
    >>> def counts():
    ...     components = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)[2][:25]
    ...     return [function_stabilizer(c.reshape(8, 8)).dim for c in components]
    >>> exercise_2(counts, X)
    Exercise 6.2 passed: all 25 counts right; median 0 near-symmetries
    """
    components = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)[2][:25]
    truth = np.array([_near_symmetries(c.reshape(8, 8), 0.2) for c in components])
    counts = matrix("6.2", call("6.2", pca_near_symmetries), (25,), "pca_near_symmetries()")
    wrong = np.flatnonzero(counts != truth)
    require(wrong.size == 0, "6.2",
            f"{wrong.size} of 25 counts differ (first: component {wrong[0] if wrong.size else 0})",
            "components are the rows of vt from np.linalg.svd of the centred patches; count each one's "
            "near-symmetries, function_stabilizer(...).dim.")
    passed("6.2", f"all 25 counts right; median {np.median(truth):.0f} near-symmetries")


def exercise_3(symmetry_flow: Callable, features: np.ndarray) -> None:
    """``symmetry_flow(feature)`` must return an affine flow (A, t) that nearly leaves the feature unchanged.

    The relative residual of a flow v is |M v| / (|M| |v|) for the constraint
    matrix M of :func:`lib.shadow.flow_constraints` (|M| its spectral norm). The
    least possible is M's smallest singular value relative to its largest; the
    check requires the answer's within 0.02 of it (another flow that changes the
    feature as little is as right).

    Example
    -------
    >>> def symmetry_flow(feature):
    ...     flow = function_stabilizer(feature).basis[-1]
    ...     return flow[:2, :2], flow[:2, 2]
    >>> exercise_3(symmetry_flow, np.tile(np.linspace(-1, 1, 8), (8, 1)).reshape(1, 64))
    Exercise 6.3 passed: relative residuals 0.00 for 1 features, the least possible for each
    """
    residuals = []
    for w in np.asarray(features)[:3]:
        image = w.reshape(8, 8)
        answer = call("6.3", symmetry_flow, image.copy())
        require(isinstance(answer, (tuple, list)) and len(answer) == 2, "6.3",
                f"symmetry_flow should return (A, t), got {answer!r:.80}", "return the 2x2 matrix A and the vector t.")
        v = np.concatenate([matrix("6.3", answer[0], (2, 2), "A").ravel(), matrix("6.3", answer[1], (2,), "t")])
        require(np.linalg.norm(v) > 1e-12, "6.3", "(A, t) is zero", "the zero flow fixes everything; normalize it.")
        M = flow_constraints(image)
        singular = np.linalg.svd(M, compute_uv=False)
        least = float(singular[-1] / singular[0])
        residual = float(np.linalg.norm(M @ v) / (singular[0] * np.linalg.norm(v)))
        require(residual <= least + 0.02, "6.3",
                f"your flow changes the feature more than the least-changing flow does (relative residual "
                f"{residual:.2f}, against {least:.2f})",
                "among all affine flows, take the one that changes the feature least.")
        residuals.append(residual)
    passed("6.3", f"relative residuals {', '.join(f'{r:.2f}' for r in residuals)} for {len(residuals)} "
                  "features, the least possible for each")


def exercise_4(predicted_symmetries: Callable) -> None:
    """``predicted_symmetries()`` must give the number of (near-)symmetries in Aff(2) of four images.

    Example
    -------
    >>> exercise_4(lambda: {"blob": 1, "wave": 3, "edge": 3, "checkerboard": 0})
    Exercise 6.4 passed: blob 1, wave 3, edge 3, checkerboard 0, as measured with function_stabilizer

    The edge is a smooth one, tanh(x / 0.3): it has 3 symmetries at every resolution
    (a step edge has a fourth, the scaling across it, which a 16 x 16 grid shows only
    as a singular value of 1/16).
    """
    x = np.linspace(-1, 1, 16)
    X, Y = np.meshgrid(x, x)
    images = {"blob": np.exp(-(X**2 + Y**2) / 0.3), "wave": np.cos(3 * X), "edge": np.tanh(X / 0.3),
              "checkerboard": np.cos(3 * X) * np.cos(3 * Y)}
    measured = {name: _near_symmetries(image, 0.03) for name, image in images.items()}
    detail = predictions("6.4", predicted_symmetries, measured, "the number measured with function_stabilizer",
                         "count the independent flows x -> A x + t along the level lines of the image.")
    passed("6.4", detail + ", as measured with function_stabilizer")
