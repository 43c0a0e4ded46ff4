"""Moduli spaces of figures: segments as points of R^4, and the shapes generalized edges sweep.

A segment from ``a`` to ``b`` in the plane is the point ``(a, b)`` of R^4. The
segment from ``b`` to ``a`` is the same set, so the moduli space of unoriented
segments is R^4 minus the degenerate segments ``a = b``, with ``(a, b)`` and
``(b, a)`` identified; ``reverse_segment`` gives the other point. A *generalized
edge* is a segment ``P1 P2`` in R^4: each of its points is a segment in the plane,
and together they sweep a region, the paper's Figure 4(b). Which region depends on
the lift: ``P1 P2`` and ``P1 reverse_segment(P2)`` sweep different regions.

Example
-------
>>> shape = swept_shape(segment_point([0, 0], [1, 0]), segment_point([0, 1], [1, 1]))
>>> shape.kind, shape.area
('quadrilateral', 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lib._validate import as_float_array, as_int

__all__ = [
    "segment_point",
    "point_segment",
    "reverse_segment",
    "generalized_edge",
    "SweptShape",
    "swept_shape",
    "swept_mask",
    "fan_triangulation",
]


def segment_point(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """The point ``(a, b)`` of R^4 that stands for the segment from ``a`` to ``b``.

    Example
    -------
    >>> segment_point([1, 2], [3, 4]).tolist()
    [1.0, 2.0, 3.0, 4.0]
    """
    a = as_float_array(a, "a", ndim=1)
    b = as_float_array(b, "b", ndim=1)
    if a.shape != (2,) or b.shape != (2,):
        raise ValueError(f"a and b must be points of the plane, got shapes {a.shape} and {b.shape}")
    if np.array_equal(a, b):
        raise ValueError("a and b must differ: a = b is a degenerate segment, outside the moduli space")
    return np.concatenate([a, b])


def point_segment(P: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The segment ``(a, b)`` that a point of R^4 stands for.

    Example
    -------
    >>> [p.tolist() for p in point_segment([1, 2, 3, 4])]
    [[1.0, 2.0], [3.0, 4.0]]
    """
    return _point_segment(P, "P")


def reverse_segment(P: ArrayLike) -> np.ndarray:
    """The point ``(b, a)`` of R^4: the same segment as ``P = (a, b)``, traversed the other way.

    Example
    -------
    >>> reverse_segment(segment_point([1, 2], [3, 4])).tolist()
    [3.0, 4.0, 1.0, 2.0]
    """
    a, b = _point_segment(P, "P")
    return np.concatenate([b, a])


def _point_segment(P: ArrayLike, name: str) -> tuple[np.ndarray, np.ndarray]:
    P = as_float_array(P, name, ndim=1)
    if P.shape != (4,):
        raise ValueError(f"{name} must be a point of R^4, got shape {P.shape}")
    return P[:2].copy(), P[2:].copy()


def generalized_edge(P1: ArrayLike, P2: ArrayLike, *, n: int = 9) -> np.ndarray:
    """``n`` evenly spaced points of the segment ``P1 P2`` in R^4, as segments of the plane: shape (n, 2, 2).

    Example
    -------
    >>> generalized_edge([0, 0, 1, 0], [0, 0, 0, 1], n=3)[1].tolist()
    [[0.0, 0.0], [0.5, 0.5]]
    """
    P1, P2 = (as_float_array(P, name, ndim=1) for P, name in ((P1, "P1"), (P2, "P2")))
    if P1.shape != (4,) or P2.shape != (4,):
        raise ValueError(f"P1 and P2 must be points of R^4, got shapes {P1.shape} and {P2.shape}")
    n = as_int(n, "n", minimum=2)
    t = np.linspace(0.0, 1.0, n)[:, None]
    return ((1 - t) * P1 + t * P2).reshape(n, 2, 2)


