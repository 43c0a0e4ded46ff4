"""Input checks shared by the public functions of :mod:`lib`.

Every public function turns its array arguments into clean float arrays here,
so bad input fails early with a message that names the argument.
"""

from __future__ import annotations

import numbers

import numpy as np

#: The largest magnitude lib accepts in its inputs. Larger values can overflow
#: float64 (about 1.8e308) in the products of up to six factors that lib
#: computes (norms of products, fourth powers), so they are refused up front
#: with a message naming the argument. No figure, matrix or image in the book
#: comes near it.
LARGEST = 1e50


def as_float_array(value, name: str, ndim: int | None = None, min_ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise naming ``name``."""
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be an array of real numbers ({exc})") from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if min_ndim is not None and arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (it contains NaN or inf)")
    if arr.size and np.abs(arr).max() > LARGEST:
        raise ValueError(f"{name} has entries of magnitude {np.abs(arr).max():.3g}; lib accepts at most {LARGEST:.0e}")
    return arr


def as_bool_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a boolean array, or raise naming ``name``."""
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be a boolean array ({exc})") from None
    if arr.dtype != bool:
        raise TypeError(f"{name} must be a boolean array, got dtype {arr.dtype}")
    return arr


def as_bool(value, name: str) -> bool:
    """Return ``value`` as a bool; only ``True``/``False`` (Python or NumPy) are accepted."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)


def as_matrices(value, name: str, n: int) -> np.ndarray:
    """Return ``value`` as a finite float array of shape ``(..., n, n)``."""
    arr = as_float_array(value, name, min_ndim=2)
    if arr.shape[-2:] != (n, n):
        raise ValueError(f"{name} must have shape (..., {n}, {n}), got {arr.shape}")
    return arr


def as_int(value, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int ``>= minimum``, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _as_real(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    return float(value)


def as_positive_float(value, name: str) -> float:
    """Return ``value`` as a finite float ``> 0`` (at most ``LARGEST``), or raise naming ``name``."""
    value = _as_real(value, name)
    if not (0 < value <= LARGEST):  # NaN fails too
        raise ValueError(f"{name} must be finite and > 0 (at most {LARGEST:.0e}), got {value}")
    return value


def as_nonnegative_float(value, name: str) -> float:
    """Return ``value`` as a finite float ``>= 0`` (at most ``LARGEST``), or raise naming ``name``."""
    value = _as_real(value, name)
    if not (0 <= value <= LARGEST):
        raise ValueError(f"{name} must be finite and >= 0 (at most {LARGEST:.0e}), got {value}")
    return value


def as_choice(value, name: str, choices) -> str:
    """Return ``value`` if it is one of ``choices`` (strings), or raise naming ``name`` and the choices."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(repr(c) for c in choices)}; got {value!r}")
    return value


def as_generator(rng, name: str = "rng") -> np.random.Generator:
    """Require an explicit ``numpy.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (e.g. np.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng
