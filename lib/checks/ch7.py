"""Checks for the exercises of Chapter 7 (``import lib.checks.ch7 as check``)."""

from __future__ import annotations

import functools
from typing import Callable

import numpy as np

from lib.checks._core import call, fail, matrix, number, passed, require
from lib.autoencoder import SparseAutoencoder
from lib.figures import point, polygon, segment, union
from lib.groups import Aff
from lib.images import natural_patches
from lib.moduli import segment_point, swept_shape
from lib.stabilizers import orbit_dimension

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(degenerate_pairs: Callable) -> None:
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
    passed("7.1", "both sweep area 0: one pair is a single segment, the other slides along a line")


@functools.cache
def _stabilizer_dimensions() -> dict:
    """Stabilizer dimensions measured on orbits: dim G minus the orbit's dimension."""
    trapezoid = (segment_point([0, 0], [2, 0]), segment_point([0.5, 1], [1.5, 1]))
    four_endpoints = union(*(point(p) for P in trapezoid for p in (P[:2], P[2:])))
    return {
        "segment": Aff(2).dim - orbit_dimension(segment([0, 0], [2, 0]), Aff(2)).dim,
        "triangle": Aff(2).dim - orbit_dimension(polygon([[0, 0], [2, 0], [0, 2]]), Aff(2)).dim,
        # Aff(4) moves the point (a, b) of R^4 as a whole
        "upstairs, Aff(4)": Aff(4).dim - orbit_dimension(segment(*trapezoid), Aff(4)).dim,
        # the plane's Aff(2) moves a and b: on P1 P2 it moves the four endpoints together
        "upstairs, Aff(2)": Aff(2).dim - orbit_dimension(four_endpoints, Aff(2)).dim,
    }


_STABILIZER_HINTS = {
    "segment": "a map that fixes the segment must fix (or swap) its endpoints: count the conditions that puts on "
               "the 6 parameters of an affine map.",
    "triangle": "an affine map of the plane is fixed by where it sends three points that are not on one line.",
    "upstairs, Aff(4)": "Aff(4) has 4 x 4 + 4 parameters; fixing the segment P1 P2 of R^4 means fixing its two "
                        "endpoints, each a point of R^4.",
    "upstairs, Aff(2)": "here g acts on a point (a, b) of R^4 by (g a, g b): fixing P1 and P2 means fixing the four "
                        "endpoints a1, b1, a2, b2 in the plane.",
}


def exercise_2(stabilizer_dimensions: Callable) -> None:
    """``stabilizer_dimensions()`` must agree with the dimensions measured on the orbits, upstairs and downstairs.

    Example
    -------
    >>> exercise_2(lambda: {"segment": 2, "triangle": 0, "upstairs, Aff(4)": 12, "upstairs, Aff(2)": 0})
    Exercise 7.2 passed: segment 2, triangle 0, upstairs, Aff(4) 12, upstairs, Aff(2) 0, as measured on the orbits
    """
    measured = _stabilizer_dimensions()
    answer = call("7.2", stabilizer_dimensions)
    require(isinstance(answer, dict) and set(answer) == set(measured), "7.2",
            f"stabilizer_dimensions() should return a dict with keys {sorted(measured)}, got {answer!r:.80}",
            "return {" + ", ".join(f"'{k}': ..." for k in measured) + "}.")
    for key, value in measured.items():
        given = answer[key]
        group_dim = Aff(4).dim if key == "upstairs, Aff(4)" else Aff(2).dim
        if given == group_dim - value:
            fail("7.2", f"{given} for the {key} is the dimension of the orbit", "the stabilizer's dimension is the "
                 "group's dimension minus the orbit's.")
        require(given == value, "7.2", f"your value for the {key}, {given}, is not what the orbits give",
                _STABILIZER_HINTS[key])
    passed("7.2", ", ".join(f"{k} {v}" for k, v in measured.items()) + ", as measured on the orbits")


def exercise_3(rounding_cost: Callable) -> None:
    """``rounding_cost(net, X)`` must give the ratio of mean squared reconstruction errors, rounded codes over codes.

    Example
    -------
    >>> exercise_3(lambda net, X: np.mean((X - net.inverse_transform(np.round(net.transform(X)))) ** 2)
    ...                           / np.mean((X - net.reconstruct(X)) ** 2))
    Exercise 7.3 passed: your ratio agrees on two networks (sparsity 0.01 and 0.2)
    """
    X = natural_patches(2_000, 8, np.random.default_rng(0))
    for rho in (0.01, 0.2):
        net = SparseAutoencoder(25, weight_decay=1e-4, sparsity=rho, sparsity_weight=3.0, max_iter=60,
                                dtype="float64", random_state=0).fit(X)
        H = net.transform(X)
        expected = np.mean((X - net.inverse_transform(np.round(H))) ** 2) / np.mean((X - net.inverse_transform(H)) ** 2)
        given = number("7.3", call("7.3", rounding_cost, net, X.copy()), "rounding_cost(net, X)")
        if np.isclose(given, expected, rtol=1e-4):
            continue
        if np.isclose(given, 1 / expected, rtol=1e-4):
            fail("7.3", f"your ratio is below 1 for the network with sparsity {rho}",
                 "divide the error with rounded codes by the error with the codes as they are, not the other way.")
        if np.isclose(given, np.sqrt(expected), rtol=1e-4):
            fail("7.3", "your ratio compares root mean squared errors", "compare mean squared errors (no square root).")
        fail("7.3", f"your ratio for the network with sparsity {rho} does not match the definition",
             "round the hidden activations H = net.transform(X) to 0 or 1, decode both H and the rounded codes "
             "with net.inverse_transform, and compare each reconstruction with X.")
    passed("7.3", "your ratio agrees on two networks (sparsity 0.01 and 0.2)")


def exercise_4(quadrilateral_area: Callable) -> None:
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
                f"for P1 = {np.round(P1, 3).tolist()}, P2 = {np.round(P2, 3).tolist()} your area {answer:.4f} is "
                f"{'larger' if answer > shape.area else 'smaller'} than the swept area",
                "the outline runs a -> b -> b' -> a' (the order matters); use the shoelace formula.")
    passed("7.4", f"{tested} random quadrilaterals, all within 1e-9 of the swept area")
