"""Random walks on GL(2); hitting experiments; tube volumes.

The paper's §2 pictures learning as a random walk that stops at the first
stabilizer it meets. This module supplies the walks and the measurements:

- a fast batched left-invariant walk on GL(2): ``g <- g @ E`` with ``E`` drawn
  uniformly from the 16 matrices ``exp(sqrt(h) S)``, ``S`` a 2 x 2 matrix of
  signs. Its Lie-algebra increments have mean 0 and covariance ``h I``, like
  Brownian motion's (the Frobenius-orthonormal basis of gl(2) is the matrix
  units), so as ``h -> 0`` it converges to left-invariant Brownian motion
  (Donsker's theorem); sign steps are used because they are exact and cheap;
- distances from group elements to stabilizer subgroups, in closed form;
- first hitting of ε-neighbourhoods, for many ε at once;
- Monte Carlo tube volumes and power-law fits.

The walk on a loss landscape (Figure 2(b)) is in :mod:`lib.landscape`.

Example
-------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> g = gl2_walk(np.broadcast_to(np.eye(2), (1000, 2, 2)), rng, n_steps=100, step_size=1e-3)
>>> g.shape
(1000, 2, 2)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from lib._validate import LARGEST, as_float_array, as_generator, as_int, as_matrices, as_positive_float

__all__ = [
    "expm2",
    "step_table",
    "gl2_walk",
    "distance_to_fixer",
    "distance_to_line_stabilizer",
    "distance_to_orthogonal",
    "distance_to_identity",
    "distance_to_parabola_stabilizer",
    "Hits",
    "hitting_times",
    "tube_fraction",
    "fit_power",
]


def expm2(X: ArrayLike) -> np.ndarray:
    """Matrix exponential of a batch of 2 x 2 matrices, shape ``(..., 2, 2)``, in closed form.

    With ``X = t I + A``, ``A`` traceless, ``A @ A = delta I`` where
    ``delta = -det A``, so ``exp(X) = e^t (cosh(sqrt(delta)) I + sinh(sqrt(delta))/sqrt(delta) A)``
    (cos and sin when ``delta < 0``).

    Example
    -------
    >>> import scipy.linalg
    >>> X = np.array([[0.3, -1.2], [0.7, 0.1]])
    >>> bool(np.allclose(expm2(X), scipy.linalg.expm(X)))
    True
    """
    X = as_matrices(X, "X", 2)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _expm2(X)
    if not np.all(np.isfinite(out)):
        raise ValueError("X is too large: its matrix exponential overflows float64")
    return out


def _expm2(X: np.ndarray) -> np.ndarray:
    t = 0.5 * (X[..., 0, 0] + X[..., 1, 1])
    p = 0.5 * (X[..., 0, 0] - X[..., 1, 1])
    q, r = X[..., 0, 1], X[..., 1, 0]
    delta = p * p + q * r
    s = np.sqrt(np.abs(delta))
    small = s < 1e-4
    safe = np.where(small, 1.0, s)
    cosh = np.where(delta >= 0, np.cosh(s), np.cos(s))
    sinhc = np.where(delta >= 0, np.sinh(s), np.sin(s)) / safe
    # series of cosh(sqrt d) and sinh(sqrt d)/sqrt d, exact to rounding for |d| < 1e-8
    cosh = np.where(small, 1 + delta / 2 + delta * delta / 24, cosh)
    sinhc = np.where(small, 1 + delta / 6 + delta * delta / 120, sinhc)
    e = np.exp(t)
    out = np.empty(X.shape)
    out[..., 0, 0] = e * (cosh + sinhc * p)
    out[..., 1, 1] = e * (cosh - sinhc * p)
    out[..., 0, 1] = e * sinhc * q
    out[..., 1, 0] = e * sinhc * r
    return out


def step_table(step_size: float) -> np.ndarray:
    """The 16 steps ``exp(sqrt(step_size) S)``, ``S`` in {-1, 1}^(2x2); shape (16, 2, 2).

    Row ``k`` uses the signs of the bits of ``k``: bit 3 for entry (0, 0), bit 2
    for (0, 1), bit 1 for (1, 0), bit 0 for (1, 1).

    Example
    -------
    >>> T = step_table(1e-2)
    >>> T.shape, bool(np.allclose(T.mean(axis=0), np.eye(2), atol=1e-2))
    ((16, 2, 2), True)
    """
    step_size = as_positive_float(step_size, "step_size")
    if step_size > 1.0:
        raise ValueError(f"step_size must be at most 1 (a walk step exp(sqrt(step_size) S) is small), got {step_size}")
    bits = (np.arange(16)[:, None] >> np.array([3, 2, 1, 0])) & 1
    signs = (2.0 * bits - 1.0).reshape(16, 2, 2)
    return expm2(np.sqrt(step_size) * signs)


def _check_walkers(g0: ArrayLike) -> np.ndarray:
    g = as_matrices(g0, "g0", 2)
    if g.ndim != 3 or g.shape[0] == 0:
        raise ValueError(f"g0 must be a non-empty batch of shape (n_walkers, 2, 2), got {g.shape}")
    det = g[:, 0, 0] * g[:, 1, 1] - g[:, 0, 1] * g[:, 1, 0]
    if np.any(np.abs(det) < 1e-12):
        raise ValueError("g0 must hold invertible matrices (some |det| < 1e-12)")
    return g


def gl2_walk(
    g0: ArrayLike,
    rng: np.random.Generator,
    *,
    n_steps: int,
    step_size: float,
    observe: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """A batch of left-invariant random walks on GL(2), ``n_steps`` sign steps each.

    Parameters
    ----------
    g0 : array (n_walkers, 2, 2)
        Starting points.
    n_steps : int
    step_size : float
        ``h``: each step's Lie-algebra increment has covariance ``h I``.
    rng : numpy.random.Generator
    observe : callable, optional
        Called as ``observe(k, g)`` after step ``k`` (1-based) with the current
        walkers ``g`` (a read-only view of shape (n_walkers, 2, 2)).

    Returns
    -------
    The walkers after the last step, shape (n_walkers, 2, 2).

    Example
    -------
    >>> rng = np.random.default_rng(1)
    >>> g = gl2_walk(np.broadcast_to(np.eye(2), (4, 2, 2)), rng, n_steps=10, step_size=0.01)
    >>> bool(np.all(np.linalg.det(g) > 0))  # the walk stays in the identity component
    True
    """
    g = _check_walkers(g0)
    n_steps = as_int(n_steps, "n_steps", minimum=0)
    rng = as_generator(rng)
    table = step_table(step_size).reshape(16, 4).T.copy()  # (4, 16): entries by step index
    n = g.shape[0]
    comp = np.ascontiguousarray(np.moveaxis(g, 0, -1)).reshape(4, n)  # rows: g00, g01, g10, g11
    view = np.moveaxis(comp.reshape(2, 2, n), -1, 0)
    view.flags.writeable = False
    for k in range(1, n_steps + 1):
        e = np.take(table, _random_nibbles(rng, n), axis=1)
        a, b, c, d = comp
        # [a b; c d] @ [e0 e1; e2 e3], in place row by row
        comp[0], comp[1] = a * e[0] + b * e[2], a * e[1] + b * e[3]
        comp[2], comp[3] = c * e[0] + d * e[2], c * e[1] + d * e[3]
        if observe is not None:
            observe(k, view)
    return np.moveaxis(comp.reshape(2, 2, n), -1, 0).copy()


def _random_nibbles(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` independent uniform integers in [0, 16), from random bytes (two per byte)."""
    raw = np.frombuffer(rng.bytes((n + 1) // 2), dtype=np.uint8)
    out = np.empty(2 * raw.size, dtype=np.intp)
    out[0::2] = raw >> 4
    out[1::2] = raw & 15
    return out[:n]


# --- distances to stabilizer subgroups (Frobenius norm) ---------------------


def _finite_distance(distance: Callable) -> Callable:
    """Check a distance function's result, not its input, which is the walk's hot path.

    A NaN, inf or huge entry of ``g`` makes the result non-finite (or its sum
    overflow); one sum over the result finds that in one cheap pass.
    """

    @functools.wraps(distance)
    def checked(g, *args, **kwargs):
        with np.errstate(over="ignore", invalid="ignore"):
            d = distance(g, *args, **kwargs)
            total = np.sum(d)
        if not np.isfinite(total):
            raise ValueError(f"g must be finite, with entries of magnitude at most {LARGEST:.0e}")
        return d

    return checked


def _check_group_batch(g: ArrayLike) -> np.ndarray:
    g = np.asarray(g)
    if g.ndim < 2 or g.shape[-2:] != (2, 2):
        raise ValueError(f"g must have shape (..., 2, 2), got {g.shape}")
    if not np.issubdtype(g.dtype, np.floating):
        g = as_matrices(g, "g", 2)
    return g


def _check_vector(u: ArrayLike) -> np.ndarray:
    u = as_float_array(u, "u", ndim=1)
    if u.shape != (2,) or not np.any(u):
        raise ValueError(f"u must be a nonzero vector of length 2, got {u.tolist()}")
    return u


@_finite_distance
def distance_to_fixer(g: ArrayLike, u: ArrayLike) -> np.ndarray:
    """Distance from ``g`` to ``{s : s u = u}``, the stabilizer of an edge from ``-u`` to ``u``.

    That set is an affine subspace of matrices; the Frobenius distance to it is
    ``|g u - u| / |u|``.

    Example
    -------
    >>> float(distance_to_fixer(np.diag([1.0, 5.0]), [1.0, 0.0]))
    0.0
    """
    g, u = _check_group_batch(g), _check_vector(u)
    x = g[..., 0, 0] * u[0] + g[..., 0, 1] * u[1] - u[0]
    y = g[..., 1, 0] * u[0] + g[..., 1, 1] * u[1] - u[1]
    return np.sqrt(x * x + y * y) / np.hypot(*u)


@_finite_distance
def distance_to_line_stabilizer(g: ArrayLike, u: ArrayLike) -> np.ndarray:
    """Distance from ``g`` to ``{s : s u is parallel to u}``, the stabilizer of the line through ``u``.

    A linear subspace of codimension 1: the distance is ``|w . g u| / (|w| |u|)`` with ``w`` normal to ``u``.

    Example
    -------
    >>> float(distance_to_line_stabilizer(np.diag([2.0, 3.0]), [1.0, 0.0]))
    0.0
    """
    g, u = _check_group_batch(g), _check_vector(u)
    w = np.array([-u[1], u[0]])
    gu0 = g[..., 0, 0] * u[0] + g[..., 0, 1] * u[1]
    gu1 = g[..., 1, 0] * u[0] + g[..., 1, 1] * u[1]
    return np.abs(w[0] * gu0 + w[1] * gu1) / (u @ u)


@functools.lru_cache(maxsize=8)
def _conjugation(frame: tuple) -> np.ndarray:
    """The 4 x 4 matrix of ``vec(g) -> vec(F^-1 g F)`` (row-major), computed once per frame."""
    F = np.array(frame).reshape(2, 2)
    return np.kron(np.linalg.inv(F), F.T)


@_finite_distance
def distance_to_orthogonal(g: ArrayLike, frame: ArrayLike | None = None) -> np.ndarray:
    """Distance from ``F^-1 g F`` to O(2): how far ``g`` is from stabilizing the ellipse ``F . circle``.

    With ``frame=None`` (``F = I``) this is the Frobenius distance from ``g`` to
    O(2), the circle's stabilizer: ``sqrt(sum (sigma_i - 1)^2)`` over the
    singular values, in closed form.

    Example
    -------
    >>> float(distance_to_orthogonal(np.diag([3.0, 1.0])))
    2.0
    """
    g = _check_group_batch(g)
    if frame is not None:
        frame = as_matrices(frame, "frame", 2)
        if frame.ndim != 2 or abs(np.linalg.det(frame)) < 1e-12:
            raise ValueError("frame must be one invertible 2 x 2 matrix")
        # row-major vec(F^-1 g F) = (F^-1 kron F^T) vec(g): one small matrix product
        components = np.moveaxis(g, (-2, -1), (0, 1)).reshape(4, -1)
        conjugated = _conjugation(tuple(frame.ravel())) @ components
        g = np.moveaxis(conjugated.reshape((2, 2) + g.shape[:-2]), (0, 1), (-2, -1))
    a, b, c, d = g[..., 0, 0], g[..., 0, 1], g[..., 1, 0], g[..., 1, 1]
    # g = (rotation-scaling part) + (reflection-scaling part): the singular
    # values are |P| + |Q| and ||P| - |Q||, computed without cancellation.
    p = np.sqrt((0.5 * (a + d)) ** 2 + (0.5 * (c - b)) ** 2)
    q = np.sqrt((0.5 * (a - d)) ** 2 + (0.5 * (b + c)) ** 2)
    return np.sqrt((p + q - 1) ** 2 + (np.abs(p - q) - 1) ** 2)


@_finite_distance
def distance_to_identity(g: ArrayLike) -> np.ndarray:
    """Frobenius distance ``|g - I|`` to the trivial subgroup.

    Example
    -------
    >>> float(distance_to_identity(2 * np.eye(2)))
    1.4142135623730951
    """
    g = _check_group_batch(g)
    return np.sqrt(
        (g[..., 0, 0] - 1) ** 2 + g[..., 0, 1] ** 2 + g[..., 1, 0] ** 2 + (g[..., 1, 1] - 1) ** 2
    )


@_finite_distance
def distance_to_parabola_stabilizer(g: ArrayLike) -> np.ndarray:
    """Frobenius distance from ``g`` to ``{diag(a, a^2) : a != 0}``, the stabilizer of the parabola ``y = x^2``.

    A 1-dimensional, non-compact subgroup (two components, ``a > 0`` and ``a < 0``).
    The nearest ``a`` solves ``4a^3 + (2 - 4 g11) a - 2 g00 = 0``, a cubic solved in
    closed form for the whole batch. Where it has three real roots, the middle one
    is a maximum of the squared distance, so the nearest is the smallest or the largest.

    Example
    -------
    >>> float(distance_to_parabola_stabilizer(np.diag([2.0, 4.0])))
    0.0
    >>> round(float(distance_to_parabola_stabilizer(np.array([[1.0, 3.0], [0.0, 1.0]]))), 12)
    3.0
    """
    g = _check_group_batch(g)
    a00, a01, a10, a11 = g[..., 0, 0], g[..., 0, 1], g[..., 1, 0], g[..., 1, 1]
    p, q = 0.5 - a11, -0.5 * a00  # a^3 + p a + q = 0
    discriminant = q * q / 4 + p * p * p / 27  # p * p * p: numpy's p**3 is a slow general power
    three = discriminant < 0
    # Three real roots (trigonometric form) where the discriminant allows, else Cardano's one.
    r = 2 * np.sqrt(np.where(three, -p / 3, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        cos_arg = np.clip(np.where(three, 3 * q / (p * np.where(r > 0, r, 1.0)), 0.0), -1.0, 1.0)
    theta = np.arccos(cos_arg) / 3
    root = np.sqrt(np.maximum(discriminant, 0.0))
    cardano = np.cbrt(-q / 2 + root) + np.cbrt(-q / 2 - root)
    largest = np.where(three, r * np.cos(theta), cardano)
    smallest = np.where(three, r * np.cos(theta - 4 * np.pi / 3), cardano)
    residual = np.minimum((a00 - largest) ** 2 + (a11 - largest**2) ** 2,
                          (a00 - smallest) ** 2 + (a11 - smallest**2) ** 2)
    return np.sqrt(residual + a01**2 + a10**2)


# --- hitting experiments -------------------------------------------------------


@dataclass(frozen=True)
class Hits:
    """First hitting steps of ε-neighbourhoods of several targets.

    Attributes
    ----------
    names : list of str
        The targets.
    eps : ndarray (n_eps,)
        The radii, decreasing.
    first : ndarray of int (n_targets, n_eps, n_walkers)
        First step at which a walker was within ``eps`` of the target; -1 if never.
    min_distance : ndarray (n_targets, n_walkers)
        Each walker's smallest distance to each target over the walk.
    n_steps : int
    """

    names: list
    eps: np.ndarray
    first: np.ndarray
    min_distance: np.ndarray
    n_steps: int

    def probability(self) -> np.ndarray:
        """Fraction of walkers that came within each ``eps``: shape (n_targets, n_eps).

        Example
        -------
        >>> h = Hits(["a"], np.array([1.0]), np.array([[[3, -1]]]), np.zeros((1, 2)), 5)
        >>> h.probability().tolist()
        [[0.5]]
        """
        return (self.first >= 0).mean(axis=-1)


def hitting_times(
    g0: ArrayLike,
    targets: dict,
    eps: ArrayLike,
    rng: np.random.Generator,
    *,
    n_steps: int,
    step_size: float,
) -> Hits:
    """Run :func:`gl2_walk` and record when each walker first comes within each ε of each target.

    Parameters
    ----------
    g0 : array (n_walkers, 2, 2)
    n_steps, step_size, rng
        As in :func:`gl2_walk`.
    targets : dict of str -> callable
        ``distance(g)`` for a batch ``g`` of shape (n, 2, 2), e.g.
        ``lambda g: distance_to_orthogonal(g)``.
    eps : array_like
        Positive radii (any order; stored decreasing).

    Example
    -------
    >>> rng = np.random.default_rng(0)
    >>> g0 = np.broadcast_to(np.diag([2.0, 1.0]), (200, 2, 2))
    >>> hits = hitting_times(g0, {"circle": distance_to_orthogonal}, [0.9, 0.5], rng, n_steps=50, step_size=1e-2)
    >>> hits.first.shape
    (1, 2, 200)
    """
    g = _check_walkers(g0)
    n_steps = as_int(n_steps, "n_steps", minimum=0)
    rng = as_generator(rng)
    if not isinstance(targets, dict) or not targets or not all(callable(f) for f in targets.values()):
        raise TypeError("targets must be a non-empty dict of name -> distance function")
    eps = np.sort(as_float_array(eps, "eps", ndim=1))[::-1].copy()
    if eps.size == 0 or np.any(eps <= 0):
        raise ValueError("eps must be a non-empty array of positive radii")
    functions = list(targets.values())
    # Two halves of the walkers, each with its own child generator: the streams
    # the stored chapters were made with. (Walking the halves in two threads was
    # slower: 10,000 walkers spend their time in many small NumPy calls, which
    # hold the GIL.)
    halves = [h for h in np.array_split(np.arange(g.shape[0]), 2) if h.size]
    streams = rng.spawn(len(halves))
    parts = [_hits_of(g[h], n_steps, step_size, r, functions, eps) for h, r in zip(halves, streams)]
    first = np.concatenate([p[0] for p in parts], axis=-1)
    running = np.concatenate([p[1] for p in parts], axis=-1)
    return Hits(list(targets), eps, first, running, n_steps)


def _hits_of(g, n_steps, step_size, rng, functions, eps):
    n, k = g.shape[0], len(functions)
    running = np.array([f(g) for f in functions])  # (k, n): smallest distance so far
    first = np.full((k, eps.size, n), -1, dtype=np.int64)
    level = np.zeros((k, n), dtype=np.int64)  # how many radii each walker has been inside of
    threshold = np.full((k, n), eps[0])  # the next radius to cross
    padded = np.append(eps, -np.inf)

    def record(step: int, walkers: np.ndarray) -> None:
        for t, f in enumerate(functions):
            np.minimum(running[t], f(walkers), out=running[t])
            crossed = np.nonzero(running[t] < threshold[t])[0]
            if crossed.size == 0:
                continue
            new_level = np.searchsorted(-eps, -running[t, crossed], side="right")
            for lev in range(eps.size):
                mask = (level[t, crossed] <= lev) & (new_level > lev)
                first[t, lev, crossed[mask]] = step
            level[t, crossed] = new_level
            threshold[t, crossed] = padded[new_level]

    record(0, g)
    gl2_walk(g, rng, n_steps=n_steps, step_size=step_size, observe=record)
    return first, running


# --- tube volumes ------------------------------------------------------------------


def tube_fraction(distances: ArrayLike, eps: ArrayLike) -> np.ndarray:
    """Fraction of samples whose distance to a set is below each ``eps``.

    With samples uniform in a region, this estimates the volume of the ε-tube
    around the set within the region, as a fraction of the region's volume.

    Example
    -------
    >>> tube_fraction([0.1, 0.2, 0.5, 0.9], [0.3, 1.0]).tolist()
    [0.5, 1.0]
    """
    distances = as_float_array(distances, "distances", ndim=1)
    eps = as_float_array(eps, "eps", ndim=1)
    if distances.size == 0:
        raise ValueError("distances must not be empty")
    return (distances[:, None] < eps[None, :]).mean(axis=0)


def fit_power(x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    """Least-squares fit of ``y = C x^p`` on log-log axes; returns ``(p, C)``.

    Example
    -------
    >>> p, C = fit_power([1.0, 2.0, 4.0], [3.0, 12.0, 48.0])
    >>> round(p, 12), round(C, 12)
    (2.0, 3.0)
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if x.shape != y.shape or x.size < 2:
        raise ValueError(f"x and y must have the same length >= 2, got {x.size} and {y.size}")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x and y must be positive to be fitted on log-log axes")
    if np.ptp(np.log(x)) == 0:
        raise ValueError("x must take at least two different values to fit a power")
    p, log_c = np.polyfit(np.log(x), np.log(y), 1)
    return float(p), float(np.exp(log_c))
