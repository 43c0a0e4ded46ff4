"""Checks for the exercises of Chapter 7 (``import lib.checks.ch7 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from lib.checks._core import Passed, call, matrix, number, predictions, require
from lib.figures import polygon, segment
from lib.groups import Aff
from lib.moduli import segment_point, swept_shape
from lib.stabilizers import orbit_dimension

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(degenerate_pairs: Callable) -> Passed:
    """``degenerate_pairs()`` must give two pairs (P1, P2) that sweep no area, for two different reasons.

    Example
    -------
    >>> exercise_1(lambda: [(segment_point([0, 0], [1, 1]), segment_point([0, 0], [1, 1])),
    ...                     (segment_point([0, 0], [1, 0]), segment_point([2, 0], [3, 0]))])
    Exercise 7.1 passed: both sweep area 0: one pair is a single segment, the other slides along a line
    """
    pairs = call("7.1", degenerate_pairs)
    require(isinstance(pairs, (list, tuple)) and len(pairs) == 2, "7.1",
            f"degenerate_pairs() should return two pairs (P1, P2), got {pairs!r:.80}", "return [(P1, P2), (P1, P2)].")
    same, other = 0, 0
    for P1, P2 in pairs:
        P1, P2 = matrix("7.1", P1, (4,), "P1"), matrix("7.1", P2, (4,), "P2")
        area = swept_shape(P1, P2).area
        require(area == 0.0, "7.1", f"the pair {P1.tolist()}, {P2.tolist()} sweeps area {area:.3g}",
                "every intermediate segment must lie on one line.")
        if np.allclose(P1, P2):
            same += 1
        else:
            other += 1
    require(same == 1 and other == 1, "7.1", "both pairs sweep nothing for the same reason",
            "one pair with P1 = P2, one with P1 != P2.")
    return Passed("7.1", "both sweep area 0: one pair is a single segment, the other slides along a line")


def exercise_2(predicted_outline_orbits: Callable) -> Passed:
    """``predicted_outline_orbits()`` must agree with orbit dimensions measured in Aff(2).

    Example
    -------
    >>> exercise_2(lambda: {"segment": 4, "triangle": 6, "trapezoid": 6})
    Exercise 7.2 passed: segment 4, triangle 6, trapezoid 6, as measured on the orbits
    """
    shapes = {"segment": segment([0, 0], [2, 0]), "triangle": polygon([[0, 0], [2, 0], [0, 2]]),
              "trapezoid": polygon([[0, 0], [2, 0], [1.5, 1], [0.5, 1]])}
    measured = {name: orbit_dimension(f, Aff(2))[0] for name, f in shapes.items()}
    detail = predictions("7.2", predicted_outline_orbits, measured, "measured",
                         "an outline with a trivial stabilizer has an orbit as large as the group.")
    return Passed("7.2", detail + ", as measured on the orbits")


def exercise_3(saturation: Callable) -> Passed:
    """``saturation(rho)`` must fall as the sparsity target rises from 0.01 to 0.2.

    Example
    -------
    >>> exercise_3(lambda rho: 0.97 - rho)
    Exercise 7.3 passed: 96.0% saturated at rho = 0.01, 77.0% at rho = 0.2
    """
    low, high = (number("7.3", call("7.3", saturation, rho), f"saturation({rho})") for rho in (0.01, 0.2))
    require(0 <= low <= 1 and 0 <= high <= 1, "7.3", f"fractions {low}, {high} are not in [0, 1]",
            "return np.mean((A < 0.05) | (A > 0.95)) for the hidden activations A.")
    require(low > high, "7.3", f"{low:.1%} saturated at rho = 0.01, {high:.1%} at 0.2",
            "retrain for each target (sparsity=rho) and measure on net.transform(X).")
    return Passed("7.3", f"{low:.1%} saturated at rho = 0.01, {high:.1%} at rho = 0.2")


def exercise_4(quadrilateral_area: Callable) -> Passed:
    """``quadrilateral_area(P1, P2)`` must match ``swept_shape`` on random non-crossing generalized edges.

    Example
    -------
    >>> def quadrilateral_area(P1, P2):
    ...     x, y = np.array([P1[:2], P1[2:], P2[2:], P2[:2]]).T
    ...     return 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))
    >>> exercise_4(quadrilateral_area)
    Exercise 7.4 passed: 20 random quadrilaterals, all within 1e-9 of the swept area
    """
    rng = np.random.default_rng(0)
    tested = 0
    while tested < 20:
        a, b = rng.uniform(-1, 1, 2), rng.uniform(-1, 1, 2)
        shift = rng.uniform(0.5, 1.5) * np.array([-(b - a)[1], (b - a)[0]]) + rng.normal(0, 0.2, 2)
        P1, P2 = np.concatenate([a, b]), np.concatenate([a + shift + rng.normal(0, 0.2, 2), b + shift])
        shape = swept_shape(P1, P2)
        if shape.kind != "quadrilateral":
            continue
        tested += 1
        answer = number("7.4", call("7.4", quadrilateral_area, P1.copy(), P2.copy()), "quadrilateral_area(P1, P2)")
        require(abs(answer - shape.area) < 1e-9 * max(1.0, shape.area), "7.4",
                f"for P1 = {np.round(P1, 3).tolist()}, P2 = {np.round(P2, 3).tolist()} you give {answer:.4f}, "
                f"the swept area is {shape.area:.4f}",
                "the outline runs a -> b -> b' -> a' (the order matters); use the shoelace formula.")
    return Passed("7.4", f"{tested} random quadrilaterals, all within 1e-9 of the swept area")