@dataclass(frozen=True)
class SweptShape:
    """The region swept by a generalized edge.

    Attributes
    ----------
    kind : str
        ``"triangle"`` (the segments share an endpoint), ``"quadrilateral"``
        (the sweep does not fold; a trapezoid when the two segments are
        parallel), ``"butterfly"`` (the sweep folds and its outline crosses
        itself), ``"folded"`` (it folds otherwise), or ``"degenerate"``.
    area : float
        Exact (shoelace) for triangles and quadrilaterals; for butterflies and
        folded sweeps, measured on a fine raster (to about 1%).
    vertices : ndarray (k, 2)
        The outline ``a1, b1, b2, a2`` with repeated points removed.
    self_intersecting : bool
    crossing : ndarray (2,) or None
        Where the outline crosses itself, for a butterfly.
    """

    kind: str
    vertices: np.ndarray
    area: float
    self_intersecting: bool
    crossing: np.ndarray | None


def _cross(u: np.ndarray, v: np.ndarray) -> float:
    return float(u[0] * v[1] - u[1] * v[0])


def _shoelace(vertices: np.ndarray) -> float:
    x, y = vertices[:, 0], vertices[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _intersection(p: np.ndarray, p2: np.ndarray, q: np.ndarray, q2: np.ndarray) -> np.ndarray | None:
    """The crossing point of the open segments p-p2 and q-q2, if they cross properly."""
    r, s = p2 - p, q2 - q
    denominator = _cross(r, s)
    if abs(denominator) < 1e-12:
        return None
    t = _cross(q - p, s) / denominator
    u = _cross(q - p, r) / denominator
    if 1e-12 < t < 1 - 1e-12 and 1e-12 < u < 1 - 1e-12:
        return p + t * r
    return None


def swept_shape(P1: ArrayLike, P2: ArrayLike, *, resolution: int = 600) -> SweptShape:
    """The region swept in the plane by the generalized edge ``P1 P2`` (Figure 4(b) of the paper).

    The segment at parameter ``t`` runs from ``(1-t) a1 + t a2`` to
    ``(1-t) b1 + t b2``; the region's outline is ``a1 -> b1 -> b2 -> a2``.
    A sweep that folds is measured on a raster of ``resolution`` cells across its
    bounding box (an overestimate by about perimeter x cell size / 2).

    Example
    -------
    >>> swept_shape([0, 0, 2, 0], [0, 0, 0, 2]).kind   # a shared start point
    'triangle'
    """
    a1, b1 = _point_segment(P1, "P1")
    a2, b2 = _point_segment(P2, "P2")
    resolution = as_int(resolution, "resolution", minimum=10)
    outline = [a1, b1, b2, a2]
    vertices = [v for i, v in enumerate(outline) if not np.allclose(v, outline[i - 1])]
    vertices = np.array(vertices)
    if len(vertices) < 3:
        return SweptShape("degenerate", vertices, 0.0, False, None)
    if len(vertices) == 3:
        area = abs(_shoelace(vertices))
        return SweptShape("triangle" if area > 1e-12 else "degenerate", vertices, area, False, None)
    # The sweep is the bilinear map B(t, u) of the unit square; its Jacobian
    # determinant is bilinear too, so its signs at the corners decide folding.
    corners = [np.array([[(1 - u) * (a2 - a1)[0] + u * (b2 - b1)[0], (1 - t) * (b1 - a1)[0] + t * (b2 - a2)[0]],
                         [(1 - u) * (a2 - a1)[1] + u * (b2 - b1)[1], (1 - t) * (b1 - a1)[1] + t * (b2 - a2)[1]]])
               for t in (0, 1) for u in (0, 1)]
    signs = np.sign(np.round([np.linalg.det(c) for c in corners], 12))
    if np.all(signs > 0) or np.all(signs < 0):
        return SweptShape("quadrilateral", vertices, abs(_shoelace(vertices)), False, None)
    # The sweep folds. It is a "butterfly" when the outline crosses itself. The
    # union of the segments is two triangles only when the segments' lines all
    # meet in one point or are all parallel; otherwise its boundary is curved,
    # so its area is measured on a fine raster.
    for p, p2, q, q2 in ((a1, b1, b2, a2), (b1, b2, a2, a1)):
        crossing = _intersection(p, p2, q, q2)
        if crossing is not None:
            return SweptShape("butterfly", vertices, _raster_area(P1, P2, resolution), True, crossing)
    if abs(_shoelace(vertices)) < 1e-12 and np.all(signs == 0):
        return SweptShape("degenerate", vertices, 0.0, False, None)
    # The sweep folds over itself without a clean crossing: measure its area on a fine raster.
    return SweptShape("folded", vertices, _raster_area(P1, P2, resolution), False, None)


def _swept_points(P1: ArrayLike, P2: ArrayLike, n: int) -> np.ndarray:
    """An ``n x n`` sample of the swept region: ``n`` points on each of ``n`` intermediate segments."""
    segments = generalized_edge(P1, P2, n=n)
    u = np.linspace(0.0, 1.0, n)[:, None]
    return np.concatenate([(1 - u) * a + u * b for a, b in segments])


def _raster_area(P1: ArrayLike, P2: ArrayLike, n: int) -> float:
    points = _swept_points(P1, P2, n)
    low, high = points.min(axis=0), points.max(axis=0)
    h = float((high - low).max()) / n
    column, row = np.floor((points - low) / h).astype(np.int64).T  # each at most n
    n_cells = len(np.unique(column * (n + 1) + row))  # one integer per cell: faster than unique rows
    return n_cells * h * h


def swept_mask(P1: ArrayLike, P2: ArrayLike, *, box: ArrayLike, resolution: int) -> np.ndarray:
    """The cells of a ``resolution x resolution`` grid on ``box = (xmin, xmax, ymin, ymax)`` that the sweep meets.

    Row 0 is the bottom row (``y`` near ``ymin``). The sweep is sampled densely
    enough that every cell it crosses is met.

    Example
    -------
    >>> mask = swept_mask([0, 0, 1, 0], [0, 1, 1, 1], box=(0, 3, 0, 3), resolution=4)
    >>> mask.astype(int).tolist()   # the unit square meets the bottom-left 2 x 2 cells
    [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    """
    box = as_float_array(box, "box", ndim=1)
    if box.shape != (4,) or not (box[0] < box[1] and box[2] < box[3]):
        raise ValueError(f"box must be (xmin, xmax, ymin, ymax) with xmin < xmax and ymin < ymax, got {box.tolist()}")
    resolution = as_int(resolution, "resolution")
    low, high = box[[0, 2]], box[[1, 3]]
    cell = float(np.min(high - low)) / resolution
    extent = float(np.ptp(np.reshape(np.concatenate([np.ravel(P1), np.ravel(P2)]), (-1, 2)), axis=0).max())
    points = _swept_points(P1, P2, max(2, int(np.ceil(3 * extent / cell)) + 1))  # samples a third of a cell apart
    points = points[np.all((points >= low) & (points <= high), axis=1)]
    cells = np.clip(np.floor((points - low) / (high - low) * resolution).astype(np.int64), 0, resolution - 1)
    mask = np.zeros((resolution, resolution), dtype=bool)
    mask[cells[:, 1], cells[:, 0]] = True
    return mask


def fan_triangulation(vertices: ArrayLike) -> list:
    """A convex polygon as generalized edges: triangle ``(v0, vi, vi+1)`` is the edge from ``(v0, vi)`` to ``(v0, vi+1)``.

    Returns a list of ``(P1, P2)`` pairs of points of R^4.

    Example
    -------
    >>> len(fan_triangulation([[0, 0], [1, 0], [1, 1], [0, 1]]))
    2
    """
    vertices = as_float_array(vertices, "vertices", ndim=2)
    if vertices.shape[0] < 3 or vertices.shape[1] != 2:
        raise ValueError(f"vertices must be at least 3 points of the plane, got shape {vertices.shape}")
    v0 = vertices[0]
    if np.any(np.all(vertices[1:] == v0, axis=1)):
        raise ValueError("vertices must not repeat the first vertex: a triangle of the fan would be degenerate")
    return [(segment_point(v0, vertices[i]), segment_point(v0, vertices[i + 1])) for i in range(1, len(vertices) - 1)]
