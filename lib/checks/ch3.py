"""Checks for the exercises of Chapter 3 (``import lib.checks.ch3 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.linalg import expm

from lib.checks._core import call, matrix, number, passed, require
from lib.figures import line, union
from lib.stabilizers import stabilizer
from lib.paper import figure3_distances
from lib.walks import fit_power, hitting_times

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(contraction: Callable) -> None:
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
    passed("3.1", "3 paths start at g, end at I, stay in the identity component and move continuously")


def _bounded(X: np.ndarray) -> bool:
    """Whether exp(tX) stays bounded, measured on |t| <= 200 (the matrices below are clear-cut)."""
    return max(np.linalg.norm(expm(t * X), 2) for t in np.linspace(-200, 200, 801)) < 20


def exercise_2(is_bounded: Callable) -> None:
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
    passed("3.2", f"right on all {len(generators)} generators ({n_bounded} bounded)")


def exercise_3(lines_algebra: Callable) -> None:
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
    passed("3.3", f"bases of dimension {', '.join(map(str, dims))} for 1, 2, 3, 4 lines")


def _coarse_slopes(g0: np.ndarray, eps: np.ndarray, seed: int) -> dict:
    """The slopes of the exercise's coarse walk (125 steps of variance 4e-3) from ``g0``."""
    hits = hitting_times(g0, figure3_distances(), eps, np.random.default_rng(seed), n_steps=125, step_size=4e-3)
    P = hits.probability()
    slopes = {name: fit_power(eps, P[i])[0] for i, name in enumerate(hits.names)}
    return slopes | {"ratio": fit_power(eps, P[0] / P[1])[0]}


_WALKS: dict = {}  # the six reference walks per (g0, eps), made once however often the check runs


def _reference_walks(g0: np.ndarray, eps: np.ndarray) -> list:
    key = (g0.tobytes(), eps.tobytes())
    if key not in _WALKS:
        _WALKS[key] = [_coarse_slopes(g0, eps, seed) for seed in range(6)]
    return _WALKS[key]


def exercise_4(coarse_slopes: Callable, g0: np.ndarray, eps: np.ndarray) -> None:
    """``coarse_slopes()`` must give the slopes of the coarse walk (125 steps, h = 4e-3) from ``g0``.

    The check runs that walk itself with six seeds of its own. Each slope must lie
    within their range, widened on both sides by its width (at least 0.04), so an
    answer with any seed passes, while the edge's slope, which scatters least, tells
    apart a walk that diffuses for longer (2,000 coarse steps, or the chapter's fine
    walk) or for less.

    Example
    -------
    >>> from lib.groups import GL
    >>> candidates = GL(2).exp(0.5 * np.random.default_rng(0).standard_normal((40_000, 2, 2)))
    >>> g0 = candidates[np.min([d(candidates) for d in figure3_distances().values()], axis=0) > 0.4][:10_000]
    >>> eps = np.geomspace(0.3, 0.03, 7)
    >>> exercise_4(lambda: _coarse_slopes(g0, eps, seed=100), g0, eps)  # doctest: +ELLIPSIS
    Exercise 3.4 passed: the coarse walk's slopes: edge 0.9..., ratio -1...
    """
    answer = call("3.4", coarse_slopes)
    keys = ("edge", "circle", "ellipse", "ratio")
    require(isinstance(answer, dict) and set(keys) <= set(answer), "3.4",
            f"coarse_slopes() should return a dict with keys {list(keys)}, got {answer!r:.80}",
            "return {'edge': ..., 'circle': ..., 'ellipse': ..., 'ratio': ...}.")
    walks = _reference_walks(np.asarray(g0, dtype=float), np.asarray(eps, dtype=float))
    for key in keys:
        value = number("3.4", answer[key], f"the {key} slope")
        low, high = min(w[key] for w in walks), max(w[key] for w in walks)
        margin = max(high - low, 0.04)
        if key == "ratio":
            require(low - margin < value < high + margin, "3.4",
                    f"your ratio slope {value:.2f} is not what the coarse walk gives",
                    "fit_power(eps, P_coarse[0] / P_coarse[1]): the edge/circle ratio, not a single probability.")
        else:
            require(value > low - margin, "3.4", f"your {key} slope {value:.2f} is flatter than the coarse walk's",
                    "a longer walk (more steps or a larger step variance) flattens the slopes: take 125 steps "
                    "with h = 4e-3, from the chapter's g0 and eps.")
            require(value < high + margin, "3.4", f"your {key} slope {value:.2f} is steeper than the coarse walk's",
                    "a shorter walk (fewer steps or a smaller step variance) steepens the slopes: take 125 steps "
                    "with h = 4e-3, from the chapter's g0 and eps.")
    passed("3.4", f"the coarse walk's slopes: edge {answer['edge']:.2f}, ratio {answer['ratio']:.2f}")
