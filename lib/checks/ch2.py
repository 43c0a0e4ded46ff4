"""Checks for the exercises of Chapter 2 (``import lib.checks.ch2 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from lib.checks._core import Passed, call, number, predictions, require
from lib.figures import circle, ellipse, point, polygon, segment, sphere
from lib.groups import Aff
from lib.stabilizers import orbit_dimension, stabilizer
from lib.walks import Flats, langevin, two_family_loss

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(orbit_dim_from_constraints: Callable) -> Passed:
    """``orbit_dim_from_constraints(f)`` must equal dim G - dim S for six figures in R^2 and R^3.

    Example
    -------
    >>> from lib.stabilizers import tangency_constraints
    >>> exercise_1(lambda f: np.linalg.matrix_rank(tangency_constraints(f), tol=1e-8))
    Exercise 2.1 passed: rank = dim O for 6 figures (3, 3, 2, 2, 4, 6)
    """
    figures = [ellipse(axes=(1.2, 0.6), angle=0.5), circle(), segment([-1.0, -0.5], [1.0, 0.5]),
               point([1.0, 2.0]), polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]]), sphere(n_points=500)]
    found = []
    for f in figures:
        S = stabilizer(f)
        answer = call("2.1", orbit_dim_from_constraints, f)
        require(
            answer == S.orbit_dim,
            "2.1",
            f"for a figure in R^{f.n} with a {S.dim}-dimensional stabilizer you give {answer}; "
            f"dim O = {f.n ** 2} - {S.dim} = {S.orbit_dim}",
            "the orbit's dimension is the rank of the differential, not the size of its kernel; "
            "use np.linalg.matrix_rank with a tolerance.",
        )
        found.append(S.orbit_dim)
    return Passed("2.1", f"rank = dim O for {len(found)} figures ({', '.join(map(str, found))})")


def _equilibrium_odds(temperature: float) -> float:
    """Odds of the two planes against the line after a long Langevin run (as in the chapter)."""
    planes, line = Flats(3, (2,), [[0.25], [0.75]]), Flats(3, (1, 2), [[0.5, 0.5]])
    rng = np.random.default_rng(1)
    x, _ = langevin(rng.uniform(0, 1, (2000, 3)), lambda x: two_family_loss(x, planes, line)[1],
                    2000, 0.02, temperature, rng)
    on_planes = (planes.squared_distance(x)[0] < line.squared_distance(x)[0]).mean()
    return on_planes / (1 - on_planes)


def exercise_2(predicted_odds: Callable) -> Passed:
    """``predicted_odds(T)`` must scale like the Laplace estimate and match a simulation at T = 0.01.

    Example
    -------
    >>> exercise_2(lambda T: 2 * (np.pi * T) ** -0.5)
    Exercise 2.2 passed: predicted 11.3, simulated 12.1 at T = 0.01
    """
    predicted = {T: number("2.2", call("2.2", predicted_odds, T), f"predicted_odds({T})") for T in (0.01, 0.0025)}
    require(
        predicted[0.01] > 0 and abs(predicted[0.0025] / predicted[0.01] - 2) < 0.05,
        "2.2",
        f"predicted_odds(0.0025) / predicted_odds(0.01) = {predicted[0.0025] / predicted[0.01]:.3g}",
        "a dimension difference of 1 makes the odds grow like T^(-1/2): a quarter of T, twice the odds.",
    )
    simulated = _equilibrium_odds(0.01)
    require(
        abs(predicted[0.01] / simulated - 1) < 0.2,
        "2.2",
        f"you predict {predicted[0.01]:.3g} at T = 0.01, a simulation gives {simulated:.3g}",
        "the volume ratio mu_f / mu_h is 2 (two unit planes, one unit line); the Gaussian factor is (pi T)^(-1/2).",
    )
    return Passed("2.2", f"predicted {predicted[0.01]:.1f}, simulated {simulated:.1f} at T = 0.01")


def exercise_3(tube_exponent: Callable) -> Passed:
    """``tube_exponent(F)`` must be close to 3 for two different ellipses.

    Example
    -------
    >>> exercise_3(lambda F: 3.05)
    Exercise 2.3 passed: exponents 3.05 and 3.05 for two ellipses (codimension 3)
    """
    frames = [np.diag([1.2, 0.6]), np.array([[1.0, 0.5], [0.0, 0.8]])]
    exponents = [number("2.3", call("2.3", tube_exponent, F), f"tube_exponent({F.tolist()})") for F in frames]
    for F, exponent in zip(frames, exponents):
        require(
            abs(exponent - 3) < 0.3,
            "2.3",
            f"tube_exponent({F.tolist()}) = {exponent:.2f}, but the ellipse's stabilizer has codimension 4 - 1 = 3",
            "fit_power(eps, tube_fraction(distance_to_orthogonal(g, frame=F), eps)) with the chapter's g and eps.",
        )
    return Passed("2.3", f"exponents {exponents[0]:.2f} and {exponents[1]:.2f} for two ellipses (codimension 3)")


def exercise_4(predicted_orbit_dims: Callable) -> Passed:
    """``predicted_orbit_dims()`` must agree with the orbit dimensions measured in Aff(2).

    Example
    -------
    >>> exercise_4(lambda: {"point": 2, "segment": 4, "circle": 5, "square": 6})
    Exercise 2.4 passed: point 2, segment 4, circle 5, square 6, as measured on the orbits
    """
    shapes = {"point": point([0.3, 0.2]), "segment": segment([0, 0], [1, 0.5]), "circle": circle(),
              "square": polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]])}
    measured = {name: orbit_dimension(f, Aff(2))[0] for name, f in shapes.items()}
    detail = predictions("2.4", predicted_orbit_dims, measured, "the dimension of its orbit, measured in Aff(2)",
                         "the orbit is the set of all affine images: count the parameters of those images.")
    return Passed("2.4", detail + ", as measured on the orbits")
