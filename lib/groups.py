"""Matrix Lie groups GL(n), O(n), SO(n) and the affine group Aff(n).

Every group has the same few operations (``dim``, ``basis``, ``exp``, ``log``,
``contains``, ``random``, ``random_walk``), so code written for one works for
all of them. Matrices act on points stored as rows: ``points @ g.T``.
Batches of matrices have shape ``(..., n, n)``.

Example
-------
>>> import numpy as np
>>> from lib.groups import SO
>>> G = SO(3)
>>> g = G.random(np.random.default_rng(0))
>>> bool(G.contains(g)), G.dim
(True, 3)
>>> np.allclose(G.exp(G.log(g)), g)
True
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from lib._validate import as_generator, as_int, as_matrices, as_nonnegative_float, as_positive_float

__all__ = ["MatrixGroup", "GL", "O", "SO", "Aff"]

# A matrix whose condition number exceeds this is treated as singular.
MAX_CONDITION = 1e12


def _expm(X: np.ndarray, name: str) -> np.ndarray:
    """``scipy.linalg.expm``, refusing results that overflow float64."""
    with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = scipy.linalg.expm(X)
    if not np.all(np.isfinite(g)):
        raise ValueError(f"{name} is too large: its matrix exponential overflows float64")
    return g


class MatrixGroup:
    """Common interface of the matrix groups; use :class:`GL`, :class:`O`, :class:`SO`.

    Parameters
    ----------
    n : int
        Size of the matrices, ``n >= 1``.
    """

    symbol = "G"

    def __init__(self, n: int) -> None:
        self.n = as_int(n, "n")  # dimension of the space acted on
        self.matrix_size = self._matrix_size()  # the group's elements are matrix_size x matrix_size
        self._basis = self._make_basis()
        self._basis.setflags(write=False)

    def __repr__(self) -> str:
        return f"{self.symbol}({self.n})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.n == other.n

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.n))

    # --- the Lie algebra -------------------------------------------------
    @property
    def dim(self) -> int:
        """Dimension of the group as a manifold (number of basis elements).

        Example
        -------
        >>> GL(3).dim, O(3).dim
        (9, 3)
        """
        return self._basis.shape[0]

    def basis(self) -> np.ndarray:
        """Orthonormal basis (Frobenius inner product) of the Lie algebra.

        Returns
        -------
        numpy.ndarray of shape ``(dim, n, n)``.

        Example
        -------
        >>> SO(2).basis().round(3).tolist()
        [[[0.0, -0.707], [0.707, 0.0]]]
        """
        return self._basis.copy()

    def _matrix_size(self) -> int:
        return self.n

    def _make_basis(self) -> np.ndarray:
        raise NotImplementedError

    def algebra_residual(self, X: ArrayLike) -> np.ndarray:
        """Frobenius distance from ``X`` (shape ``(..., n, n)``) to the Lie algebra.

        Example
        -------
        >>> float(SO(2).algebra_residual(np.eye(2)))  # the identity is not skew
        1.4142135623730951
        """
        X = as_matrices(X, "X", self.matrix_size)
        coeffs = np.einsum("...ij,kij->...k", X, self._basis)
        projection = np.einsum("...k,kij->...ij", coeffs, self._basis)
        return np.linalg.norm(X - projection, axis=(-2, -1))

    # --- exponential and logarithm ---------------------------------------
    def exp(self, X: ArrayLike) -> np.ndarray:
        """Matrix exponential of Lie-algebra elements ``X`` of shape ``(..., n, n)``.

        Raises ``ValueError`` if ``X`` is not in the group's Lie algebra.

        Example
        -------
        >>> g = SO(2).exp(np.pi / 2 * np.array([[0.0, -1.0], [1.0, 0.0]]))
        >>> g.round(12).tolist()
        [[0.0, -1.0], [1.0, 0.0]]
        """
        X = as_matrices(X, "X", self.matrix_size)
        residual = float(np.max(self.algebra_residual(X), initial=0.0))
        scale = max(1.0, float(np.max(np.abs(X), initial=0.0)))
        if residual > 1e-9 * scale:
            raise ValueError(
                f"X must lie in the Lie algebra of {self!r} "
                f"(distance from it: {residual:.3g})"
            )
        return _expm(X, "X")

    def log(self, g: ArrayLike) -> np.ndarray:
        """A real logarithm ``X`` in the Lie algebra with ``exp(X) = g``.

        Raises ``ValueError`` where ``g`` is not in the group or has no real
        logarithm of the kind this group computes.

        Example
        -------
        >>> np.allclose(SO(2).log([[0.0, -1.0], [1.0, 0.0]]), [[0, -np.pi / 2], [np.pi / 2, 0]])
        True
        """
        raise NotImplementedError

    # --- membership ------------------------------------------------------
    def contains(self, g: ArrayLike, *, tol: float = 1e-9) -> bool | np.ndarray:
        """Whether ``g`` (shape ``(..., n, n)``) is an element of the group.

        Returns a bool for one matrix and a boolean array for a batch.
        Raises ``ValueError`` for a wrong shape or NaN/inf entries.

        Example
        -------
        >>> O(2).contains(np.diag([1.0, -1.0])), SO(2).contains(np.diag([1.0, -1.0]))
        (True, False)
        """
        g = as_matrices(g, "g", self.matrix_size)
        tol = as_positive_float(tol, "tol")
        result = self._contains(g, tol)
        return bool(result) if result.ndim == 0 else result

    def _contains(self, g: np.ndarray, tol: float) -> np.ndarray:
        raise NotImplementedError

    def _require_members(self, g: np.ndarray, name: str = "g", tol: float = 1e-9) -> None:
        inside = np.asarray(self._contains(g, tol))
        if not np.all(inside):
            bad = g[np.unravel_index(np.argmin(inside), inside.shape)] if g.ndim > 2 else g
            raise ValueError(f"{name} must be an element of {self!r}; {self._why_not(bad)}")

    def _why_not(self, g: np.ndarray) -> str:
        return f"cond(g) = {np.linalg.cond(g):.3g}"

    # --- randomness ------------------------------------------------------
    def random(self, rng: np.random.Generator, size: int | tuple | None = None) -> np.ndarray:
        """Random group elements: shape ``(n, n)`` or ``(*size, n, n)``.

        GL(n) draws Gaussian matrices (invertible with probability 1);
        O(n) and SO(n) draw from the Haar measure.

        Example
        -------
        >>> g = O(3).random(np.random.default_rng(1), size=5)
        >>> g.shape, bool(O(3).contains(g).all())
        ((5, 3, 3), True)
        """
        rng = as_generator(rng)
        shape = _batch_shape(size)
        return self._random(rng, shape)

    def _random(self, rng: np.random.Generator, shape: tuple) -> np.ndarray:
        raise NotImplementedError

    def walk_step(self, g: ArrayLike, rng: np.random.Generator, *, step_size: float) -> np.ndarray:
        """One step of the left-invariant Brownian walk: ``g @ exp(sqrt(step_size) Z)``.

        ``Z`` is a standard Gaussian element of the Lie algebra (isotropic in
        the Frobenius-orthonormal basis; on SO(2) the rotation angle thus has
        variance ``step_size / 2`` per step). Multiplying on the right makes the walk
        left-invariant: starting at ``h @ g`` gives ``h`` times the walk from ``g``.

        Example
        -------
        >>> rng = np.random.default_rng(0)
        >>> g = SO(3).walk_step(np.eye(3), rng, step_size=0.01)
        >>> bool(SO(3).contains(g))
        True
        """
        g = as_matrices(g, "g", self.matrix_size)
        rng = as_generator(rng)
        step_size = as_nonnegative_float(step_size, "step_size")
        self._require_members(g)
        z = rng.standard_normal(g.shape[:-2] + (self.dim,))
        increment = np.sqrt(step_size) * np.einsum("...k,kij->...ij", z, self._basis)
        with np.errstate(over="ignore", invalid="ignore"):
            moved = g @ _expm(increment, "step_size")
        if not np.all(np.isfinite(moved)):
            raise ValueError("g and step_size are too large: the step overflows float64")
        return moved

    def random_walk(
        self, g0: ArrayLike, rng: np.random.Generator, *, n_steps: int, step_size: float
    ) -> np.ndarray:
        """A left-invariant Brownian walk of ``n_steps`` steps from ``g0``.

        Returns an array of shape ``(n_steps + 1, *g0.shape)`` whose first entry is ``g0``.

        Example
        -------
        >>> path = GL(2).random_walk(np.eye(2), np.random.default_rng(0), n_steps=100, step_size=0.01)
        >>> path.shape
        (101, 2, 2)
        """
        g = as_matrices(g0, "g0", self.matrix_size)
        self._require_members(g, "g0")
        n_steps = as_int(n_steps, "n_steps", minimum=0)
        path = np.empty((n_steps + 1,) + g.shape)
        path[0] = g
        for k in range(n_steps):
            path[k + 1] = self.walk_step(path[k], rng, step_size=step_size)
        return path


class GL(MatrixGroup):
    """The general linear group GL(n, R) of invertible real n x n matrices.

    Example
    -------
    >>> G = GL(2)
    >>> G.dim, bool(G.contains([[1.0, 2.0], [3.0, 4.0]]))
    (4, True)
    """

    symbol = "GL"

    def _make_basis(self) -> np.ndarray:
        return np.eye(self.n * self.n).reshape(self.n * self.n, self.n, self.n)

    def _contains(self, g, tol):
        cond = np.linalg.cond(g) if g.size else np.zeros(g.shape[:-2])
        return np.isfinite(cond) & (cond < MAX_CONDITION)

    def _random(self, rng, shape):
        return rng.standard_normal(shape + (self.n, self.n))

    def log(self, g: ArrayLike) -> np.ndarray:
        """The principal real logarithm of ``g``.

        It exists when no eigenvalue of ``g`` lies on the closed negative real
        axis; otherwise ``ValueError`` is raised (some such matrices, e.g.
        ``-I`` in GL(2), have a non-principal real logarithm: use ``SO(n).log``
        for rotations).

        Example
        -------
        >>> g = np.array([[2.0, 1.0], [0.0, 3.0]])
        >>> np.allclose(GL(2).exp(GL(2).log(g)), g)
        True
        """
        g = as_matrices(g, "g", self.n)
        self._require_members(g)
        flat = g.reshape(-1, self.n, self.n)
        out = np.empty_like(flat)
        for i, m in enumerate(flat):
            eig = np.linalg.eigvals(m)
            scale = np.abs(eig)
            negative = (eig.real < 0) & (np.abs(eig.imag) <= 1e-9 * scale)
            if np.any(negative):
                raise ValueError(
                    "g has a real negative eigenvalue "
                    f"({eig[negative][0].real:.6g}), so it has no principal real logarithm"
                )
            with warnings.catch_warnings():
                # scipy warns at error estimates far below what matters here;
                # the round trip is checked instead.
                warnings.simplefilter("ignore", RuntimeWarning)
                out[i] = np.real(scipy.linalg.logm(m))
            scale = np.abs(m).max()  # relative error, safe from underflow for tiny g
            error = np.linalg.norm((scipy.linalg.expm(out[i]) - m) / scale) / np.linalg.norm(m / scale)
            if error > 1e-8:
                raise ValueError(f"the logarithm of g is inaccurate (relative error {error:.2g}): g is too ill-conditioned")
        return out.reshape(g.shape)


class O(MatrixGroup):
    """The orthogonal group O(n): matrices with ``g.T @ g = I``.

    Example
    -------
    >>> G = O(3)
    >>> G.dim, bool(G.contains(-np.eye(3)))
    (3, True)
    """

    symbol = "O"

    def _make_basis(self) -> np.ndarray:
        n = self.n
        rows = []
        for i in range(n):
            for j in range(i + 1, n):
                b = np.zeros((n, n))
                b[j, i], b[i, j] = 1 / np.sqrt(2), -1 / np.sqrt(2)
                rows.append(b)
        return np.array(rows).reshape(len(rows), n, n)

    def _orthogonality_error(self, g: np.ndarray) -> np.ndarray:
        eye = np.eye(self.n)
        return np.linalg.norm(np.swapaxes(g, -1, -2) @ g - eye, axis=(-2, -1))

    def _contains(self, g, tol):
        return self._orthogonality_error(g) <= tol * self.n

    def _why_not(self, g):
        err = float(self._orthogonality_error(g))
        if err > 1e-9 * self.n:
            return f"it is not orthogonal (|g^T g - I| = {err:.3g})"
        return f"det g = {np.linalg.det(g):.3g}"

    def _random(self, rng, shape):
        z = rng.standard_normal(shape + (self.n, self.n))
        q, r = np.linalg.qr(z)
        # Fixing the signs of R's diagonal makes Q Haar-distributed (Mezzadri 2007).
        signs = np.sign(np.diagonal(r, axis1=-2, axis2=-1))
        signs[signs == 0] = 1.0
        return q * signs[..., None, :]

    def log(self, g: ArrayLike) -> np.ndarray:
        """A skew-symmetric logarithm of ``g``; defined only where ``det g = +1``.

        Elements with ``det g = -1`` lie outside the identity component and no
        element of o(n) exponentiates to them: ``ValueError``.

        Example
        -------
        >>> X = O(2).log(-np.eye(2))  # a rotation by pi
        >>> np.allclose(O(2).exp(X), -np.eye(2))
        True
        """
        g = as_matrices(g, "g", self.n)
        self._require_members(g)
        det = np.linalg.det(g)
        if np.any(det < 0):
            raise ValueError(
                f"g has det g = -1: it is not in the identity component of {self!r}, "
                "so it has no logarithm in the Lie algebra"
            )
        flat = g.reshape(-1, self.n, self.n)
        return np.array([_rotation_log(m) for m in flat]).reshape(g.shape)


class SO(O):
    """The special orthogonal group SO(n): rotations, ``g.T @ g = I`` and ``det g = 1``.

    Example
    -------
    >>> G = SO(2)
    >>> G.dim, bool(G.contains(np.diag([1.0, -1.0])))
    (1, False)
    """

    symbol = "SO"

    def _contains(self, g, tol):
        return super()._contains(g, tol) & (np.linalg.det(g) > 0)

    def _random(self, rng, shape):
        q = super()._random(rng, shape)
        # Right-multiplying the det = -1 half by a fixed reflection is a
        # Haar-preserving bijection onto SO(n).
        flip = np.linalg.det(q) < 0
        q[flip, :, 0] *= -1
        return q


def _rotation_log(g: np.ndarray) -> np.ndarray:
    """Skew-symmetric log of a rotation via its real Schur form (handles angle pi)."""
    n = g.shape[0]
    if n == 1:
        return np.zeros((1, 1))
    t, z = scipy.linalg.schur(g, output="real")
    log_t = np.zeros((n, n))
    minus_ones = []
    i = 0
    while i < n:
        if i + 1 < n and abs(t[i + 1, i]) > 1e-12:
            s = (t[i + 1, i] - t[i, i + 1]) / 2
            c = (t[i, i] + t[i + 1, i + 1]) / 2
            angle = np.arctan2(s, c)
            log_t[i + 1, i], log_t[i, i + 1] = angle, -angle
            i += 2
        else:
            if t[i, i] < 0:
                minus_ones.append(i)
            i += 1
    # det = +1, so eigenvalues -1 come in pairs: each pair is a rotation by pi.
    for a, b in zip(minus_ones[::2], minus_ones[1::2]):
        log_t[b, a], log_t[a, b] = np.pi, -np.pi
    x = z @ log_t @ z.T
    return (x - x.T) / 2


def _batch_shape(size) -> tuple:
    if size is None:
        return ()
    if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
        size = (size,)
    try:
        shape = tuple(as_int(s, "size", minimum=0) for s in size)
    except TypeError:
        raise TypeError(f"size must be None, an int or a tuple of ints, got {size!r}") from None
    return shape


class Aff(MatrixGroup):
    """The affine group Aff(n) of maps ``p -> A p + t`` of R^n, ``A`` in GL(n).

    Elements are ``(n + 1) x (n + 1)`` matrices ``[[A, t], [0, 1]]`` acting on
    points ``(p, 1)``; ``n`` is the dimension of the space, ``matrix_size = n + 1``
    that of the matrices. ``dim = n^2 + n``.

    Example
    -------
    >>> G = Aff(2)
    >>> G.dim, G.matrix_size, bool(G.contains([[1.0, 0.0, 3.0], [0.0, 1.0, -1.0], [0.0, 0.0, 1.0]]))
    (6, 3, True)
    """

    symbol = "Aff"

    def _matrix_size(self) -> int:
        return self.n + 1

    def _make_basis(self) -> np.ndarray:
        n = self.n
        basis = np.zeros((n * n + n, n + 1, n + 1))
        for k in range(n * n):
            basis[k, k // n, k % n] = 1.0
        for i in range(n):
            basis[n * n + i, i, n] = 1.0
        return basis

    def _last_row_error(self, g: np.ndarray) -> np.ndarray:
        row = np.zeros(self.n + 1)
        row[-1] = 1.0
        return np.max(np.abs(g[..., -1, :] - row), axis=-1)

    def _contains(self, g, tol):
        linear = g[..., : self.n, : self.n]
        cond = np.linalg.cond(linear)
        return (self._last_row_error(g) <= tol) & np.isfinite(cond) & (cond < MAX_CONDITION)

    def _why_not(self, g):
        if float(self._last_row_error(g)) > 1e-9:
            return f"its last row must be (0, ..., 0, 1), got {g[-1].tolist()}"
        return f"its linear part is singular (cond = {np.linalg.cond(g[:-1, :-1]):.3g})"

    def _random(self, rng, shape):
        g = np.zeros(shape + (self.n + 1, self.n + 1))
        g[..., : self.n, :] = rng.standard_normal(shape + (self.n, self.n + 1))
        g[..., -1, -1] = 1.0
        return g

    def log(self, g: ArrayLike) -> np.ndarray:
        """The principal real logarithm, an element of the affine Lie algebra.

        Exists when the linear part has no eigenvalue on the closed negative
        real axis; otherwise ``ValueError``.

        Example
        -------
        >>> g = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])  # a translation
        >>> Aff(2).log(g).tolist()
        [[0.0, 0.0, 2.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
        """
        g = as_matrices(g, "g", self.matrix_size)
        self._require_members(g)
        x = GL(self.matrix_size).log(g)
        x[..., -1, :] = 0.0  # exactly zero in exact arithmetic
        return x
