"""Checks for the exercises of Chapter 2 (``import lib.checks.ch2 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from lib.checks._core import call, fail, number, passed, predictions, require
from lib.figures import circle, ellipse, point, polygon, segment, sphere
from lib.groups import Aff
from lib.stabilizers import orbit_dimension, stabilizer
from lib.landscape import Flats, gibbs_odds
from lib.walks import distance_to_orthogonal, fit_power, tube_fraction

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(orbit_dim_from_constraints: Callable) -> None:
    """``orbit_dim_from_constraints(f)`` must equal dim G - dim S for six figures in R^2 and R^3.

    Example
    -------
    >>> from lib.stabilizers import tangency_constraints
    >>> exercise_1(lambda f: np.linalg.matrix_rank(tangency_constraints(f), tol=1e-8))
    Exercise 2.1 passed: rank = dim O for 6 figures (3, 3, 2, 2, 4, 6)
    """
    figures = {"an ellipse": ellipse(axes=(1.2, 0.6), angle=0.5), "the circle": circle(),
               "a segment": segment([-1.0, -0.5], [1.0, 0.5]), "a point": point([1.0, 2.0]),
               "a square": polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]]), "the sphere": sphere(n_points=500)}
    found = []
    for name, f in figures.items():
        S = stabilizer(f)
        answer = call("2.1", orbit_dim_from_constraints, f)
        require(
            answer == S.orbit_dim,
            "2.1",
            f"for {name} (in R^{f.n}) you give {answer}, which is not the dimension of its orbit",
            "the orbit's dimension is the rank of the differential, not the size of its kernel; "
            "use np.linalg.matrix_rank with a tolerance.",
        )
        found.append(S.orbit_dim)
    passed("2.1", f"rank = dim O for {len(found)} figures ({', '.join(map(str, found))})")


def exercise_2(predicted_odds: Callable) -> None:
    """``predicted_odds(T)`` must give the equilibrium odds where Laplace's method holds: low temperature.

    The reference is exact: the Gibbs odds by quadrature (``gibbs_odds``), at
    T = 1e-4 and 4e-4, where Laplace's limit is within 0.3% and 1.3% of them; the
    check allows 3%. A prediction by the exact quadrature itself passes too.

    Example
    -------
    >>> exercise_2(lambda T: 2 * (np.pi * T) ** -0.5)
    Exercise 2.2 passed: within 3% of the exact equilibrium odds at T = 0.0001 and 0.0004
    """
    planes, line = Flats(3, (2,), [[0.25], [0.75]]), Flats(3, (1, 2), [[0.5, 0.5]])
    for T in (1e-4, 4e-4):
        predicted = number("2.2", call("2.2", predicted_odds, T), f"predicted_odds({T})")
        require(predicted > 0, "2.2", f"predicted_odds({T}) = {predicted:.3g} is not positive",
                "odds are a ratio of two probabilities.")
        ratio = predicted / gibbs_odds(planes, line, T, n=800)
        require(
            abs(ratio - 1) < 0.03,
            "2.2",
            f"at T = {T} your odds are {ratio:.2f} times the exact equilibrium odds",
            "the volume ratio mu_f / mu_h is 2 (two unit planes, one unit line); for this loss H = 2I, so the "
            "Gaussian factor of the proposition is (pi T)^(-1/2) per dimension of difference.",
        )
    passed("2.2", "within 3% of the exact equilibrium odds at T = 0.0001 and 0.0004")


def exercise_3(tube_exponent: Callable, g: np.ndarray, eps: np.ndarray) -> None:
    """``tube_exponent(F)`` must be the fitted tube exponent of F O(2) F^-1, on the samples ``g`` and radii ``eps``.

    The check fits the exponent itself, for two frames, and allows 0.01 of rounding.

    Example
    -------
    >>> g = np.eye(2) + np.random.default_rng(0).uniform(-0.5, 0.5, (100_000, 2, 2))
    >>> eps = np.geomspace(0.08, 0.25, 6)
    >>> exercise_3(lambda F: fit_power(eps, tube_fraction(distance_to_orthogonal(g, frame=F), eps))[0], g, eps)
    Exercise 2.3 passed: exponents 2.86 and 2.88 for two ellipses
    """
    frames = [np.diag([1.2, 0.6]), np.array([[1.0, 0.5], [0.0, 0.8]])]
    circle_exponent = fit_power(eps, tube_fraction(distance_to_orthogonal(g), eps))[0]
    exponents = []
    for F in frames:
        answer = number("2.3", call("2.3", tube_exponent, F.copy()), f"tube_exponent({F.tolist()})")
        fitted = fit_power(eps, tube_fraction(distance_to_orthogonal(g, frame=F), eps))[0]
        if abs(answer - fitted) >= 0.01 and abs(answer - circle_exponent) < 0.01:
            fail("2.3", f"tube_exponent({F.tolist()}) is the circle's exponent",
                 "measure the distance to the ellipse's stabilizer: distance_to_orthogonal(g, frame=F).")
        require(abs(answer - fitted) < 0.01, "2.3",
                f"tube_exponent({F.tolist()}) = {answer:.2f} is not the exponent fitted to that tube",
                "fit_power(eps, tube_fraction(distance_to_orthogonal(g, frame=F), eps)) with the chapter's g and eps.")
        exponents.append(fitted)
    passed("2.3", f"exponents {exponents[0]:.2f} and {exponents[1]:.2f} for two ellipses")


def exercise_4(predicted_orbit_dims: Callable) -> None:
    """``predicted_orbit_dims()`` must agree with the orbit dimensions measured in Aff(2).

    Example
    -------
    >>> exercise_4(lambda: {"point": 2, "segment": 4, "circle": 5, "square": 6})
    Exercise 2.4 passed: point 2, segment 4, circle 5, square 6, as measured on the orbits
    """
    shapes = {"point": point([0.3, 0.2]), "segment": segment([0, 0], [1, 0.5]), "circle": circle(),
              "square": polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]])}
    measured = {name: orbit_dimension(f, Aff(2)).dim for name, f in shapes.items()}
    detail = predictions("2.4", predicted_orbit_dims, measured, "the dimension of its orbit, measured in Aff(2)",
                         "the orbit is the set of all affine images: count the parameters of those images.")
    passed("2.4", detail + ", as measured on the orbits")
