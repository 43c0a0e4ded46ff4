"""Images as figures in the intrinsic space, and the maps a network induces on them.

The paper's §3 puts a signal ``I: X -> R`` into its *intrinsic space*
``S = X x R``: a binary image is the set of its "on" pixels in ``X = R^2``; a
gray-scale image is its graph ``{(x, y, I(x, y))}`` in ``R^3``. A network
``omega`` maps images to images, hence figures to figures. Theorem 3.1 extends
that, one input at a time, to a map ``gamma`` of all of ``S``; this module builds
such extensions from point correspondences and checks whether they fold.

Example
-------
>>> import numpy as np
>>> image = np.array([[0.0, 0.5], [1.0, 0.25]])
>>> f = graph_figure(image)
>>> np.array_equal(graph_image(f, image.shape), image)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike
from scipy import ndimage
from scipy.interpolate import RBFInterpolator
from scipy.optimize import linear_sum_assignment

from lib._validate import as_bool, as_bool_array, as_float_array, as_int, as_nonnegative_float, as_positive_float
from lib.figures import Figure, pixel_grid
from lib.groups import GL, Aff
from lib.stabilizers import Stabilizer

__all__ = [
    "graph_figure",
    "graph_image",
    "match_points",
    "Deformation",
    "interpolate_deformation",
    "jacobian_determinants",
    "best_linear_map",
    "flow_constraints",
    "function_stabilizer",
    "tau_network",
    "Topology",
    "binary_topology",
]


def graph_figure(image: ArrayLike, *, extent: float = 1.0) -> Figure:
    """The graph ``{(x, y, I(x, y))}`` of a gray-scale image: a figure in ``S = R^2 x R``.

    Pixel centres lie in ``[-extent, extent]^2`` (row 0 at the top, as in
    :func:`lib.figures.rasterize`); tangents are the two directions of the
    graph, from central differences.

    Example
    -------
    >>> graph_figure(np.zeros((4, 4))).points.shape
    (16, 3)
    """
    image, p, grad = _image_geometry(image, extent, minimum=2)
    points = np.column_stack([p, image.ravel()])
    tangents = np.zeros((len(points), 3, 2))
    tangents[:, 0, 0], tangents[:, 2, 0] = 1.0, grad[:, 0]
    tangents[:, 1, 1], tangents[:, 2, 1] = 1.0, grad[:, 1]
    return Figure(points, tangents)


def _image_geometry(image: ArrayLike, extent: float, minimum: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A square image, its pixel centres ``(x, y)`` (N, 2) and its gradient ``(dI/dx, dI/dy)`` (N, 2).

    Row 0 is the top of ``[-extent, extent]^2``: y grows upwards while rows grow downwards.
    """
    image = as_float_array(image, "image", ndim=2)
    if image.shape[0] != image.shape[1] or image.shape[0] < minimum:
        raise ValueError(f"image must be square and at least {minimum} x {minimum}, got {image.shape}")
    extent = as_positive_float(extent, "extent")
    if not 1e-12 <= extent <= 1e12:  # keeps pixel steps and gradients within float64's comfortable range
        raise ValueError(f"extent must lie in [1e-12, 1e12], got {extent:g}")
    xs, ys = pixel_grid(image.shape[0], extent=extent)
    d_row, d_col = np.gradient(image, xs[1] - xs[0])
    x, y = np.meshgrid(xs, ys)
    points = np.column_stack([x.ravel(), y.ravel()])
    return image, points, np.column_stack([d_col.ravel(), -d_row.ravel()])


