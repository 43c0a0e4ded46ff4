"""What every exercise check shares.

A check calls the student's function (or looks at the value) and either prints
``Exercise 3.2 passed: ...`` and returns ``None`` (so a grader such as nbgrader
sees a test cell with no value, as it expects) or raises :class:`CheckFailed`,
an ``AssertionError`` that says what is wrong and gives a hint. An unfinished
exercise (a stub that raises ``NotImplementedError``, or ``...`` in place of an
answer) raises ``NotImplementedError``: no answer yet is not a wrong answer.
Graders such as nbgrader count a check cell that raises as failed.
"""

from __future__ import annotations

from typing import Any, Callable, NoReturn

import numpy as np


class CheckFailed(AssertionError):
    """An answer that does not pass; the message says what is wrong and gives a hint."""


def passed(exercise: str, detail: str) -> None:
    """Print that the exercise passed; the check cell's output."""
    print(f"Exercise {exercise} passed: {detail}")


def fail(exercise: str, problem: str, hint: str) -> NoReturn:
    raise CheckFailed(f"Exercise {exercise} not passed: {problem}\nHint: {hint}")


def require(condition: bool, exercise: str, problem: str, hint: str) -> None:
    if not condition:
        fail(exercise, problem, hint)


def call(exercise: str, function: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call the student's function; a stub's NotImplementedError passes through."""
    if function is Ellipsis or function is None:
        raise NotImplementedError(f"Exercise {exercise}: no answer yet")
    if not callable(function):
        raise TypeError(
            f"Exercise {exercise}: pass your function itself (its name, without "
            f"parentheses), got a {type(function).__name__}"
        )
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        raise
    except Exception as error:
        fail(
            exercise,
            f"your function raised {type(error).__name__}: {error}",
            "call it yourself in a new cell with simple arguments and read the traceback.",
        )


def matrix(exercise: str, value: Any, shape: tuple, what: str) -> np.ndarray:
    """``value`` as a finite float array of the given shape, or a failure naming ``what``."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(exercise, f"{what} is not an array of numbers: {value!r:.80}", f"return a NumPy array of shape {shape}.")
    require(
        array.shape == tuple(shape),
        exercise,
        f"{what} has shape {array.shape}",
        f"return an array of shape {tuple(shape)}.",
    )
    require(bool(np.all(np.isfinite(array))), exercise, f"{what} contains NaN or inf", "look for a division by zero.")
    return array


def number(exercise: str, value: Any, what: str) -> float:
    """``value`` as a finite float, or a failure naming ``what``.

    Any real number is accepted in any exact or array form: an int, a float, a
    NumPy scalar or 0-d array, a ``Fraction``, a SymPy number (``2/sqrt(pi*T)``
    evaluated at a number); not a bool, a string, a list or an expression with
    free symbols.
    """
    if isinstance(value, (bool, np.bool_, str, bytes)) or np.ndim(value) != 0:
        fail(exercise, f"{what} should be a number, got {type(value).__name__}", "return a float.")
    try:
        result = float(value)
    except (TypeError, ValueError):
        fail(exercise, f"{what} should be a number, got {type(value).__name__}", "return a float.")
    require(bool(np.isfinite(result)), exercise, f"{what} is {result}", "look for a division by zero or a log of 0.")
    return result


def predictions(exercise: str, function: Callable, measured: dict, what: str, hint: str) -> str:
    """Compare the dict ``function()`` returns with ``measured``; the pass detail lists the values.

    A failure names the key and the student's value, never the measured one
    (``what`` says what it was compared with, e.g. "the computed dimension").
    """
    answer = call(exercise, function)
    name = getattr(function, "__name__", "your function")
    require(isinstance(answer, dict) and set(answer) == set(measured), exercise,
            f"{name}() should return a dict with keys {sorted(measured)}, got {answer!r:.80}",
            "return {" + ", ".join(f"'{k}': ..." for k in measured) + "}.")
    for key, value in measured.items():
        require(answer[key] == value, exercise, f"you predict {answer[key]} for the {key}, which is not {what}", hint)
    return ", ".join(f"{k} {v}" for k, v in measured.items())
