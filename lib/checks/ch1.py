"""Checks for the exercises of Chapter 1 (``import lib.checks.ch1 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from lib.checks._core import call, matrix, passed, predictions, require
from lib.figures import circle, line, polygon, segment, union
from lib.pixel_groups import dihedral_group
from lib.stabilizers import stabilizer, tangency_constraints

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(conjugated_generator: Callable) -> None:
    """``conjugated_generator(T)`` must lie in the stabilizer algebra of ``T . circle``.

    Example
    -------
    >>> J = np.array([[0.0, -1.0], [1.0, 0.0]])
    >>> exercise_1(lambda T: T @ J @ np.linalg.inv(T))
    Exercise 1.1 passed: T J T^-1 fixes the ellipse T . circle for 4 matrices T
    """
    matrices = ([[1.5, 0.4], [0.0, 0.7]], [[2.0, 0.0], [0.0, 0.5]], [[0.3, 1.0], [1.2, -0.4]], [[1.0, 3.0], [0.2, 1.0]])
    for T in map(np.array, matrices):
        X = matrix("1.1", call("1.1", conjugated_generator, T.copy()), (2, 2), f"conjugated_generator({T.tolist()})")
        require(
            np.linalg.norm(X) > 1e-8,
            "1.1",
            f"conjugated_generator({T.tolist()}) is zero",
            "the zero matrix is in every stabilizer algebra; a generator must be nonzero.",
        )
        A = tangency_constraints(circle().transform(T))
        moved = np.linalg.norm(A @ X.ravel()) / (np.linalg.norm(A) * np.linalg.norm(X))
        require(
            moved < 1e-6,
            "1.1",
            f"for T = {T.tolist()} your matrix moves the ellipse T . circle (relative velocity {moved:.2g})",
            "h fixes g . x exactly when g^-1 h g fixes x; which product with T and T^-1 does that give?",
        )
    passed("1.1", "T J T^-1 fixes the ellipse T . circle for 4 matrices T")


def exercise_2(count_orbits: Callable) -> None:
    """``count_orbits(n)`` must equal the number of D4-orbits, listed one by one, for n = 1, 2, 3.

    Example
    -------
    >>> exercise_2(lambda n: {1: 2, 2: 6, 3: 102}[n])
    Exercise 1.2 passed: count_orbits(n) = 2, 6, 102 for n = 1, 2, 3, as listing the orbits gives
    """
    found = []
    for n in (1, 2, 3):
        D4 = dihedral_group(n)
        bits = np.arange(2 ** (n * n))[:, None] >> np.arange(n * n) & 1
        images = bits.astype(bool).reshape(-1, n, n)
        listed = len({min(o.tobytes() for o in D4.orbit(image)) for image in images})
        answer = call("1.2", count_orbits, n)
        require(
            isinstance(answer, (int, np.integer)) or float(answer).is_integer(),
            "1.2",
            f"count_orbits({n}) = {answer!r} is not a whole number",
            "Burnside's sum of fixed points is a multiple of |G| = 8; divide with //.",
        )
        require(
            int(answer) == listed,
            "1.2",
            f"count_orbits({n}) = {answer}, but listing the orbits of {n} x {n} images one by one gives "
            f"{'more' if listed > int(answer) else 'fewer'}",
            "average over the 8 symmetries g the number of images that g fixes.",
        )
        found.append(listed)
    passed("1.2", f"count_orbits(n) = {', '.join(map(str, found))} for n = 1, 2, 3, as listing the orbits gives")


def exercise_3(predicted_dims: Callable) -> None:
    """``predicted_dims()`` must give the stabilizer dimensions that ``stabilizer`` computes.

    Example
    -------
    >>> exercise_3(lambda: {"crossing": 0, "lines": 2, "corner": 0})
    Exercise 1.3 passed: crossing 0, lines 2, corner 0, as computed
    """
    u, v = np.array([1.0, 0.2]), np.array([-0.3, 1.0])
    figures = {
        "crossing": union(segment(-u, u), segment(-v, v)),
        "lines": union(line(u), line(v)),
        "corner": polygon([u, [0.0, 0.0], v], closed=False),
    }
    computed = {name: stabilizer(f).dim for name, f in figures.items()}
    detail = predictions("1.3", predicted_dims, computed, "the computed dimension",
                         "count the conditions: each held endpoint p gives X p = 0; "
                         "each whole line through u gives X u parallel to u.")
    passed("1.3", detail + ", as computed")


def exercise_4(capacity_study: Callable) -> None:
    """``capacity_study(sizes)`` must show bars stabilized with 16 hidden units and not with 2.

    The criterion is the chapter's: a network stabilizes the bars when its worst
    bar error is below half the smallest error among the other figures. The
    second entry of each pair may be the other figures' errors (an array) or a
    single error (their smallest, or their mean: the verdict is the same here).

    Example
    -------
    >>> exercise_4(lambda sizes: {2: (0.07, [0.1, 0.2]), 16: (0.001, [0.01, 0.2])})
    Exercise 1.4 passed: with 2 hidden units the bars are not stabilized, with 16 they are
    """
    results = call("1.4", capacity_study, (2, 16))
    require(
        isinstance(results, dict) and {2, 16} <= set(results),
        "1.4",
        f"capacity_study((2, 16)) should return a dict with keys 2 and 16, got {results!r:.80}",
        "return {n_hidden: (worst bar error, the other figures' errors)}.",
    )
    ratio = {}
    for n in (2, 16):
        pair = results[n]
        require(
            (isinstance(pair, (tuple, list)) or (isinstance(pair, np.ndarray) and pair.ndim == 1))
            and len(pair) == 2,
            "1.4",
            f"capacity_study(...)[{n}] should be a pair, got {pair!r:.80}",
            "return (worst bar error, the other figures' errors) for each size.",
        )
        worst = matrix("1.4", pair[0], (), f"the worst bar error for {n} hidden units")
        rest = np.ravel(matrix("1.4", pair[1], np.shape(pair[1]), f"the other figures' errors for {n} hidden units"))
        require(bool(worst >= 0 and np.all(rest >= 0)), "1.4", f"negative error for {n} hidden units",
                "errors are means of squares.")
        require(bool(rest.size and rest.min() > 0), "1.4", f"an other figure's error is 0 for {n} hidden units",
                "use error(net, list(others.values())).")
        ratio[n] = float(worst / rest.min())
    require(
        ratio[16] < 0.5,
        "1.4",
        f"with 16 hidden units the worst bar error is {ratio[16]:.2f} of the best other figure's (want < 1/2)",
        "train with train(n_hidden) and measure the worst of error(net, bars).",
    )
    require(
        ratio[2] > 0.5,
        "1.4",
        f"with 2 hidden units the worst bar error is only {ratio[2]:.2f} of the best other figure's",
        "the bars should not be stabilized with 2 hidden units: check that you retrain for each size.",
    )
    passed("1.4", "with 2 hidden units the bars are not stabilized, with 16 they are")
