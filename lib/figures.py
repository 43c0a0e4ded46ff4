"""Figures in an intrinsic space R^n, stored as samples.

A :class:`Figure` is a finite sample of a subset of R^n: its points, at each
point a basis of the figure's tangent space there, and a mask of *pinned*
points. A pinned point is a 0-dimensional piece of the figure (an endpoint of
a segment, a corner of a polygon, an isolated point): anything that stabilizes
the figure must fix it. The tangent spaces and the pins are what
:func:`lib.stabilizers.stabilizer` needs to compute a stabilizer.

Example
-------
>>> from lib.figures import segment
>>> f = segment([-1, 0], [1, 0], n_points=5)
>>> f.points.tolist()
[[-1.0, 0.0], [-0.5, 0.0], [0.0, 0.0], [0.5, 0.0], [1.0, 0.0]]
>>> f.pinned.tolist()
[True, False, False, False, True]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.spatial import cKDTree

from lib._validate import as_bool, as_bool_array, as_float_array, as_int, as_positive_float

__all__ = [
    "Figure",
    "point",
    "segment",
    "line",
    "circle",
    "ellipse",
    "polygon",
    "plane",
    "sphere",
    "union",
    "pixel_grid",
    "rasterize",
    "from_image",
    "hausdorff",
]


class Figure:
    """A sampled figure in R^n.

    Parameters
    ----------
    points : array_like, shape (N, n)
        Sample points, one per row; ``N >= 1``.
    tangents : array_like, shape (N, n) or (N, n, k), optional
        At each point, a tangent direction (curves) or ``k`` spanning tangent
        vectors (k-dimensional pieces). Zero vectors add nothing. ``None``
        means every point is a 0-dimensional piece.
    pinned : array_like of bool, shape (N,), optional
        Points that are 0-dimensional pieces; their tangents are ignored.

    Attributes
    ----------
    points : ndarray (N, n)
    tangents : ndarray (N, n, k)
        Always stored with a trailing ``k`` axis (``k = 0`` when there are none);
        the rows of pinned points are zero.
    pinned : ndarray of bool (N,)

    Example
    -------
    >>> import numpy as np
    >>> f = Figure([[1.0, 0.0], [0.0, 1.0]], tangents=[[0.0, 1.0], [-1.0, 0.0]])
    >>> f.n, len(f), f.tangents.shape
    (2, 2, (2, 2, 1))
    """

    def __init__(self, points: ArrayLike, tangents: ArrayLike | None = None, pinned: ArrayLike | None = None) -> None:
        points = as_float_array(points, "points", ndim=2)
        n_points, n = points.shape
        if n_points == 0:
            raise ValueError("points must contain at least one point (the figure is empty)")
        if n == 0:
            raise ValueError("points must have at least one coordinate, got shape (N, 0)")
        if tangents is None:
            tangents = np.zeros((n_points, n, 0))
        else:
            tangents = as_float_array(tangents, "tangents")
            if tangents.ndim == 2:
                tangents = tangents[:, :, None]
            if tangents.ndim != 3 or tangents.shape[:2] != (n_points, n):
                raise ValueError(
                    f"tangents must have shape ({n_points}, {n}) or ({n_points}, {n}, k) "
                    f"to match points, got {tangents.shape}"
                )
        if pinned is None:
            pinned = np.zeros(n_points, dtype=bool)
        else:
            pinned = as_bool_array(pinned, "pinned")
            if pinned.shape != (n_points,):
                raise ValueError(f"pinned must have shape ({n_points},), got {pinned.shape}")
        tangents = np.where(pinned[:, None, None], 0.0, tangents)
        self.points = points
        self.tangents = tangents
        self.pinned = pinned.copy()
        for arr in (self.points, self.tangents, self.pinned):
            arr.setflags(write=False)

    @property
    def n(self) -> int:
        """Dimension of the ambient space.

        Example
        -------
        >>> sphere().n
        3
        """
        return self.points.shape[1]

    def __len__(self) -> int:
        return self.points.shape[0]

    def __repr__(self) -> str:
        return (
            f"Figure({len(self)} points in R^{self.n}, "
            f"tangent rank <= {self.tangents.shape[2]}, {int(self.pinned.sum())} pinned)"
        )

    def transform(self, g: ArrayLike) -> "Figure":
        """The image ``g . f``: points and tangents move.

        ``g`` is a linear map (n x n) or an affine map as an (n + 1) x (n + 1)
        matrix ``[[A, t], [0, 1]]`` acting by ``p -> A p + t``.

        Example
        -------
        >>> f = point([1.0, 2.0]).transform([[0.0, -1.0], [1.0, 0.0]])
        >>> f.points.tolist()
        [[-2.0, 1.0]]
        >>> point([1.0, 2.0]).transform([[1, 0, 5], [0, 1, 0], [0, 0, 1]]).points.tolist()
        [[6.0, 2.0]]
        """
        g = as_float_array(g, "g", ndim=2)
        n = self.n
        if g.shape == (n + 1, n + 1):
            last = np.zeros(n + 1)
            last[-1] = 1.0
            if not np.allclose(g[-1], last):
                raise ValueError(f"an affine g must have last row (0, ..., 0, 1), got {g[-1].tolist()}")
            linear, shift = g[:n, :n], g[:n, n]
        elif g.shape == (n, n):
            linear, shift = g, np.zeros(n)
        else:
            raise ValueError(f"g must have shape ({n}, {n}) or, affine, ({n + 1}, {n + 1}); got {g.shape}")
        tangents = np.einsum("ij,njk->nik", linear, self.tangents)
        return Figure(self.points @ linear.T + shift, tangents, self.pinned)

    def normal_projectors(self) -> np.ndarray:
        """At each point, the orthogonal projector onto the normal space, shape (N, n, n).

        A velocity ``v`` at point ``p`` keeps ``p`` on the figure to first
        order exactly when ``P_normal v = 0``. Pinned points have
        ``P_normal = I``: they must not move at all.

        Example
        -------
        >>> segment([0, 0], [1, 0], n_points=3).normal_projectors()[1].tolist()
        [[0.0, 0.0], [0.0, 1.0]]
        """
        eye = np.eye(self.n)
        if self.tangents.shape[2] == 0:
            return np.broadcast_to(eye, (len(self), self.n, self.n)).copy()
        if self.tangents.shape[2] == 1:
            t = self.tangents[:, :, 0]
            norm2 = np.einsum("ni,ni->n", t, t)
            safe = np.where(norm2 > 0, norm2, 1.0)
            return eye - np.einsum("ni,nj->nij", t, t) / safe[:, None, None]
        # Gram-Schmidt on the k tangent vectors of all points at once; vectors
        # dependent on the earlier ones (or zero) add nothing.
        scale = np.linalg.norm(self.tangents, axis=1).max(axis=1)
        scale = np.where(scale > 0, scale, 1.0)[:, None]
        projector = np.broadcast_to(eye, (len(self), self.n, self.n)).copy()
        basis = []
        for j in range(self.tangents.shape[2]):
            v = self.tangents[:, :, j].copy()
            for u in basis:
                v -= np.einsum("ni,ni->n", v, u)[:, None] * u
            norm = np.linalg.norm(v, axis=1, keepdims=True)
            u = np.where(norm > 1e-10 * scale, v / np.where(norm > 0, norm, 1.0), 0.0)
            basis.append(u)
            projector -= np.einsum("ni,nj->nij", u, u)
        return projector


def _unit(v: np.ndarray, name: str) -> np.ndarray:
    norm = np.linalg.norm(v)
    if norm == 0 and np.any(v):  # tiny entries whose squares underflow: rescale first
        v = v / np.abs(v).max()
        norm = np.linalg.norm(v)
    if norm == 0:
        raise ValueError(f"{name} must be a nonzero vector")
    return v / norm


def point(p: ArrayLike) -> Figure:
    """A single point (a 0-dimensional figure), pinned.

    Example
    -------
    >>> point([0.0, 0.0])
    Figure(1 points in R^2, tangent rank <= 0, 1 pinned)
    """
    p = as_float_array(p, "p", ndim=1)
    return Figure(p[None, :], pinned=np.array([True]))


def segment(a: ArrayLike, b: ArrayLike, *, n_points: int = 101, pin_ends: bool = True) -> Figure:
    """The segment from ``a`` to ``b``, sampled at ``n_points`` equally spaced points.

    With ``pin_ends`` the endpoints are 0-dimensional pieces that a stabilizer
    must fix (a segment, i.e. an edge); without, the sample stands for a piece of
    the whole line through ``a`` and ``b``.

    Example
    -------
    >>> segment([0, 0], [2, 0], n_points=3).points.tolist()
    [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]
    """
    a = as_float_array(a, "a", ndim=1)
    b = as_float_array(b, "b", ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same length, got {a.shape} and {b.shape}")
    n_points = as_int(n_points, "n_points", minimum=2)
    pin_ends = as_bool(pin_ends, "pin_ends")
    direction = _unit(b - a, "b - a")
    t = np.linspace(0.0, 1.0, n_points)[:, None]
    pinned = np.zeros(n_points, dtype=bool)
    if pin_ends:
        pinned[[0, -1]] = True
    return Figure(a + t * (b - a), np.tile(direction, (n_points, 1)), pinned)


def line(
    direction: ArrayLike, through: ArrayLike | None = None, *, half_length: float = 1.0, n_points: int = 101
) -> Figure:
    """A window of the infinite line ``through + t * direction``, ``|t| <= half_length``.

    Nothing is pinned: the sample stands for the whole line.

    Example
    -------
    >>> line([1, 1], n_points=3).pinned.any()
    np.False_
    """
    direction = _unit(as_float_array(direction, "direction", ndim=1), "direction")
    through = np.zeros_like(direction) if through is None else as_float_array(through, "through", ndim=1)
    if through.shape != direction.shape:
        raise ValueError(f"through must have the length of direction ({direction.size}), got {through.shape}")
    half_length = as_positive_float(half_length, "half_length")
    a, b = through - half_length * direction, through + half_length * direction
    if np.array_equal(a, b):
        raise ValueError(f"half_length = {half_length:g} is too small beside through = {through.tolist()}: "
                         "the window's ends round to the same point")
    return segment(a, b, n_points=n_points, pin_ends=False)


def ellipse(
    center: ArrayLike = (0.0, 0.0), axes: ArrayLike = (1.0, 1.0), angle: float = 0.0, *, n_points: int = 200
) -> Figure:
    """An ellipse in R^2 with semi-axes ``axes``, rotated by ``angle`` (radians) about its centre.

    Example
    -------
    >>> f = ellipse(axes=(2.0, 1.0), n_points=4)
    >>> f.points.round(12).tolist()
    [[2.0, 0.0], [0.0, 1.0], [-2.0, 0.0], [-0.0, -1.0]]
    """
    center = as_float_array(center, "center", ndim=1)
    if center.shape != (2,):
        raise ValueError(f"center must have shape (2,), got {center.shape}")
    axes = as_float_array(axes, "axes", ndim=1)
    if axes.shape != (2,) or np.any(axes <= 0):
        raise ValueError(f"axes must be two positive semi-axes, got {axes.tolist()}")
    angle = float(as_float_array(angle, "angle", ndim=0))
    n_points = as_int(n_points, "n_points", minimum=3)
    t = 2 * np.pi * np.arange(n_points) / n_points
    c, s = np.cos(angle), np.sin(angle)
    rot = np.array([[c, -s], [s, c]])
    local = np.column_stack([axes[0] * np.cos(t), axes[1] * np.sin(t)])
    local_tangent = np.column_stack([-axes[0] * np.sin(t), axes[1] * np.cos(t)])
    return Figure(center + local @ rot.T, local_tangent @ rot.T)


def circle(center: ArrayLike = (0.0, 0.0), radius: float = 1.0, *, n_points: int = 200) -> Figure:
    """A circle in R^2.

    Example
    -------
    >>> circle(radius=2.0, n_points=4).points.round(12).tolist()
    [[2.0, 0.0], [0.0, 2.0], [-2.0, 0.0], [-0.0, -2.0]]
    """
    radius = as_positive_float(radius, "radius")
    return ellipse(center, (radius, radius), 0.0, n_points=n_points)


def polygon(vertices: ArrayLike, *, n_per_edge: int = 50, closed: bool = True) -> Figure:
    """A polygon (closed) or polyline: its edges as segments, its vertices pinned.

    Each edge contributes ``n_per_edge`` samples, its start vertex included.

    Example
    -------
    >>> sq = polygon([[1, 1], [-1, 1], [-1, -1], [1, -1]], n_per_edge=3)
    >>> len(sq), int(sq.pinned.sum())
    (12, 4)
    """
    vertices = as_float_array(vertices, "vertices", ndim=2)
    if vertices.shape[0] < 2:
        raise ValueError(f"vertices must have at least 2 rows, got {vertices.shape[0]}")
    n_per_edge = as_int(n_per_edge, "n_per_edge", minimum=2)
    closed = as_bool(closed, "closed")
    ends = np.roll(vertices, -1, axis=0) if closed else vertices[1:]
    starts = vertices if closed else vertices[:-1]
    pieces = []
    for k, (a, b) in enumerate(zip(starts, ends)):
        if np.array_equal(a, b):
            raise ValueError(f"vertices must differ from one to the next; edge {k} has length 0")
        # Each edge without its end vertex, so that vertices are not repeated.
        edge = segment(a, b, n_points=n_per_edge + 1)
        pieces.append(Figure(edge.points[:-1], edge.tangents[:-1], edge.pinned[:-1]))
    if not closed:
        pieces.append(point(vertices[-1]))
    return union(*pieces)


def plane(
    u: ArrayLike, v: ArrayLike, through: ArrayLike | None = None, *, half_width: float = 1.0, n_per_side: int = 21
) -> Figure:
    """A square window of the 2-plane ``through + s u + t v`` in R^n (nothing pinned).

    Example
    -------
    >>> f = plane([1, 0, 0], [0, 1, 0], n_per_side=3)
    >>> len(f), f.tangents.shape
    (9, (9, 3, 2))
    """
    u = as_float_array(u, "u", ndim=1)
    v = as_float_array(v, "v", ndim=1)
    if u.shape != v.shape:
        raise ValueError(f"u and v must have the same length, got {u.shape} and {v.shape}")
    if np.linalg.matrix_rank(np.stack([u, v])) < 2:
        raise ValueError("u and v must be linearly independent")
    through = np.zeros_like(u) if through is None else as_float_array(through, "through", ndim=1)
    if through.shape != u.shape:
        raise ValueError(f"through must have length {u.size}, got {through.shape}")
    half_width = as_positive_float(half_width, "half_width")
    n_per_side = as_int(n_per_side, "n_per_side", minimum=2)
    s = np.linspace(-half_width, half_width, n_per_side)
    ss, tt = [a.ravel()[:, None] for a in np.meshgrid(s, s)]
    points = through + ss * u + tt * v
    tangents = np.broadcast_to(np.stack([u, v], axis=1), (len(points), u.size, 2))
    return Figure(points, tangents)


def sphere(center: ArrayLike = (0.0, 0.0, 0.0), radius: float = 1.0, *, n_points: int = 400) -> Figure:
    """A sphere in R^3, sampled on a Fibonacci lattice (deterministic, near-uniform).

    Example
    -------
    >>> f = sphere(n_points=10)
    >>> bool(np.allclose(np.linalg.norm(f.points, axis=1), 1.0))
    True
    """
    center = as_float_array(center, "center", ndim=1)
    if center.shape != (3,):
        raise ValueError(f"center must have shape (3,), got {center.shape}")
    radius = as_positive_float(radius, "radius")
    n_points = as_int(n_points, "n_points", minimum=4)
    i = np.arange(n_points) + 0.5
    z = 1 - 2 * i / n_points
    phi = np.pi * (1 + np.sqrt(5)) * i
    r = np.sqrt(1 - z**2)
    unit = np.column_stack([r * np.cos(phi), r * np.sin(phi), z])
    e_phi = np.column_stack([-np.sin(phi), np.cos(phi), np.zeros_like(phi)])
    e_theta = np.cross(e_phi, unit)
    return Figure(center + radius * unit, np.stack([e_phi, e_theta], axis=2))


def union(*figures: Figure) -> Figure:
    """The union of figures in the same R^n (samples concatenated).

    Example
    -------
    >>> union(point([0, 0]), segment([1, 0], [2, 0], n_points=2))
    Figure(3 points in R^2, tangent rank <= 1, 3 pinned)
    """
    if not figures:
        raise ValueError("union needs at least one figure")
    for i, f in enumerate(figures):
        if not isinstance(f, Figure):
            raise TypeError(f"figures[{i}] must be a Figure, got {type(f).__name__}")
    dims = {f.n for f in figures}
    if len(dims) > 1:
        raise ValueError(f"figures must all lie in the same R^n, got dimensions {sorted(dims)}")
    k = max(f.tangents.shape[2] for f in figures)
    tangents = [np.pad(f.tangents, ((0, 0), (0, 0), (0, k - f.tangents.shape[2]))) for f in figures]
    return Figure(
        np.concatenate([f.points for f in figures]),
        np.concatenate(tangents),
        np.concatenate([f.pinned for f in figures]),
    )


def pixel_grid(size: int, *, extent: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The x and y coordinates of the pixel centres of a ``size x size`` image of ``[-extent, extent]^2``.

    Column ``j`` is at ``x[j]`` and row ``i`` at ``y[i]``; row 0 is the top (largest y).

    Example
    -------
    >>> x, y = pixel_grid(4)
    >>> x.tolist(), y.tolist()
    ([-0.75, -0.25, 0.25, 0.75], [0.75, 0.25, -0.25, -0.75])
    """
    size = as_int(size, "size")
    extent = as_positive_float(extent, "extent")
    step = 2 * extent / size
    centres = -extent + (np.arange(size) + 0.5) * step
    return centres, centres[::-1]


