"""Loss landscapes whose minima form families of flats (the paper's Figure 2(b)), and noisy descent on them.

A family is a union of axis-parallel flats in the unit torus; the loss near
each is a quadratic valley. Noisy gradient descent (Langevin dynamics) samples
the Gibbs density ``exp(-L / T)`` once it has run long enough, and the odds of
ending near one family rather than the other are then computed exactly by
quadrature (:func:`gibbs_odds`) or measured by simulation (:func:`simulated_odds`).

Example
-------
>>> plane, line = Flats(3, (2,), [[0.25]]), Flats(3, (1, 2), [[0.5, 0.75]])
>>> plane.dim, line.dim
(2, 1)
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from lib._validate import as_float_array, as_generator, as_int, as_nonnegative_float, as_positive_float

__all__ = ["Flats", "two_family_loss", "gibbs_odds", "langevin", "simulated_odds", "first_arrivals", "voronoi_odds"]


@dataclass(frozen=True)
class Flats:
    """A union of axis-parallel flats in the unit torus [0, 1)^d.

    Each flat is ``{x : x[axes] = c}`` for one row ``c`` of ``positions``; it has
    dimension ``d - len(axes)`` and volume 1. Distances are periodic.

    Example
    -------
    >>> planes = Flats(3, (2,), [[0.25], [0.75]])  # two horizontal planes in the 3-torus
    >>> planes.dim, planes.volume
    (2, 2)
    """

    d: int
    axes: tuple
    positions: np.ndarray

    def __post_init__(self) -> None:
        d = as_int(self.d, "d")
        if not isinstance(self.axes, (tuple, list)) or not all(isinstance(a, numbers.Integral) for a in self.axes):
            raise TypeError(f"axes must be a tuple of coordinate indices, got {self.axes!r}")
        axes = tuple(self.axes)
        if not axes or len(set(axes)) != len(axes) or min(axes) < 0 or max(axes) >= d:
            raise ValueError(f"axes must be distinct coordinates in range({d}), got {self.axes}")
        positions = as_float_array(self.positions, "positions", ndim=2)
        if positions.shape[0] == 0 or positions.shape[1] != len(axes):
            raise ValueError(f"positions must have shape (m >= 1, {len(axes)}), got {positions.shape}")
        object.__setattr__(self, "axes", axes)
        object.__setattr__(self, "positions", positions % 1.0)

    @property
    def dim(self) -> int:
        """Dimension of each flat.

        Example
        -------
        >>> Flats(3, (0, 1), [[0.5, 0.5]]).dim  # a line
        1
        """
        return self.d - len(self.axes)

    @property
    def volume(self) -> int:
        """Total volume (each flat has volume 1 in the unit torus).

        Example
        -------
        >>> Flats(2, (0,), [[0.1], [0.6]]).volume
        2
        """
        return self.positions.shape[0]

    def squared_distance(self, x: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Squared periodic distance from points ``x`` (n, d) to the nearest flat, and its gradient.

        Example
        -------
        >>> e, grad = Flats(2, (0,), [[0.5]]).squared_distance([[0.2, 0.9]])
        >>> round(float(e[0]), 12), grad.round(12).tolist()
        (0.09, [[-0.6, 0.0]])
        """
        return self._squared_distance(_check_points(x, self.d))

    def _squared_distance(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        offset = x[:, None, list(self.axes)] - self.positions[None, :, :]  # (n, m, len(axes))
        offset -= np.round(offset)  # periodic: into [-1/2, 1/2]
        sq = np.sum(offset**2, axis=2)
        nearest = np.argmin(sq, axis=1)
        rows = np.arange(x.shape[0])
        grad = np.zeros_like(x)
        grad[:, list(self.axes)] = 2 * offset[rows, nearest]
        return sq[rows, nearest], grad


def two_family_loss(x: ArrayLike, f: Flats, h: Flats) -> tuple[np.ndarray, np.ndarray]:
    """The loss ``L = E_f E_h / (E_f + E_h)`` and its gradient at points ``x`` (n, d).

    ``E_f`` and ``E_h`` are the squared distances to the two families, standing
    for the reconstruction errors ``|I - sum f_i|^2`` and ``|I - sum h_i|^2`` of
    the paper's Figure 2(b). ``L`` is zero exactly on the union of the families,
    treats them symmetrically, and near one family equals that family's error to
    leading order.

    Example
    -------
    >>> f, h = Flats(2, (0,), [[0.5]]), Flats(2, (1,), [[0.5]])
    >>> loss, grad = two_family_loss([[0.5, 0.1], [0.3, 0.5]], f, h)
    >>> loss.tolist()
    [0.0, 0.0]
    """
    _check_families(f, h)
    return _two_family_loss(_check_points(x, f.d), f, h)


def _two_family_loss(x: np.ndarray, f: Flats, h: Flats) -> tuple[np.ndarray, np.ndarray]:
    ef, gf = f._squared_distance(x)
    eh, gh = h._squared_distance(x)
    loss, safe = _combined_loss(ef, eh)
    grad = (eh**2 / safe**2)[:, None] * gf + (ef**2 / safe**2)[:, None] * gh
    return loss, grad


def _check_points(x: ArrayLike, d: int) -> np.ndarray:
    x = as_float_array(x, "x", ndim=2)
    if x.shape[1] != d:
        raise ValueError(f"x must have {d} columns, got {x.shape[1]}")
    return x


def _check_families(f: Flats, h: Flats) -> None:
    if not (isinstance(f, Flats) and isinstance(h, Flats)):
        raise TypeError("f and h must be Flats")
    if f.d != h.d:
        raise ValueError(f"f and h must live in the same torus, got d = {f.d} and {h.d}")


def _combined_loss(ef: np.ndarray, eh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``E_f E_h / (E_f + E_h)`` (0 where both vanish), and the denominator with its zeros set to 1."""
    total = ef + eh
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, ef * eh / safe, 0.0), safe


def gibbs_odds(f: Flats, h: Flats, temperature: float, *, n: int = 400, sharpness: float = 1.0) -> float:
    """Equilibrium odds of being nearer ``f`` than ``h`` under the Gibbs density ``exp(-L / T)``, by quadrature.

    ``L`` is :func:`two_family_loss` with ``E_f`` multiplied by ``sharpness`` (a
    sharper or flatter valley around ``f``). The odds are the integral of
    ``exp(-L / T)`` over the points nearer ``f`` divided by the integral over the
    rest. Coordinates that neither family constrains integrate to 1 and are left
    out; the others are integrated by the midpoint rule on ``n`` points per axis
    (the integrand is periodic, so the rule converges fast; compare two ``n``).

    Example
    -------
    >>> f, h = Flats(2, (0,), [[0.25]]), Flats(2, (0,), [[0.75]])
    >>> round(gibbs_odds(f, h, 0.01, n=200), 12)  # two mirror-image lines
    1.0
    """
    _check_families(f, h)
    temperature = as_positive_float(temperature, "temperature")
    sharpness = as_positive_float(sharpness, "sharpness")
    n = as_int(n, "n", minimum=2)
    axes = sorted(set(f.axes) | set(h.axes))
    if n ** len(axes) > 5e7:
        raise ValueError(f"n = {n} needs {n ** len(axes):.1e} points over {len(axes)} axes; at most 5e7")
    nodes = (np.arange(n) + 0.5) / n
    grid = np.stack(np.meshgrid(*[nodes] * len(axes), indexing="ij"), axis=-1).reshape(-1, len(axes))
    near_f = near_h = 0.0
    for chunk in np.array_split(grid, max(1, grid.shape[0] // 500_000)):
        x = np.full((chunk.shape[0], f.d), 0.5)
        x[:, axes] = chunk
        ef, _ = f._squared_distance(x)
        eh, _ = h._squared_distance(x)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            ef = sharpness * ef
            weight = np.exp(-_combined_loss(ef, eh)[0] / temperature)
        nearer_f = ef < eh
        near_f += float(np.sum(weight[nearer_f]))
        near_h += float(np.sum(weight[~nearer_f]))
    if not (near_h > 0.0 and np.isfinite(near_f)):
        raise ValueError(f"the Gibbs weight of the points nearer h is 0 on the grid: temperature ({temperature:g}) "
                         f"is too small, or sharpness ({sharpness:g}) too large, for n = {n} points per axis")
    return near_f / near_h


def langevin(
    x0: ArrayLike,
    grad: Callable[[np.ndarray], np.ndarray],
    rng: np.random.Generator,
    *,
    n_steps: int,
    step_size: float,
    temperature: float,
    stop: Callable[[np.ndarray], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy gradient descent ``x <- x - eta grad(x) + sqrt(2 eta T) xi`` for a batch of walkers.

    Parameters
    ----------
    x0 : array (n, d)
    grad : callable
        ``grad(x)`` for a batch ``x`` (m, d), returning (m, d).
    n_steps : int
    step_size : float
        ``eta``.
    temperature : float
        ``T >= 0``; ``T = 0`` is plain gradient descent. At equilibrium the
        walkers are distributed as ``exp(-L / T)``.
    rng : numpy.random.Generator
    stop : callable, optional
        ``stop(x)`` -> boolean mask; a walker is frozen at the first step where it is True.

    Returns
    -------
    x : array (n, d)
        Final (or frozen) positions.
    stopped_at : array of int (n,)
        Step at which each walker stopped, or -1.

    Example
    -------
    >>> rng = np.random.default_rng(0)
    >>> x, when = langevin(np.ones((5, 1)), lambda x: 2 * x, rng, n_steps=200, step_size=0.05, temperature=0.0)
    >>> bool(np.abs(x).max() < 1e-6), when.tolist()
    (True, [-1, -1, -1, -1, -1])
    """
    x = as_float_array(x0, "x0", ndim=2).copy()
    n_steps = as_int(n_steps, "n_steps", minimum=0)
    eta = as_positive_float(step_size, "step_size")
    temperature = as_nonnegative_float(temperature, "temperature")
    rng = as_generator(rng)
    stopped_at = np.full(x.shape[0], -1, dtype=np.int64)
    active = np.arange(x.shape[0])
    noise = np.sqrt(2 * eta * temperature)
    for k in range(n_steps + 1):
        if stop is not None:
            done = np.asarray(stop(x[active]), dtype=bool)
            stopped_at[active[done]] = k
            active = active[~done]
        if k == n_steps or active.size == 0:
            break
        everyone = active.size == x.shape[0]  # then no copies in and out of x
        step = -eta * grad(x if everyone else x[active])
        if noise > 0:
            step += noise * rng.standard_normal((active.size, x.shape[1]))
        if everyone:
            x += step
        else:
            x[active] += step
    return x, stopped_at


def simulated_odds(f: Flats, h: Flats, temperature: float, rng: np.random.Generator, *,
                   n_walkers: int = 1000, n_steps: int = 2000, step_size: float = 0.02) -> float:
    """Odds of ending nearer ``f`` than ``h`` after a long Langevin run from uniform starts.

    The walkers start uniformly in the torus and descend ``two_family_loss``
    with noise; at the end each is counted for the family it is nearer. Run long
    enough, this estimates the equilibrium odds that :func:`gibbs_odds` computes
    exactly.

    Example
    -------
    >>> plane, line = Flats(3, (2,), [[0.25]]), Flats(3, (1, 2), [[0.5, 0.75]])
    >>> odds = simulated_odds(plane, line, 0.01, np.random.default_rng(0), n_walkers=400)
    >>> bool(3 < odds < 9)  # gibbs_odds gives 5.04
    True
    """
    x, _ = _descend(f, h, temperature, rng, n_walkers, n_steps, step_size)
    return _odds(_nearer_f(f, h, x).mean())


def first_arrivals(f: Flats, h: Flats, temperature: float, eps: float, rng: np.random.Generator, *,
                   n_walkers: int = 4000, n_steps: int = 4000, step_size: float = 0.01,
                   start: ArrayLike | None = None) -> np.ndarray:
    """Which family each walker reaches first: True where it stops within ``eps`` of ``f`` before ``h``.

    The walkers start uniformly in the torus, or all at the point ``start``
    (one configuration, shape ``(d,)``), and descend ``two_family_loss`` with
    noise at ``temperature`` until they come within ``eps`` of either family. A
    walker that reaches neither in ``n_steps`` is an error: the odds would be
    biased.

    Example
    -------
    >>> plane, line = Flats(3, (2,), [[0.25]]), Flats(3, (1, 2), [[0.5, 0.75]])
    >>> on_plane = first_arrivals(plane, line, 0.003, 0.05, np.random.default_rng(0), n_walkers=200)
    >>> on_plane.shape, bool(on_plane.mean() > 0.5)
    ((200,), True)
    """
    eps = as_positive_float(eps, "eps")

    def near(x: np.ndarray) -> np.ndarray:
        return np.minimum(f._squared_distance(x)[0], h._squared_distance(x)[0]) < eps**2

    x, when = _descend(f, h, temperature, rng, n_walkers, n_steps, step_size, stop=near, start=start)
    if np.any(when < 0):
        raise ValueError(f"{np.sum(when < 0)} walkers reached neither family in n_steps = {n_steps}: "
                         "raise n_steps, step_size or eps")
    return _nearer_f(f, h, x)


def voronoi_odds(f: Flats, h: Flats, rng: np.random.Generator, *, n_points: int = 200_000) -> float:
    """The odds of a uniform random point being nearer ``f`` than ``h``: the ratio of their Voronoi cells' volumes.

    Example
    -------
    >>> plane, line = Flats(3, (2,), [[0.25]]), Flats(3, (1, 2), [[0.5, 0.75]])
    >>> round(voronoi_odds(plane, line, np.random.default_rng(0)), 1)
    2.0
    """
    _check_families(f, h)
    x = as_generator(rng).uniform(0, 1, (as_int(n_points, "n_points"), f.d))
    return _odds(_nearer_f(f, h, x).mean())


def _descend(f: Flats, h: Flats, temperature: float, rng: np.random.Generator, n_walkers: int, n_steps: int,
             step_size: float, stop: Callable | None = None,
             start: ArrayLike | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Langevin descent of ``two_family_loss`` by walkers that start uniformly in the torus (or all at ``start``)."""
    _check_families(f, h)
    rng = as_generator(rng)
    n_walkers = as_int(n_walkers, "n_walkers")
    if start is None:
        x0 = rng.uniform(0, 1, (n_walkers, f.d))
    else:
        point = as_float_array(start, "start", ndim=1)
        if point.shape != (f.d,) or not np.all((point >= 0) & (point < 1)):
            raise ValueError(f"start must be a point of the {f.d}-torus [0, 1)^{f.d}, got {point.tolist()}")
        x0 = np.repeat(point[None], n_walkers, axis=0)
    return langevin(x0, lambda x: _two_family_loss(x, f, h)[1], rng, n_steps=n_steps, step_size=step_size,
                    temperature=temperature, stop=stop)


def _nearer_f(f: Flats, h: Flats, x: np.ndarray) -> np.ndarray:
    return f._squared_distance(x)[0] < h._squared_distance(x)[0]


def _odds(share: float) -> float:
    """The odds share : (1 - share)."""
    return float(share / (1 - share)) if share < 1 else float("inf")
