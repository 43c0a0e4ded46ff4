"""Checks for the exercises of Chapter 3 (``import lib.checks.ch3 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.linalg import expm

from lib.checks._core import Passed, call, matrix, number, require
from lib.figures import line, union
from lib.stabilizers import stabilizer

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(contraction: Callable) -> Passed:
    """``contraction(b, d, s)`` must run from [[1, b], [0, d]] at s = 0 to I at s = 1 inside the stabilizer.

    Example
    -------
    >>> exercise_1(lambda b, d, s: np.array([[1.0, (1 - s) * b], [0.0, d ** (1 - s)]]))
    Exercise 3.1 passed: 3 paths start at g, end at I, stay in the identity component and move continuously
    """
    s_values = np.linspace(0.0, 1.0, 201)
    for b, d in ((1.5, 3.0), (-2.0, 0.2), (0.0, 5.0)):
        path = np.array([matrix("3.1", call("3.1", contraction, b, d, s), (2, 2), f"contraction({b}, {d}, {s:.3g})")
                         for s in s_values])
        require(np.allclose(path[0], [[1.0, b], [0.0, d]]), "3.1",
                f"contraction({b}, {d}, 0) = {path[0].tolist()}, not [[1, {b}], [0, {d}]]",
                "at s = 0 the path must start at the matrix (b, d) itself.")
        require(np.allclose(path[-1], np.eye(2)), "3.1", f"contraction({b}, {d}, 1) = {path[-1].tolist()}, not I",
                "at s = 1 every matrix must have reached the identity.")
        inside = np.allclose(path[:, :, 0], [1.0, 0.0]) and bool(np.all(path[:, 1, 1] > 0))
        require(inside, "3.1", f"the path from (b, d) = ({b}, {d}) leaves the identity component",
                "every matrix on the path must have the form [[1, b'], [0, d']] with d' > 0.")
        jump = np.abs(np.diff(path, axis=0)).max()
        require(jump < 0.2, "3.1", f"the path from ({b}, {d}) jumps by {jump:.2g} in a step of s of 0.005",
                "a continuous path moves a little when s moves a little: no cases, rounding or steps in s.")
    return Passed("3.1", "3 paths start at g, end at I, stay in the identity component and move continuously")


def _bounded(X: np.ndarray) -> bool:
    """Whether exp(tX) stays bounded, measured on |t| <= 200 (the matrices below are clear-cut)."""
    return max(np.linalg.norm(expm(t * X), 2) for t in np.linspace(-200, 200, 801)) < 20


def exercise_2(is_bounded: Callable) -> Passed:
    """``is_bounded(X)`` must tell which one-parameter groups exp(tX) stay bounded, measured.

    Example
    -------
    >>> from lib.stabilizers import is_compact
    >>> exercise_2(lambda X: is_compact([X]))
    Exercise 3.2 passed: right on all 8 generators (4 bounded)
    """
    T = np.array([[1.0, 0.7], [0.2, 1.5]])
    # each generator, with the hint for the mistake that gets it wrong
    generators = [
        ([[0.0, -1.0], [1.0, 0.0]], "a rotation generator: what does exp(tX) do to a vector, for every t?"),
        (T @ [[0.0, -1.0], [1.0, 0.0]] @ np.linalg.inv(T),
         "eigenvalues computed in floating point are not exactly imaginary: compare their real parts with a "
         "tolerance."),
        ([[0.0, -2.0], [0.5, 0.0]], "look at the eigenvalues of X, not at the size of its entries."),
        ([[0.0, 0.0], [0.0, 0.0]], "what is exp(tX) when X = 0?"),
        ([[-1.0, 0.0], [0.0, 1.0]], "one eigenvalue with a nonzero real part is enough for exp(tX) to grow."),
        ([[0.0, 1.0], [0.0, 0.0]], "eigenvalues alone do not decide it: compute exp(tX) for this X at a few "
                                   "large t and compare."),
        ([[1.0, 0.0], [0.0, 1.0]], "one eigenvalue with a nonzero real part is enough for exp(tX) to grow."),
        ([[0.05, -1.0], [1.0, 0.05]], "a small real part still makes exp(tX) grow for large t: only 0, within "
                                      "rounding, keeps it bounded."),
    ]
    n_bounded = 0
    for X, hint in generators:
        X = np.array(X)
        truth = _bounded(X)
        n_bounded += truth
        answer = call("3.2", is_bounded, X.copy())
        require(isinstance(answer, (bool, np.bool_)), "3.2", f"is_bounded returned {answer!r}, not True or False",
                "return a bool.")
        require(bool(answer) == truth, "3.2", f"is_bounded({np.round(X, 3).tolist()}) = {bool(answer)} is wrong", hint)
    return Passed("3.2", f"right on all {len(generators)} generators ({n_bounded} bounded)")


def exercise_3(lines_algebra: Callable) -> Passed:
    """``lines_algebra(directions)`` must return a basis of the stabilizer algebra of those lines.

    Example
    -------
    >>> def lines_algebra(directions):
    ...     return list(stabilizer(union(*[line(d) for d in directions])).basis)
    >>> exercise_3(lines_algebra)
    Exercise 3.3 passed: bases of dimension 3, 2, 1, 1 for 1, 2, 3, 4 lines
    """
    rng = np.random.default_rng(0)
    dims = []
    for k in (1, 2, 3, 4):
        directions = [np.array([np.cos(a), np.sin(a)]) for a in np.sort(rng.uniform(0, np.pi, k))]
        expected = stabilizer(union(*[line(d) for d in directions])).dim
        basis = call("3.3", lines_algebra, [d.copy() for d in directions])
        basis = matrix("3.3", np.reshape(np.asarray(basis, dtype=float), (-1, 2, 2)) if np.size(basis) else
                       np.zeros((0, 2, 2)), (len(basis), 2, 2), f"lines_algebra(<{k} directions>)")
        for X in basis:
            for u in directions:
                w = X @ u
                require(abs(u[0] * w[1] - u[1] * w[0]) < 1e-8 * max(1.0, np.linalg.norm(X)), "3.3",
                        f"for {k} lines, {np.round(X, 3).tolist()} turns a line", "X u must be parallel to u for every direction u.")
        require(len(basis) == 0 or np.linalg.matrix_rank(basis.reshape(len(basis), 4), tol=1e-8) == len(basis), "3.3",
                f"your {len(basis)} matrices for {k} lines are linearly dependent", "return a basis: independent matrices.")
        require(len(basis) == expected, "3.3", f"for {k} lines your matrices keep every line but do not span all "
                "matrices that do", "each line through u asks X u to be a multiple of u: one linear condition per line; "
                "solve those conditions for a basis.")
        dims.append(expected)
    return Passed("3.3", f"bases of dimension {', '.join(map(str, dims))} for 1, 2, 3, 4 lines")


def exercise_4(coarse_slopes: Callable, slopes: dict) -> Passed:
    """``coarse_slopes()`` must give steeper hitting laws than the fine walk, and a ratio that grows as eps shrinks.

    Example
    -------
    >>> fine = {"edge": 1.3, "circle": 2.1, "ellipse": 2.1, "ratio": -0.8}
    >>> exercise_4(lambda: {"edge": 1.8, "circle": 2.8, "ellipse": 2.8, "ratio": -1.0}, fine)
    Exercise 3.4 passed: every slope steeper (edge 1.30 -> 1.80), ratio slope -0.80 -> -1.00
    """
    answer = call("3.4", coarse_slopes)
    keys = {"edge", "circle", "ellipse", "ratio"}
    require(isinstance(answer, dict) and keys <= set(answer), "3.4",
            f"coarse_slopes() should return a dict with keys {sorted(keys)}, got {answer!r:.80}",
            "return {'edge': ..., 'circle': ..., 'ellipse': ..., 'ratio': ...}.")
    for name in ("edge", "circle", "ellipse"):
        value = number("3.4", answer[name], f"the coarse slope of {name}")
        require(value > slopes[name], "3.4", f"the coarse slope of {name} is {value:.2f}, not steeper than {slopes[name]:.2f}",
                "coarse steps jump over thin tubes: hits approach the tube volumes, which fall faster with eps.")
    ratio = number("3.4", answer["ratio"], "the coarse ratio slope")
    # The edge/circle ratio grows as eps shrinks: a negative slope, near the codimension
    # difference (-1) for a coarse walk; its exact value depends on the walk's seed.
    require(-2.0 < ratio < -0.5, "3.4",
            f"the coarse ratio slope is {ratio:.2f}",
            "fit_power(eps, P_coarse[0] / P_coarse[1]): the edge/circle ratio, not a single probability.")
    return Passed("3.4", f"every slope steeper (edge {slopes['edge']:.2f} -> {answer['edge']:.2f}), "
                  f"ratio slope {slopes['ratio']:.2f} -> {ratio:.2f}")