def rasterize(figure: Figure, *, size: int = 32, extent: float = 1.0) -> np.ndarray:
    """A binary image of a planar figure: pixels of ``[-extent, extent]^2`` that hold a sample.

    Row 0 is the top of the square, so ``plt.imshow(image)`` shows it upright.
    Sample the figure densely enough (at least one point per pixel it crosses).

    Example
    -------
    >>> rasterize(segment([-1, 0.1], [1, 0.1], n_points=50), size=4).astype(int).tolist()
    [[0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a Figure, got {type(figure).__name__}")
    if figure.n != 2:
        raise ValueError(f"figure must lie in R^2 to be rasterized, got R^{figure.n}")
    size = as_int(size, "size")
    extent = as_positive_float(extent, "extent")
    # clipped before the cast to int, so points far outside stay outside
    x, y = np.clip(figure.points.T, -2 * extent, 2 * extent)
    col = np.floor((x + extent) / (2 * extent) * size).astype(int)
    row = np.floor((extent - y) / (2 * extent) * size).astype(int)
    inside = (col >= 0) & (col < size) & (row >= 0) & (row < size)
    image = np.zeros((size, size), dtype=bool)
    image[row[inside], col[inside]] = True
    return image


def from_image(image: ArrayLike, *, extent: float = 1.0) -> Figure:
    """The figure of a binary image: the centres of its ``True`` pixels, each pinned.

    A pixel set is a finite set of points, so every point is a 0-dimensional
    piece. The inverse of :func:`rasterize` up to pixel resolution.

    Example
    -------
    >>> from_image([[True, False], [False, False]]).points.tolist()
    [[-0.5, 0.5]]
    """
    image = as_bool_array(image, "image")
    if image.ndim != 2 or image.shape[0] != image.shape[1]:
        raise ValueError(f"image must be a square 2-D array, got shape {image.shape}")
    if not image.any():
        raise ValueError("image must have at least one True pixel (the figure is empty)")
    extent = as_positive_float(extent, "extent")
    xs, ys = pixel_grid(image.shape[0], extent=extent)
    rows, cols = np.nonzero(image)
    points = np.column_stack([xs[cols], ys[rows]])
    return Figure(points, pinned=np.ones(len(points), dtype=bool))


def hausdorff(a: Figure, b: Figure) -> float:
    """Hausdorff distance between the sample point sets of two figures.

    Small when ``a`` and ``b`` are the same set, whatever the order of the
    samples: the test of whether ``g . f = f``.

    Example
    -------
    >>> round(hausdorff(circle(n_points=100), circle(n_points=100).transform([[0, -1], [1, 0]])), 12)
    0.0
    """
    for name, f in (("a", a), ("b", b)):
        if not isinstance(f, Figure):
            raise TypeError(f"{name} must be a Figure, got {type(f).__name__}")
    if a.n != b.n:
        raise ValueError(f"a and b must lie in the same R^n, got R^{a.n} and R^{b.n}")
    d_ab = cKDTree(b.points).query(a.points)[0].max()
    d_ba = cKDTree(a.points).query(b.points)[0].max()
    return float(max(d_ab, d_ba))