def graph_image(figure: Figure, shape: tuple) -> np.ndarray:
    """The image whose graph is ``figure`` (the inverse of :func:`graph_figure`).

    Example
    -------
    >>> graph_image(graph_figure(np.eye(3)), (3, 3)).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a Figure, got {type(figure).__name__}")
    if not isinstance(shape, (tuple, list, np.ndarray)) or getattr(shape, "ndim", 1) != 1 or len(shape) != 2:
        raise TypeError(f"shape must be a pair of ints (rows, columns), got {shape!r}")
    shape = tuple(as_int(k, "shape[k]") for k in shape)
    if figure.n != 3 or len(figure) != int(np.prod(shape)):
        raise ValueError(f"figure must be the graph of an image of shape {shape} (points in R^3, one per pixel)")
    return figure.points[:, 2].reshape(shape).copy()


def match_points(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """A correspondence between point sets: for each point of ``a``, the index of its partner in ``b``.

    The total squared distance is minimized (an optimal assignment). When ``b``
    has fewer points than ``a``, points of ``b`` are used more than once (so the
    correspondence cannot be injective); when it has more, some are unused.

    Example
    -------
    >>> match_points([[0.0, 0.0], [1.0, 0.0]], [[1.1, 0.0], [0.1, 0.0]]).tolist()
    [1, 0]
    """
    a = as_float_array(a, "a", ndim=2)
    b = as_float_array(b, "b", ndim=2)
    if a.shape[0] == 0 or b.shape[0] == 0:
        raise ValueError("a and b must each hold at least one point")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"a and b must have points of the same dimension, got {a.shape[1]} and {b.shape[1]}")
    copies = -(-a.shape[0] // b.shape[0])  # enough copies of b for every point of a
    pool = np.tile(b, (copies, 1))
    cost = np.sum((a[:, None, :] - pool[None, :, :]) ** 2, axis=2)
    rows, cols = linear_sum_assignment(cost)
    partner = np.empty(a.shape[0], dtype=int)
    partner[rows] = cols % b.shape[0]
    return partner


@dataclass(frozen=True)
class Deformation:
    """A smooth map ``gamma(p) = p + d(p)`` of R^n, ``d`` a thin-plate-spline interpolation of displacements.

    Call it on points (m, n).
    """

    sources: np.ndarray
    displacements: np.ndarray
    interpolator: RBFInterpolator

    def __call__(self, points: ArrayLike) -> np.ndarray:
        points = as_float_array(points, "points", ndim=2)
        if points.shape[1] != self.sources.shape[1]:
            raise ValueError(f"points must have {self.sources.shape[1]} columns, got {points.shape[1]}")
        return points + self.interpolator(points)


def interpolate_deformation(sources: ArrayLike, targets: ArrayLike, *, smoothing: float = 0.0) -> Deformation:
    """The smoothest (thin-plate) map that sends each source point to its target.

    With ``smoothing = 0`` it interpolates exactly; it reproduces affine maps
    exactly. Repeated source points must have the same target. When the sources
    lie on a hyperplane (a straight bar of pixels), the thin-plate spline is
    undefined and the kernel ``|p - q|`` with a constant term is used instead.

    Example
    -------
    >>> g = np.array([[2.0, 1.0], [0.0, 1.0]])
    >>> p = np.random.default_rng(0).normal(size=(10, 2))
    >>> gamma = interpolate_deformation(p, p @ g.T)
    >>> bool(np.allclose(gamma([[0.3, -0.2]]), [[0.4, -0.2]]))
    True
    """
    sources = as_float_array(sources, "sources", ndim=2)
    targets = as_float_array(targets, "targets", ndim=2)
    if sources.shape != targets.shape or sources.shape[0] == 0:
        raise ValueError(f"sources and targets must have the same non-empty shape, got {sources.shape} and {targets.shape}")
    smoothing = as_nonnegative_float(smoothing, "smoothing")
    unique, inverse = np.unique(sources, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    moved = np.zeros_like(unique)
    np.add.at(moved, inverse, targets - sources)
    counts = np.bincount(inverse, minlength=len(unique))[:, None]
    mean = moved / counts
    if not np.allclose(mean[inverse], targets - sources):
        raise ValueError("sources must not repeat with different targets: no map does that")
    spans = np.linalg.matrix_rank(unique - unique.mean(axis=0)) == unique.shape[1]
    try:
        if spans:
            interpolator = RBFInterpolator(unique, mean, kernel="thin_plate_spline", smoothing=smoothing)
        else:  # points on a hyperplane (a bar, say): no affine part can be fitted; use |p - q| with a constant
            interpolator = RBFInterpolator(unique, mean, kernel="linear", degree=0, smoothing=smoothing)
    except np.linalg.LinAlgError as exc:
        raise ValueError(f"sources are too close together to interpolate between them ({exc})") from None
    return Deformation(unique, mean, interpolator)


def jacobian_determinants(gamma: Callable[[np.ndarray], np.ndarray], grid: ArrayLike, *, step: float = 1e-5) -> np.ndarray:
    """det of the Jacobian of ``gamma`` at each grid point (m, n), by central differences.

    A smooth map folds where this changes sign; one sign on a fine grid over a
    region means no folding there.

    Example
    -------
    >>> dets = jacobian_determinants(lambda p: p @ np.diag([2.0, 3.0]), np.zeros((2, 2)))
    >>> np.round(dets, 6).tolist()
    [6.0, 6.0]
    """
    grid = as_float_array(grid, "grid", ndim=2)
    if min(grid.shape) == 0:
        raise ValueError(f"grid must hold at least one point with at least one coordinate, got shape {grid.shape}")
    step = as_positive_float(step, "step")
    if not callable(gamma):
        raise TypeError("gamma must be callable on points (m, n)")
    m, n = grid.shape
    columns = []
    for k in range(n):
        shift = np.zeros(n)
        shift[k] = step
        ahead, behind = (_map_points(gamma, grid + sign * shift) for sign in (1, -1))
        columns.append((ahead - behind) / (2 * step))
    return np.linalg.det(np.stack(columns, axis=2))


def _map_points(gamma: Callable, points: np.ndarray) -> np.ndarray:
    """``gamma(points)``, required to be finite points of the same shape."""
    moved = as_float_array(gamma(points), "gamma(grid)", ndim=2)
    if moved.shape != points.shape:
        raise ValueError(f"gamma must map points {points.shape} to points of the same shape, got {moved.shape}")
    return moved


def best_linear_map(sources: ArrayLike, targets: ArrayLike, *, affine: bool = False) -> tuple[np.ndarray, float]:
    """Least-squares ``g`` with ``g p ~ q`` (or ``A p + t`` if ``affine``) and the RMS residual.

    Returns ``(g, residual)``; for ``affine`` the matrix is ``(n+1) x (n+1)``
    ``[[A, t], [0, 1]]``. When the sources do not determine ``g`` (points on a
    line, say), the fit closest to the identity is returned: the deviation
    ``g - I`` of least norm.

    Example
    -------
    >>> p = np.random.default_rng(0).normal(size=(20, 2))
    >>> g, r = best_linear_map(p, p @ np.array([[0.0, -1.0], [1.0, 0.0]]).T)
    >>> (np.round(g, 12) + 0.0).tolist(), round(r, 12)
    ([[0.0, -1.0], [1.0, 0.0]], 0.0)
    """
    sources = as_float_array(sources, "sources", ndim=2)
    targets = as_float_array(targets, "targets", ndim=2)
    if sources.shape != targets.shape or sources.shape[0] == 0:
        raise ValueError(f"sources and targets must have the same non-empty shape, got {sources.shape} and {targets.shape}")
    affine = as_bool(affine, "affine")
    n = sources.shape[1]
    design = np.column_stack([sources, np.ones(len(sources))]) if affine else sources
    with np.errstate(invalid="ignore", over="ignore"):
        deviation, *_ = np.linalg.lstsq(design, targets - sources, rcond=None)  # least-norm when underdetermined
        residual = float(np.sqrt(np.mean(np.sum((design @ deviation - (targets - sources)) ** 2, axis=1))))
    if not (np.all(np.isfinite(deviation)) and np.isfinite(residual)):
        raise ValueError("sources are too ill-conditioned (subnormal or wildly scaled) for a least-squares fit")
    if not affine:
        return np.eye(n) + deviation.T, residual
    g = np.eye(n + 1)
    g[:n, :] += deviation.T
    return g, residual


def flow_constraints(image: ArrayLike, *, extent: float = 1.0) -> np.ndarray:
    """The conditions for an affine flow to leave a gray-scale image unchanged, one row per pixel.

    An element ``(A, t)`` of the affine Lie algebra moves the pixel at ``p``
    with velocity ``A p + t``; the image is unchanged to first order when the
    velocity is along its level lines, ``grad I(p) . (A p + t) = 0``. Row ``k``
    holds these conditions' coefficients at pixel ``k`` on the flow's six
    coordinates: ``A`` row-major, then ``t``.

    Example
    -------
    >>> ramp = np.tile(np.linspace(0, 1, 8), (8, 1))   # depends on x only
    >>> rows = flow_constraints(ramp)
    >>> rows.shape, float(np.abs(rows @ [0, 0, 1, 0, 0, 1]).max())  # the flow (A, t) = ([[0, 0], [1, 0]], (0, 1)) moves along y
    ((64, 6), 0.0)
    """
    _, p, grad = _image_geometry(image, extent, minimum=3)
    if not np.any(grad):
        raise ValueError("image must not be constant: every flow leaves it unchanged")
    return np.column_stack([np.einsum("ni,nj->nij", grad, p).reshape(-1, 4), grad])


def function_stabilizer(image: ArrayLike, *, extent: float = 1.0, rtol: float = 0.2,
                        linear: bool = False) -> Stabilizer:
    """The near-symmetries of a gray-scale image: the affine flows that nearly leave it unchanged.

    The image is moved in the plane and keeps its intensities: ``(x, v) -> (Ax + t, v)``
    on ``S = X x R``, an affine map of ``S`` (not a linear one when ``t != 0``). The
    singular values of :func:`flow_constraints`, relative to the largest and
    descending, measure how much each flow changes the image; those below
    ``rtol`` (the book's near-symmetries: 0.2) count as symmetries. Returns a
    :class:`lib.stabilizers.Stabilizer` over ``Aff(2)``: its ``basis`` holds the
    flows as matrices ``[[A, t], [0, 0]]``, the one that changes the image least
    last. With ``linear=True`` only the linear flows ``x -> Ax`` about the centre
    of the square count (``t = 0``: the part of the action in ``GL(S)``), and the
    result is over ``GL(2)``, with 2 x 2 matrices ``A`` as its basis.

    Example
    -------
    >>> ramp = np.tile(np.linspace(0, 1, 8), (8, 1))   # depends on x only
    >>> S = function_stabilizer(ramp, rtol=1e-9)
    >>> S.dim   # flows along y, and shears and stretches keeping x: 3 of 6
    3
    >>> function_stabilizer(ramp, rtol=1e-9, linear=True).dim   # (x, y) -> (0, cx + dy)
    2
    """
    rows = flow_constraints(image, extent=extent)
    rtol = as_positive_float(rtol, "rtol")
    linear = as_bool(linear, "linear")
    if linear:
        rows = rows[:, :4]
    _, s, vt = np.linalg.svd(rows, full_matrices=False)
    s = s / s[0]
    dim = int(np.sum(s < rtol))
    flows = vt[len(s) - dim :]
    if linear:
        return Stabilizer(GL(2), dim, flows.reshape(dim, 2, 2), s, rtol)
    basis = np.zeros((dim, 3, 3))
    basis[:, :2, :2] = flows[:, :4].reshape(dim, 2, 2)
    basis[:, :2, 2] = flows[:, 4:]
    return Stabilizer(Aff(2), dim, basis, s, rtol)


def tau_network(g: ArrayLike, f: ArrayLike, *, extent: float = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    """The map ``tau_f = U(g_f)`` of the proof of Theorem 4.3, for binary images.

    ``tau_f(h)`` moves the figure of ``h`` by ``g`` (``chi_f``) when the result
    is again a binary image on the same pixel grid; otherwise it returns the
    fallback ``zeta_f``, the indicator of ``f``'s support.

    Example
    -------
    >>> f = np.zeros((3, 3), dtype=bool); f[1] = True            # a bar through the centre
    >>> tau = tau_network([[-1.0, 0.0], [0.0, 1.0]], f)          # the mirror x -> -x fixes it
    >>> bool(np.array_equal(tau(f), f))
    True
    """
    g = as_float_array(g, "g", ndim=2)
    if g.shape != (2, 2) or abs(np.linalg.det(g)) < 1e-12:
        raise ValueError(f"g must be an invertible 2 x 2 matrix, got {g.tolist()}")
    f = as_bool_array(f, "f")
    if f.ndim != 2 or f.shape[0] != f.shape[1]:
        raise ValueError(f"f must be a square boolean image, got shape {f.shape}")
    extent = as_positive_float(extent, "extent")
    size = f.shape[0]
    xs, _ = pixel_grid(size, extent=extent)
    step = xs[1] - xs[0]

    def tau(h: np.ndarray) -> np.ndarray:
        h = as_bool_array(h, "h")
        if h.shape != f.shape:
            raise ValueError(f"h must be a boolean image of shape {f.shape}")
        rows, cols = np.nonzero(h)
        points = np.column_stack([xs[cols], xs[::-1][rows]])
        moved = points @ g.T
        col = (moved[:, 0] + extent) / step - 0.5
        row = (extent - moved[:, 1]) / step - 0.5
        on_grid = np.allclose(col, np.round(col), atol=1e-9) and np.allclose(row, np.round(row), atol=1e-9)
        col, row = np.round(col), np.round(row)
        inside = on_grid and np.all((col >= 0) & (col < size) & (row >= 0) & (row < size))
        if not inside:
            return f.copy()  # zeta_f: the support of f
        col, row = col.astype(int), row.astype(int)
        out = np.zeros_like(f)
        out[row, col] = True
        return out

    return tau


@dataclass(frozen=True)
class Topology:
    """Topological invariants of a binary image read as a union of closed pixel squares.

    Two such sets that differ in any of the three are not homeomorphic, so no
    homeomorphism of the plane carries one onto the other.

    Attributes
    ----------
    components : int
        Connected components (squares touching at a corner are connected).
    holes : int
        Bounded components of the complement (open regions enclosed by the set).
    pinches : int
        Points where two squares touch only at a corner: local cut points,
        where the set is not a surface with boundary.
    """

    components: int
    holes: int
    pinches: int


def binary_topology(image: ArrayLike) -> Topology:
    """Components, holes and pinch points of the union of the closed squares of the on pixels.

    A closed square touches its diagonal neighbour at a corner point, so the set's
    components are the image's 8-connected components; the complement is open and
    two of its squares that meet only at a corner are not joined there (the corner
    belongs to the set only if a diagonal pair of on-squares meets there, and if not,
    the off squares share an edge), so holes are counted with 4-connectivity, after
    padding the image so that the outside is one region.

    Example
    -------
    >>> ring = np.ones((3, 3), dtype=bool); ring[1, 1] = False
    >>> binary_topology(ring)
    Topology(components=1, holes=1, pinches=0)
    >>> binary_topology(np.eye(3, dtype=bool))   # a chain of squares touching at corners
    Topology(components=1, holes=0, pinches=2)
    """
    image = as_bool_array(image, "image")
    if image.ndim != 2 or min(image.shape) < 1:
        raise ValueError(f"image must be a non-empty 2-D array, got shape {image.shape}")
    _, components = ndimage.label(image, structure=np.ones((3, 3), dtype=int))
    _, outside_and_holes = ndimage.label(~np.pad(image, 1))  # 4-connectivity by default
    a, b, c, d = image[:-1, :-1], image[:-1, 1:], image[1:, :-1], image[1:, 1:]
    pinches = int(np.sum((a & d & ~b & ~c) | (b & c & ~a & ~d)))
    return Topology(int(components), int(outside_and_holes) - 1, pinches)
