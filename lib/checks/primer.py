"""Checks for the primer's exercises (``import lib.checks.primer as check``); they print "Exercise P.k passed"."""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.linalg import expm

from lib.checks._core import call, matrix, passed, predictions, require
from lib.pixel_groups import dihedral_group

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4", "exercise_5", "exercise_6", "exercise_7",
           "exercise_8"]

# The primer's L-shaped figure: three pixels in a corner of a 3 x 3 image.
L_SHAPE = np.array([[1, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=bool)


def exercise_1(corner_matrix: Callable) -> None:
    """``corner_matrix()`` must be the matrix that sends (1, 0) to (2, 1) and (0, 1) to (-1, 1).

    Example
    -------
    >>> exercise_1(lambda: [[2, -1], [1, 1]])
    Exercise P.1 passed: (1, 0) goes to (2, 1) and (0, 1) to (-1, 1)
    """
    A = matrix("P.1", call("P.1", corner_matrix), (2, 2), "corner_matrix()")
    require(not np.allclose(A, [[2, 1], [-1, 1]]), "P.1", "your matrix sends (1, 0) to (2, -1): its rows are "
            "the images", "a matrix acts on a column vector: its columns are the images of (1, 0) and (0, 1).")
    require(np.allclose(A @ [1, 0], [2, 1]), "P.1", f"your matrix sends (1, 0) to {tuple(np.round(A @ [1, 0], 3))}",
            "the first column of the matrix is where (1, 0) goes.")
    require(np.allclose(A @ [0, 1], [-1, 1]), "P.1", f"your matrix sends (0, 1) to {tuple(np.round(A @ [0, 1], 3))}",
            "the second column of the matrix is where (0, 1) goes.")
    passed("P.1", "(1, 0) goes to (2, 1) and (0, 1) to (-1, 1)")


def exercise_2(flow: Callable) -> None:
    """``flow(X, p, t)`` must be the point ``exp(tX) p`` that the flow of ``X`` reaches from ``p`` at time ``t``.

    Example
    -------
    >>> exercise_2(lambda X, p, t: expm(t * X) @ p)
    Exercise P.2 passed: rotation, scaling, shear and a mixture, forwards and backwards in time
    """
    cases = [([[0, -1], [1, 0]], [1, 0], np.pi / 2), ([[1, 0], [0, 1]], [1, 2], np.log(3)),
             ([[0, 1], [0, 0]], [0.5, 1], 2.0), ([[0.3, -1.2], [0.7, -0.4]], [1, -1], -1.5)]
    for X, p, t in cases:
        X, p = np.array(X, dtype=float), np.array(p, dtype=float)
        q = matrix("P.2", call("P.2", flow, X.copy(), p.copy(), t), (2,), f"flow({X.tolist()}, {p.tolist()}, {t:.3g})")
        expected = expm(t * X) @ p
        if not np.allclose(q, expected, atol=1e-6):
            elementwise = np.exp(t * X) @ p
            require(not np.allclose(q, elementwise, atol=1e-6), "P.2",
                    f"flow({X.tolist()}, {p.tolist()}, {t:.3g}) is off: you took the exponential of each entry",
                    "np.exp works entry by entry; the matrix exponential is scipy.linalg.expm (or the series "
                    "I + tX + (tX)^2/2! + ...).")
            require(False, "P.2", f"flow({X.tolist()}, {p.tolist()}, {t:.3g}) is not on the flow's path",
                    "the point reached is exp(tX) @ p: the matrix exponential of t X, applied to p.")
    passed("P.2", "rotation, scaling, shear and a mixture, forwards and backwards in time")


def _basis(exercise: str, function: Callable, what: str) -> np.ndarray:
    answer = call(exercise, function)
    require(isinstance(answer, (list, tuple, np.ndarray)) and len(answer) > 0, exercise,
            f"{what} should return a list of 2 x 2 matrices, got {answer!r:.80}", "return [X1, X2, ...].")
    return np.array([matrix(exercise, X, (2, 2), f"element {i} of {what}") for i, X in enumerate(answer)])


def _spans(exercise: str, basis: np.ndarray, in_algebra: Callable, dimension: int, what: str, hint: str) -> None:
    for i, X in enumerate(basis):
        require(in_algebra(X), exercise, f"element {i} of {what} is not in the Lie algebra", hint)
    rank = np.linalg.matrix_rank(basis.reshape(len(basis), 4), tol=1e-9)
    require(rank == len(basis), exercise, f"the {len(basis)} matrices of {what} are linearly dependent",
            "a basis has no element that is a combination of the others.")
    require(len(basis) >= dimension, exercise, f"{what} has {len(basis)} independent elements: some are missing",
            "every matrix of the Lie algebra must be a combination of your basis; which entries may be nonzero?")


def exercise_3(upper_triangular_algebra: Callable) -> None:
    """``upper_triangular_algebra()`` must be a basis of the Lie algebra of the group of invertible upper-triangular 2 x 2 matrices.

    Example
    -------
    >>> exercise_3(lambda: [np.array([[1, 0], [0, 0]]), np.array([[0, 1], [0, 0]]), np.array([[0, 0], [0, 1]])])
    Exercise P.3 passed: a basis of the Lie algebra
    """
    basis = _basis("P.3", upper_triangular_algebra, "upper_triangular_algebra()")
    _spans("P.3", basis, lambda X: abs(X[1, 0]) < 1e-9, 3, "upper_triangular_algebra()",
           "exp(tX) stays upper triangular for every t exactly when X is upper triangular.")
    passed("P.3", "a basis of the Lie algebra")


def exercise_4(line_stabilizer_algebra: Callable) -> None:
    """``line_stabilizer_algebra()`` must be a basis of the X whose flows keep the x-axis (a whole line) in place.

    Example
    -------
    >>> exercise_4(lambda: [np.array([[1, 0], [0, 0]]), np.array([[0, 1], [0, 0]]), np.array([[0, 0], [0, 1]])])
    Exercise P.4 passed: a basis of the flows that keep the line in place
    """
    basis = _basis("P.4", line_stabilizer_algebra, "line_stabilizer_algebra()")
    _spans("P.4", basis, lambda X: abs((X @ [1.0, 0.0])[1]) < 1e-9, 3, "line_stabilizer_algebra()",
           "at a point p = (x, 0) of the line the velocity X p must point along the line: its second entry is 0.")
    passed("P.4", "a basis of the flows that keep the line in place")


def exercise_5(ellipse_matrix: Callable) -> None:
    """``ellipse_matrix(g)`` must be the Q with g . circle = {x : x^T Q x = 1}.

    Example
    -------
    >>> exercise_5(lambda g: np.linalg.inv(g @ g.T))
    Exercise P.5 passed: the ellipse g . circle for 5 matrices g
    """
    rng = np.random.default_rng(5)
    for g in [np.array([[2.0, 0.0], [0.0, 0.5]]), np.array([[1.0, 1.5], [0.0, 1.0]])] + list(
            np.eye(2) + 0.6 * rng.standard_normal((3, 2, 2))):
        Q = matrix("P.5", call("P.5", ellipse_matrix, g.copy()), (2, 2), f"ellipse_matrix({np.round(g, 2).tolist()})")
        points = np.array([np.cos(a) * g[:, 0] + np.sin(a) * g[:, 1] for a in np.linspace(0, 2 * np.pi, 12)])
        on_it = np.allclose(np.einsum("ni,ij,nj->n", points, Q, points), 1, atol=1e-6)
        require(on_it or not np.allclose(Q, g @ g.T, atol=1e-6), "P.5",
                "the points of g . circle do not satisfy x^T Q x = 1 for your Q, which is g g^T",
                "x is on g . circle when g^-1 x is on the circle: |g^-1 x|^2 = 1. Something must be inverted.")
        require(on_it, "P.5", "the points g c of g . circle (c on the circle) do not satisfy x^T Q x = 1",
                "x is on g . circle when g^-1 x is on the unit circle: write |g^-1 x|^2 as x^T Q x.")
    passed("P.5", "the ellipse g . circle for 5 matrices g")


def exercise_6(orbit_stabilizer_predictions: Callable) -> None:
    """``orbit_stabilizer_predictions()`` must predict the L-shape's orbit and stabilizer sizes and the circle's orbit dimension.

    Example
    -------
    >>> exercise_6(lambda: {"orbit size": 4, "stabilizer size": 2, "circle orbit dimension": 3})
    Exercise P.6 passed: every prediction is right
    """
    D4 = dihedral_group(3)
    measured = {"orbit size": len(D4.orbit(L_SHAPE)), "stabilizer size": len(D4.stabilizer(L_SHAPE)),
                "circle orbit dimension": 4 - 1}  # dim GL(2) - dim O(2); the centred ellipses are 3 numbers
    predictions("P.6", orbit_stabilizer_predictions, measured, "what the group gives",
                         "count the 8 symmetries of the square that leave the L in place, then use "
                         "|orbit| x |stabilizer| = 8; for the circle, dim orbit = dim GL(2) - dim stabilizer.")
    passed("P.6", "every prediction is right")


def exercise_7(compact_predictions: Callable) -> None:
    """``compact_predictions()`` must say which of five groups of 2 x 2 matrices are compact.

    Example
    -------
    >>> exercise_7(lambda: {"SO(2)": True, "O(2)": True, "diagonal with entries 1 or -1": True,
    ...                     "the edge's stabilizer": False, "GL(2)": False})
    Exercise P.7 passed: every prediction is right
    """
    measured = {"SO(2)": True, "O(2)": True, "diagonal with entries 1 or -1": True, "the edge's stabilizer": False,
                "GL(2)": False}
    predictions("P.7", compact_predictions, measured, "right",
                         "compact means closed and bounded: can the group's entries grow without limit? Is every "
                         "limit of its elements again one of its elements?")
    passed("P.7", "every prediction is right")


def exercise_8(homeomorphism_predictions: Callable) -> None:
    """``homeomorphism_predictions()`` must say which maps of the plane are homeomorphisms, and of one homotopy.

    Example
    -------
    >>> exercise_8(lambda: {"p -> 2 p": True, "(x, y) -> (x + sin y, y)": True, "(x, y) -> (x, y^3)": True,
    ...                     "(x, y) -> (x, y^2)": False, "(x, y) -> (x, 0)": False,
    ...                     "every map of (1 + t) p is a homeomorphism": True})
    Exercise P.8 passed: every prediction is right
    """
    measured = {"p -> 2 p": True, "(x, y) -> (x + sin y, y)": True, "(x, y) -> (x, y^3)": True,
                "(x, y) -> (x, y^2)": False, "(x, y) -> (x, 0)": False,
                "every map of (1 + t) p is a homeomorphism": True}
    predictions("P.8", homeomorphism_predictions, measured, "right",
                         "a homeomorphism is one to one, onto, continuous, with a continuous inverse: try to write "
                         "the inverse; for the homotopy, look at every t, t = 1 included.")
    passed("P.8", "every prediction is right")
