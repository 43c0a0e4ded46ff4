"""Results over many seeds, reported as bands.

A verdict that rests on randomness is reported as the median and the range over
seeds (or batches), never as one run's number.

Example
-------
>>> band([0.31, 0.29, 0.35, 0.30, 0.33])
'0.31 [0.29, 0.35]'
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lib._validate import as_float_array

__all__ = ["band"]


def band(values: ArrayLike, form: str = ".2f") -> str:
    """``"median [min, max]"`` of ``values``, each number formatted with ``form``.

    Example
    -------
    >>> band([0.5, 0.25, 1.0], ".0%")
    '50% [25%, 100%]'
    """
    values = as_float_array(values, "values", ndim=1)
    if values.size == 0:
        raise ValueError("values must not be empty")
    if not isinstance(form, str):
        raise TypeError(f"form must be a format specification such as '.2f', got {form!r}")
    try:
        return f"{np.median(values):{form}} [{values.min():{form}}, {values.max():{form}}]"
    except ValueError:
        raise ValueError(f"form must be a format specification for numbers such as '.2f', got {form!r}") from None
