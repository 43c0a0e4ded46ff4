"""Checks for the exercises of Chapter 10 (``import lib.checks.ch10 as check``)."""

from __future__ import annotations

from typing import Callable

import numpy as np
import sympy

from lib.checks._core import call, matrix, number, passed, require

__all__ = ["exercise_1", "exercise_2", "exercise_4"]


def exercise_1(singular_times: Callable) -> None:
    """``singular_times(A)`` must list every t with (1 - t) A + t I singular, for four integer matrices.

    Example
    -------
    >>> def singular_times(A):
    ...     return [ev / (ev - 1) for ev in A.eigenvals() if ev != 1]
    >>> exercise_1(singular_times)
    Exercise 10.1 passed: the roots of r(t) found exactly for 4 matrices
    """
    t = sympy.symbols("t")
    matrices = [sympy.Matrix([[1, 2, 3], [2, 4, 6], [1, 0, 1]]), sympy.Matrix([[2, 1], [1, 2]]),
                sympy.Matrix([[1, 1], [0, 1]]), sympy.Matrix([[0, 1, 0], [0, 0, 1], [6, -11, 6]])]
    for A in matrices:
        n = A.shape[0]
        roots = set(sympy.solve(((1 - t) * A + t * sympy.eye(n)).det(), t))
        answer = call("10.1", singular_times, A.copy())
        try:
            given = {sympy.nsimplify(sympy.simplify(r)) for r in answer}
        except (TypeError, sympy.SympifyError):
            require(False, "10.1", f"singular_times returned {answer!r:.80}, not a list of numbers",
                    "return a list of SymPy numbers (or floats).")
        missing = [r for r in roots if not any(abs(complex(r - g)) < 1e-9 for g in given)]
        extra = [g for g in given if not any(abs(complex(r - g)) < 1e-9 for r in roots)]
        require(not missing and not extra, "10.1",
                f"for A = {A.tolist()}: {len(missing)} of the {len(roots)} roots missing, {len(extra)} values "
                "that are not roots",
                "(1 - t) A + t I is singular when (1 - t) lambda + t = 0 for an eigenvalue lambda; lambda = 1 gives none.")
    passed("10.1", f"the roots of r(t) found exactly for {len(matrices)} matrices")


def exercise_2(recovery_error: Callable) -> None:
    """``recovery_error(eps)`` must grow by more than 10x from eps = 1e-2 to 1e-4.

    Example
    -------
    >>> exercise_2(lambda eps: 4.0 / eps)
    Exercise 10.2 passed: input recovered to within 4.0e+02 at eps = 1e-2, 4.0e+04 at eps = 1e-4
    """
    coarse, fine = (number("10.2", call("10.2", recovery_error, eps), f"recovery_error({eps:.0e})") for eps in (1e-2, 1e-4))
    require(coarse > 0 and fine > 10 * coarse, "10.2",
            f"errors {coarse:.2g} at eps = 1e-2 and {fine:.2g} at 1e-4",
            "add the 1e-6 output noise before inverting, and undo both layers with np.linalg.solve and logit.")
    passed("10.2", f"input recovered to within {coarse:.1e} at eps = 1e-2, {fine:.1e} at eps = 1e-4")


def exercise_4(nearest_invertible: Callable) -> None:
    """``nearest_invertible(A, eps)`` must be within eps of A with smallest singular value at least eps / 2.

    Example
    -------
    >>> def nearest_invertible(A, eps):
    ...     u, s, vt = np.linalg.svd(A)
    ...     return u @ np.diag(np.maximum(s, eps)) @ vt
    >>> exercise_4(nearest_invertible)
    Exercise 10.4 passed: 6 cases; smallest singular value / eps from 1.00 to 1.00
    """
    rng = np.random.default_rng(0)
    ratios = []
    for n, rank, eps in ((3, 2, 1e-2), (3, 1, 1e-3), (4, 2, 1e-1), (5, 3, 1e-4), (2, 0, 1e-2), (6, 5, 1e-3)):
        A = rng.normal(size=(n, rank)) @ rng.normal(size=(rank, n)) * 5
        M = matrix("10.4", call("10.4", nearest_invertible, A.copy(), eps), (n, n), "nearest_invertible(A, eps)")
        distance = np.linalg.norm(M - A, 2)
        require(distance <= eps * (1 + 1e-9), "10.4", f"|M - A| = {distance:.3g} > eps = {eps:g} (n = {n}, rank {rank})",
                "measure the distance in the spectral norm, np.linalg.norm(M - A, 2).")
        smallest = np.linalg.svd(M, compute_uv=False)[-1]
        require(smallest >= eps / 2, "10.4",
                f"M is within eps but nearly singular: smallest singular value {smallest:.3g}, eps = {eps:g}",
                "raise only the small singular values of A (np.linalg.svd), leave the rest alone.")
        ratios.append(smallest / eps)
    passed("10.4", f"{len(ratios)} cases; smallest singular value / eps from {min(ratios):.2f} to {max(ratios):.2f}")
